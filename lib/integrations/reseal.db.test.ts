// keyway secrets:reseal on SQLite and PostgreSQL: re-seals what the previous key opens, leaves current ones alone,
// names what no key opens, audits and bumps the config version (every instance reloads).
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, describe, it } from "node:test";
import { seal, sealedKeyId, sealingKeys, unseal } from "../crypto/seal";
import { freshDatabase, seedIntegration } from "../testing/test-db";

const t = await freshDatabase();
process.env.DATABASE_URL = t.url;
const { resealSecrets } = await import("./reseal");
const { canUnseal } = await import("./broken");

const key = () => randomBytes(32).toString("base64");
const [A, B, C] = [key(), key(), key()];
const keysOf = (current: string, previous?: string) =>
  sealingKeys({ KEYWAY_SEALING_KEY: current, KEYWAY_SEALING_KEY_PREVIOUS: previous } as unknown as NodeJS.ProcessEnv);
const actor = { id: null, email: "cli" };

describe(`secrets:reseal (${t.flavour})`, () => {
  after(() => t.close());

  it("re-seals with the current key, idempotently, audited, and names a secret no configured key opens", async () => {
    await seedIntegration(t.db, "old-key", { clientSecretSealed: seal("secret-under-a", keysOf(A)) });
    await seedIntegration(t.db, "new-key", { clientSecretSealed: seal("secret-under-b", keysOf(B)) });
    await seedIntegration(t.db, "lost-key", { clientSecretSealed: seal("secret-under-c", keysOf(C)) });
    const version = async () => (await t.db.configVersion.findUnique({ where: { id: 1 } }))?.version ?? 0;
    const before = await version();

    const first = await resealSecrets(actor, { db: t.db, keys: keysOf(B, A) });
    assert.deepEqual(first.resealed, ["old-key"]);
    assert.deepEqual(first.current, ["new-key"]);
    assert.deepEqual(first.failed, [{ registrationId: "lost-key", keyId: keysOf(C).current.id }]);
    const row = await t.db.integration.findUniqueOrThrow({
      where: { registrationId: "old-key" },
      select: { clientSecretSealed: true },
    });
    assert.equal(sealedKeyId(row.clientSecretSealed), keysOf(B).current.id);
    assert.equal(unseal(row.clientSecretSealed, keysOf(B)), "secret-under-a", "B alone opens it now");
    assert.ok(canUnseal(row.clientSecretSealed, keysOf(B)));
    assert.equal(await version(), before + 1, "every instance reloads its providers");

    const second = await resealSecrets(actor, { db: t.db, keys: keysOf(B, A) });
    assert.deepEqual(second.resealed, [], "idempotent");
    assert.deepEqual(second.current, ["old-key", "new-key"]);

    const events = await t.db.auditEvent.findMany({ where: { action: "integration.reseal_secret" } });
    assert.equal(events.length, 1);
    assert.equal(events[0].targetId, "old-key");
    assert.ok(!JSON.stringify(events).includes("secret-under-a"), "the audit never holds the secret");
  });
});
