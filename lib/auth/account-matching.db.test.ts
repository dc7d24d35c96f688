import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { freshDatabase, seedIntegration, type TestDb } from "../testing/test-db";
import { completeSsoSignIn, matchAccount, recordSsoRefusal } from "./account-matching";

const ISS = "https://i";

describe(`account matching (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  let t: TestDb;
  before(async () => {
    t = await freshDatabase();
    await t.db.user.createMany({
      data: [
        { email: "alice@example.test", name: "Alice" },
        { email: "dora@example.test", name: "Dora", disabled: true },
        { email: "linked@example.test", name: "Linked" },
      ],
    });
    const linked = await t.db.user.findUniqueOrThrow({ where: { email: "linked@example.test" } });
    // Issue 6: email linking is bounded by the authorities of the admin who configured the integration.
    const configurer = await t.db.user.create({
      data: { email: "root@example.test", name: "Root", role: "ADMIN" },
      select: { id: true },
    });
    await t.db.account.create({
      data: { userId: linked.id, provider: "acme", issuer: ISS, providerAccountId: "old-sub" },
    });
    await seedIntegration(t.db, "acme", { loginButtonText: "Acme", identityConfiguredById: configurer.id });
  });
  after(() => t.close());

  it("links an existing user by email, case-insensitively, then signs in by (Registration ID, sub)", async () => {
    const first = await matchAccount(t.db, "acme", {
      issuer: ISS,
      sub: "sub-alice",
      email: "Alice@Example.TEST",
      emailVerified: true,
    });
    assert.ok(first.ok && first.linked);
    await completeSsoSignIn(t.db, "acme", { sub: "sub-alice", issuer: ISS }, first);
    const link = await t.db.account.findUniqueOrThrow({
      where: { provider_issuer_providerAccountId: { provider: "acme", issuer: ISS, providerAccountId: "sub-alice" } },
    });
    assert.equal(link.userId, first.userId);
    // Second time the link decides, even if the IdP no longer sends an email.
    const second = await matchAccount(t.db, "acme", { issuer: ISS, sub: "sub-alice", email: null });
    assert.ok(second.ok && !second.linked && second.userId === first.userId);
    assert.ok(link.lastSignInAt, "the link's last sign-in stamped");
    const integration = await t.db.integration.findUniqueOrThrow({ where: { registrationId: "acme" } });
    assert.ok(integration.lastSignInAt, "per-integration last sign-in stamped");
    assert.equal(await t.db.signInAttempt.count({ where: { registrationId: "acme", outcome: "success" } }), 1);
    assert.equal(await t.db.session.count({ where: { userId: first.userId } }), 1, "the session row opened");
    assert.equal(await t.db.auditEvent.count({ where: { action: "auth.sso_sign_in", targetId: "acme" } }), 1);
  });

  it("refuses unknown people and creates nothing for them", async () => {
    const users = await t.db.user.count();
    const result = await matchAccount(t.db, "acme", {
      issuer: ISS,
      sub: "m",
      email: "mallory@example.test",
      emailVerified: true,
    });
    assert.deepEqual(result, { ok: false, code: "NO_ACCOUNT", email: "mallory@example.test" });
    await recordSsoRefusal(t.db, "acme", "NO_ACCOUNT", "mallory@example.test");
    assert.equal(await t.db.user.count(), users);
    assert.equal(await t.db.account.count({ where: { providerAccountId: "m" } }), 0);
    const integration = await t.db.integration.findUniqueOrThrow({ where: { registrationId: "acme" } });
    assert.equal(integration.lastFailureCode, "NO_ACCOUNT");
    const attempt = await t.db.signInAttempt.findFirstOrThrow({
      where: { registrationId: "acme", outcome: "refused" },
    });
    assert.equal(attempt.code, "NO_ACCOUNT");
  });

  it("refuses an unverified email, a missing email, a disabled user, and an account linked to another subject", async () => {
    assert.equal(
      (await matchAccount(t.db, "acme", { issuer: ISS, sub: "x1", email: "alice@example.test", emailVerified: false }))
        .ok,
      false,
    );
    assert.deepEqual(await matchAccount(t.db, "acme", { issuer: ISS, sub: "x2", email: "" }), {
      ok: false,
      code: "NO_EMAIL",
    });
    assert.deepEqual(
      await matchAccount(t.db, "acme", { issuer: ISS, sub: "x3", email: "dora@example.test", emailVerified: true }),
      { ok: false, code: "ACCOUNT_DISABLED", email: "dora@example.test" },
    );
    assert.deepEqual(
      await matchAccount(t.db, "acme", {
        issuer: ISS,
        sub: "new-sub",
        email: "linked@example.test",
        emailVerified: true,
      }),
      {
        ok: false,
        code: "ACCOUNT_LINKED_ELSEWHERE",
        email: "linked@example.test",
      },
    );
    const unverified = await matchAccount(t.db, "acme", {
      issuer: ISS,
      sub: "x1",
      email: "alice@example.test",
      emailVerified: false,
    });
    assert.equal(!unverified.ok && unverified.code, "EMAIL_UNVERIFIED");
  });

  it("a linked user who was disabled afterwards is refused", async () => {
    const alice = await t.db.user.findUniqueOrThrow({ where: { email: "alice@example.test" } });
    await t.db.user.update({ where: { id: alice.id }, data: { disabled: true } });
    const result = await matchAccount(t.db, "acme", { issuer: ISS, sub: "sub-alice" });
    assert.deepEqual(result, { ok: false, code: "ACCOUNT_DISABLED", email: "alice@example.test" });
  });

  it("links are bound to the issuer: the same sub at another IdP behind the same Registration ID does not match", async () => {
    const bob = await t.db.user.create({ data: { email: "bob@example.test", name: "Bob" } });
    const atA = await matchAccount(t.db, "acme", {
      issuer: ISS,
      sub: "shared-sub",
      email: "bob@example.test",
      emailVerified: true,
    });
    assert.ok(atA.ok && atA.linked && atA.userId === bob.id);
    await completeSsoSignIn(t.db, "acme", { sub: "shared-sub", issuer: ISS }, atA);
    // After the Issuer changes to B, a different person at B with the same sub must not get Bob's account.
    const stranger = await matchAccount(t.db, "acme", {
      issuer: "https://b",
      sub: "shared-sub",
      email: "eve@example.test",
      emailVerified: true,
    });
    assert.deepEqual(stranger, { ok: false, code: "NO_ACCOUNT", email: "eve@example.test" });
    const noEmail = await matchAccount(t.db, "acme", { issuer: "https://b", sub: "shared-sub", email: null });
    assert.deepEqual(noEmail, { ok: false, code: "NO_EMAIL" });
    // Bob himself re-links at B by his verified email; his link at A stays as it was.
    const atB = await matchAccount(t.db, "acme", {
      issuer: "https://b",
      sub: "bob-at-b",
      email: "bob@example.test",
      emailVerified: true,
    });
    assert.ok(atB.ok && atB.linked && atB.userId === bob.id);
    await completeSsoSignIn(t.db, "acme", { sub: "bob-at-b", issuer: "https://b" }, atB);
    assert.deepEqual(
      await t.db.account.findMany({
        where: { userId: bob.id },
        select: { issuer: true, providerAccountId: true },
        orderBy: { issuer: "asc" },
      }),
      [
        { issuer: "https://b", providerAccountId: "bob-at-b" },
        { issuer: ISS, providerAccountId: "shared-sub" },
      ],
    );
  });
});
