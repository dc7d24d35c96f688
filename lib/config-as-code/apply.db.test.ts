// Apply on a real database (SQLite and PostgreSQL): one transaction or nothing, 409 when the configuration changed
// since the plan, prune, the last way in, one audit event for the change set, and the round trip into an empty
// Keyway (export → apply → export gives the same document).
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { CLAIM_SETTINGS_DEFAULTS } from "../integrations/claims";
import { freshDatabase, type TestDb } from "../testing/test-db";

process.env.KEYWAY_SEALING_KEY ??= randomBytes(32).toString("base64");
const t: TestDb = await freshDatabase();
const empty: TestDb = await freshDatabase();
const { applyConfigChanges, exportConfig, planConfigChanges } = await import("./apply");
const { configDocumentSchema } = await import("./document");
const { createIntegration, updateIntegration } = await import("../integrations/service");
const { hashPassword } = await import("../users/password");

const integration = (registrationId: string, extra: Record<string, unknown> = {}) => ({
  provider: "custom-sso" as const,
  registrationId,
  clientId: `${registrationId}-client`,
  clientSecret: `${registrationId}-secret`,
  authorizationUrl: `https://${registrationId}.idp.test/auth`,
  jwksUri: `https://${registrationId}.idp.test/jwks`,
  tokenUri: `https://${registrationId}.idp.test/token`,
  userInfoUri: `https://${registrationId}.idp.test/me`,
  issuer: `https://${registrationId}.idp.test`,
  clientAuthMethod: "client_secret_post" as const,
  loginButtonText: registrationId,
  emailDomains: [] as string[],
  trustEmailAddresses: false,
  showOnSignInScreen: true,
  ...CLAIM_SETTINGS_DEFAULTS,
  endSessionUri: "",
  rpInitiatedLogout: false,
  ...extra,
});
type Doc = Record<string, unknown> & { integrations: Record<string, unknown>[]; signInPolicy?: unknown };
const clone = (doc: object) => structuredClone(doc) as Doc;
/** What the route does with a request body before plan or apply see it. */
const parse = (doc: object) => configDocumentSchema({ allowInsecureUrls: false }).parse(doc);
const withSecrets = (doc: object) => {
  const copy = clone(doc);
  for (const i of copy.integrations) i.clientSecret = `${i.registrationId}-secret`;
  return copy;
};
const code = (expected: string) => (e: unknown) => (e as { code?: string }).code === expected;

/** Every row a change could touch, so "nothing written" is checked, not assumed. */
async function fingerprint(db: TestDb["db"]) {
  return JSON.stringify([
    await db.integration.findMany({ orderBy: { registrationId: "asc" }, omit: { clientSecretSealed: false } }),
    await db.integrationDomain.findMany({ orderBy: { domain: "asc" } }),
    await db.account.count(),
    await db.auditEvent.count(),
    await db.configVersion.findMany(),
    await db.signInPolicy.findMany(),
    await db.breakGlassAccount.findMany(),
  ]);
}

describe(`config apply (${t.flavour})`, () => {
  const ids: Record<string, string> = {};
  const actor = () => ({ id: ids.admin, email: "admin@corp.test", via: "token ci" });
  before(async () => {
    const passwordHash = await hashPassword("a long password 1");
    ids.admin = (
      await t.db.user.create({ data: { email: "admin@corp.test", name: "Admin", role: "ADMIN", passwordHash } })
    ).id;
    ids.sso = (await t.db.user.create({ data: { email: "sso@corp.test", name: "SSO Admin", role: "ADMIN" } })).id;
    ids.other = (await t.db.user.create({ data: { email: "other@corp.test", name: "Other", role: "ADMIN" } })).id;
    for (const db of [t.db, empty.db])
      await db.user.upsert({
        where: { email: "admin@corp.test" },
        create: { email: "admin@corp.test", name: "Admin", role: "ADMIN", passwordHash },
        update: {},
      });
    await createIntegration(
      { id: ids.other, email: "other@corp.test" },
      integration("acme", { emailDomains: ["acme.test"] }),
      { db: t.db },
    );
    await createIntegration({ id: ids.other, email: "other@corp.test" }, integration("beta"), { db: t.db });
  });
  after(async () => {
    await t.close();
    await empty.close();
  });

  it("plan writes nothing and lists the changes; apply makes them in one transaction with one audit event", async () => {
    const { document } = await exportConfig({ db: t.db });
    const desired = withSecrets(document);
    desired.integrations[0].loginButtonText = "Acme Corp";
    desired.integrations.push(integration("gamma", { enabled: false, emailDomains: ["gamma.test"] }));
    desired.signInPolicy = { requireSso: false, breakGlassAccounts: ["admin@corp.test"] };
    const before = await fingerprint(t.db);
    const plan = await planConfigChanges(actor(), parse(desired), { db: t.db });
    assert.equal(await fingerprint(t.db), before, "plan wrote nothing");
    assert.deepEqual(
      plan.changes.map((c) => [c.target, c.action, c.registrationId ?? null]),
      [
        ["integration", "update", "acme"],
        ["integration", "create", "gamma"],
        ["signInPolicy", "update", null],
      ],
    );
    const applied = await applyConfigChanges(actor(), parse(desired), plan.configVersion, { db: t.db });
    assert.equal(applied.configVersion, plan.configVersion + 1);
    const events = await t.db.auditEvent.findMany({ where: { action: "config.apply" } });
    assert.equal(events.length, 1, "one audit event for the change set");
    assert.equal(events[0].actorVia, "token ci");
    assert.deepEqual(
      (events[0].details as { changes: { action: string }[] }).changes.map((c) => c.action),
      ["update", "create", "update"],
    );
    assert.equal(JSON.stringify(events[0].details).includes("gamma-secret"), false, "no secret in the audit log");
    const gamma = await t.db.integration.findUniqueOrThrow({ where: { registrationId: "gamma" } });
    assert.equal(gamma.enabled, false);
    assert.equal(gamma.identityConfiguredById, ids.admin, "the applier configures what they created");
    const acme = await t.db.integration.findUniqueOrThrow({ where: { registrationId: "acme" } });
    assert.equal(acme.identityConfiguredById, ids.other, "a button text is not an identity change");
    const again = await planConfigChanges(actor(), parse(withSecrets((await exportConfig({ db: t.db })).document)), {
      db: t.db,
    });
    assert.deepEqual(again.changes, [], "export after apply plans nothing");
  });

  it("identity changes make the applier the configurer; an unchanged secret is not a change", async () => {
    const { document, configVersion } = await exportConfig({ db: t.db });
    const desired = withSecrets(document);
    const beta = desired.integrations.find((i) => i.registrationId === "beta")!;
    beta.tokenUri = "https://beta.idp.test/oauth/token";
    const plan = await planConfigChanges(actor(), parse(desired), { db: t.db });
    assert.deepEqual(plan.changes[0].fields, {
      tokenUri: { from: "https://beta.idp.test/token", to: "https://beta.idp.test/oauth/token" },
    });
    await applyConfigChanges(actor(), parse(desired), configVersion, { db: t.db });
    assert.equal(
      (await t.db.integration.findUniqueOrThrow({ where: { registrationId: "beta" } })).identityConfiguredById,
      ids.admin,
    );
  });

  it("409 when the configuration changed since the plan, and nothing is written", async () => {
    const { document, configVersion } = await exportConfig({ db: t.db });
    const desired = withSecrets(document);
    desired.integrations[0].loginButtonText = "From the pipeline";
    const current = await t.db.integration.findUniqueOrThrow({ where: { registrationId: "beta" } });
    await updateIntegration(
      { id: ids.other, email: "other@corp.test" },
      {
        ...integration("beta"),
        tokenUri: current.tokenUri,
        loginButtonText: "From the console",
        clientSecret: "",
        version: current.version,
      },
      { db: t.db },
    );
    const before = await fingerprint(t.db);
    await assert.rejects(
      applyConfigChanges(actor(), parse(desired), configVersion, { db: t.db }),
      code("STALE_CONFIG"),
    );
    assert.equal(await fingerprint(t.db), before);
  });

  it("prune deletes integrations missing from the document; without it they are kept and listed", async () => {
    const { document, configVersion } = await exportConfig({ db: t.db });
    const desired = withSecrets(document);
    desired.integrations = desired.integrations.filter((i) => i.registrationId !== "gamma");
    const kept = await planConfigChanges(actor(), parse(desired), { db: t.db });
    assert.deepEqual([kept.changes, kept.unmanaged], [[], ["gamma"]]);
    const pruned = await applyConfigChanges(actor(), parse({ ...desired, prune: true }), configVersion, { db: t.db });
    assert.deepEqual(
      pruned.changes.map((c) => [c.action, c.registrationId]),
      [["delete", "gamma"]],
    );
    assert.equal(await t.db.integration.count({ where: { registrationId: "gamma" } }), 0);
    assert.equal(await t.db.integrationDomain.count({ where: { domain: "gamma.test" } }), 0);
  });

  it("can never remove the last way in: refused with a clear message, and nothing of the change set is written", async () => {
    // Nobody who manages integrations has a password any more; the SSO admin gets in through acme only.
    await t.db.user.update({ where: { id: ids.admin }, data: { passwordHash: null } });
    await t.db.breakGlassAccount.deleteMany();
    const acme = await t.db.integration.findUniqueOrThrow({ where: { registrationId: "acme" } });
    await t.db.account.create({
      data: { userId: ids.sso, provider: "acme", issuer: acme.issuer, providerAccountId: "sso-sub" },
    });
    const { document, configVersion } = await exportConfig({ db: t.db });
    const desired = withSecrets(document);
    desired.integrations.push(integration("delta"));
    const before = await fingerprint(t.db);
    for (const change of [
      (d: typeof desired) => ({
        ...d,
        prune: true,
        integrations: d.integrations.filter((i) => i.registrationId !== "acme"),
      }),
      (d: typeof desired) => ({
        ...d,
        integrations: d.integrations.map((i) => (i.registrationId === "acme" ? { ...i, enabled: false } : i)),
      }),
      (d: typeof desired) => ({
        ...d,
        integrations: d.integrations.map((i) =>
          i.registrationId === "acme" ? { ...i, issuer: "https://elsewhere.test" } : i,
        ),
      }),
    ]) {
      await assert.rejects(
        applyConfigChanges(actor(), parse(change(desired)), configVersion, { db: t.db }),
        (e: Error & { code?: string }) => e.code === "LAST_WAY_IN" && /no way in/.test(e.message),
      );
      await assert.rejects(planConfigChanges(actor(), parse(change(desired)), { db: t.db }), code("LAST_WAY_IN"));
    }
    assert.equal(await fingerprint(t.db), before, "delta was not created either: one transaction or nothing");
    await applyConfigChanges(actor(), parse(desired), configVersion, { db: t.db });
    assert.equal(await t.db.integration.count({ where: { registrationId: "delta" } }), 1);
  });

  it("422 with every problem: unknown break-glass accounts, secrets a new integration lacks", async () => {
    const { document, configVersion } = await exportConfig({ db: t.db });
    const desired = withSecrets(document);
    desired.integrations.push(integration("epsilon", { clientSecret: { fromEnv: "EPSILON_CLIENT_SECRET" } }));
    desired.signInPolicy = { requireSso: true, breakGlassAccounts: ["nobody@corp.test"] };
    const before = await fingerprint(t.db);
    await assert.rejects(
      applyConfigChanges(actor(), parse(desired), configVersion, { db: t.db }),
      (e: Error & { code?: string; fieldErrors?: Record<string, string> }) =>
        e.code === "INVALID_DOCUMENT" &&
        /EPSILON_CLIENT_SECRET/.test(
          e.fieldErrors?.[`integrations[${desired.integrations.length - 1}].clientSecret`] ?? "",
        ) &&
        /active user with a password/.test(e.fieldErrors?.["signInPolicy.breakGlassAccounts[0]"] ?? "") &&
        !!e.fieldErrors?.["signInPolicy.requireSso"],
    );
    assert.equal(await fingerprint(t.db), before);
  });

  it("round trip: export → apply to an empty Keyway → export gives the same document", async () => {
    await t.db.user.update({
      where: { id: ids.admin },
      data: { passwordHash: await hashPassword("a long password 1") },
    });
    const source = await exportConfig({ db: t.db });
    const target = await exportConfig({ db: empty.db });
    assert.deepEqual(target.document.integrations, []);
    const emptyAdmin = await empty.db.user.findUniqueOrThrow({ where: { email: "admin@corp.test" } });
    await applyConfigChanges(
      { id: emptyAdmin.id, email: emptyAdmin.email },
      parse(withSecrets(source.document)),
      target.configVersion,
      { db: empty.db },
    );
    assert.deepEqual((await exportConfig({ db: empty.db })).document, source.document);
  });
});
