// keyway_sso_sign_ins_total and keyway_sso_callback_duration_seconds, read off the answer the callback route gives:
// success is the redirect into Keyway, anything else is a redirect to /error with a named code.
import "server-only";
import { outcomeOfCode } from "@/lib/integrations/health";
import { isSignInErrorCode } from "@/lib/auth/sign-in-errors";
import { metrics, UNKNOWN_INTEGRATION } from "./metrics";

/** Outcome and code of a finished callback (code "" on success; unnamed failures count as `Default`). */
export function callbackOutcome(response: Response): { outcome: "success" | "refused" | "failed"; code: string } {
  const location = response.headers.get("location");
  if (response.status >= 300 && response.status < 400 && location) {
    const url = new URL(location, "http://keyway.invalid");
    const error = url.searchParams.get("error");
    if (!error && !/^(\/api\/auth)?\/(error|signin)$/.test(url.pathname)) return { outcome: "success", code: "" };
    const code = isSignInErrorCode(error) ? error : "Default";
    return { outcome: outcomeOfCode(code), code };
  }
  return { outcome: "failed", code: "Default" };
}

/**
 * Counts one SSO callback. `known`: whether the Registration ID exists in the database — asked only when it is not
 * among the loaded providers, so a made-up id in a URL becomes `_unknown`, never a new label value.
 */
export async function observeSsoCallback(
  registrationId: string,
  response: Response,
  startedAt: number,
  known: () => Promise<boolean>,
): Promise<void> {
  const { outcome, code } = callbackOutcome(response);
  const integration = (await known().catch(() => false)) ? registrationId : UNKNOWN_INTEGRATION;
  metrics().ssoSignIns.inc({ integration, outcome, code });
  metrics().ssoCallbackDuration.observe({ outcome }, (performance.now() - startedAt) / 1000);
}
