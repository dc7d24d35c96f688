// Roll back (OAUTH_INTEGRATION_WRITE): restores the configuration live before the current one (or `toVersion`, one
// of the kept versions), settings and sealed secret, as a new version; audited with the diff. Body `{}`,
// `{ "version": <as read> }` and/or `{ "toVersion": n }`; 409 when nothing earlier is kept.
import { rollback as rollbackOp } from "@/lib/api/v1/rollout";
import { actorOf } from "@/lib/authz/current-user";
import { apiWrite } from "@/lib/authz/route";
import { integrationDetails } from "@/lib/integrations/details";
import { rollbackIntegration } from "@/lib/integrations/rollout/publish";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ registrationId: string }> };

export async function POST(request: Request, { params }: Params) {
  const { registrationId } = await params;
  return apiWrite(
    request,
    rollbackOp,
    async (input, user) => {
      const result = await rollbackIntegration(actorOf(user), input.registrationId, input);
      return {
        restoredVersion: result.restoredVersion,
        changes: result.changes,
        integration: await integrationDetails(input.registrationId),
      };
    },
    { extra: { registrationId } },
  );
}
