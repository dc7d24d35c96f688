// No escalation through a link: whoever last changed an integration's key settings (endpoints, JWK Set URI, issuer,
// client) must hold every authority of a linked account, or that link pauses until its holder re-links. And a kept
// client secret never follows the Token URI to another host. Through the real services, on SQLite and PostgreSQL.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { customSsoInput, freshDatabase, type TestDb } from "../testing/test-db";

process.env.KEYWAY_SEALING_KEY ??= randomBytes(32).toString("base64");
const { ValidationError } = await import("../errors");
const { integrationEditSchema, integrationSchema } = await import("../integrations/schema");
const { createIntegration, updateIntegration } = await import("../integrations/service");
const { KEPT_SECRET_REFUSED } = await import("../integrations/identity-settings");
const { saveDraft } = await import("../integrations/rollout/draft");
const { promoteDraft, rollbackIntegration } = await import("../integrations/rollout/publish");
const { completeSsoSignIn, matchAccount, matchSelfLink } = await import("./account-matching");

const ISS = "https://idp.corp.test";
const EVIL = "https://idp.evil.test";
const policy = { allowInsecureUrls: false };
const fields = customSsoInput("corp", ISS, "Corp");

describe(`linked identities and the key settings (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  let t: TestDb;
  const ids: Record<string, string> = {};
  const actors: Record<string, { id: string; email: string }> = {};
  let version = 1;

  const edit = async (who: string, changes: Record<string, unknown>) => {
    const current = await t.db.integration.findUniqueOrThrow({ where: { registrationId: "corp" } });
    const input = integrationEditSchema(policy).parse({
      ...fields,
      authorizationUrl: current.authorizationUrl,
      jwksUri: current.jwksUri,
      tokenUri: current.tokenUri,
      userInfoUri: current.userInfoUri,
      clientSecret: "",
      version: current.version,
      ...changes,
    });
    const saved = await updateIntegration(actors[who], input, { db: t.db });
    version = saved.version;
    return saved;
  };
  // Each IdP identity `sub-<key>` asserts `<key>@corp.test` (the domains set below then still allow it).
  const signIn = async (sub: string, email: string | null = `${sub.slice(4)}@corp.test`) => {
    const identity = { sub, issuer: ISS, email, emailVerified: true };
    const match = await matchAccount(t.db, "corp", identity);
    if (match.ok) await completeSsoSignIn(t.db, "corp", identity, match);
    return match.ok ? { ok: true, userId: match.userId } : { ok: false, code: match.code };
  };
  const keys = () =>
    t.db.integration.findUniqueOrThrow({
      where: { registrationId: "corp" },
      select: { keysConfiguredById: true, keysConfiguredAt: true, identityConfiguredById: true },
    });

  before(async () => {
    t = await freshDatabase();
    for (const [key, email, role, extras] of [
      ["admin", "admin@corp.test", "ADMIN", []],
      ["root", "root@corp.test", "ADMIN", []],
      ["mallory", "mallory@corp.test", "GUEST", ["OAUTH_INTEGRATION_READ", "OAUTH_INTEGRATION_WRITE", "USER_READ"]],
      ["plain", "plain@corp.test", "GUEST", []],
    ] as const) {
      const row = await t.db.user.create({
        data: { email, name: key, role, authorities: { create: extras.map((authority) => ({ authority })) } },
      });
      ids[key] = row.id;
      actors[key] = { id: row.id, email };
    }
    await createIntegration(actors.root, integrationSchema(policy).parse(fields), { db: t.db });
    // Everyone links by verified email: root configured the integration and holds every authority.
    for (const key of ["admin", "mallory", "plain"]) {
      assert.deepEqual(await signIn(`sub-${key}`, `${key}@corp.test`), { ok: true, userId: ids[key] });
    }
  });
  after(() => t.close());

  it("an integration writer who repoints the endpoints at their IdP (issuer unchanged) cannot sign in as the linked admin", async () => {
    const before = await keys();
    assert.equal(before.keysConfiguredById, ids.root);
    await edit("mallory", {
      authorizationUrl: `${EVIL}/auth`,
      jwksUri: `${EVIL}/jwks`,
      tokenUri: `${EVIL}/token`,
      userInfoUri: `${EVIL}/me`,
      clientSecret: "mallorys-own-secret",
    });
    const after = await keys();
    assert.equal(after.keysConfiguredById, ids.mallory);
    assert.ok(after.keysConfiguredAt! > before.keysConfiguredAt!);
    // Her IdP asserts the admin's sub under the unchanged issuer: refused, nothing opened.
    const sessions = await t.db.session.count();
    assert.deepEqual(await signIn("sub-admin"), { ok: false, code: "LINKED_ACCOUNT_NEEDS_RELINK" });
    assert.equal(await t.db.session.count(), sessions);
    // Accounts within her authorities (herself, people without any authority) keep signing in.
    assert.deepEqual(await signIn("sub-mallory"), { ok: true, userId: ids.mallory });
    assert.deepEqual(await signIn("sub-plain"), { ok: true, userId: ids.plain });
  });

  it("an admin holding every authority who sets the key settings again covers the admin's link once more", async () => {
    await edit("root", { ...fields, clientSecret: "secret-one" });
    assert.equal((await keys()).keysConfiguredById, ids.root);
    assert.deepEqual(await signIn("sub-admin"), { ok: true, userId: ids.admin });
  });

  it("changes that do not touch the key settings (domains, trust switch, button) leave links alone", async () => {
    await edit("mallory", { loginButtonText: "Corp SSO", trustEmailAddresses: true, emailDomains: "corp.test" });
    const after = await keys();
    assert.equal(after.keysConfiguredById, ids.root, "key settings still set by root");
    assert.equal(after.identityConfiguredById, ids.mallory, "email linking is now bounded by Mallory");
    assert.deepEqual(await signIn("sub-admin"), { ok: true, userId: ids.admin });
  });

  it("a paused link signs in again once its holder re-links from Your profile (proved after the change)", async () => {
    // A benign rotation of the secret by Mallory pauses the admin's link too: she controls the client now.
    await edit("mallory", { clientSecret: "rotated-secret" });
    assert.deepEqual(await signIn("sub-admin"), { ok: false, code: "LINKED_ACCOUNT_NEEDS_RELINK" });
    const identity = { sub: "sub-admin", issuer: ISS, email: "admin@corp.test" };
    const relink = await matchSelfLink(t.db, "corp", identity, ids.admin);
    assert.ok(relink.ok && relink.selfLink && !relink.linked && relink.linkId);
    await completeSsoSignIn(t.db, "corp", identity, relink);
    const proved = await t.db.account.findUniqueOrThrow({
      where: { id: relink.linkId },
      select: { selfLinkedAt: true },
    });
    assert.ok(proved.selfLinkedAt! >= (await keys()).keysConfiguredAt!);
    assert.equal(
      await t.db.auditEvent.count({ where: { action: "user.sso_link_self", targetId: ids.admin } }),
      1,
      "the re-link is audited",
    );
    assert.deepEqual(await signIn("sub-admin"), { ok: true, userId: ids.admin });
    // The next change of the key settings by someone who does not cover the admin pauses the link again.
    await edit("mallory", { clientSecret: "rotated-again" });
    assert.deepEqual(await signIn("sub-admin"), { ok: false, code: "LINKED_ACCOUNT_NEEDS_RELINK" });
  });

  it("authorities are read at sign-in time: promoting the writer covers the link, disabling them covers only plain accounts", async () => {
    await t.db.user.update({ where: { id: ids.mallory }, data: { role: "ADMIN" } });
    assert.deepEqual(await signIn("sub-admin"), { ok: true, userId: ids.admin });
    await t.db.user.update({ where: { id: ids.mallory }, data: { role: "GUEST", disabled: true } });
    assert.deepEqual(await signIn("sub-admin"), { ok: false, code: "LINKED_ACCOUNT_NEEDS_RELINK" });
    assert.deepEqual(await signIn("sub-plain"), { ok: true, userId: ids.plain }, "no authority: still covered");
    await t.db.user.update({ where: { id: ids.mallory }, data: { disabled: false } });
  });

  it("a blank secret is kept only while the Token URI stays on its origin; the service refuses otherwise", async () => {
    const stored = await t.db.integration.findUniqueOrThrow({
      where: { registrationId: "corp" },
      omit: { clientSecretSealed: false },
    });
    await assert.rejects(
      edit("root", { tokenUri: `${EVIL}/token` }),
      (e: unknown) => e instanceof ValidationError && e.fieldErrors?.clientSecret === KEPT_SECRET_REFUSED,
    );
    const unchanged = await t.db.integration.findUniqueOrThrow({
      where: { registrationId: "corp" },
      omit: { clientSecretSealed: false },
    });
    assert.equal(unchanged.tokenUri, stored.tokenUri);
    assert.equal(unchanged.version, stored.version, "nothing written");
    // Same origin, another path: the secret may stay.
    await edit("root", { tokenUri: `${ISS}/oauth2/token` });
    const kept = await t.db.integration.findUniqueOrThrow({
      where: { registrationId: "corp" },
      omit: { clientSecretSealed: false },
    });
    assert.equal(kept.clientSecretSealed, stored.clientSecretSealed, "the same sealed secret");
    // Another origin with the secret typed again is accepted.
    const before = version;
    await edit("root", { tokenUri: `${EVIL}/token`, clientSecret: "typed-again" });
    assert.equal(version, before + 1);
  });

  it("a writer who promotes a draft or rolls back becomes the one who last changed the key settings", async () => {
    // Root stages the endpoints back at the corporate IdP with a secret of its own; Mallory makes it live.
    const current = await t.db.integration.findUniqueOrThrow({ where: { registrationId: "corp" } });
    const staged = integrationEditSchema(policy).parse({
      ...fields,
      clientSecret: "draft-secret",
      version: current.version,
    });
    await saveDraft(actors.root, staged, { db: t.db });
    assert.equal((await keys()).keysConfiguredById, ids.root, "a saved draft changes nothing live");
    await promoteDraft(actors.mallory, "corp", {}, t.db);
    assert.equal((await keys()).keysConfiguredById, ids.mallory);
    assert.deepEqual(await signIn("sub-admin"), { ok: false, code: "LINKED_ACCOUNT_NEEDS_RELINK" });
    // Root rolls back to the configuration before the draft: root covers the admin's link again.
    await rollbackIntegration(actors.root, "corp", {}, t.db);
    assert.equal((await keys()).keysConfiguredById, ids.root);
    assert.deepEqual(await signIn("sub-admin"), { ok: true, userId: ids.admin });
  });
});
