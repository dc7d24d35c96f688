// Background housekeeping, once across replicas: every replica ticks, and each job runs on whichever replica takes
// its lease for the job's period (lib/ops/lease.ts), so N replicas do the work of one.
import "server-only";
import { type Db, db as defaultDb } from "@/lib/db";
import { sweepEndedSessions } from "@/lib/auth/sessions";
import { pruneSignInAttempts } from "@/lib/integrations/sign-in-attempts";
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
];

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
