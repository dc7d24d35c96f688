// JSON API for OAuth integrations, behind the same authorization wrapper as the console's server actions.
import { authorizedJsonRead, authorizedJsonWrite } from "@/lib/authz/route";
import { integrationSchemaPolicy } from "@/lib/config";
import { listIntegrations } from "@/lib/integrations/queries";
import { integrationSchema } from "@/lib/integrations/schema";
import { createIntegration } from "@/lib/integrations/service";

export const dynamic = "force-dynamic";

// Lists integrations (OAUTH_INTEGRATION_READ); the client secret is never part of the answer.
export async function GET() {
  return authorizedJsonRead({
    authority: "OAUTH_INTEGRATION_READ",
    handler: async () => ({ integrations: await listIntegrations() }),
  });
}

// Creates a Custom SSO integration (OAUTH_INTEGRATION_WRITE); answers 201 with its Registration ID and issuer.
export async function POST(request: Request) {
  return authorizedJsonWrite(request, {
    authority: "OAUTH_INTEGRATION_WRITE",
    schema: integrationSchema(integrationSchemaPolicy()),
    handler: async (input, user) => {
      const created = await createIntegration({ id: user.id, email: user.email }, input);
      return { registrationId: created.registrationId, issuer: created.issuer };
    },
  });
}
