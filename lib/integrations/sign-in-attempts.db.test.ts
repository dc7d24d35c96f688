import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { freshDatabase, seedIntegration, type TestDb } from "../testing/test-db";
import {
  ATTEMPTS_KEPT_PER_INTEGRATION,
  healthFor,
  pruneSignInAttempts,
  recentAttempts,
  recordSignInAttempt,
} from "./sign-in-attempts";
import { recordSignInFailure } from "./service";

const HOUR = 60 * 60 * 1000;

describe(`sign-in attempts and health (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  let t: TestDb;
  before(async () => {
    t = await freshDatabase();
    // recordSignInFailure stamps only integrations that exist (a callback URL can name anything).
    await seedIntegration(t.db, "acme", { loginButtonText: "Acme" });
  });
  after(() => t.close());

  it("records outcomes, summarises the last 24 h and applies the one badge rule", async () => {
    const now = new Date();
    await recordSignInAttempt(t.db, "acme", null, new Date(now.getTime() - 30 * HOUR)); // older than 24 h
    await recordSignInAttempt(t.db, "acme", null, new Date(now.getTime() - 3 * HOUR));
    await recordSignInAttempt(t.db, "acme", "NO_ACCOUNT", new Date(now.getTime() - 2 * HOUR));
    await recordSignInFailure("acme", "CLIENT_AUTH_FAILED", t.db);
    await recordSignInFailure("no-such-integration", "CLIENT_AUTH_FAILED", t.db);
    assert.equal(await t.db.signInAttempt.count({ where: { registrationId: "no-such-integration" } }), 0);
    const health = await healthFor(
      [
        { registrationId: "acme", enabled: true },
        { registrationId: "idle", enabled: true },
        { registrationId: "off", enabled: false },
      ],
      t.db,
    );
    const acme = health.get("acme")!;
    assert.equal(acme.state, "failing");
    assert.equal(acme.lastFailure?.code, "CLIENT_AUTH_FAILED");
    assert.equal(acme.lastFailure?.outcome, "failed");
    assert.equal(acme.lastSuccessAt?.getTime(), now.getTime() - 3 * HOUR);
    assert.deepEqual(acme.last24h, { successes: 1, failures: 2 });
    assert.equal(health.get("idle")!.state, "never-used");
    assert.equal(health.get("off")!.state, "disabled");
    const integrationRow = (await recentAttempts("acme", 20, t.db)).map((r) => [r.outcome, r.code]);
    assert.deepEqual(integrationRow, [
      ["failed", "CLIENT_AUTH_FAILED"],
      ["refused", "NO_ACCOUNT"],
      ["success", null],
      ["success", null],
    ]);

    await recordSignInAttempt(t.db, "acme", null);
    assert.equal((await healthFor([{ registrationId: "acme", enabled: true }], t.db)).get("acme")!.state, "healthy");
  });

  it("a refused person does not make the integration Failing", async () => {
    await recordSignInAttempt(t.db, "beta", "EMAIL_UNVERIFIED");
    assert.equal((await healthFor([{ registrationId: "beta", enabled: true }], t.db)).get("beta")!.state, "healthy");
  });

  it("stays bounded: housekeeping keeps 30 days and the newest N per integration, others untouched", async () => {
    const old = new Date(Date.now() - 31 * 24 * HOUR);
    await t.db.signInAttempt.create({ data: { registrationId: "gamma", outcome: "success", createdAt: old } });
    const start = Date.now() - 10 * HOUR;
    for (let i = 0; i < ATTEMPTS_KEPT_PER_INTEGRATION + 5; i++) {
      await t.db.signInAttempt.create({
        data: {
          registrationId: "gamma",
          outcome: "failed",
          code: "IDP_TIMEOUT",
          createdAt: new Date(start + i * 1000),
        },
      });
    }
    await recordSignInAttempt(t.db, "gamma", null);
    const count = (registrationId: string) => t.db.signInAttempt.count({ where: { registrationId } });
    const quiet = await count("acme");
    assert.equal(await count("gamma"), ATTEMPTS_KEPT_PER_INTEGRATION + 7, "recording never prunes");
    assert.equal(await pruneSignInAttempts(t.db), 7);
    assert.equal(await count("gamma"), ATTEMPTS_KEPT_PER_INTEGRATION);
    assert.equal(await count("acme"), quiet, "an integration under the limit keeps every recent attempt");
    assert.equal(
      await t.db.signInAttempt.count({ where: { createdAt: { lt: new Date(Date.now() - 30 * 24 * HOUR) } } }),
      0,
    );
    assert.equal(
      await t.db.signInAttempt.count({ where: { registrationId: "gamma", outcome: "success" } }),
      1,
      "the newest (just written) is kept",
    );
  });
});
