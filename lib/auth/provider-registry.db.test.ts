import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { freshDatabase, type TestDb } from "../testing/test-db";

// The registry reads through the app's own client (lib/db.ts), so point it at a fresh database first.
const t: TestDb = await freshDatabase();
process.env.DATABASE_URL = t.url;
process.env.KEYWAY_SEALING_KEY ??= randomBytes(32).toString("base64");
const { registryStats, ssoProvider, ssoProviders } = await import("./provider-registry");
const { createIntegration } = await import("../integrations/service");
const { integrationSchema } = await import("../integrations/schema");
const { db } = await import("../db");

const input = (registrationId: string) =>
  integrationSchema({ allowInsecureUrls: true }).parse({
    provider: "custom-sso",
    registrationId,
    clientId: `client-${registrationId}`,
    clientSecret: `secret-${registrationId}`,
    authorizationUrl: "https://idp.example.com/auth",
    jwksUri: "https://idp.example.com/jwks",
    tokenUri: "https://idp.example.com/token",
    userInfoUri: "https://idp.example.com/me",
    issuer: "https://idp.example.com",
    clientAuthMethod: "client_secret_post",
    loginButtonText: registrationId,
  });

describe(`provider registry (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  before(() => createIntegration({ id: null, email: "t" }, input("one"), { db }));
  after(async () => {
    await db.$disconnect();
    await t.close();
  });

  it("builds once per config version and reuses the cache while nothing changes", async () => {
    const first = await ssoProviders();
    assert.deepEqual([...first.keys()], ["one"]);
    const builds = registryStats().builds;
    for (let i = 0; i < 5; i++) await ssoProviders();
    assert.equal(registryStats().builds, builds, "no rebuild (and no unsealing) without a version change");
    const one = (await ssoProvider("one")) as unknown as { clientSecret: string };
    assert.equal(one.clientSecret, "secret-one", "the secret is unsealed for the server-side provider");
  });

  it("a new integration is served on the very next call (the version stamp changed)", async () => {
    await createIntegration({ id: null, email: "t" }, input("two"), { db });
    assert.deepEqual([...(await ssoProviders()).keys()].sort(), ["one", "two"]);
    assert.equal(registryStats().cachedVersion, 2);
  });

  it("disabled integrations are not offered", async () => {
    await db.$transaction(async (tx) => {
      await tx.integration.update({ where: { registrationId: "one" }, data: { enabled: false } });
      await tx.configVersion.update({ where: { id: 1 }, data: { version: { increment: 1 } } });
    });
    assert.deepEqual([...(await ssoProviders()).keys()], ["two"]);
    assert.equal(await ssoProvider("one"), undefined);
  });
});

describe("buildAuthOptions: next-auth gets only the providers a request needs", () => {
  it("all for /providers, the named one for signin/<id> and callback/<id>, none for session and csrf", async () => {
    process.env.NEXTAUTH_SECRET ??= "test-only-secret-0123456789abcdefghijklmnop";
    const { buildAuthOptions } = await import("./options");
    const ids = async (segments: string[]) => (await buildAuthOptions(segments)).providers.map((p) => p.id);
    const all = await ids(["providers"]);
    assert.ok(all.includes("credentials") && all.includes("two") && all.length === 2, all.join());
    assert.deepEqual(await ids(["callback", "two"]), ["two"]);
    assert.deepEqual(await ids(["signin", "two"]), ["two"]);
    assert.deepEqual(await ids(["callback", "credentials"]), ["credentials"]);
    assert.deepEqual(await ids(["callback", "no-such-integration"]), []);
    assert.deepEqual(await ids(["session"]), []);
    assert.deepEqual(await ids(["csrf"]), []);
  });
});

describe("GET /api/auth/providers: next-auth's own answer, kept per loaded provider set", () => {
  it("asks next-auth once per provider set and host, and again after the next integration change", async () => {
    process.env.NEXTAUTH_SECRET ??= "test-only-secret-0123456789abcdefghijklmnop";
    const { NextRequest } = await import("next/server");
    const { providersListing } = await import("./providers-listing");
    const context = { params: Promise.resolve({ nextauth: ["providers"] }) };
    const asked: string[] = [];
    // Stands in for next-auth (which needs a Next.js request scope): answers the providers the registry holds.
    const answer = async (req: Request) => {
      asked.push(req.headers.get("host") ?? "");
      const ids = [...(await ssoProviders()).keys()].sort();
      if (req.headers.get("host") === "broken.test") return Response.json({ error: "x" }, { status: 500 });
      return Response.json(Object.fromEntries(ids.map((id) => [id, { id }])));
    };
    const get = async (host = "keyway.test") => {
      const res = await providersListing(
        new NextRequest("http://keyway.test/api/auth/providers", { headers: { host } }),
        context,
        answer,
      );
      return { status: res.status, type: res.headers.get("content-type"), ids: Object.keys(await res.json()) };
    };
    const two = { status: 200, type: "application/json", ids: ["two"] };
    assert.deepEqual(await get(), two);
    assert.deepEqual(await get(), two, "the kept answer");
    assert.deepEqual(asked, ["keyway.test"]);
    assert.deepEqual(await get("other.test"), two, "kept per Host (next-auth may build URLs from it)");
    assert.equal((await get("broken.test")).status, 500);
    assert.equal((await get("broken.test")).status, 500, "a failed answer is not kept");
    assert.equal(asked.length, 4);
    await createIntegration({ id: null, email: "t" }, input("three"), { db });
    assert.deepEqual((await get()).ids, ["three", "two"], "the next integration change is served at once");
    assert.equal(asked.length, 5);
  });
});
