// Issue 6, "Linking rules": verified email from its own source, the trust switch, email domains, no escalation
// through an integration, and Link single sign-on for the signed-in user only. Runs on SQLite and PostgreSQL.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { freshDatabase, type TestDb } from "../testing/test-db";
import { completeSsoSignIn, matchAccount, matchSelfLink } from "./account-matching";

const ISS = "https://idp.test";
const integrationData = (
  registrationId: string,
  identityConfiguredById: string | null,
  extra: Record<string, unknown> = {},
) => ({
  registrationId,
  clientId: "c",
  clientSecretSealed: "x",
  authorizationUrl: `${ISS}/a`,
  jwksUri: `${ISS}/j`,
  tokenUri: `${ISS}/t`,
  userInfoUri: `${ISS}/u`,
  issuer: ISS,
  loginButtonText: registrationId,
  identityConfiguredById,
  // As createIntegration does: the creator set the key settings too.
  keysConfiguredById: identityConfiguredById,
  ...extra,
});

describe(`linking rules (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  let t: TestDb;
  const ids: Record<string, string> = {};
  before(async () => {
    t = await freshDatabase();
    const users = [
      { key: "admin", email: "admin@corp.test", role: "ADMIN" },
      { key: "admin2", email: "admin2@corp.test", role: "ADMIN" },
      {
        key: "integrator",
        email: "integrator@corp.test",
        role: "GUEST",
        extras: ["OAUTH_INTEGRATION_READ", "OAUTH_INTEGRATION_WRITE"],
      },
      { key: "reader", email: "reader@corp.test", role: "GUEST", extras: ["USER_READ"] },
      { key: "plain", email: "plain@corp.test", role: "GUEST" },
      { key: "plain2", email: "plain2@corp.test", role: "GUEST" },
      { key: "outsider", email: "someone@other.test", role: "GUEST" },
    ];
    for (const u of users) {
      const row = await t.db.user.create({
        data: {
          email: u.email,
          name: u.key,
          role: u.role,
          authorities: { create: (u.extras ?? []).map((authority) => ({ authority })) },
        },
      });
      ids[u.key] = row.id;
    }
    await t.db.integration.create({ data: integrationData("by-admin", ids.admin) });
    await t.db.integration.create({ data: integrationData("by-integrator", ids.integrator) });
    await t.db.integration.create({ data: integrationData("trusting", ids.admin, { trustEmailAddresses: true }) });
    await t.db.integration.create({
      data: { ...integrationData("corp-only", ids.admin), emailDomains: { create: [{ domain: "corp.test" }] } },
    });
    await t.db.integration.create({ data: integrationData("orphan", null) });
  });
  after(() => t.close());

  const match = (registrationId: string, sub: string, email: string | null, emailVerified?: boolean | null) =>
    matchAccount(t.db, registrationId, { issuer: ISS, sub, email, emailVerified });

  it("finding 1: links by email only with email_verified === true; a missing claim is not enough", async () => {
    assert.deepEqual(await match("by-admin", "s1", "plain@corp.test", null), {
      ok: false,
      code: "EMAIL_UNVERIFIED",
      email: "plain@corp.test",
    });
    assert.deepEqual(await match("by-admin", "s1", "plain@corp.test", false), {
      ok: false,
      code: "EMAIL_UNVERIFIED",
      email: "plain@corp.test",
    });
    const ok = await match("by-admin", "s1", "plain@corp.test", true);
    assert.ok(ok.ok && ok.linked && ok.userId === ids.plain);
  });

  it("Trust email addresses accepts a missing claim, never false", async () => {
    const absent = await match("trusting", "t1", "plain@corp.test", null);
    assert.ok(absent.ok && absent.userId === ids.plain);
    assert.deepEqual(await match("trusting", "t1", "plain@corp.test", false), {
      ok: false,
      code: "EMAIL_UNVERIFIED",
      email: "plain@corp.test",
    });
  });

  it("finding 1: an integration set up by a GUEST with integration authorities cannot reach the admin, verified or not", async () => {
    assert.deepEqual(await match("by-integrator", "evil", "admin@corp.test", true), {
      ok: false,
      code: "PRIVILEGED_ACCOUNT_NEEDS_SELF_LINK",
      email: "admin@corp.test",
    });
    assert.deepEqual(await match("by-integrator", "evil", "admin@corp.test", null), {
      ok: false,
      code: "EMAIL_UNVERIFIED",
      email: "admin@corp.test",
    });
    // Any authority the configurer lacks is enough to refuse; accounts within their authorities link.
    assert.equal((await match("by-integrator", "r", "reader@corp.test", true)).ok, false);
    const plain = await match("by-integrator", "p", "plain@corp.test", true);
    assert.ok(plain.ok && plain.userId === ids.plain);
    assert.equal(await t.db.account.count({ where: { userId: ids.admin } }), 0, "nothing linked to the admin");
  });

  it("the configurer's authorities are read at sign-in time; a disabled or missing configurer vouches for no one", async () => {
    await t.db.user.update({ where: { id: ids.integrator }, data: { role: "ADMIN" } });
    assert.ok(
      (await match("by-integrator", "r", "reader@corp.test", true)).ok,
      "promoted configurer now covers USER_READ",
    );
    await t.db.user.update({ where: { id: ids.integrator }, data: { role: "GUEST", disabled: true } });
    assert.equal(
      ((await match("by-integrator", "p2", "plain2@corp.test", true)) as { code?: string }).code,
      "PRIVILEGED_ACCOUNT_NEEDS_SELF_LINK",
    );
    await t.db.user.update({ where: { id: ids.integrator }, data: { disabled: false } });
    assert.equal(
      ((await match("orphan", "p2", "plain2@corp.test", true)) as { code?: string }).code,
      "PRIVILEGED_ACCOUNT_NEEDS_SELF_LINK",
    );
    // An admin's integration reaches another admin (same authorities).
    assert.ok((await match("by-admin", "a2", "admin2@corp.test", true)).ok);
  });

  it("email domains refuse identities outside them, linked or not", async () => {
    assert.deepEqual(await match("corp-only", "o1", "someone@other.test", true), {
      ok: false,
      code: "DOMAIN_NOT_ALLOWED",
      email: "someone@other.test",
    });
    const inside = await match("corp-only", "c1", "plain@corp.test", true);
    assert.ok(inside.ok);
    await completeSsoSignIn(t.db, "corp-only", { sub: "c1", issuer: ISS }, inside);
    // Already linked: the email rules no longer apply, but the domains still do.
    assert.ok((await match("corp-only", "c1", "plain@corp.test", null)).ok);
    assert.deepEqual(await match("corp-only", "c1", "plain@other.test", true), {
      ok: false,
      code: "DOMAIN_NOT_ALLOWED",
      email: "plain@other.test",
    });
    assert.deepEqual(await match("corp-only", "c1", null), { ok: false, code: "DOMAIN_NOT_ALLOWED", email: null });
  });

  it("already-linked identities skip the email checks, but not the key configurer's authorities; a removed link does not sign in", async () => {
    const linked = await match("by-integrator", "p", "plain@corp.test", true);
    assert.ok(linked.ok);
    await completeSsoSignIn(t.db, "by-integrator", { sub: "p", issuer: ISS }, linked);
    const again = await match("by-integrator", "p", null, null);
    assert.ok(again.ok && !again.linked && again.userId === ids.plain, "no email needed once linked");
    // Promoted past the integrator's authorities: the link pauses (the integrator controls which tokens verify).
    await t.db.user.update({
      where: { id: ids.plain },
      data: { authorities: { create: [{ authority: "AUDIT_READ" }] } },
    });
    assert.deepEqual(await match("by-integrator", "p", null, null), {
      ok: false,
      code: "LINKED_ACCOUNT_NEEDS_RELINK",
      email: "plain@corp.test",
    });
    // The holder proves the link again from Your profile: it signs in again.
    const relink = await matchSelfLink(t.db, "by-integrator", { issuer: ISS, sub: "p", email: null }, ids.plain);
    assert.ok(relink.ok && relink.selfLink && !relink.linked);
    await completeSsoSignIn(t.db, "by-integrator", { sub: "p", issuer: ISS }, relink);
    assert.ok((await match("by-integrator", "p", null, null)).ok);
    await t.db.account.deleteMany({ where: { provider: "by-integrator", providerAccountId: "p" } });
    assert.equal(
      ((await match("by-integrator", "p", "plain@corp.test", true)) as { code?: string }).code,
      "PRIVILEGED_ACCOUNT_NEEDS_SELF_LINK",
    );
    await t.db.userAuthority.deleteMany({ where: { userId: ids.plain } });
  });

  it("Link single sign-on links the signed-in user only, audited; domains and other users' links still refuse", async () => {
    const identity = { issuer: ISS, sub: "admin-at-integrator", email: "anything@corp.test", emailVerified: null };
    const self = await matchSelfLink(t.db, "by-integrator", identity, ids.admin);
    assert.ok(self.ok && self.linked && self.selfLink && self.userId === ids.admin);
    await completeSsoSignIn(t.db, "by-integrator", identity, self);
    assert.equal(await t.db.auditEvent.count({ where: { action: "user.sso_link_self", targetId: ids.admin } }), 1);
    const later = await match("by-integrator", "admin-at-integrator", null);
    assert.ok(later.ok && later.userId === ids.admin, "the admin now signs in through it");
    assert.deepEqual(await matchSelfLink(t.db, "by-integrator", identity, ids.admin2), {
      ok: false,
      code: "IDENTITY_LINKED_TO_OTHER_USER",
      email: "anything@corp.test",
    });
    assert.equal(
      (
        (await matchSelfLink(t.db, "corp-only", { ...identity, email: "x@other.test" }, ids.admin2)) as {
          code?: string;
        }
      ).code,
      "DOMAIN_NOT_ALLOWED",
    );
  });
});
