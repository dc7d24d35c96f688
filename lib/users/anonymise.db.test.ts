// Anonymise on request (SQLite and PostgreSQL): only a disabled account, never your own or a more privileged one;
// everything that identifies the person goes in one transaction, the row and the audit trail stay, and an anonymised
// account is never enabled again.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { freshDatabase, seedIntegration, type TestDb } from "../testing/test-db";

const t: TestDb = await freshDatabase();
process.env.DATABASE_URL = t.url;
const { anonymiseUser, anonymisedEmail, ANONYMISE_NEEDS_DISABLED, ALREADY_ANONYMISED, ANONYMISED_NAME } =
  await import("./anonymise");
const { setUserDisabled, updateUser } = await import("./service");
const { createSession } = await import("../auth/sessions");

describe(`anonymise on request (${t.flavour})`, () => {
  const ids: Record<string, string> = {};
  before(async () => {
    ids.admin = (await t.db.user.create({ data: { email: "admin@corp.test", name: "Admin", role: "ADMIN" } })).id;
    ids.manager = (await t.db.user.create({ data: { email: "manager@corp.test", name: "Manager", role: "GUEST" } })).id;
    await t.db.userAuthority.create({ data: { userId: ids.manager, authority: "USER_WRITE" } });
    const gina = await t.db.user.create({
      data: { email: "gina.leaver@corp.test", name: "Gina Leaver", role: "GUEST", passwordHash: "$2b$10$hash" },
    });
    ids.gina = gina.id;
    await t.db.userAuthority.create({ data: { userId: gina.id, authority: "USER_READ" } });
    await t.db.account.create({
      data: { userId: gina.id, provider: "corp-sso", issuer: "https://idp.corp.test", providerAccountId: "gina-sub" },
    });
    await createSession(t.db, gina.id);
    await t.db.apiToken.create({
      data: {
        userId: gina.id,
        name: "gina-laptop",
        prefix: "kw_abcde",
        hash: "f".repeat(64),
        authorities: "USER_READ",
        expiresAt: new Date(Date.now() + 86_400_000),
        lastUsedAddress: "203.0.113.7",
      },
    });
    const integration = await seedIntegration(t.db, "corp-sso");
    await t.db.scimUser.create({
      data: { userId: gina.id, integrationId: integration.id, userName: "Gina.Leaver", userNameKey: "gina.leaver" },
    });
  });
  after(() => t.close());

  const cli = { id: null, email: "cli" };
  const admin = () => ({ id: ids.admin, email: "admin@corp.test" });

  it("refuses an account that is still enabled, and changes nothing", async () => {
    await assert.rejects(anonymiseUser(admin(), ids.gina, t.db), { message: ANONYMISE_NEEDS_DISABLED });
    const gina = await t.db.user.findUniqueOrThrow({ where: { id: ids.gina } });
    assert.equal(gina.email, "gina.leaver@corp.test");
    assert.equal(await t.db.account.count({ where: { userId: ids.gina } }), 1);
  });

  it("refuses your own account and anyone holding more than you", async () => {
    await setUserDisabled(cli, ids.admin, true, t.db).catch(() => undefined);
    await assert.rejects(anonymiseUser(admin(), ids.admin, t.db), /your own account/);
    // A USER_WRITE holder cannot anonymise an admin (the usual "more privileged" rule).
    await assert.rejects(
      anonymiseUser({ id: ids.manager, email: "manager@corp.test" }, ids.admin, t.db),
      /hold authorities you do not hold/,
    );
    await t.db.user.update({ where: { id: ids.admin }, data: { disabled: false } });
  });

  it("a disabled account loses email, name, password, links, sessions, tokens, authorities and SCIM link; audited", async () => {
    await setUserDisabled(admin(), ids.gina, true, t.db);
    await anonymiseUser(admin(), ids.gina, t.db);

    const gina = await t.db.user.findUniqueOrThrow({
      where: { id: ids.gina },
      select: { email: true, name: true, passwordHash: true, role: true, disabled: true, anonymisedAt: true },
    });
    assert.deepEqual(
      { ...gina, anonymisedAt: gina.anonymisedAt instanceof Date },
      {
        email: anonymisedEmail(ids.gina),
        name: ANONYMISED_NAME,
        passwordHash: null,
        role: "GUEST",
        disabled: true,
        anonymisedAt: true,
      },
    );
    for (const [what, count] of [
      ["SSO links", await t.db.account.count({ where: { userId: ids.gina } })],
      ["sessions", await t.db.session.count({ where: { userId: ids.gina } })],
      ["API tokens", await t.db.apiToken.count({ where: { userId: ids.gina } })],
      ["authorities", await t.db.userAuthority.count({ where: { userId: ids.gina } })],
      ["SCIM link", await t.db.scimUser.count({ where: { userId: ids.gina } })],
    ] as const) {
      assert.equal(count, 0, `${what} removed`);
    }
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "user.anonymise", targetId: ids.gina } });
    assert.deepEqual(event.details, { ssoLinksRemoved: 1, sessionsRemoved: 1, apiTokensRemoved: 1 });
    assert.doesNotMatch(JSON.stringify(event), /gina|Leaver|203\.0\.113/i, "the event names no erased data");
    // The trail stays: the disable event is still there, about the same row.
    assert.equal(await t.db.auditEvent.count({ where: { action: "user.disable", targetId: ids.gina } }), 1);
  });

  it("once anonymised: not again, and never enabled again", async () => {
    await assert.rejects(anonymiseUser(admin(), ids.gina, t.db), { message: ALREADY_ANONYMISED });
    await assert.rejects(setUserDisabled(admin(), ids.gina, false, t.db), /cannot be enabled again/);
    // Nor given a name or a grant again: that would start to identify someone.
    await assert.rejects(
      updateUser(admin(), { id: ids.gina, name: "Gina Leaver", role: "GUEST", authorities: ["USER_READ"] }, t.db),
      /anonymised: its name, role and authorities cannot change/,
    );
    assert.equal((await t.db.user.findUniqueOrThrow({ where: { id: ids.gina } })).disabled, true);
  });
});
