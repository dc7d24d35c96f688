// JSON API for the sign-in policy, behind the same authorization wrapper as the console's server action.
import { authorizedJsonRead, authorizedJsonWrite } from "@/lib/authz/route";
import { getSignInPolicy, recentSsoAdminSignIn } from "@/lib/sign-in-policy/queries";
import { signInPolicySchema } from "@/lib/sign-in-policy/schema";
import { updateSignInPolicy } from "@/lib/sign-in-policy/service";

export const dynamic = "force-dynamic";

// Reads the policy (OAUTH_INTEGRATION_WRITE: it is that authority's setting).
export async function GET() {
  return authorizedJsonRead({
    authority: "OAUTH_INTEGRATION_WRITE",
    handler: async () => ({ ...(await getSignInPolicy()), ssoProven: await recentSsoAdminSignIn() }),
  });
}

// Replaces the policy: { requireSso, breakGlassUserIds }; 400 when it could lock everyone out.
export async function PUT(request: Request) {
  return authorizedJsonWrite(request, {
    authority: "OAUTH_INTEGRATION_WRITE",
    schema: signInPolicySchema,
    handler: (input, user) => updateSignInPolicy({ id: user.id, email: user.email }, input),
    okStatus: 200,
  });
}
