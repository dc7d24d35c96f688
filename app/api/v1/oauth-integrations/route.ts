// JSON API for OAuth integrations: the operations of lib/api/v1/oauth-integrations.ts, via lib/authz/route.ts.
import { createIntegration as createOp, listIntegrations as listOp } from "@/lib/api/v1/oauth-integrations";
import { actorOf } from "@/lib/authz/current-user";
import { apiRead, apiWrite } from "@/lib/authz/route";
import { listIntegrations } from "@/lib/integrations/queries";
import { createIntegration } from "@/lib/integrations/service";

export const dynamic = "force-dynamic";

// Lists integrations (OAUTH_INTEGRATION_READ); the client secret is never part of the answer.
export async function GET(request: Request) {
  return apiRead(request, listOp, async () => ({ integrations: await listIntegrations() }));
}

// Creates a Custom SSO integration (OAUTH_INTEGRATION_WRITE); answers 201 with its Registration ID and issuer.
export async function POST(request: Request) {
  return apiWrite(request, createOp, async (input, user) => {
    const created = await createIntegration(actorOf(user), input);
    return { registrationId: created.registrationId, issuer: created.issuer };
  });
}
