// Readiness and integrations Keyway cannot decrypt: the probe names them among its reasons and keeps the replica
// ready (every replica sharing the keys would otherwise drop out at once, password sign-in with them). Runs on SQLite
// and PostgreSQL. (Over HTTP, after a restart with another sealing key: e2e/sealing-rotation.spec.ts.)
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { seal, sealingKeys } from "../crypto/seal";
import { freshDatabase, seedIntegration } from "../testing/test-db";

const t = await freshDatabase();
process.env.DATABASE_URL = t.url;
const { readiness, brokenIntegrationsReported } = await import("./readiness");
const { currentConfigVersion } = await import("../integrations/queries");
const { BROKEN_SECRET_REASON } = await import("../integrations/broken");
const { bumpConfigVersion } = await import("../integrations/service");

// The database and migration check needs Prisma's migration table, which test databases do not have: this stands in
// for it (the config version read from the database), followed by the check under test.
const probe = () =>
  readiness([
    async (facts) => {
      facts.configVersion = await currentConfigVersion();
      return [];
    },
    brokenIntegrationsReported,
  ]);

describe(`readiness with integrations Keyway cannot decrypt (${t.flavour})`, () => {
  after(() => t.close());

  it("no reason while every secret opens", async () => {
    await seedIntegration(t.db, "fine", { clientSecretSealed: seal("s3cret", sealingKeys()) });
    await t.db.$transaction((tx) => bumpConfigVersion(tx));
    const r = await probe();
    assert.equal(r.status, "ready", JSON.stringify(r));
    assert.deepEqual(r.reasons, []);
  });

  it("an integration whose secret no configured key opens is a reason; the replica stays ready", async () => {
    await seedIntegration(t.db, "lost-key", { clientSecretSealed: "v1.unknownkey.AAAA.BBBB" });
    await seedIntegration(t.db, "lost-too", { clientSecretSealed: "x" });
    await t.db.$transaction((tx) => bumpConfigVersion(tx));
    const r = await probe();
    assert.equal(r.status, "ready", JSON.stringify(r));
    assert.deepEqual(r.reasons, [`${BROKEN_SECRET_REASON} (2 integrations; see Settings > OAuth Integrations)`]);
    assert.ok(!JSON.stringify(r).includes("lost-key"), "the public probe names no integration");
  });
});
