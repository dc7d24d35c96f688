// JSON API for the sign-in policy, behind the same authorization wrapper as the console's server action.
import { getSignInPolicy as getOp, updateSignInPolicy as updateOp } from "@/lib/api/v1/sign-in-policy";
import { actorOf } from "@/lib/authz/current-user";
import { apiRead, apiWrite } from "@/lib/authz/route";
import { getSignInPolicy, recentSsoAdminSignIn } from "@/lib/sign-in-policy/queries";
import { updateSignInPolicy } from "@/lib/sign-in-policy/service";

export const dynamic = "force-dynamic";

// Reads the policy (OAUTH_INTEGRATION_WRITE: it is that authority's setting).
export async function GET(request: Request) {
  return apiRead(request, getOp, async () => ({
    ...(await getSignInPolicy()),
    ssoProven: await recentSsoAdminSignIn(),
  }));
}

// Replaces the policy: { requireSso, breakGlassUserIds }; 400 when it could lock everyone out.
export async function PUT(request: Request) {
  return apiWrite(request, updateOp, (input, user) => updateSignInPolicy(actorOf(user), input));
}
