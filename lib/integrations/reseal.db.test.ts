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
    assert.deepEqual(first.failed, [
      { registrationId: "lost-key", keyId: keysOf(C).current.id, what: "client secret" },
    ]);
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

  it("re-seals the next secret of a rotation, a draft's secret and every kept version, in one audited change", async () => {
    const underA = (s: string) => seal(s, keysOf(A));
    const { id } = await seedIntegration(t.db, "rotating", { clientSecretSealed: underA("live-plain-1") });
    await t.db.integrationSecret.create({
      data: { integrationId: id, slot: "current", addedAt: new Date() },
    });
    await t.db.integrationSecret.create({
      data: { integrationId: id, slot: "next", secretSealed: underA("next-plain-2"), addedAt: new Date() },
    });
    await t.db.integrationDraft.create({
      data: { integrationId: id, values: {}, secretSealed: underA("draft-plain-3"), baseVersion: 2 },
    });
    for (const [version, secret] of [
      [1, "v1-plain-4"],
      [2, "live-plain-1"],
    ] as const) {
      await t.db.integrationConfigVersion.create({
        data: { integrationId: id, version, values: {}, secretSealed: underA(secret), reason: "update" },
      });
    }
    // A draft without its own secret (it keeps the live one) has nothing to re-seal.
    const { id: plainId } = await seedIntegration(t.db, "plain-draft", { clientSecretSealed: underA("plain") });
    await t.db.integrationDraft.create({
      data: { integrationId: plainId, values: {}, secretSealed: null, baseVersion: 1 },
    });

    const report = await resealSecrets(actor, { db: t.db, keys: keysOf(B, A) });
    assert.deepEqual(report.failed, [
      { registrationId: "lost-key", keyId: keysOf(C).current.id, what: "client secret" },
    ]);
    assert.ok(report.resealed.includes("rotating") && report.resealed.includes("plain-draft"));
    assert.equal(report.counts.resealed, 6, "live, next, draft and two versions; plain-draft's live secret");

    // B alone opens every one of them now, and each still holds its own secret.
    const onlyB = keysOf(B);
    const sealed = await t.db.integration.findUniqueOrThrow({ where: { id }, select: { clientSecretSealed: true } });
    assert.equal(unseal(sealed.clientSecretSealed, onlyB), "live-plain-1");
    const next = await t.db.integrationSecret.findUniqueOrThrow({
      where: { integrationId_kind_slot: { integrationId: id, kind: "client_secret", slot: "next" } },
      select: { secretSealed: true },
    });
    assert.equal(unseal(next.secretSealed!, onlyB), "next-plain-2");
    const draft = await t.db.integrationDraft.findUniqueOrThrow({
      where: { integrationId: id },
      select: { secretSealed: true },
    });
    assert.equal(unseal(draft.secretSealed!, onlyB), "draft-plain-3");
    const versions = await t.db.integrationConfigVersion.findMany({
      where: { integrationId: id },
      select: { secretSealed: true },
      orderBy: { version: "asc" },
    });
    assert.deepEqual(
      versions.map((v) => unseal(v.secretSealed, onlyB)),
      ["v1-plain-4", "live-plain-1"],
    );
    const plainDraft = await t.db.integrationDraft.findUniqueOrThrow({
      where: { integrationId: plainId },
      select: { secretSealed: true },
    });
    assert.equal(plainDraft.secretSealed, null, "a draft that keeps the live secret stays so");

    const [event] = await t.db.auditEvent.findMany({
      where: { action: "integration.reseal_secret", targetId: "rotating" },
    });
    assert.deepEqual((event.details as { secrets: string[] }).secrets, [
      "client secret",
      "next client secret",
      "draft client secret",
      "version 1 client secret",
      "version 2 client secret",
    ]);
    assert.ok(!/plain-\d/.test(JSON.stringify(event)), "the audit never holds a secret");
    const again = await resealSecrets(actor, { db: t.db, keys: keysOf(B, A) });
    assert.equal(again.counts.resealed, 0, "idempotent");
  });
});
