// The throttle shared through the database: two independent instances (two module loads, two database clients, as
// two replicas would have) against one database count as one. Runs on SQLite and PostgreSQL.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, describe, it } from "node:test";
import { createDbClient } from "../db/client";
import { freshDatabase } from "../testing/test-db";

const t = await freshDatabase();
process.env.DATABASE_URL = t.url;
// Two module loads: nothing a replica keeps in memory can make the count right.
const one = await import("./throttle");
const secondLoad = "./throttle.ts?replica=2";
const two = (await import(secondLoad)) as typeof one;
assert.notEqual(one.gate, two.gate, "two separate module instances");
const dbOne = createDbClient(t.url);
const dbTwo = createDbClient(t.url);
const replicas = [
  { throttle: one, db: dbOne },
  { throttle: two, db: dbTwo },
];

const keysFor = (email: string, address: string) => [
  { kind: "password:account" as const, key: email },
  { kind: "password:account-address" as const, key: `${email}\u0000${address}` },
  { kind: "password:address" as const, key: address },
];

describe(`shared sign-in throttle (${t.flavour})`, () => {
  after(async () => {
    await Promise.all([dbOne.$disconnect(), dbTwo.$disconnect()]);
    await t.close();
  });

  it("8 failures spread over two instances block exactly as 8 on one do", async () => {
    const now = new Date();
    const outcomes = (replicaCount: number, email: string) =>
      (async () => {
        const seen: string[] = [];
        for (let i = 0; i < 9; i++) {
          const { throttle, db } = replicas[i % replicaCount];
          const verdict = await throttle.gate(keysFor(email, "198.51.100.1"), { db, now });
          seen.push(verdict.allowed ? "counted" : `blocked ${verdict.retryAfter} s`);
        }
        return seen;
      })();
    const single = await outcomes(1, "single@example.com");
    const spread = await outcomes(2, "spread@example.com");
    // 5 free, the 6th counted (blocks 1 s): with no time passing, the rest are blocked.
    assert.deepEqual(single, [...Array(6).fill("counted"), ...Array(3).fill("blocked 1 s")]);
    assert.deepEqual(spread, single);
  });

  it("parallel attempts from two replica processes never let more through than the rule allows", async () => {
    // Real processes (as replicas are): each sends 12 attempts at once, both at the same moment.
    const at = String(Date.now());
    const replica = () =>
      new Promise<number>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [
            "--conditions=react-server",
            "--import",
            "tsx",
            "lib/testing/throttle-replica.ts",
            "12",
            "burst@example.com",
            "198.51.100.2",
            at,
          ],
          { env: { ...process.env, DATABASE_URL: t.url }, stdio: ["ignore", "pipe", "inherit"] },
        );
        let out = "";
        child.stdout.on("data", (c) => (out += c));
        child.on("exit", (code) =>
          code === 0 ? resolve(JSON.parse(out).allowed) : reject(new Error(`replica exited ${code}`)),
        );
      });
    const allowed = await Promise.all([replica(), replica()]);
    assert.equal(
      allowed[0] + allowed[1],
      6,
      `5 free + the one that starts the block (replicas let ${allowed} through)`,
    );
    const counter = await t.db.throttleCounter.findUnique({
      where: { id: one.counterId("password:account-address", "burst@example.com\u0000198.51.100.2") },
    });
    assert.equal(counter?.failures, 6);
  });

  it("countFailure / retryAfter: the small interface other guards use, shared as well", async () => {
    const now = new Date();
    for (let i = 0; i < 20; i++)
      await replicas[i % 2].throttle.countFailure("password:address", "203.0.113.9", { db: replicas[i % 2].db, now });
    assert.equal(await two.retryAfter("password:address", "203.0.113.9", { db: dbTwo, now }), 0, "20 free");
    assert.equal(await one.countFailure("password:address", "203.0.113.9", { db: dbOne, now }), 1);
    assert.equal(await two.retryAfter("password:address", "203.0.113.9", { db: dbTwo, now }), 1);
    await two.clearFailures("password:address", "203.0.113.9", { db: dbTwo });
    assert.equal(await one.retryAfter("password:address", "203.0.113.9", { db: dbOne, now }), 0);
  });

  it("a throttled key is audited once per block: the first refusal says so, later ones do not", async () => {
    const now = new Date();
    const keys = keysFor("audited@example.com", "198.51.100.3");
    for (let i = 0; i < 6; i++) assert.ok((await one.gate(keys, { db: dbOne, now })).allowed);
    const refusals = [];
    for (let i = 0; i < 5; i++)
      refusals.push(await replicas[i % 2].throttle.gate(keys, { db: replicas[i % 2].db, now }));
    assert.deepEqual(
      refusals.map((r) => !r.allowed && r.audit),
      [true, false, false, false, false],
    );
    // The block ends; the next failure starts a new, longer block, whose first refusal is audited again.
    const later = new Date(now.getTime() + 1_500);
    assert.ok((await two.gate(keys, { db: dbTwo, now: later })).allowed);
    const next = await one.gate(keys, { db: dbOne, now: later });
    assert.ok(!next.allowed && next.audit && next.retryAfter === 2);
  });

  it("pruning removes counters that can no longer block, and keeps the rest", async () => {
    const now = new Date();
    await one.countFailure("password:address", "192.0.2.200", {
      db: dbOne,
      now: new Date(now.getTime() - 2 * 3600_000),
    });
    await one.countFailure("password:address", "192.0.2.201", { db: dbOne, now });
    await dbOne.throttleCounter.create({ data: { id: "empty", kind: "password:address" } });
    const pruned = await one.pruneThrottleCounters(dbOne, now);
    assert.ok(pruned >= 2, `pruned ${pruned}`);
    const left = await t.db.throttleCounter.findMany({
      where: {
        id: {
          in: [
            "empty",
            one.counterId("password:address", "192.0.2.200"),
            one.counterId("password:address", "192.0.2.201"),
          ],
        },
      },
      select: { id: true },
    });
    assert.deepEqual(left, [{ id: one.counterId("password:address", "192.0.2.201") }]);
  });
});
