// The one rule for an integration's health badge, used by the list and the page. Client-safe, no I/O.
// A refusal of a person (no account, unverified email…) proves the integration works: the IdP answered, the
// tokens verified; only failures of the integration itself (credentials, tokens, reachability) make it Failing.
import { isSignInErrorCode, SIGN_IN_ERROR_SUBJECT } from "@/lib/auth/sign-in-errors";

export type AttemptOutcome = "success" | "refused" | "failed";
export type HealthState = "healthy" | "failing" | "never-used" | "disabled";

export const HEALTH_LABELS: Record<HealthState, string> = {
  healthy: "Healthy",
  failing: "Failing",
  "never-used": "Never used",
  disabled: "Disabled",
};

/** A refused person is "refused", anything else (and any unknown code) "failed": lib/auth/sign-in-errors.ts decides. */
export function outcomeOfCode(code: string): Exclude<AttemptOutcome, "success"> {
  return isSignInErrorCode(code) && SIGN_IN_ERROR_SUBJECT[code] === "person" ? "refused" : "failed";
}

export type HealthFacts = {
  enabled: boolean;
  /** Last attempt where the integration worked (success or a person refused). */
  lastWorkingAt: Date | null;
  /** Last attempt where the integration itself failed. */
  lastFailedAt: Date | null;
};

export function healthOf({ enabled, lastWorkingAt, lastFailedAt }: HealthFacts): HealthState {
  if (!enabled) return "disabled";
  if (!lastWorkingAt && !lastFailedAt) return "never-used";
  if (lastFailedAt && (!lastWorkingAt || lastFailedAt > lastWorkingAt)) return "failing";
  return "healthy";
}
