// Promote next secret (OAUTH_INTEGRATION_WRITE): the next client secret becomes the current one, the old one is
// dropped. Body `{}` or `{ "version": <as read> }` (409 when someone saved since); 409 when there is no next secret.
import { promoteNextSecret as promoteOp } from "@/lib/api/v1/rollout";
import { actorOf } from "@/lib/authz/current-user";
import { apiWrite } from "@/lib/authz/route";
import { integrationDetails } from "@/lib/integrations/details";
import { promoteNextSecret } from "@/lib/integrations/rotation/promote";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ registrationId: string }> };

export async function POST(request: Request, { params }: Params) {
  const { registrationId } = await params;
  return apiWrite(
    request,
    promoteOp,
    async (input, user) => {
      await promoteNextSecret(actorOf(user), input.registrationId, { version: input.version });
      return { integration: await integrationDetails(input.registrationId) };
    },
    { extra: { registrationId } },
  );
}
