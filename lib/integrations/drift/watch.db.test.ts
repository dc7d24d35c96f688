// The drift watch's records: two replicas checking one integration at the same moment record one result and one
// event; a failure burst triggers a check of that integration only; Accept current state moves the baseline.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { seal } from "../../crypto/seal";
import { createDbClient, type Db } from "../../db/client";
import { freshDatabase, type TestDb } from "../../testing/test-db";
import { DRIFT_BURST_FAILURES } from "./config";
import type { Observation } from "./judge";
import { acceptDrift, checkDrift, driftOf, runDriftBursts } from "./watch";

// Port 9 on loopback: refused at once, so the real probes of the burst test end quickly (as idp-down).
const IDP = "http://127.0.0.1:9";

function seed(db: Db, registrationId: string) {
  return db.integration.create({
    data: {
      registrationId,
      clientId: "c",
      clientSecretSealed: seal("s"),
      authorizationUrl: `${IDP}/auth`,
      jwksUri: `${IDP}/jwks`,
      tokenUri: `${IDP}/token`,
      userInfoUri: `${IDP}/me`,
      issuer: IDP,
      loginButtonText: registrationId,
    },
  });
}

const seen = (kid: string): Observation => ({
  at: new Date().toISOString(),
  discovery: { ok: true, value: { missing: true } },
  jwks: { ok: true, value: { keys: [{ kid, alg: "RS256" }] } },
  token: { current: "accepted", next: null, seen: "invalid_grant" },
  clockSkewS: 0,
});
/** An observation that arrives after `ms`, so concurrent checks both read the stored state first. */
const slowly =
  (o: Observation, ms = 50) =>
  async () =>
    new Promise<Observation>((r) => setTimeout(() => r(o), ms));

/** Observations that arrive only once `n` checks are observing (plus a moment): the checks truly overlap. */
function together(n: number, o: Observation) {
  let waiting = 0;
  let release!: () => void;
  const all = new Promise<void>((r) => (release = r));
  return async () => {
    waiting += 1;
    if (waiting === n) setTimeout(release, 200);
    await all;
    return o;
  };
}

describe(`drift watch records (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  let t: TestDb;
  let a: Db;
  let b: Db;
  before(async () => {
    t = await freshDatabase();
    [a, b] = t.flavour === "postgresql" ? [createDbClient(t.url), createDbClient(t.url)] : [t.db, t.db];
  });
  after(async () => {
    if (t.flavour === "postgresql") await Promise.all([a.$disconnect(), b.$disconnect()]);
    await t.close();
  });

  it("two replicas checking at once: one result, one audit event; Accept current state makes the keys normal", async () => {
    const row = await seed(t.db, "twice");
    const first = await checkDrift("twice", "schedule", { db: a, observe: slowly(seen("k1")) });
    assert.equal(first?.state, "ok");
    const now = new Date(Date.now() + 1000);
    // Both clients connected first: a replica's first connection must not serialise the two checks by itself.
    await Promise.all([a.integration.count(), b.integration.count()]);
    const observe = together(2, seen("k2"));
    const results = await Promise.all([
      checkDrift("twice", "schedule", { db: a, now, observe }),
      checkDrift("twice", "schedule", { db: b, now, observe }),
    ]);
    assert.deepEqual(results.map((r) => r?.state ?? null).sort(), ["drifted", null]);
    const events = await t.db.auditEvent.findMany({ where: { targetId: "twice" }, select: { action: true } });
    assert.deepEqual(
      events.map((e) => e.action),
      ["integration.drift_detected"],
    );
    assert.equal(await t.db.integrationDriftCheck.count({ where: { integrationId: row.id } }), 2);

    await acceptDrift({ id: null, email: "admin@example.test" }, "twice", t.db);
    assert.equal((await driftOf(row.id, t.db))?.state, "ok");
    const again = await checkDrift("twice", "schedule", { db: a, observe: slowly(seen("k2")) });
    assert.deepEqual([again?.state, again?.event], ["ok", false], "the accepted keys are the new baseline");
  });

  it("a failure burst triggers a check of that integration only, recorded as after failed sign-ins", async () => {
    const crowded = await seed(t.db, "crowded");
    await seed(t.db, "calm");
    const now = new Date();
    const attempt = (registrationId: string, i: number) =>
      t.db.signInAttempt.create({
        data: { registrationId, outcome: "failed", code: "CLIENT_AUTH_FAILED", createdAt: new Date(now.getTime() - i) },
      });
    for (let i = 0; i < DRIFT_BURST_FAILURES; i += 1) await attempt("crowded", i);
    for (let i = 0; i < DRIFT_BURST_FAILURES - 1; i += 1) await attempt("calm", i);
    assert.deepEqual(await runDriftBursts(t.db, now), ["crowded"]);
    const check = await t.db.integrationDriftCheck.findFirst({ where: { integrationId: crowded.id } });
    assert.equal(check?.trigger, "burst");
    assert.equal(check?.state, "idp-down", "nothing listens on the IdP's port");
    // The same failures do not trigger it again: only failures since its last check count.
    assert.deepEqual(await runDriftBursts(t.db, new Date(now.getTime() + 1000)), []);
  });
});
