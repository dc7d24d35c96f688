// Database leases: a named, time-limited claim that lets one replica out of many run a background job. Works the
// same on SQLite and PostgreSQL (one conditional UPDATE, else one INSERT racing on the primary key).
//   withLease("sessions.sweep", 60 * 60_000, () => sweep())  → runs on one replica per hour, skipped on the others
import "server-only";
import { type Db, db as defaultDb, isUniqueViolation } from "@/lib/db";
import { processState } from "./process-state";

/** `db`: the database (default: the app's); `holder`: who takes it (default: this instance); `now`: for tests. */
export type LeaseOptions = { db?: Db; holder?: string; now?: Date };

/**
 * Takes lease `name` for `ttlMs` when nobody holds it (no row, or the row expired). Atomic: on PostgreSQL the UPDATE
 * re-checks `expiresAt` after waiting for a concurrent taker's row lock; SQLite has one writer.
 */
export async function tryAcquireLease(
  name: string,
  ttlMs: number,
  { db = defaultDb, holder, now }: LeaseOptions = {},
): Promise<boolean> {
  const at = now ?? new Date();
  const data = {
    holder: holder ?? processState().instanceId,
    acquiredAt: at,
    expiresAt: new Date(at.getTime() + ttlMs),
  };
  const taken = await db.lease.updateMany({ where: { name, expiresAt: { lte: at } }, data });
  if (taken.count === 1) return true;
  try {
    await db.lease.create({ data: { name, ...data }, select: { name: true } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false; // someone else holds it (or just took it)
    throw error;
  }
}

/**
 * Runs `fn` only if this replica takes lease `name`; the lease is then kept for the whole `ttlMs` (not released when
 * `fn` ends), so across all replicas `fn` runs at most once per `ttlMs` — the schedule of a periodic job. `fn` must
 * finish well within `ttlMs`; a failing `fn` keeps the lease too (the next period tries again). Returns whether it ran.
 */
export async function withLease(
  name: string,
  ttlMs: number,
  fn: () => Promise<void>,
  options: LeaseOptions = {},
): Promise<boolean> {
  if (!(await tryAcquireLease(name, ttlMs, options))) return false;
  await fn();
  return true;
}
