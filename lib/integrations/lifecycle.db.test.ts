import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { freshDatabase, type TestDb } from "../testing/test-db";
process.env.KEYWAY_SEALING_KEY ??= randomBytes(32).toString("base64");
const { unseal } = await import("../crypto/seal");
const { NotFoundError, StaleWriteError, ValidationError } = await import("../errors");
const { integrationEditSchema, integrationSchema } = await import("./schema");
const { createIntegration, updateIntegration } = await import("./service");
const { deleteIntegration, setIntegrationEnabled } = await import("./lifecycle");
const { completeSsoSignIn, matchAccount } = await import("../auth/account-matching");

// A real ADMIN: email linking is bounded by the authorities of whoever configured the integration (issue 6).
const actor: { id: string | null; email: string } = { id: null, email: "admin@example.test" };
const ISSUER_A = "https://idp-a.example.com";
const ISSUER_B = "https://idp-b.example.com";
const fields = (registrationId: string, issuer = ISSUER_A) => ({
  provider: "custom-sso",
  registrationId,
  clientId: "client-1",
  clientSecret: "secret-one",
  authorizationUrl: `${issuer}/auth`,
  jwksUri: `${issuer}/jwks`,
  tokenUri: `${issuer}/token`,
  userInfoUri: `${issuer}/me`,
  issuer,
  clientAuthMethod: "client_secret_post",
  loginButtonText: "Sign in with Acme",
  emailDomains: `${registrationId}.example`,
});
const policy = { allowInsecureUrls: false };

describe(`integration lifecycle (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  let t: TestDb;
  const create = (id: string, extra: Record<string, unknown> = {}) =>
    createIntegration(actor, integrationSchema(policy).parse({ ...fields(id), ...extra }), { db: t.db });
  const edit = (id: string, version: number, changes: Record<string, unknown> = {}) =>
    updateIntegration(
      actor,
      integrationEditSchema(policy).parse({ ...fields(id), clientSecret: "", version, ...changes }),
      { db: t.db },
    );
  const row = (id: string) =>
    t.db.integration.findUniqueOrThrow({ where: { registrationId: id }, omit: { clientSecretSealed: false } });
  const configVersion = async () => (await t.db.configVersion.findUniqueOrThrow({ where: { id: 1 } })).version;
  const user = (email: string) => t.db.user.create({ data: { email, name: email } });
  // The match without the ids it carries for the session row.
  const decision = <T extends object>(match: T) => {
    const {
      integrationId: _integration,
      linkId: _link,
      ...rest
    } = match as T & { integrationId?: string; linkId?: string };
    return rest;
  };
  const signIn = async (id: string, issuer: string, sub: string, email: string) => {
    const identity = { sub, issuer, email, emailVerified: true };
    const match = await matchAccount(t.db, id, identity);
    if (match.ok) await completeSsoSignIn(t.db, id, identity, match);
    return decision(match);
  };

  before(async () => {
    t = await freshDatabase();
    actor.id = (await t.db.user.create({ data: { email: actor.email, name: "Admin", role: "ADMIN" } })).id;
  });
  after(() => t.close());

  it("update: an empty secret keeps it, a new one replaces it; versions bump; the audit diff never holds the secret", async () => {
    await create("edit-me");
    const v0 = await configVersion();
    const saved = await edit("edit-me", 1, { loginButtonText: "Acme SSO", emailDomains: "edit-me.example, acme.org" });
    assert.deepEqual(saved, { registrationId: "edit-me", version: 2, issuerChanged: false });
    assert.equal(unseal((await row("edit-me")).clientSecretSealed), "secret-one");
    assert.equal(await configVersion(), v0 + 1);
    await edit("edit-me", 2, {
      loginButtonText: "Acme SSO",
      emailDomains: "acme.org edit-me.example",
      clientSecret: "secret-two",
    });
    assert.equal(unseal((await row("edit-me")).clientSecretSealed), "secret-two");
    const events = await t.db.auditEvent.findMany({
      where: { action: "integration.update", targetId: "edit-me" },
      orderBy: { createdAt: "asc" },
    });
    assert.deepEqual((events[0].details as { changes: unknown }).changes, {
      loginButtonText: { from: "Sign in with Acme", to: "Acme SSO" },
      emailDomains: { from: "edit-me.example", to: "acme.org, edit-me.example" },
    });
    assert.deepEqual((events[1].details as { changes: unknown }).changes, { clientSecret: "changed" });
    assert.ok(!JSON.stringify(events).includes("secret-two") && !JSON.stringify(events).includes("secret-one"));
    assert.deepEqual(
      (await t.db.integrationDomain.findMany({ where: {}, select: { domain: true }, orderBy: { domain: "asc" } })).map(
        (d) => d.domain,
      ),
      ["acme.org", "edit-me.example"],
    );
  });

  it("update: a stale version is refused with the message and writes nothing; two concurrent saves → one wins", async () => {
    const before = await row("edit-me");
    const audits = await t.db.auditEvent.count();
    await assert.rejects(
      edit("edit-me", 1, { loginButtonText: "Overwrite" }),
      (e: unknown) =>
        e instanceof StaleWriteError &&
        e.status === 409 &&
        e.message === "This integration was changed by someone else. Reload to see the changes.",
    );
    assert.equal((await row("edit-me")).loginButtonText, before.loginButtonText);
    assert.equal(await t.db.auditEvent.count(), audits);
    const results = await Promise.allSettled([
      edit("edit-me", before.version, { loginButtonText: "First" }),
      edit("edit-me", before.version, { loginButtonText: "Second" }),
    ]);
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
    assert.ok(results.some((r) => r.status === "rejected" && r.reason instanceof StaleWriteError));
    assert.equal((await row("edit-me")).version, before.version + 1);
  });

  it("update of an unknown integration is NotFound", async () => {
    await assert.rejects(edit("nope", 1), NotFoundError);
  });

  it("issuer change: a link made under issuer A stops matching; a different person at B with the same sub cannot get in", async () => {
    // No email domains here: this test is about issuers, and its people come from several domains.
    await create("swap", { emailDomains: "" });
    const alice = await user("alice@acme.com");
    assert.equal((await signIn("swap", ISSUER_A, "sub-1", "alice@acme.com")).ok, true);
    assert.equal(await t.db.account.count({ where: { userId: alice.id, provider: "swap", issuer: ISSUER_A } }), 1);
    // Endpoint, secret, method and button changes keep links.
    await edit("swap", 1, {
      emailDomains: "",
      tokenUri: `${ISSUER_A}/token2`,
      clientSecret: "new",
      clientAuthMethod: "client_secret_basic",
      loginButtonText: "X",
    });
    assert.deepEqual(await signIn("swap", ISSUER_A, "sub-1", "renamed@elsewhere.com"), {
      ok: true,
      userId: alice.id,
      email: "alice@acme.com",
      name: "alice@acme.com",
      linked: false,
    });

    const saved = await edit("swap", 2, { emailDomains: "", issuer: ISSUER_B });
    assert.equal(saved.issuerChanged, true);
    // Mallory at B has Alice's old sub but her own email: she is not Alice, and Keyway does not know her.
    assert.deepEqual(await signIn("swap", ISSUER_B, "sub-1", "mallory@evil.example"), {
      ok: false,
      code: "NO_ACCOUNT",
      email: "mallory@evil.example",
    });
    assert.equal(await t.db.account.count({ where: { provider: "swap", issuer: ISSUER_B } }), 0);
    // Alice re-links by her verified email at B.
    const again = await signIn("swap", ISSUER_B, "alice-at-b", "alice@acme.com");
    assert.deepEqual(again, {
      ok: true,
      userId: alice.id,
      email: "alice@acme.com",
      name: "alice@acme.com",
      linked: true,
    });
  });

  it("disable/enable: state, versions and audit; unknown is NotFound", async () => {
    await create("toggle");
    const v0 = await configVersion();
    await setIntegrationEnabled(actor, "toggle", false, t.db);
    assert.equal((await row("toggle")).enabled, false);
    assert.equal((await row("toggle")).version, 2);
    assert.equal(await configVersion(), v0 + 1);
    await setIntegrationEnabled(actor, "toggle", true, t.db);
    assert.equal((await row("toggle")).enabled, true);
    const actions = (
      await t.db.auditEvent.findMany({ where: { targetId: "toggle" }, orderBy: { createdAt: "asc" } })
    ).map((e) => e.action);
    assert.deepEqual(actions, ["integration.create", "integration.disable", "integration.enable"]);
    await assert.rejects(setIntegrationEnabled(actor, "nope", false, t.db), NotFoundError);
  });

  it("delete: needs the typed Registration ID; removes links (all issuers) and domains, keeps users; a recreated ID starts with no links", async () => {
    await create("doomed");
    const bob = await user("bob@acme.net");
    await t.db.account.create({
      data: { userId: bob.id, provider: "doomed", issuer: ISSUER_A, providerAccountId: "b1" },
    });
    await t.db.account.create({
      data: { userId: bob.id, provider: "doomed", issuer: "https://old.example", providerAccountId: "b0" },
    });
    await assert.rejects(
      deleteIntegration(actor, "doomed", "doome", t.db),
      (e: unknown) => e instanceof ValidationError && !!e.fieldErrors?.confirmation,
    );
    assert.equal(await t.db.integration.count({ where: { registrationId: "doomed" } }), 1);

    const deleted = await deleteIntegration(actor, "doomed", "doomed", t.db);
    assert.deepEqual(deleted, { registrationId: "doomed", linksRemoved: 2 });
    assert.equal(await t.db.integration.count({ where: { registrationId: "doomed" } }), 0);
    assert.equal(await t.db.account.count({ where: { provider: "doomed" } }), 0);
    assert.equal(await t.db.user.count({ where: { id: bob.id } }), 1);
    const event = await t.db.auditEvent.findFirstOrThrow({
      where: { action: "integration.delete", targetId: "doomed" },
    });
    assert.equal((event.details as { linksRemoved: number }).linksRemoved, 2);

    await createIntegration(actor, integrationSchema(policy).parse({ ...fields("doomed"), emailDomains: "" }), {
      db: t.db,
    });
    assert.equal(await t.db.account.count({ where: { provider: "doomed" } }), 0);
    // The old identity does not match the new integration's links: Bob must re-link by email like anyone new.
    assert.deepEqual(
      decision(
        await matchAccount(t.db, "doomed", { sub: "b1", issuer: ISSUER_A, email: "bob@acme.net", emailVerified: true }),
      ),
      {
        ok: true,
        userId: bob.id,
        email: "bob@acme.net",
        name: "bob@acme.net",
        linked: true,
      },
    );
    await assert.rejects(deleteIntegration(actor, "gone", "gone", t.db), NotFoundError);
  });
});
