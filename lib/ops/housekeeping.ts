// Background housekeeping, once across replicas: every replica ticks, and each job runs on whichever replica takes
// its lease for the job's period (lib/ops/lease.ts), so N replicas do the work of one.
import "server-only";
import { type Db, db as defaultDb } from "@/lib/db";
import { pruneAuditEvents } from "@/lib/audit-retention";
import { pruneLogoutTokenJtis } from "@/lib/auth/logout/backchannel";
import { sweepEndedSessions } from "@/lib/auth/sessions";
import { pruneThrottleCounters } from "@/lib/auth/throttle";
import { pruneSignInAttempts } from "@/lib/integrations/sign-in-attempts";
import { driftIntervalMs } from "@/lib/integrations/drift/config";
import { runDriftBursts, runDriftWatch } from "@/lib/integrations/drift/watch";
import { alertWebhook, deliverDueAlerts, pruneAlertDeliveries } from "./alerts";
import { forgetDeadInstances } from "./instances";
import { withLease } from "./lease";

export type Job = { name: string; everyMs: number; run: (db: Db, now: Date) => Promise<unknown> };

const MINUTE = 60_000;
/** How often each replica looks for due jobs (plus up to a quarter of it at random, so replicas do not align). */
export const HOUSEKEEPING_TICK_MS = 30_000;

export const HOUSEKEEPING_JOBS: Job[] = [
  // Ended sessions are kept a day after they end, then swept (lib/auth/sessions.ts).
  { name: "sessions.sweep", everyMs: 60 * MINUTE, run: sweepEndedSessions },
  // Health attempts: 30 days and the newest 200 per integration; between runs an integration may hold the attempts
  // of up to one period more.
  { name: "sign-in-attempts.prune", everyMs: 5 * MINUTE, run: pruneSignInAttempts },
  { name: "instances.forget", everyMs: 10 * MINUTE, run: forgetDeadInstances },
  // Sign-in throttle counters that can no longer block anyone (lib/auth/throttle.ts).
  { name: "throttle-counters.prune", everyMs: 60 * MINUTE, run: pruneThrottleCounters },
  // Back-channel logout jtis whose tokens could no longer be accepted (lib/auth/logout/backchannel.ts).
  { name: "logout-jtis.prune", everyMs: 60 * MINUTE, run: pruneLogoutTokenJtis },
  // Audit events past AUDIT_RETENTION_DAYS, AUDIT_PRUNE_BATCH per run (lib/audit-retention.ts).
  { name: "audit.prune", everyMs: 60 * MINUTE, run: pruneAuditEvents },
  ...driftJobs(),
];

/**
 * The drift watch (KEYWAY_DRIFT_CHECK_INTERVAL_S; none when 0): every enabled integration once per interval, the
 * integrations with a sign-in failure burst at every tick, and the alert webhook's deliveries (with their retries).
 */
function driftJobs(): Job[] {
  const interval = driftIntervalMs();
  if (interval === 0) return [];
  const often = Math.min(HOUSEKEEPING_TICK_MS, interval);
  const jobs: Job[] = [
    { name: "drift.watch", everyMs: interval, run: (db, now) => runDriftWatch(db, now) },
    { name: "drift.bursts", everyMs: often, run: (db, now) => runDriftBursts(db, now) },
  ];
  if (alertWebhook()) {
    jobs.push({ name: "alerts.deliver", everyMs: often, run: (db, now) => deliverDueAlerts(db, now) });
    jobs.push({ name: "alerts.prune", everyMs: 60 * MINUTE, run: (db, now) => pruneAlertDeliveries(db, now) });
  }
  return jobs;
}

/** How often each replica ticks: HOUSEKEEPING_TICK_MS, or twice per period of a job due more often (at least 1 s). */
export function housekeepingTickMs(jobs: Job[] = HOUSEKEEPING_JOBS): number {
  const faster = jobs.filter((j) => j.everyMs < HOUSEKEEPING_TICK_MS).map((j) => j.everyMs / 2);
  return Math.max(1_000, Math.min(HOUSEKEEPING_TICK_MS, ...faster));
}

/** One tick: each job whose lease this replica takes runs now. Returns the names of the jobs it ran. */
export async function runHousekeeping({
  db = defaultDb,
  holder,
  now = new Date(),
  jobs = HOUSEKEEPING_JOBS,
}: { db?: Db; holder?: string; now?: Date; jobs?: Job[] } = {}): Promise<string[]> {
  const ran: string[] = [];
  for (const job of jobs) {
    try {
      if (await withLease(job.name, job.everyMs, () => job.run(db, now).then(() => undefined), { db, holder, now }))
        ran.push(job.name);
    } catch (error) {
      // A failing job (or an unreachable database) waits for its next period; the others still run.
      console.error(`[keyway] housekeeping ${job.name} failed: ${(error as Error).message}`);
    }
  }
  return ran;
}
