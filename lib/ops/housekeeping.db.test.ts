// Housekeeping runs once across replicas: two replicas ticking at the same moment run each job once between them,
// and a tick within the job's period runs nothing; the real jobs sweep sessions, prune attempts, forget instances.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createDbClient, type Db } from "../db/client";
import { freshDatabase, seedIntegration, type TestDb } from "../testing/test-db";
import { SESSION_ABSOLUTE_LIFETIME_MS, sessionInsert } from "../auth/sessions";
import { HOUSEKEEPING_JOBS, type Job, runHousekeeping } from "./housekeeping";
import { INSTANCE_FORGET_MS } from "./instances";

describe(`housekeeping across replicas (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  let t: TestDb;
  let a: Db;
  let b: Db;
  before(async () => {
    t = await freshDatabase();
    // Two replicas: separate clients on PostgreSQL; on SQLite one connection (see lease.db.test.ts).
    [a, b] = t.flavour === "postgresql" ? [createDbClient(t.url), createDbClient(t.url)] : [t.db, t.db];
  });
  after(async () => {
    if (t.flavour === "postgresql") await Promise.all([a.$disconnect(), b.$disconnect()]);
    await t.close();
  });

  it("two replicas ticking together run each job once; within its period nobody runs it again", async () => {
    const runs: Record<string, number> = { hourly: 0, minutely: 0 };
    const jobs: Job[] = [
      { name: "t.hourly", everyMs: 3_600_000, run: async () => void (runs.hourly! += 1) },
      { name: "t.minutely", everyMs: 60_000, run: async () => void (runs.minutely! += 1) },
    ];
    const now = Date.now();
    const tick = (db: Db, holder: string, at: number) => runHousekeeping({ db, holder, now: new Date(at), jobs });
    const first = await Promise.all([tick(a, "replica-a", now), tick(b, "replica-b", now)]);
    assert.deepEqual(runs, { hourly: 1, minutely: 1 });
    assert.deepEqual(first.flat().sort(), ["t.hourly", "t.minutely"]);
    await Promise.all([tick(a, "replica-a", now + 30_000), tick(b, "replica-b", now + 30_000)]);
    assert.deepEqual(runs, { hourly: 1, minutely: 1 }, "nothing is due 30 s later");
    await Promise.all([tick(a, "replica-a", now + 61_000), tick(b, "replica-b", now + 61_000)]);
    assert.deepEqual(runs, { hourly: 1, minutely: 2 });
  });

  it("a failing job does not stop the others", async () => {
    let ran = false;
    const jobs: Job[] = [
      { name: "t.failing", everyMs: 60_000, run: async () => Promise.reject(new Error("boom")) },
      { name: "t.after", everyMs: 60_000, run: async () => void (ran = true) },
    ];
    assert.deepEqual(await runHousekeeping({ db: a, holder: "a", jobs }), ["t.after"]);
    assert.equal(ran, true);
  });

  it("the real jobs: ended sessions swept, attempts pruned, dead instances forgotten — by one replica", async () => {
    const now = new Date();
    const user = await t.db.user.create({ data: { email: "u@example.test", name: "U" } });
    const endedAt = new Date(now.getTime() - SESSION_ABSOLUTE_LIFETIME_MS - 25 * 3_600_000);
    const ended = await sessionInsert(t.db, user.id, endedAt);
    await seedIntegration(t.db, "old-attempts");
    await t.db.signInAttempt.create({
      data: {
        registrationId: "old-attempts",
        outcome: "success",
        createdAt: new Date(now.getTime() - 40 * 86_400_000),
      },
    });
    const seen = (ms: number) => new Date(now.getTime() - ms);
    const fields = { version: "0", nodeVersion: "v0", startedAt: seen(INSTANCE_FORGET_MS * 2) };
    await t.db.instance.create({ data: { id: "dead", lastSeenAt: seen(INSTANCE_FORGET_MS + 1_000), ...fields } });
    await t.db.instance.create({ data: { id: "live", lastSeenAt: now, ...fields } });
    const ran = await Promise.all([
      runHousekeeping({ db: a, holder: "a", now }),
      runHousekeeping({ db: b, holder: "b", now }),
    ]);
    assert.deepEqual(ran.flat().sort(), HOUSEKEEPING_JOBS.map((j) => j.name).sort(), "each job ran exactly once");
    assert.equal(await t.db.session.count({ where: { id: ended.id } }), 0);
    assert.equal(await t.db.signInAttempt.count({ where: { registrationId: "old-attempts" } }), 0);
    assert.deepEqual(
      (await t.db.instance.findMany({ select: { id: true } })).map((r) => r.id),
      ["live"],
    );
  });
});
