// The integration's draft: GET its diff against live (OAUTH_INTEGRATION_READ), DELETE discards it
// (OAUTH_INTEGRATION_WRITE, body `{}`).
import { discardDraft as discardOp, getDraft as getOp } from "@/lib/api/v1/rollout";
import { actorOf } from "@/lib/authz/current-user";
import { apiRead, apiWrite } from "@/lib/authz/route";
import { NotFoundError } from "@/lib/errors";
import { discardDraft, draftSummary } from "@/lib/integrations/rollout/draft";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ registrationId: string }> };

export async function GET(request: Request, { params }: Params) {
  const { registrationId } = await params;
  return apiRead(request, getOp, async () => {
    const draft = await draftSummary(registrationId);
    if (!draft) throw new NotFoundError("The draft");
    return { draft };
  });
}

export async function DELETE(request: Request, { params }: Params) {
  const { registrationId } = await params;
  return apiWrite(request, discardOp, (input, user) => discardDraft(actorOf(user), input.registrationId), {
    extra: { registrationId },
  });
}
