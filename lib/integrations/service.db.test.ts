import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { startIdp, type RunningIdp } from "../../tools/test-idp/server";
import { freshDatabase, type TestDb } from "../testing/test-db";
process.env.KEYWAY_SEALING_KEY ??= randomBytes(32).toString("base64");
const { unseal } = await import("../crypto/seal");
const { ConflictError, ValidationError } = await import("../errors");
const { integrationSchema } = await import("./schema");
const { createIntegration } = await import("./service");

const SECRET = "super-secret-client-value-42";
const actor = { id: null, email: "admin@example.test" };

describe(`createIntegration (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  let t: TestDb;
  let idp: RunningIdp;
  const input = (registrationId: string, issuer = "") =>
    integrationSchema({ allowInsecureUrls: false }).parse({
      provider: "custom-sso",
      registrationId,
      clientId: "client-1",
      clientSecret: SECRET,
      authorizationUrl: idp.authorizationUrl,
      jwksUri: idp.jwksUri,
      tokenUri: idp.tokenUrl,
      userInfoUri: idp.userinfoUrl,
      issuer,
      clientAuthMethod: "client_secret_basic",
      loginButtonText: "Sign in with Acme",
    });

  before(async () => {
    t = await freshDatabase();
    idp = await startIdp({ port: 0, clients: [] });
  });
  after(async () => {
    await idp.close();
    await t.close();
  });

  it("seals the secret, learns the issuer by discovery, audits without the secret, bumps the version", async () => {
    const created = await createIntegration(actor, input("acme"), { db: t.db });
    assert.equal(created.issuer, idp.issuer);
    const row = await t.db.integration.findUniqueOrThrow({
      where: { registrationId: "acme" },
      omit: { clientSecretSealed: false },
    });
    assert.ok(!row.clientSecretSealed.includes(SECRET));
    assert.equal(unseal(row.clientSecretSealed), SECRET);
    assert.equal(row.clientAuthMethod, "client_secret_basic");
    const defaultRead = await t.db.integration.findUniqueOrThrow({ where: { registrationId: "acme" } });
    assert.equal("clientSecretSealed" in defaultRead, false, "the sealed secret is omitted unless asked for");
    const events = await t.db.auditEvent.findMany({ where: { action: "integration.create" } });
    assert.equal(events.length, 1);
    assert.equal(events[0].actorEmail, "admin@example.test");
    const details = JSON.stringify(events[0].details);
    assert.ok(!details.includes(SECRET));
    assert.match(details, /"clientSecret":"\[redacted\]"/);
    assert.equal((await t.db.configVersion.findUniqueOrThrow({ where: { id: 1 } })).version, 1);
  });

  it("refuses a duplicate Registration ID with a field error and writes nothing", async () => {
    await assert.rejects(
      createIntegration(actor, input("acme", idp.issuer), { db: t.db }),
      (e: unknown) => e instanceof ConflictError && /already in use/.test(e.fieldErrors!.registrationId),
    );
    assert.equal(await t.db.integration.count(), 1);
    assert.equal(await t.db.auditEvent.count(), 1);
  });

  it("two admins creating the same Registration ID at once: exactly one wins, the other gets 'already in use'", async () => {
    const results = await Promise.allSettled([
      createIntegration(actor, input("race", idp.issuer), { db: t.db }),
      createIntegration(actor, input("race", idp.issuer), { db: t.db }),
    ]);
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    assert.ok(rejected.reason instanceof ConflictError, String(rejected.reason));
    assert.equal(await t.db.integration.count({ where: { registrationId: "race" } }), 1);
    assert.equal(await t.db.auditEvent.count({ where: { action: "integration.create" } }), 2);
  });

  it("asks for the Issuer when discovery finds nothing, and writes nothing", async () => {
    const bad = { ...input("nodisc"), authorizationUrl: "http://127.0.0.1:9/auth" };
    await assert.rejects(
      createIntegration(actor, bad, { db: t.db }),
      (e: unknown) => e instanceof ValidationError && /Enter the Issuer/.test(e.fieldErrors!.issuer),
    );
    assert.equal(await t.db.integration.count({ where: { registrationId: "nodisc" } }), 0);
  });

  it("stores Email domains and the two switches; a domain belongs to one integration, also under a race", async () => {
    const created = await createIntegration(
      actor,
      {
        ...input("dom-a", idp.issuer),
        emailDomains: ["acme.com", "acme.io"],
        trustEmailAddresses: true,
        showOnSignInScreen: false,
      },
      { db: t.db },
    );
    const row = await t.db.integration.findUniqueOrThrow({
      where: { id: created.id },
      select: {
        trustEmailAddresses: true,
        showOnSignInScreen: true,
        emailDomains: { select: { domain: true }, orderBy: { domain: "asc" } },
      },
    });
    assert.deepEqual(row, {
      trustEmailAddresses: true,
      showOnSignInScreen: false,
      emailDomains: [{ domain: "acme.com" }, { domain: "acme.io" }],
    });
    const defaults = await t.db.integration.findUniqueOrThrow({
      where: { registrationId: "acme" },
      select: { trustEmailAddresses: true, showOnSignInScreen: true },
    });
    assert.deepEqual(defaults, { trustEmailAddresses: false, showOnSignInScreen: true }, "off / on by default");

    const audits = await t.db.auditEvent.count();
    await assert.rejects(
      createIntegration(actor, { ...input("dom-b", idp.issuer), emailDomains: ["other.org", "acme.io"] }, { db: t.db }),
      (e: unknown) =>
        e instanceof ConflictError &&
        e.fieldErrors!.emailDomains === "The domain acme.io is already used by the integration dom-a.",
    );
    assert.equal(await t.db.integration.count({ where: { registrationId: "dom-b" } }), 0, "nothing half-written");
    assert.equal(await t.db.integrationDomain.count({ where: { domain: "other.org" } }), 0);
    assert.equal(await t.db.auditEvent.count(), audits);

    const race = await Promise.allSettled(
      ["race-1", "race-2", "race-3"].map((id) =>
        createIntegration(actor, { ...input(id, idp.issuer), emailDomains: ["contested.net"] }, { db: t.db }),
      ),
    );
    assert.equal(race.filter((r) => r.status === "fulfilled").length, 1);
    for (const r of race.filter((r) => r.status === "rejected") as PromiseRejectedResult[]) {
      assert.ok(
        r.reason instanceof ConflictError && /contested\.net is already used/.test(r.reason.fieldErrors!.emailDomains),
        String(r.reason),
      );
    }
    assert.equal(
      await t.db.integration.count({ where: { registrationId: { in: ["race-1", "race-2", "race-3"] } } }),
      1,
    );
  });
});
