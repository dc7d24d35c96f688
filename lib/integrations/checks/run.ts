// Runs every connection check at once with a deadline per check and one for the whole run, so an IdP that never
// answers still gives a full list well under 15 s.
import "server-only";
import { checkAuthorization } from "./authorization";
import { checkClock } from "./clock";
import { checkDiscovery } from "./discovery";
import { checkJwks } from "./jwks";
import { checkRedirectUri } from "./redirect-uri";
import { checkTokenSecrets } from "./secrets";
import { checkUserinfo } from "./userinfo";
import { CHECKS, type CheckContext, type CheckId, type CheckResult, type CheckTarget, result } from "./types";

export const PER_CHECK_TIMEOUT_MS = 5_000;
export const RUN_DEADLINE_MS = 12_000;

const RUNNERS: Record<CheckId, (target: CheckTarget, ctx: CheckContext) => Promise<CheckResult>> = {
  discovery: checkDiscovery,
  authorization: checkAuthorization,
  redirectUri: checkRedirectUri,
  jwks: checkJwks,
  token: checkTokenSecrets,
  userinfo: checkUserinfo,
  clock: checkClock,
};

type Options = { perCheckMs?: number; deadlineMs?: number };

export async function runConnectionChecks(
  target: CheckTarget,
  { perCheckMs = PER_CHECK_TIMEOUT_MS, deadlineMs = RUN_DEADLINE_MS }: Options = {},
): Promise<CheckResult[]> {
  const deadline = AbortSignal.timeout(deadlineMs);
  const ctx: CheckContext = { timeoutMs: perCheckMs, signal: deadline };
  const late = (id: CheckId) =>
    result(
      id,
      "fail",
      `The check did not finish within ${deadlineMs / 1000} s.`,
      "Check that the IdP answers promptly.",
    );
  return Promise.all(
    (Object.keys(CHECKS) as CheckId[]).map((id) => {
      let timer: NodeJS.Timeout | undefined;
      const overtime = new Promise<CheckResult>((resolve) => {
        timer = setTimeout(() => resolve(late(id)), deadlineMs);
      });
      const run = RUNNERS[id](target, ctx).catch((error: unknown) => {
        // Unexpected (a bug, not the IdP): log the message only; the list still shows every check.
        console.error(`[keyway] connection check ${id} failed: ${(error as Error).message}`);
        return result(id, "fail", "The check itself failed unexpectedly.", null);
      });
      return Promise.race([run, overtime]).finally(() => clearTimeout(timer));
    }),
  );
}
