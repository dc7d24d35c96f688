// Check 7: the IdP's clock (its HTTP Date header) against Keyway's. A skewed clock makes valid id_tokens look
// expired, not yet valid or issued at the wrong time. Judged against the tolerance sign-ins use (one constant), so
// Pass means sign-ins accept the IdP's timestamps and Fail means they refuse them.
import "server-only";
import { ID_TOKEN_CLOCK_TOLERANCE_S } from "../id-token-algorithms";
import { FIX_HINTS } from "./hints";
import { ask, isResult } from "./request";
import { type CheckContext, type CheckResult, type CheckTarget, result } from "./types";

/** Warning from half the sign-in tolerance: close enough to the limit that a little more drift breaks sign-ins. */
export const CLOCK_WARN_S = ID_TOKEN_CLOCK_TOLERANCE_S / 2;

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
      `${seen} That is past the ${ID_TOKEN_CLOCK_TOLERANCE_S} s sign-ins tolerate: sign-ins will fail with ID_TOKEN_EXPIRED.`,
      FIX_HINTS.clock,
    );
  if (abs >= CLOCK_WARN_S)
    return result(
      "clock",
      "warning",
      `${seen} Sign-ins tolerate ${ID_TOKEN_CLOCK_TOLERANCE_S} s; from ${CLOCK_WARN_S} s the clocks are close to that limit.`,
      FIX_HINTS.clock,
    );
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
