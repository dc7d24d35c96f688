import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { signIn } from "./login-flow";
import { startIdp, type IdpClient, type RunningIdp } from "./server";
import { TOKEN_REQUESTS_PATH } from "./test-api";

// Collect oidc-provider's console warnings from the very start, to check body re-injection is clean.
const warnings: string[] = [];
const originalWarn = console.warn;
console.warn = (...args: unknown[]) => {
  warnings.push(args.map(String).join(" "));
  originalWarn(...args);
};

const POST_REDIRECT_URI = "http://127.0.0.1:3999/api/auth/callback/post";
const basicClient: IdpClient = {
  clientId: "basic-client",
  clientSecret: "basic-secret",
  authMethod: "client_secret_basic",
  redirectUris: ["http://127.0.0.1:3999/api/auth/callback/basic"],
};
const postClient: IdpClient = {
  clientId: "post-client",
  clientSecret: "post-secret",
  authMethod: "client_secret_post",
  redirectUris: [POST_REDIRECT_URI],
};

function idTokenOf(tokenSet: { id_token?: string }): string {
  assert.ok(tokenSet.id_token, "token response has an id_token");
  return tokenSet.id_token;
}

async function verifyIdToken(idp: RunningIdp, idToken: string, audience: string) {
  const jwks = createRemoteJWKSet(new URL(idp.jwksUri));
  const { payload, protectedHeader } = await jwtVerify(idToken, jwks, { issuer: idp.issuer, audience });
  assert.equal(protectedHeader.alg, "RS256");
  return payload;
}

async function testApiRecords(idp: RunningIdp) {
  const response = await fetch(`${idp.issuer}${TOKEN_REQUESTS_PATH}`);
  assert.equal(response.status, 200);
  return (await response.json()) as unknown[];
}

async function clearTestApi(idp: RunningIdp) {
  const response = await fetch(`${idp.issuer}${TOKEN_REQUESTS_PATH}`, { method: "DELETE" });
  assert.equal(response.status, 204);
}

describe("test identity provider", () => {
  let idp: RunningIdp;

  before(async () => {
    idp = await startIdp({ port: 0, clients: [basicClient, postClient], exposeTestApi: true });
  });
  after(async () => {
    await idp.close();
    console.warn = originalWarn;
  });

  it("serves a discovery document matching the issuer and endpoints", async () => {
    assert.match(idp.issuer, /^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${idp.issuer}/.well-known/openid-configuration`);
    assert.equal(response.status, 200);
    const discovery = await response.json();
    assert.equal(discovery.issuer, idp.issuer);
    assert.equal(discovery.authorization_endpoint, idp.authorizationUrl);
    assert.equal(discovery.token_endpoint, idp.tokenUrl);
    assert.equal(discovery.userinfo_endpoint, idp.userinfoUrl);
    assert.equal(discovery.jwks_uri, idp.jwksUri);
    assert.deepEqual(discovery.response_types_supported, ["code"]);
    assert.deepEqual(discovery.code_challenge_methods_supported, ["S256"]);
    assert.deepEqual([...discovery.token_endpoint_auth_methods_supported].sort(), [
      "client_secret_basic",
      "client_secret_post",
      "private_key_jwt",
    ]);
    for (const scope of ["openid", "email", "profile"]) assert.ok(discovery.scopes_supported.includes(scope), scope);
    for (const claim of ["sub", "email", "email_verified", "name"])
      assert.ok(discovery.claims_supported.includes(claim), claim);
  });

  it("publishes exactly one public RS256 signing key", async () => {
    const response = await fetch(idp.jwksUri);
    assert.equal(response.status, 200);
    const { keys } = await response.json();
    assert.equal(keys.length, 1);
    const [key] = keys;
    assert.equal(key.kty, "RSA");
    assert.equal(key.alg, "RS256");
    assert.equal(key.use, "sig");
    assert.ok(typeof key.kid === "string" && key.kid.length > 0);
    for (const privatePart of ["d", "p", "q", "dp", "dq", "qi"]) assert.equal(key[privatePart], undefined, privatePart);
  });

  it("refuses authorization requests without S256 PKCE", async () => {
    const base = {
      client_id: postClient.clientId,
      response_type: "code",
      scope: "openid",
      redirect_uri: POST_REDIRECT_URI,
      state: "s",
    };
    const withoutS256: Record<string, string>[] = [
      {},
      { code_challenge: "x".repeat(43), code_challenge_method: "plain" },
    ];
    for (const pkce of withoutS256) {
      const response = await fetch(`${idp.authorizationUrl}?${new URLSearchParams({ ...base, ...pkce })}`, {
        redirect: "manual",
      });
      assert.equal(response.status, 303);
      const location = new URL(response.headers.get("location") ?? "");
      assert.equal(`${location.origin}${location.pathname}`, POST_REDIRECT_URI);
      assert.equal(location.searchParams.get("error"), "invalid_request", JSON.stringify(pkce));
    }
  });

  it("signs a user in with client_secret_basic and records the Basic token request", async () => {
    await clearTestApi(idp);
    const { tokenSet, userinfo, pages } = await signIn(idp.issuer, basicClient, "Alice.Smith");

    const claims = await verifyIdToken(idp, idTokenOf(tokenSet), basicClient.clientId);
    assert.equal(claims.sub, "alice.smith");
    assert.equal(claims.email, "alice.smith@example.test");
    assert.equal(claims.email_verified, true);
    assert.equal(claims.name, "Alice Smith");
    assert.deepEqual(
      { sub: userinfo.sub, email: userinfo.email, email_verified: userinfo.email_verified, name: userinfo.name },
      { sub: "alice.smith", email: "alice.smith@example.test", email_verified: true, name: "Alice Smith" },
    );

    assert.equal(pages.length, 2, "a login page then a consent page");
    for (const page of pages) assert.doesNotMatch(page, /fonts\.googleapis\.com/);

    const records = idp.tokenRequests();
    assert.deepEqual(
      records.map(({ clientId, method }) => ({ clientId, method })),
      [{ clientId: "basic-client", method: "client_secret_basic" }],
    );
    assert.ok(!Number.isNaN(Date.parse(records[0]?.at ?? "")));
    assert.deepEqual(await testApiRecords(idp), records);
  });

  it("signs a userinfo-only user in with client_secret_post: email only in userinfo", async () => {
    await clearTestApi(idp);
    assert.deepEqual(idp.tokenRequests(), []);
    const { tokenSet, userinfo } = await signIn(idp.issuer, postClient, "userinfo-only-bob@corp.test");

    const claims = await verifyIdToken(idp, idTokenOf(tokenSet), postClient.clientId);
    assert.equal(claims.sub, "userinfo-only-bob@corp.test");
    assert.equal(claims.email, undefined);
    assert.equal(claims.email_verified, undefined);
    assert.equal(claims.name, undefined);
    assert.equal(userinfo.sub, "userinfo-only-bob@corp.test");
    assert.equal(userinfo.email, "userinfo-only-bob@corp.test");
    assert.equal(userinfo.email_verified, true);
    assert.equal(userinfo.name, "Userinfo Only Bob");

    assert.deepEqual(
      idp.tokenRequests().map(({ clientId, method }) => ({ clientId, method })),
      [{ clientId: "post-client", method: "client_secret_post" }],
    );
    assert.deepEqual(await testApiRecords(idp), idp.tokenRequests());
  });

  it("marks an unverified user's email as not verified in id_token and userinfo", async () => {
    const { tokenSet, userinfo } = await signIn(idp.issuer, postClient, "unverified-carol");
    const claims = await verifyIdToken(idp, idTokenOf(tokenSet), postClient.clientId);
    assert.equal(claims.email, "unverified-carol@example.test");
    assert.equal(claims.email_verified, false);
    assert.equal(userinfo.email_verified, false);
  });

  it("no-verified: sends the email with no email_verified claim at all", async () => {
    const { tokenSet, userinfo } = await signIn(idp.issuer, postClient, "no-verified:admin@corp.test");
    const claims = await verifyIdToken(idp, idTokenOf(tokenSet), postClient.clientId);
    assert.equal(claims.sub, "no-verified:admin@corp.test");
    assert.equal(claims.email, "admin@corp.test");
    assert.equal("email_verified" in claims, false);
    assert.equal(userinfo.email, "admin@corp.test");
    assert.equal("email_verified" in userinfo, false);
  });

  it("split: email_verified true only in the id_token, the (unverified) email only in userinfo", async () => {
    const { tokenSet, userinfo } = await signIn(idp.issuer, postClient, "split:victim@corp.test");
    const claims = await verifyIdToken(idp, idTokenOf(tokenSet), postClient.clientId);
    assert.equal(claims.email, undefined);
    assert.equal(claims.email_verified, true);
    assert.equal(userinfo.email, "victim@corp.test");
    assert.equal(userinfo.email_verified, false);
  });

  it("kelvin-local / kelvin-domain: a verified email with KELVIN SIGN in the local part / domain", async () => {
    for (const [login, email] of [
      ["kelvin-local:kate@keyway.test", "\u212Aate@keyway.test"],
      ["kelvin-domain:kate@keyway.test", "kate@\u212Aeyway.test"],
    ]) {
      const { tokenSet, userinfo } = await signIn(idp.issuer, postClient, login!);
      const claims = await verifyIdToken(idp, idTokenOf(tokenSet), postClient.clientId);
      assert.equal(claims.sub, login);
      assert.equal(claims.email, email);
      assert.equal(claims.email_verified, true);
      assert.equal(userinfo.email, email);
      assert.equal(email!.toLowerCase(), "kate@keyway.test", "toLowerCase folds the look-alike onto kate's address");
    }
  });

  it("lower-cases the login even when that changes the form body's length", async () => {
    const login = "İlse.Zoë"; // "İ".toLowerCase() is two code points: the rewritten body is longer
    const { tokenSet, userinfo } = await signIn(idp.issuer, basicClient, login);
    const claims = await verifyIdToken(idp, idTokenOf(tokenSet), basicClient.clientId);
    assert.equal(claims.sub, login.toLowerCase());
    assert.notEqual(Buffer.byteLength(login.toLowerCase()), Buffer.byteLength(login));
    assert.equal(userinfo.email, `${login.toLowerCase()}@example.test`);
  });

  it("records what each token request carried, whatever oidc-provider then decides", async () => {
    await clearTestApi(idp);
    const form = (fields: Record<string, string>) => ({
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
      body: new URLSearchParams(fields).toString(),
    });
    const grant = {
      grant_type: "authorization_code",
      code: "not-a-code",
      redirect_uri: POST_REDIRECT_URI,
      code_verifier: "x".repeat(43),
    };

    // Body credentials: oidc-provider must still parse the re-injected body (it gets to the grant check).
    const post = await fetch(idp.tokenUrl, form({ ...grant, client_id: "post-client", client_secret: "post-secret" }));
    assert.equal(post.status, 400);
    assert.equal((await post.json()).error, "invalid_grant");

    // Basic header, with a client id that needs form-decoding (RFC 6749 §2.3.1).
    const basic = await fetch(idp.tokenUrl, {
      ...form(grant),
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from("basic%2Dclient:basic-secret").toString("base64")}`,
      },
    });
    assert.equal(basic.status, 400);
    assert.equal((await basic.json()).error, "invalid_grant");

    // No secret at all: recorded as "none", and rejected (no public clients here).
    const none = await fetch(idp.tokenUrl, form({ ...grant, client_id: "post-client" }));
    assert.equal(none.status, 401);
    assert.equal((await none.json()).error, "invalid_client");

    // A client registered for post that sends Basic is recorded as Basic (v9 accepts it anyway).
    const crossed = await fetch(idp.tokenUrl, {
      ...form(grant),
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from("post-client:post-secret").toString("base64")}`,
      },
    });
    assert.equal((await crossed.json()).error, "invalid_grant");

    assert.deepEqual(
      idp.tokenRequests().map(({ clientId, method }) => ({ clientId, method })),
      [
        { clientId: "post-client", method: "client_secret_post" },
        { clientId: "basic-client", method: "client_secret_basic" },
        { clientId: "post-client", method: "none" },
        { clientId: "post-client", method: "client_secret_basic" },
      ],
    );
    assert.ok(
      !warnings.some((warning) => warning.includes("already parsed request body")),
      "oidc-provider read the body itself (no upstream-parser fallback)",
    );
  });

  it("rejects a token request body over oidc-provider's own size limit", async () => {
    const response = await fetch(idp.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `client_id=post-client&client_secret=${"x".repeat(60 * 1024)}`,
    });
    assert.equal(response.status, 413);
  });

  it("answers DELETE on the test API by clearing the log", async () => {
    await fetch(idp.tokenUrl, { method: "POST" });
    assert.ok(idp.tokenRequests().length > 0);
    await clearTestApi(idp);
    assert.deepEqual(idp.tokenRequests(), []);
    assert.deepEqual(await testApiRecords(idp), []);
  });
});

describe("test identity provider signing with ES256 and EdDSA", () => {
  for (const [alg, kty, crv] of [
    ["ES256", "EC", "P-256"],
    ["EdDSA", "OKP", "Ed25519"],
  ] as const) {
    it(`${alg}: publishes one public ${kty} ${crv} key and signs id_tokens with it`, async () => {
      const idp = await startIdp({ port: 0, clients: [postClient], signingAlg: alg });
      try {
        const { keys } = await (await fetch(idp.jwksUri)).json();
        assert.equal(keys.length, 1);
        assert.deepEqual([keys[0].kty, keys[0].crv, keys[0].alg, keys[0].d], [kty, crv, alg, undefined]);
        const { tokenSet } = await signIn(idp.issuer, postClient, "alice.smith", { idTokenAlg: alg });
        const jwks = createRemoteJWKSet(new URL(idp.jwksUri));
        const { payload, protectedHeader } = await jwtVerify(idTokenOf(tokenSet), jwks, {
          issuer: idp.issuer,
          audience: postClient.clientId,
        });
        assert.equal(protectedHeader.alg, alg);
        assert.equal(protectedHeader.kid, keys[0].kid);
        assert.equal(payload.email, "alice.smith@example.test");
      } finally {
        await idp.close();
      }
    });
  }
});

describe("test identity provider without the test API", () => {
  it("does not serve /__test/token-requests", async () => {
    const idp = await startIdp({ port: 0, clients: [postClient] });
    try {
      const response = await fetch(`${idp.issuer}${TOKEN_REQUESTS_PATH}`);
      assert.equal(response.status, 404);
    } finally {
      await idp.close();
    }
  });
});
