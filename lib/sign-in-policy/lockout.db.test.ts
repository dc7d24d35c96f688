// An integration writer cannot lock the admins out: requiring single sign-on and choosing break-glass accounts need
// every authority (and the SSO proof must come from such an account), disabling or deleting the last integration an
// admin can use needs every authority, and the last user manager always keeps a way in. SQLite and PostgreSQL.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { freshDatabase, seedIntegration, type TestDb } from "../testing/test-db";

process.env.KEYWAY_SEALING_KEY ??= randomBytes(32).toString("base64");
const { ConflictError, NotPermittedError } = await import("../errors");
const { updateSignInPolicy, NEEDS_EVERY_AUTHORITY, NEEDS_RECENT_SSO } = await import("./service");
const { recentSsoAdminSignIn } = await import("./queries");
const { BREAK_GLASS_NEEDS_USER_MANAGER, LAST_MANAGER_WAY_IN } = await import("./guards");
const { deleteIntegration, setIntegrationEnabled } = await import("../integrations/lifecycle");
const { setUserDisabled, updateUser } = await import("../users/service");

const operator = { id: null, email: "operator" };

describe(`lockouts (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  let t: TestDb;
  const ids: Record<string, string> = {};
  const as = (key: string) => ({ id: ids[key], email: `${key}@corp.test` });
  const signedInVia = (key: string, provider: string, at = new Date()) =>
    t.db.account.create({
      data: { userId: ids[key], provider, issuer: "https://i", providerAccountId: key, lastSignInAt: at },
    });
  const policyOn = async () => (await t.db.signInPolicy.findUnique({ where: { id: 1 } }))?.requireSso ?? false;
  const enabled = async (registrationId: string) =>
    (await t.db.integration.findUniqueOrThrow({ where: { registrationId } })).enabled;

  before(async () => {
    t = await freshDatabase();
    for (const [key, role, extras, password] of [
      ["admin", "ADMIN", [], true],
      ["writer", "GUEST", ["OAUTH_INTEGRATION_READ", "OAUTH_INTEGRATION_WRITE", "USER_READ"], true],
      ["ada", "ADMIN", [], false],
      ["ursula", "GUEST", ["USER_READ", "USER_WRITE"], true],
    ] as const) {
      const user = await t.db.user.create({
        data: {
          email: `${key}@corp.test`,
          name: key,
          role,
          passwordHash: password ? "bcrypt-hash-placeholder" : null,
          authorities: { create: extras.map((authority) => ({ authority })) },
        },
      });
      ids[key] = user.id;
    }
    await seedIntegration(t.db, "corp", { identityConfiguredById: ids.admin, keysConfiguredById: ids.admin });
    await seedIntegration(t.db, "rival", { identityConfiguredById: ids.writer, keysConfiguredById: ids.writer });
  });
  after(() => t.close());

  it("the writer's own SSO sign-in proves nothing, and they cannot require SSO or choose break-glass accounts", async () => {
    await signedInVia("writer", "rival");
    assert.equal(await recentSsoAdminSignIn(t.db), false, "not a holder of every authority");
    await assert.rejects(
      updateSignInPolicy(as("writer"), { requireSso: true, breakGlassUserIds: [ids.writer] }, t.db),
      (e: unknown) => e instanceof NotPermittedError && e.message === NEEDS_EVERY_AUTHORITY,
    );
    await assert.rejects(
      updateSignInPolicy(as("writer"), { requireSso: false, breakGlassUserIds: [ids.writer] }, t.db),
      NotPermittedError,
      "changing the break-glass list while off needs every authority too",
    );
    // Even an admin needs the proof from a holder of every authority.
    await assert.rejects(
      updateSignInPolicy(as("admin"), { requireSso: true, breakGlassUserIds: [ids.admin] }, t.db),
      (e: Error & { fieldErrors?: Record<string, string> }) => e.fieldErrors?.requireSso === NEEDS_RECENT_SSO,
    );
    assert.equal(await t.db.signInPolicy.count(), 0);
    assert.equal(await t.db.breakGlassAccount.count(), 0);
  });

  it("the proof is an admin's SSO sign-in after the integration's key settings last changed", async () => {
    await signedInVia("ada", "corp", new Date(Date.now() - 60_000));
    assert.equal(await recentSsoAdminSignIn(t.db), true);
    await t.db.integration.update({ where: { registrationId: "corp" }, data: { keysConfiguredAt: new Date() } });
    assert.equal(await recentSsoAdminSignIn(t.db), false, "the keys changed since: that sign-in proves nothing now");
    await t.db.account.updateMany({ where: { userId: ids.ada }, data: { lastSignInAt: new Date() } });
    assert.equal(await recentSsoAdminSignIn(t.db), true);
  });

  it("while required, some break-glass account must manage users; it cannot be demoted or disabled away", async () => {
    await assert.rejects(
      updateSignInPolicy(as("admin"), { requireSso: true, breakGlassUserIds: [ids.writer] }, t.db),
      (e: Error & { fieldErrors?: Record<string, string> }) =>
        e instanceof ConflictError && e.fieldErrors?.breakGlassUserIds === BREAK_GLASS_NEEDS_USER_MANAGER,
    );
    assert.equal(await policyOn(), false, "nothing written");
    await updateSignInPolicy(as("admin"), { requireSso: true, breakGlassUserIds: [ids.ursula, ids.writer] }, t.db);
    assert.equal(await policyOn(), true);
    await assert.rejects(
      updateUser(operator, { id: ids.ursula, name: "u", role: "GUEST", authorities: ["USER_READ"] }, t.db),
      (e: unknown) => e instanceof ConflictError && e.message === BREAK_GLASS_NEEDS_USER_MANAGER,
    );
    await assert.rejects(
      setUserDisabled(as("admin"), ids.ursula, true, t.db),
      (e: unknown) => e instanceof ConflictError && e.message === BREAK_GLASS_NEEDS_USER_MANAGER,
    );
    const ursula = await t.db.user.findUniqueOrThrow({ where: { id: ids.ursula }, include: { authorities: true } });
    assert.equal(ursula.disabled, false);
    assert.equal(ursula.authorities.length, 2);
    // The writer may switch the requirement off (that restores passwords) but not change the list meanwhile.
    await updateSignInPolicy(as("writer"), { requireSso: false, breakGlassUserIds: [ids.ursula, ids.writer] }, t.db);
    assert.equal(await policyOn(), false);
  });

  it("the writer cannot disable or delete the last integration an SSO-only admin signs in with; an admin holding everything can", async () => {
    for (const attempt of [
      () => setIntegrationEnabled(as("writer"), "corp", false, t.db),
      () => deleteIntegration(as("writer"), "corp", "corp", t.db),
    ]) {
      await assert.rejects(
        attempt(),
        (e: unknown) => e instanceof NotPermittedError && /ada@corp\.test/.test(e.message),
      );
    }
    assert.equal(await enabled("corp"), true);
    assert.equal(await t.db.account.count({ where: { provider: "corp" } }), 1, "nothing deleted");
    // Her own integration strands nobody with authorities but herself-covered users: allowed.
    await setIntegrationEnabled(as("writer"), "rival", false, t.db);
    await setIntegrationEnabled(as("writer"), "rival", true, t.db);
    await setIntegrationEnabled(as("admin"), "corp", false, t.db);
    assert.equal(await enabled("corp"), false);
    await setIntegrationEnabled(as("admin"), "corp", true, t.db);
  });

  it("nobody, not even the operator, takes the last way in of the last user managers", async () => {
    // Both password-holding user managers lose their passwords; Ada (ADMIN) remains, reachable through corp only.
    await t.db.user.updateMany({ where: { id: { in: [ids.admin, ids.ursula] } }, data: { passwordHash: null } });
    await assert.rejects(
      setIntegrationEnabled(operator, "corp", false, t.db),
      (e: unknown) => e instanceof ConflictError && e.message === LAST_MANAGER_WAY_IN,
    );
    assert.equal(await enabled("corp"), true);
    const link = await t.db.account.findFirstOrThrow({ where: { userId: ids.ada } });
    const { removeSsoLink } = await import("../users/sso-links");
    await assert.rejects(
      removeSsoLink(operator, ids.ada, link.id, t.db),
      (e: unknown) => e instanceof ConflictError && e.message === LAST_MANAGER_WAY_IN,
    );
    await t.db.user.updateMany({
      where: { id: { in: [ids.admin, ids.ursula] } },
      data: { passwordHash: "bcrypt-hash-placeholder" },
    });
    await setIntegrationEnabled(operator, "corp", false, t.db);
    assert.equal(await enabled("corp"), false);
  });
});
