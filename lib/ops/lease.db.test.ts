// Database leases on SQLite and PostgreSQL: among replicas racing for one lease exactly one runs the job, the lease
// holds for its ttl, then the next taker gets it.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createDbClient, type Db } from "../db/client";
import { freshDatabase, type TestDb } from "../testing/test-db";
import { tryAcquireLease, withLease } from "./lease";

describe(`database leases (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  let t: TestDb;
  const replicas: Db[] = [];
  before(async () => {
    t = await freshDatabase();
    // PostgreSQL: separate clients (connections, pools), as separate replicas have. SQLite: one connection shared —
    // two better-sqlite3 connections in one process wait for each other's lock synchronously, blocking the event
    // loop both need; SQLite runs one writer at a time anyway, so the race is between statements, as here.
    for (let i = 0; i < 6; i += 1) replicas.push(t.flavour === "postgresql" ? createDbClient(t.url) : t.db);
  });
  after(async () => {
    if (t.flavour === "postgresql") await Promise.all(replicas.map((db) => db.$disconnect()));
    await t.close();
  });

  it("six replicas race for a new lease, then for an expired one: each time exactly one runs the job", async () => {
    const now = new Date();
    for (const at of [now, new Date(now.getTime() + 60_000)]) {
      let runs = 0;
      const ran = await Promise.all(
        replicas.map((db, i) =>
          withLease("race", 60_000, async () => void (runs += 1), { db, holder: `replica-${i}`, now: at }),
        ),
      );
      assert.equal(runs, 1);
      assert.equal(ran.filter(Boolean).length, 1);
    }
  });

  it("the lease is kept for its ttl even after the job ended; then the next replica takes it", async () => {
    const now = Date.now();
    const take = (db: Db, holder: string, at: number) =>
      tryAcquireLease("sweep", 1_000, { db, holder, now: new Date(at) });
    assert.equal(await take(replicas[0]!, "a", now), true);
    assert.equal(await take(replicas[1]!, "b", now + 999), false, "still held");
    assert.equal(await take(replicas[0]!, "a", now + 500), false, "not even the holder runs twice in one period");
    assert.equal(await take(replicas[1]!, "b", now + 1_000), true, "expired: taken");
    const row = await t.db.lease.findUniqueOrThrow({ where: { name: "sweep" } });
    assert.equal(row.holder, "b");
    assert.equal(row.expiresAt.getTime(), now + 2_000);
  });

  it("a failing job keeps its lease (it is tried again next period) and its error reaches the caller", async () => {
    const now = new Date();
    await assert.rejects(
      withLease("flaky", 60_000, async () => Promise.reject(new Error("boom")), { db: t.db, holder: "a", now }),
      /boom/,
    );
    assert.equal(await withLease("flaky", 60_000, async () => undefined, { db: t.db, holder: "b", now }), false);
  });
});
