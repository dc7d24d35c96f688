// Check 2: the Authorization URL answers like an authorization endpoint (a bare request gets an OAuth error
// page or a redirect, not a 404 or a server error).
import "server-only";
import { FIX_HINTS } from "./hints";
import { ask, describeAnswer, isResult } from "./request";
import { type CheckContext, type CheckResult, type CheckTarget, result } from "./types";

export async function checkAuthorization(target: CheckTarget, ctx: CheckContext): Promise<CheckResult> {
  const answer = await ask("authorization", target.authorizationUrl, ctx);
  if (isResult(answer)) return answer;
  const seen = `${target.authorizationUrl} answered ${describeAnswer(answer)}`;
  if (answer.status === 404 || answer.status === 405 || answer.status >= 500) {
    return result(
      "authorization",
      "fail",
      `${seen}: not an authorization endpoint.`,
      `Set Authorization URL to the IdP's authorization_endpoint. ${FIX_HINTS.unreachable}`,
    );
  }
  return result("authorization", "pass", `${seen}, as an authorization endpoint does to a request without parameters.`);
}
