// Promote draft (OAUTH_INTEGRATION_WRITE): the draft becomes the live configuration in one transaction (one config
// version bump), audited with its field diff. Body `{}` or `{ "version": <live version as read> }`; 409 without a draft.
import { promoteDraft as promoteOp } from "@/lib/api/v1/rollout";
import { actorOf } from "@/lib/authz/current-user";
import { apiWrite } from "@/lib/authz/route";
import { integrationDetails } from "@/lib/integrations/details";
import { promoteDraft } from "@/lib/integrations/rollout/publish";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ registrationId: string }> };

export async function POST(request: Request, { params }: Params) {
  const { registrationId } = await params;
  return apiWrite(
    request,
    promoteOp,
    async (input, user) => {
      const { changes } = await promoteDraft(actorOf(user), input.registrationId, input);
      return { changes, integration: await integrationDetails(input.registrationId) };
    },
    { extra: { registrationId } },
  );
}
