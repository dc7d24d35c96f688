// private_key_jwt keys: generated on save, rotated (next published before use, promoted, previous removed), audited;
// the JWKS route publishes public keys only; the client assertion verifies against it with kid and x5t.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, describe, it } from "node:test";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { customSsoInput, freshDatabase, type TestDb } from "../../testing/test-db";

process.env.KEYWAY_SEALING_KEY ??= randomBytes(32).toString("base64");
const t: TestDb = await freshDatabase();
// The route and the assertion use the shared client: point it at this test database before they are imported.
process.env.DATABASE_URL = t.url;
const { ConflictError, ValidationError } = await import("../../errors");
const { integrationCreateSchema, integrationEditSchema } = await import("../schema");
const { createIntegration, updateIntegration } = await import("../service");
const keys = await import("./keys");
const { clientAssertionParams, CLIENT_ASSERTION_TYPE } = await import("./assertion");
const { GET } = await import("../../../app/api/integrations/[registrationId]/jwks/route");

const actor = { id: null, email: "admin@example.test" };
const policy = { allowInsecureUrls: false };
const ISSUER = "https://idp.example.com";
const input = (id: string, extra: Record<string, unknown> = {}) => ({
  ...customSsoInput(id, ISSUER, "Keyed"),
  clientSecret: "",
  clientAuthMethod: "private_key_jwt",
  ...extra,
});
const create = (id: string, extra: Record<string, unknown> = {}) =>
  createIntegration(actor, integrationCreateSchema(policy).parse(input(id, extra)), { db: t.db });
const jwks = async (id: string) => {
  const res = await GET(new Request(`http://k/api/integrations/${id}/jwks`), {
    params: Promise.resolve({ registrationId: id }),
  });
  return { status: res.status, text: await res.text(), cache: res.headers.get("cache-control") };
};
const kids = async (id: string) => JSON.parse((await jwks(id)).text).keys.map((k: { kid: string }) => k.kid);
const actions = async (id: string) =>
  (await t.db.auditEvent.findMany({ where: { targetId: id }, orderBy: { createdAt: "asc" } })).map((e) => e.action);

describe(`private_key_jwt keys (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  after(() => t.close());

  it("a Client Secret is required for Post and Basic only", async () => {
    const refused = integrationCreateSchema(policy).safeParse(
      input("post-sso", { clientAuthMethod: "client_secret_post" }),
    );
    assert.equal(refused.success, false);
    assert.deepEqual(
      refused.error?.issues.map((i) => i.path.join(".")),
      ["clientSecret"],
    );
    // The service refuses it too, whatever schema the caller parsed with (API, config apply).
    const { integrationSchema } = await import("../schema");
    const parsed = integrationSchema(policy).parse(input("post-sso", { clientAuthMethod: "client_secret_post" }));
    await assert.rejects(createIntegration(actor, parsed, { db: t.db }), ValidationError);
  });

  it("saving with Private key JWT generates one signing key, sealed, audited; the JWKS publishes its public part", async () => {
    await create("key-sso");
    const rows = await t.db.integrationSecret.findMany({
      where: { kind: "client_key" },
      omit: { secretSealed: false },
    });
    assert.deepEqual(
      rows.map((r) => r.slot),
      ["current"],
    );
    assert.ok(rows[0]!.secretSealed && !rows[0]!.secretSealed.includes("PRIVATE KEY"), "the private key is sealed");
    assert.ok(rows[0]!.certificatePem?.startsWith("-----BEGIN CERTIFICATE-----"));
    assert.ok((await actions("key-sso")).includes("integration.client_key_generate"));
    const answer = await jwks("key-sso");
    assert.equal(answer.status, 200);
    assert.match(answer.cache ?? "", /max-age=\d+/);
    const [jwk] = JSON.parse(answer.text).keys;
    assert.equal(jwk.use, "sig");
    assert.equal(jwk.alg, "RS256");
    assert.equal(jwk["x5t#S256"], jwk.kid);
    assert.match(jwk.x5t, /^[A-Za-z0-9_-]{27}$/);
    assert.equal(jwk.x5c.length, 1);
    for (const privatePart of ["d", "p", "q", "dp", "dq", "qi"]) assert.equal(jwk[privatePart], undefined);
  });

  it("the JWKS route answers 404 for an unknown integration and for one using a secret", async () => {
    assert.equal((await jwks("no-such")).status, 404);
    await createIntegration(
      actor,
      integrationCreateSchema(policy).parse(
        input("secret-sso", { clientAuthMethod: "client_secret_basic", clientSecret: "s" }),
      ),
      { db: t.db },
    );
    assert.equal((await jwks("secret-sso")).status, 404);
  });

  it("the client assertion is signed by the current key and names it by kid, x5t and x5t#S256", async () => {
    const params = await clientAssertionParams({
      registrationId: "key-sso",
      clientId: "client-1",
      audience: `${ISSUER}/token`,
    });
    assert.equal(params.client_assertion_type, CLIENT_ASSERTION_TYPE);
    assert.equal(params.client_id, "client-1");
    const published = JSON.parse((await jwks("key-sso")).text);
    const { payload, protectedHeader } = await jwtVerify(params.client_assertion, createLocalJWKSet(published), {
      issuer: "client-1",
      subject: "client-1",
      audience: `${ISSUER}/token`,
      algorithms: ["RS256"],
    });
    assert.equal(protectedHeader.kid, published.keys[0].kid);
    assert.equal(protectedHeader.x5t, published.keys[0].x5t);
    assert.equal(protectedHeader["x5t#S256"], published.keys[0]["x5t#S256"]);
    assert.equal(payload.exp! - payload.iat!, 60);
    assert.ok(typeof payload.jti === "string" && payload.jti.length >= 16);
    const again = await clientAssertionParams({ registrationId: "key-sso", clientId: "client-1", audience: "x" });
    assert.notEqual(decodeProtectedHeader(again.client_assertion).kid, undefined);
  });

  it("rotation: the next key is published before it signs; promotion keeps the old one published until removed", async () => {
    const [first] = await kids("key-sso");
    const { kid: next } = await keys.addNextClientKey(actor, "key-sso", t.db);
    assert.deepEqual(await kids("key-sso"), [first, next]);
    await assert.rejects(keys.addNextClientKey(actor, "key-sso", t.db), ConflictError);
    const before = await clientAssertionParams({ registrationId: "key-sso", clientId: "c", audience: "a" });
    assert.equal(decodeProtectedHeader(before.client_assertion).kid, first, "the next key does not sign yet");
    await keys.promoteNextClientKey(actor, "key-sso", t.db);
    assert.deepEqual(await kids("key-sso"), [next, first]);
    const after = await clientAssertionParams({ registrationId: "key-sso", clientId: "c", audience: "a" });
    assert.equal(decodeProtectedHeader(after.client_assertion).kid, next);
    await assert.rejects(keys.promoteNextClientKey(actor, "key-sso", t.db), ConflictError);
    await keys.removePreviousClientKey(actor, "key-sso", t.db);
    assert.deepEqual(await kids("key-sso"), [next]);
    await assert.rejects(keys.removePreviousClientKey(actor, "key-sso", t.db), ConflictError);
    const audited = await actions("key-sso");
    for (const action of ["client_key_add_next", "client_key_promote", "client_key_remove_previous"])
      assert.ok(audited.includes(`integration.${action}`), action);
    await assert.rejects(keys.addNextClientKey(actor, "secret-sso", t.db), ConflictError);
  });

  it("an integration switched to Private key JWT gets a key; back to a secret method, it needs a secret typed", async () => {
    const edit = (id: string, version: number, extra: Record<string, unknown>) =>
      updateIntegration(actor, integrationEditSchema(policy).parse({ ...input(id), version, ...extra }), { db: t.db });
    const { version } = await edit("secret-sso", 1, {});
    assert.equal((await kids("secret-sso")).length, 1);
    await assert.rejects(edit("secret-sso", version, { clientAuthMethod: "client_secret_post" }), ValidationError);
    await edit("secret-sso", version, { clientAuthMethod: "client_secret_post", clientSecret: "new-secret" });
    assert.equal((await jwks("secret-sso")).status, 404);
  });

  it("under Private key JWT a Token URI on a new origin drops the saved secret (never sent there later)", async () => {
    const { unseal } = await import("../../crypto/seal");
    const sealed = async () =>
      unseal(
        (
          await t.db.integration.findUniqueOrThrow({
            where: { registrationId: "secret-sso" },
            omit: { clientSecretSealed: false },
          })
        ).clientSecretSealed,
      );
    const version = (await t.db.integration.findUniqueOrThrow({ where: { registrationId: "secret-sso" } })).version;
    await updateIntegration(actor, integrationEditSchema(policy).parse({ ...input("secret-sso"), version }), {
      db: t.db,
    });
    assert.equal(await sealed(), "new-secret", "same origin: the saved secret is kept");
    await updateIntegration(
      actor,
      integrationEditSchema(policy).parse({
        ...input("secret-sso"),
        version: version + 1,
        tokenUri: "https://other.example.com/token",
      }),
      { db: t.db },
    );
    assert.equal(await sealed(), "");
  });
});
