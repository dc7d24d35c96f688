// Check connection for a saved integration (OAUTH_INTEGRATION_WRITE, as it uses the stored secret): answers the
// same list of results the console shows.
import { checkIntegration } from "@/lib/api/v1/oauth-integrations";
import { apiWrite } from "@/lib/authz/route";
import { runConnectionChecks } from "@/lib/integrations/checks/run";
import { savedCheckTarget } from "@/lib/integrations/checks/target";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ registrationId: string }> };

export async function POST(request: Request, { params }: Context) {
  const { registrationId } = await params;
  return apiWrite(request, checkIntegration, async () => ({
    registrationId,
    results: await runConnectionChecks(await savedCheckTarget(registrationId)),
  }));
}
