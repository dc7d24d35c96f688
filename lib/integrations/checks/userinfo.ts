// Check 6: the User Info URI is reachable; without a token it should refuse (401, or 400 invalid_token).
import "server-only";
import { FIX_HINTS } from "./hints";
import { ask, describeAnswer, isResult } from "./request";
import { type CheckContext, type CheckResult, type CheckTarget, result } from "./types";

export async function checkUserinfo(target: CheckTarget, ctx: CheckContext): Promise<CheckResult> {
  const answer = await ask("userinfo", target.userInfoUri, ctx, { headers: { accept: "application/json" } });
  if (isResult(answer)) return answer;
  const seen = `${target.userInfoUri} answered ${describeAnswer(answer)} without a token`;
  if (answer.status === 401 || (answer.status === 400 && answer.body.includes("token")))
    return result("userinfo", "pass", `${seen}, as expected.`);
  if (answer.status === 404 || answer.status === 405 || answer.status >= 500 || answer.status < 400) {
    return result("userinfo", "fail", `${seen}: not a userinfo endpoint.`, FIX_HINTS.userinfo);
  }
  return result("userinfo", "warning", `${seen}; expected 401.`, FIX_HINTS.userinfo);
}
