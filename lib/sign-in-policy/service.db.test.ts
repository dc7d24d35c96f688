// Issue 6, "Enforce single sign-on without locking anyone out": the lockout rules of the sign-in policy and the
// password refusal in the credentials authorize path. Runs on SQLite and PostgreSQL.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { freshDatabase, seedIntegration, type TestDb } from "../testing/test-db";
import { hashPassword } from "../users/password";

const t: TestDb = await freshDatabase();
// credentials.ts uses the shared client: point it at this test database before it is imported.
process.env.DATABASE_URL = t.url;
const { updateSignInPolicy, NEEDS_BREAK_GLASS, NEEDS_RECENT_SSO } = await import("./service");
const { recentSsoAdminSignIn } = await import("./queries");
const { authorizePassword } = await import("../auth/credentials");
const { setUserDisabled } = await import("../users/service");

describe(`sign-in policy (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  const ids: Record<string, string> = {};
  const actor = { id: null, email: "test" };
  before(async () => {
    const hash = await hashPassword("correct-horse-battery");
    for (const [key, data] of Object.entries({
      admin: { email: "admin@corp.test", role: "ADMIN", passwordHash: hash },
      ssoOnly: { email: "sso@corp.test", role: "ADMIN" },
      guest: { email: "guest@corp.test", role: "GUEST", passwordHash: hash },
    })) {
      ids[key] = (await t.db.user.create({ data: { ...data, name: key }, select: { id: true } })).id;
    }
    await seedIntegration(t.db, "corp", { loginButtonText: "Corp" });
  });
  after(() => t.close());

  it("cannot be switched on without a recent SSO sign-in by an integration admin, nor without a break-glass account", async () => {
    await assert.rejects(
      updateSignInPolicy(actor, { requireSso: true, breakGlassUserIds: [ids.admin] }, t.db),
      (e: Error & { fieldErrors?: Record<string, string> }) => e.fieldErrors?.requireSso === NEEDS_RECENT_SSO,
    );
    // A guest's SSO sign-in proves nothing about who can repair the integrations.
    await t.db.account.create({
      data: {
        userId: ids.guest,
        provider: "corp",
        issuer: "https://i",
        providerAccountId: "g",
        lastSignInAt: new Date(),
      },
    });
    assert.equal(await recentSsoAdminSignIn(t.db), false);
    // Older than 24 h does not count either.
    await t.db.account.create({
      data: {
        userId: ids.ssoOnly,
        provider: "corp",
        issuer: "https://i",
        providerAccountId: "s",
        lastSignInAt: new Date(Date.now() - 25 * 3600_000),
      },
    });
    assert.equal(await recentSsoAdminSignIn(t.db), false);
    await t.db.account.updateMany({ where: { providerAccountId: "s" }, data: { lastSignInAt: new Date() } });
    assert.equal(await recentSsoAdminSignIn(t.db), true);
    await assert.rejects(
      updateSignInPolicy(actor, { requireSso: true, breakGlassUserIds: [] }, t.db),
      (e: Error & { fieldErrors?: Record<string, string> }) => e.fieldErrors?.breakGlassUserIds === NEEDS_BREAK_GLASS,
    );
    await assert.rejects(
      updateSignInPolicy(actor, { requireSso: true, breakGlassUserIds: [ids.ssoOnly] }, t.db),
      /Some fields/,
      "a break-glass account must have a password",
    );
    // A disabled integration is no proof.
    await t.db.integration.update({ where: { registrationId: "corp" }, data: { enabled: false } });
    assert.equal(await recentSsoAdminSignIn(t.db), false);
    await t.db.integration.update({ where: { registrationId: "corp" }, data: { enabled: true } });
    assert.equal(await t.db.signInPolicy.count(), 0, "nothing written by refused attempts");
  });

  it("when on: password sign-in refused for everyone but break-glass accounts, which are audited; switching off works", async () => {
    await updateSignInPolicy(actor, { requireSso: true, breakGlassUserIds: [ids.admin] }, t.db);
    await assert.rejects(
      authorizePassword({ email: "guest@corp.test", password: "correct-horse-battery" }),
      /SSO_REQUIRED/,
    );
    await assert.rejects(
      authorizePassword({ email: "nobody@corp.test", password: "x" }),
      /SSO_REQUIRED/,
      "same answer for unknown emails",
    );
    assert.equal(await authorizePassword({ email: "admin@corp.test", password: "wrong-password" }), null);
    const ok = await authorizePassword({ email: "admin@corp.test", password: "correct-horse-battery" });
    assert.equal(ok?.id, ids.admin);
    assert.equal(await t.db.auditEvent.count({ where: { action: "auth.break_glass_sign_in", actorId: ids.admin } }), 1);
    assert.equal(await t.db.auditEvent.count({ where: { action: "sign_in_policy.update" } }), 1);

    // The last break-glass account cannot be disabled while single sign-on is required.
    await assert.rejects(
      setUserDisabled({ id: ids.ssoOnly, email: "sso@corp.test" }, ids.admin, true, t.db),
      /last break-glass account/,
    );
    assert.equal((await t.db.user.findUniqueOrThrow({ where: { id: ids.admin } })).disabled, false);

    await updateSignInPolicy(actor, { requireSso: false, breakGlassUserIds: [ids.admin] }, t.db);
    assert.equal(
      (await authorizePassword({ email: "guest@corp.test", password: "correct-horse-battery" }))?.id,
      ids.guest,
    );
    assert.equal(
      await t.db.auditEvent.count({ where: { action: "auth.break_glass_sign_in" } }),
      1,
      "not break-glass while off",
    );
  });
});
