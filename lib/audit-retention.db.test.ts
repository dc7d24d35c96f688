// Audit retention: events past AUDIT_RETENTION_DAYS are pruned by housekeeping, a bounded batch per run, once an hour
// across replicas (lib/ops/housekeeping.ts). Runs on SQLite and PostgreSQL.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { freshDatabase } from "./testing/test-db";

const t = await freshDatabase();
process.env.DATABASE_URL = t.url;
const { AUDIT_PRUNE_BATCH, AUDIT_RETENTION_DAYS, pruneAuditEvents } = await import("./audit-retention");
const { runHousekeeping } = await import("./ops/housekeeping");

const DAY = 24 * 60 * 60 * 1000;
const now = new Date();
const event = (daysAgo: number, i: number) => ({
  action: "auth.password_sign_in_failed",
  targetType: "user",
  actorEmail: `r${i}@example.com`,
  details: {},
  createdAt: new Date(now.getTime() - daysAgo * DAY),
});

describe(`audit retention (${t.flavour})`, () => {
  after(() => t.close());

  it(`keeps ${AUDIT_RETENTION_DAYS} days and deletes what is older, oldest first, in batches`, async () => {
    await t.db.auditEvent.createMany({
      data: [
        ...Array.from({ length: 3 }, (_, i) => event(AUDIT_RETENTION_DAYS + 30, i)),
        ...Array.from({ length: 2 }, (_, i) => event(AUDIT_RETENTION_DAYS + 1, 10 + i)),
        ...Array.from({ length: 4 }, (_, i) => event(AUDIT_RETENTION_DAYS - 1, 20 + i)),
        event(0, 30),
      ],
    });
    assert.ok(AUDIT_PRUNE_BATCH >= 1000, "a batch is large enough to keep up with a busy day");
    assert.equal(await pruneAuditEvents(t.db, now), 5);
    assert.equal(await pruneAuditEvents(t.db, now), 0, "idempotent");
    assert.equal(await t.db.auditEvent.count(), 5);
  });

  it("housekeeping prunes audit events and throttle counters once an hour across replicas (leases)", async () => {
    await t.db.auditEvent.createMany({ data: [event(AUDIT_RETENTION_DAYS + 5, 40)] });
    await t.db.throttleCounter.create({ data: { id: "stale", kind: "password:address", failures: 0 } });
    const first = await runHousekeeping({ db: t.db, holder: "replica-a", now });
    assert.ok(first.includes("audit.prune") && first.includes("throttle-counters.prune"), String(first));
    assert.equal(await t.db.auditEvent.count(), 5, "pruned");
    assert.equal(await t.db.throttleCounter.count({ where: { id: "stale" } }), 0);
    await t.db.auditEvent.createMany({ data: [event(AUDIT_RETENTION_DAYS + 5, 41)] });
    const other = await runHousekeeping({ db: t.db, holder: "replica-b", now: new Date(now.getTime() + 30 * 60_000) });
    assert.ok(!other.includes("audit.prune"), "not again within the hour, on another replica either");
    assert.equal(await t.db.auditEvent.count(), 6);
    const later = await runHousekeeping({ db: t.db, holder: "replica-b", now: new Date(now.getTime() + 61 * 60_000) });
    assert.ok(later.includes("audit.prune"));
    assert.equal(await t.db.auditEvent.count(), 5, "again after an hour");
  });
});
