// SCIM provisioning of one integration through the JSON API (OAUTH_INTEGRATION_WRITE).
import {
  disableScimProvisioning,
  enableScimProvisioning,
  updateScimProvisioning,
} from "@/lib/api/v1/oauth-integrations";
import { actorOf } from "@/lib/authz/current-user";
import { apiWrite } from "@/lib/authz/route";
import { disableScim, enableScim, setScimEmailChanges } from "@/lib/scim/token";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ registrationId: string }> };

// Turns provisioning on or rotates the token; answers {"baseUrl","token"} once (the token is never shown again).
export async function POST(request: Request, { params }: Context) {
  const { registrationId } = await params;
  return apiWrite(
    request,
    enableScimProvisioning,
    async (input, user) => {
      const { baseUrl, token } = await enableScim(actorOf(user), input.registrationId);
      return { baseUrl, token };
    },
    { extra: { registrationId } },
  );
}

// Provisioning settings: whether the IdP may change the email of the users it provisioned (audited).
export async function PATCH(request: Request, { params }: Context) {
  const { registrationId } = await params;
  return apiWrite(
    request,
    updateScimProvisioning,
    (input, user) => setScimEmailChanges(actorOf(user), input.registrationId, input.allowEmailChange),
    { extra: { registrationId } },
  );
}

// Turns provisioning off; the token stops working at once.
export async function DELETE(request: Request, { params }: Context) {
  const { registrationId } = await params;
  return apiWrite(request, disableScimProvisioning, (input, user) => disableScim(actorOf(user), input.registrationId), {
    extra: { registrationId },
  });
}
