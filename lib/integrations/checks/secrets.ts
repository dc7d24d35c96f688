// Check 5 during a secret rotation: the same token probe (token.ts) with the current and the next client secret, and
// one verdict that says which of them the IdP accepts.
import "server-only";
import { checkToken } from "./token";
import { type CheckContext, type CheckResult, type CheckTarget, result } from "./types";

export async function checkTokenSecrets(target: CheckTarget, ctx: CheckContext): Promise<CheckResult> {
  // Private key JWT has no secrets: every published key is known to the IdP through the JWKS.
  if (!target.nextClientSecret || target.clientAuthMethod === "private_key_jwt") return checkToken(target, ctx);
  const [current, next] = await Promise.all([
    checkToken(target, ctx),
    checkToken({ ...target, clientSecret: target.nextClientSecret }, ctx),
  ]);
  const nextSeen =
    next.status === "pass" ? "the IdP accepted it (ready to promote)." : `not accepted yet. ${next.seen}`;
  const seen = `Current client secret: ${current.seen} Next client secret: ${nextSeen}`;
  if (current.status === "pass" && next.status === "pass") return result("token", "pass", seen);
  if (current.status === "pass")
    return result("token", "warning", seen, "Register the next secret at the IdP for this client before promoting it.");
  if (next.status === "pass")
    return result(
      "token",
      "warning",
      seen,
      "The IdP accepts only the next secret: sign-ins work by falling back to it. Promote next secret.",
    );
  return result("token", "fail", seen, current.fix);
}
