// Check 7: the IdP's clock (its HTTP Date header) against Keyway's. A skewed clock makes valid id_tokens look
// expired or not yet valid.
import "server-only";
import { FIX_HINTS } from "./hints";
import { ask, isResult } from "./request";
import { type CheckContext, type CheckResult, type CheckTarget, result } from "./types";

export const CLOCK_WARN_S = 30;
/** Why 300 s: sign-in checks exp with 10 s of tolerance (next-auth's openid-client setting), so a clock behind
 * by more than the id_token's lifetime (5 minutes at some IdPs) rejects every token. */
export const ID_TOKEN_CLOCK_TOLERANCE_S = 300;

export function judgeSkew(skewS: number, source: string): CheckResult {
  const abs = Math.abs(Math.round(skewS));
  const seen =
    abs <= 1
      ? `${source}: the IdP's clock agrees with Keyway's (within 1 s).`
      : `${source}: the IdP's clock is ${abs} s ${skewS > 0 ? "ahead of" : "behind"} Keyway's.`;
  if (abs > ID_TOKEN_CLOCK_TOLERANCE_S)
    return result(
      "clock",
      "fail",
      `${seen} That is past the id_token tolerance (${ID_TOKEN_CLOCK_TOLERANCE_S} s).`,
      FIX_HINTS.clock,
    );
  if (abs > CLOCK_WARN_S) return result("clock", "warning", `${seen} More than ${CLOCK_WARN_S} s.`, FIX_HINTS.clock);
  return result("clock", "pass", seen);
}

export async function checkClock(target: CheckTarget, ctx: CheckContext): Promise<CheckResult> {
  const before = Date.now();
  const answer = await ask("clock", target.jwksUri, ctx);
  if (isResult(answer)) return { ...answer, status: "warning", seen: `Could not read the IdP's clock: ${answer.seen}` };
  const date = Date.parse(answer.headers.get("date") ?? "");
  if (Number.isNaN(date))
    return result(
      "clock",
      "warning",
      `${target.jwksUri} sent no Date header; the IdP's clock could not be read.`,
      null,
    );
  // Date has 1 s resolution: compare with the middle of the round trip.
  const local = (before + Date.now()) / 2;
  return judgeSkew((date - local) / 1000, `Date header from ${new URL(target.jwksUri).origin}`);
}
