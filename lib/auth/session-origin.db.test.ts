// Sessions end with what they were opened through: removing the link, disabling or deleting the integration, or
// changing its issuer ends every session an SSO sign-in opened through it, in the change's own transaction; other
// sessions stay. The row decides on every request (isSessionActive), so every instance sees it at once.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { customSsoInput, freshDatabase, type TestDb } from "../testing/test-db";

process.env.KEYWAY_SEALING_KEY ??= randomBytes(32).toString("base64");
const { integrationEditSchema, integrationSchema } = await import("../integrations/schema");
const { createIntegration, updateIntegration } = await import("../integrations/service");
const { deleteIntegration, setIntegrationEnabled } = await import("../integrations/lifecycle");
const { removeSsoLink } = await import("../users/sso-links");
const { completeSsoSignIn, matchAccount } = await import("./account-matching");
const { createSession, isSessionActive } = await import("./sessions");

const ISS = "https://idp.zone.test";
const policy = { allowInsecureUrls: false };
const fields = customSsoInput("zone", ISS, "Zone");

describe(`sessions and what they were opened through (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  let t: TestDb;
  let admin: { id: string; email: string };
  let sue = "";
  let other = "";
  let issuer = ISS;

  before(async () => {
    t = await freshDatabase();
    const row = await t.db.user.create({ data: { email: "admin@zone.test", name: "Admin", role: "ADMIN" } });
    admin = { id: row.id, email: row.email };
    sue = (await t.db.user.create({ data: { email: "sue@zone.test", name: "Sue" } })).id;
    other = (await t.db.user.create({ data: { email: "ola@zone.test", name: "Ola" } })).id;
    await createIntegration(admin, integrationSchema(policy).parse(fields), { db: t.db });
    await createIntegration(admin, integrationSchema(policy).parse({ ...fields, registrationId: "elsewhere" }), {
      db: t.db,
    });
  });
  after(() => t.close());

  async function ssoSession(registrationId = "zone", sub = "sue", email = "sue@zone.test") {
    const identity = { sub, issuer: registrationId === "zone" ? issuer : ISS, email, emailVerified: true };
    const match = await matchAccount(t.db, registrationId, identity);
    assert.ok(match.ok, JSON.stringify(match));
    const { sessionId: sid } = await completeSsoSignIn(t.db, registrationId, identity, match);
    return { sid, userId: match.userId };
  }
  const active = (s: { sid: string; userId: string }) => isSessionActive(t.db, s.sid, s.userId);
  const version = async () => (await t.db.integration.findUniqueOrThrow({ where: { registrationId: "zone" } })).version;

  it("an SSO session records its integration and link; a password session records neither", async () => {
    const s = await ssoSession();
    const row = await t.db.session.findUniqueOrThrow({ where: { id: s.sid } });
    const link = await t.db.account.findFirstOrThrow({ where: { userId: sue, provider: "zone" } });
    const integration = await t.db.integration.findUniqueOrThrow({ where: { registrationId: "zone" } });
    assert.deepEqual(
      { integrationId: row.integrationId, accountId: row.accountId },
      { integrationId: integration.id, accountId: link.id },
    );
    const password = await createSession(t.db, sue);
    assert.deepEqual(
      await t.db.session.findUniqueOrThrow({
        where: { id: password },
        select: { integrationId: true, accountId: true },
      }),
      { integrationId: null, accountId: null },
    );
  });

  it("removing the link ends the sessions opened through it, not the user's others; audited with the count", async () => {
    const viaLink = await ssoSession();
    const viaOther = await ssoSession("elsewhere");
    const password = { sid: await createSession(t.db, sue), userId: sue };
    const link = await t.db.account.findFirstOrThrow({ where: { userId: sue, provider: "zone" } });
    await removeSsoLink(admin, sue, link.id, t.db);
    assert.equal(await active(viaLink), false);
    assert.equal(await active(viaOther), true, "a session through another integration stays");
    assert.equal(await active(password), true, "a password session stays");
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "user.sso_link_remove", targetId: sue } });
    assert.equal((event.details as { sessionsEnded: number }).sessionsEnded, 2, "both sessions opened via the link");
  });

  it("disabling the integration ends its sessions (everyone's); enabling revives none", async () => {
    const a = await ssoSession();
    const b = await ssoSession("zone", "ola", "ola@zone.test");
    const viaOther = await ssoSession("elsewhere");
    await setIntegrationEnabled(admin, "zone", false, t.db);
    assert.deepEqual([await active(a), await active(b), await active(viaOther)], [false, false, true]);
    await setIntegrationEnabled(admin, "zone", true, t.db);
    assert.equal(await active(a), false);
    assert.equal(b.userId, other);
  });

  it("changing the issuer ends the sessions opened under the old one; other edits do not", async () => {
    const s = await ssoSession();
    const edit = (changes: Record<string, unknown>) =>
      updateIntegration(
        admin,
        integrationEditSchema(policy).parse({ ...fields, clientSecret: "", issuer, ...changes }),
        { db: t.db },
      );
    await edit({ loginButtonText: "Zone SSO", version: await version() });
    assert.equal(await active(s), true, "a cosmetic edit keeps sessions");
    await edit({ issuer: "https://idp.zone-b.test", version: await version() });
    issuer = "https://idp.zone-b.test";
    assert.equal(await active(s), false);
    const event = await t.db.auditEvent.findFirstOrThrow({
      where: { action: "integration.update", targetId: "zone" },
      orderBy: { createdAt: "desc" },
    });
    assert.equal((event.details as { sessionsEnded: number }).sessionsEnded, 1);
  });

  it("deleting the integration ends its sessions", async () => {
    const s = await ssoSession();
    const viaOther = await ssoSession("elsewhere");
    await deleteIntegration(admin, "zone", "zone", t.db);
    assert.equal(await active(s), false);
    assert.equal(await active(viaOther), true);
  });
});
