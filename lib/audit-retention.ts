// How long the audit log keeps events. Without a limit it only grows (every sign-in and failed sign-in writes a row);
// housekeeping (lib/ops/housekeeping.ts, hourly under a lease: once across replicas) deletes what is older, a
// bounded batch at a time.
import "server-only";
import type { Db } from "@/lib/db";

/** Audit events older than this many days are deleted (README "Audit retention", docs/security.md). */
export const AUDIT_RETENTION_DAYS = 365;
/** At most this many rows per housekeeping run, so one run stays short even on a large backlog. */
export const AUDIT_PRUNE_BATCH = 5_000;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Deletes up to AUDIT_PRUNE_BATCH of the oldest events past the retention (the createdAt index); returns how many. */
export async function pruneAuditEvents(db: Db, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - AUDIT_RETENTION_DAYS * DAY_MS);
  const old = await db.auditEvent.findMany({
    where: { createdAt: { lt: cutoff } },
    select: { id: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: AUDIT_PRUNE_BATCH,
  });
  if (old.length === 0) return 0;
  const { count } = await db.auditEvent.deleteMany({ where: { id: { in: old.map((row) => row.id) } } });
  return count;
}
