// The one rule for an integration's health badge, used by the list and the page. Client-safe, no I/O.
// A refusal of a person (no account, unverified email…) proves the integration works: the IdP answered, the
// tokens verified; only failures of the integration itself (credentials, tokens, reachability) make it Failing.

export type AttemptOutcome = "success" | "refused" | "failed";
export type HealthState = "healthy" | "failing" | "never-used" | "disabled";

export const HEALTH_LABELS: Record<HealthState, string> = {
  healthy: "Healthy",
  failing: "Failing",
  "never-used": "Never used",
  disabled: "Disabled",
};

/** Codes that are about the person, not the integration: the sign-in reached Keyway's account matching. */
const PERSON_REFUSALS = new Set([
  "NO_ACCOUNT",
  "ACCOUNT_DISABLED",
  "EMAIL_UNVERIFIED",
  "NO_EMAIL",
  "ACCOUNT_LINKED_ELSEWHERE",
  "AccessDenied",
]);

export function outcomeOfCode(code: string): Exclude<AttemptOutcome, "success"> {
  return PERSON_REFUSALS.has(code) ? "refused" : "failed";
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
