// Pruning that keeps shared tables bounded: sign-in throttle counters that can no longer block anyone, and audit
// events past their retention. Run at most once an hour per instance, from the sign-in paths (not per request);
// running it on several instances at once is harmless (each deletes what is due, idempotently).
import "server-only";
import { pruneAuditEvents } from "@/lib/audit-retention";
import { pruneThrottleCounters } from "@/lib/auth/throttle";
import type { Db } from "@/lib/db";
import { logLine } from "@/lib/log";

export const HOUSEKEEPING_EVERY_MS = 60 * 60 * 1000;
let lastRun = 0;

export async function runHousekeeping(db: Db, now = new Date()) {
  const [throttleCounters, auditEvents] = [await pruneThrottleCounters(db, now), await pruneAuditEvents(db, now)];
  return { throttleCounters, auditEvents };
}

/** Runs housekeeping when this instance has not for an hour. Never fails the caller (a sign-in): errors are logged. */
export async function housekeepingIfDue(db: Db, now = new Date()): Promise<void> {
  if (now.getTime() - lastRun < HOUSEKEEPING_EVERY_MS) return;
  lastRun = now.getTime();
  try {
    await runHousekeeping(db, now);
  } catch (error) {
    console.error(logLine`[keyway] housekeeping failed: ${(error as Error).message}`);
  }
}
