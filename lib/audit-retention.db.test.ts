// Audit retention: events past AUDIT_RETENTION_DAYS are pruned by housekeeping, a bounded batch per run, at most once
// an hour per instance. Runs on SQLite and PostgreSQL.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { freshDatabase } from "./testing/test-db";

const t = await freshDatabase();
process.env.DATABASE_URL = t.url;
const { AUDIT_PRUNE_BATCH, AUDIT_RETENTION_DAYS, pruneAuditEvents } = await import("./audit-retention");
const { housekeepingIfDue } = await import("./housekeeping");

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

  it("housekeeping prunes at most once an hour per instance", async () => {
    await t.db.auditEvent.createMany({ data: [event(AUDIT_RETENTION_DAYS + 5, 40)] });
    await housekeepingIfDue(t.db, now);
    assert.equal(await t.db.auditEvent.count(), 5, "pruned on the first call");
    await t.db.auditEvent.createMany({ data: [event(AUDIT_RETENTION_DAYS + 5, 41)] });
    await housekeepingIfDue(t.db, new Date(now.getTime() + 30 * 60 * 1000));
    assert.equal(await t.db.auditEvent.count(), 6, "not again within the hour");
    await housekeepingIfDue(t.db, new Date(now.getTime() + 61 * 60 * 1000));
    assert.equal(await t.db.auditEvent.count(), 5, "again after an hour");
  });
});
