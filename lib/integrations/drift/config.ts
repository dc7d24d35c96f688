// The drift watch's settings: how often every enabled integration is re-checked (KEYWAY_DRIFT_CHECK_INTERVAL_S,
// default 1800; 0 switches the watch off), what a sign-in failure burst is, how many results are kept. Client-safe.

export const DEFAULT_DRIFT_INTERVAL_S = 1800;
/** A burst: this many failed or refused sign-ins through one integration within DRIFT_BURST_WINDOW_MS. */
export const DRIFT_BURST_FAILURES = 5;
export const DRIFT_BURST_WINDOW_MS = 5 * 60_000;
/** Check results kept per integration (the newest). */
export const DRIFT_CHECKS_KEPT = 50;

/** Milliseconds between scheduled checks of each integration; 0 when the watch is off. */
export function driftIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.KEYWAY_DRIFT_CHECK_INTERVAL_S;
  if (raw === undefined || raw.trim() === "") return DEFAULT_DRIFT_INTERVAL_S * 1000;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new Error(`KEYWAY_DRIFT_CHECK_INTERVAL_S must be a number of seconds (0 switches the watch off), not ${raw}`);
  }
  return Math.round(seconds * 1000);
}
