// Keyway's own code exchange against the real test IdP (oidc-provider, in process): client authentication as
// configured, every callback check, and the shared signing-key cache (rotation, forged kids, JWKS outages).
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, beforeEach, describe, it } from "node:test";
import { decodeJwt, generateKeyPair, SignJWT } from "jose";
import { generators } from "openid-client";
import { walkToCallback } from "../../tools/test-idp/login-flow";
import { startIdp, type IdpClient, type RunningIdp } from "../../tools/test-idp/server";
import { verifyIdToken } from "./id-token";
import { createSigningKeyCache, DEFAULT_KEY_CACHE, type SigningKeyCache } from "./signing-keys";
import { SignInCheckError } from "./sign-in-errors";
import { exchangeCode, type ExchangeInput } from "./token-exchange";

const REDIRECT = "http://127.0.0.1:3999/api/auth/callback/kx";
const post: IdpClient = {
  clientId: "kx-post",
  clientSecret: "kx-post-secret",
  authMethod: "client_secret_post",
  redirectUris: [REDIRECT],
};
const basic: IdpClient = {
  clientId: "kx-basic",
  clientSecret: "kx-basic secret:+",
  authMethod: "client_secret_basic",
  redirectUris: [REDIRECT],
};

let idp: RunningIdp;
let clock = Date.now();
const freshCache = (): SigningKeyCache => createSigningKeyCache({ ...DEFAULT_KEY_CACHE, now: () => clock });

async function testApi(path: string, init?: RequestInit): Promise<Response> {
  return fetch(`${idp.issuer}/__test/${path}`, { ...init, headers: { "content-type": "application/json" } });
}
const jwksFetches = async () => ((await (await testApi("fetch-counts")).json()) as { jwks: number }).jwks;

/** Runs the browser half of a sign-in and returns what next-auth would hand to token.request. */
async function authorize(client: IdpClient, overrides: Partial<ExchangeInput["checks"]> = {}): Promise<ExchangeInput> {
  const checks = { state: generators.state(), nonce: generators.nonce(), code_verifier: generators.codeVerifier() };
  const url = new URL(idp.authorizationUrl);
  url.search = new URLSearchParams({
    client_id: client.clientId,
    response_type: "code",
    scope: "openid email profile",
    redirect_uri: REDIRECT,
    state: checks.state,
    nonce: checks.nonce,
    code_challenge: generators.codeChallenge(checks.code_verifier),
    code_challenge_method: "S256",
  }).toString();
  const { callbackUrl } = await walkToCallback(url.href, REDIRECT, "alice.smith");
  return {
    config: {
      registrationId: `kx-${client.clientId}`,
      clientId: client.clientId,
      clientAuthMethod: client.authMethod,
      tokenUri: idp.tokenUrl,
      jwksUri: idp.jwksUri,
      issuer: idp.issuer,
    },
    clientSecret: client.clientSecret,
    redirectUri: REDIRECT,
    params: Object.fromEntries(new URL(callbackUrl).searchParams),
    checks: { ...checks, ...overrides },
  };
}

async function refusedWith(promise: Promise<unknown>, code: string) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof SignInCheckError, String(error));
    assert.equal(error.code, code, error.message);
    return true;
  });
}

before(async () => {
  idp = await startIdp({ port: 0, clients: [post, basic], exposeTestApi: true });
});
after(() => idp.close());
beforeEach(async () => {
  await testApi("fetch-counts", { method: "DELETE" });
  await testApi("token-requests", { method: "DELETE" });
});

describe("token exchange", () => {
  it("exchanges the code with exactly the configured client authentication and verifies the id_token", async () => {
    const keys = freshCache();
    for (const client of [post, basic]) {
      const { tokens } = await exchangeCode(await authorize(client), keys);
      assert.equal(decodeJwt(tokens.id_token).aud, client.clientId);
    }
    const log = (await (await testApi("token-requests")).json()) as { clientId: string; method: string }[];
    assert.deepEqual(
      log.map((r) => [r.clientId, r.method]),
      [
        ["kx-post", "client_secret_post"],
        ["kx-basic", "client_secret_basic"],
      ],
    );
  });

  it("refuses a changed state, a foreign iss parameter, a missing code_verifier and a wrong nonce", async () => {
    const keys = freshCache();
    await refusedWith(
      exchangeCode({ ...(await authorize(post)), checks: { state: "other", nonce: "n", code_verifier: "v" } }, keys),
      "STATE_MISMATCH",
    );
    const input = await authorize(post);
    await refusedWith(
      exchangeCode({ ...input, params: { ...input.params, iss: `${idp.issuer}/evil` } }, keys),
      "ID_TOKEN_ISSUER",
    );
    await refusedWith(exchangeCode(await authorize(post, { code_verifier: undefined }), keys), "PKCE_FAILED");
    await refusedWith(exchangeCode(await authorize(post, { nonce: "not-the-nonce" }), keys), "NONCE_MISMATCH");
    assert.equal(
      (await (await testApi("token-requests")).json()).length,
      1,
      "only the nonce case reached the token endpoint",
    );
  });

  it("refuses a wrong client secret as CLIENT_AUTH_FAILED", async () => {
    await refusedWith(
      exchangeCode({ ...(await authorize(post)), clientSecret: "wrong" }, freshCache()),
      "CLIENT_AUTH_FAILED",
    );
  });
});

describe("signing-key cache", () => {
  it("fetches the JWKS once for many sign-ins, and once more after the IdP rotates its key", async () => {
    const keys = freshCache();
    for (let i = 0; i < 3; i += 1) await exchangeCode(await authorize(post), keys);
    assert.equal(await jwksFetches(), 1);
    await testApi("fetch-counts", { method: "DELETE" });
    const rotated = (await (await testApi("keys", { method: "POST" })).json()) as { kid: string };
    const { tokens } = await exchangeCode(await authorize(post), keys);
    assert.equal(
      (JSON.parse(Buffer.from(tokens.id_token.split(".")[0], "base64url").toString()) as { kid: string }).kid,
      rotated.kid,
    );
    assert.equal(await jwksFetches(), 1, "exactly one refetch for the new kid");
    await exchangeCode(await authorize(post), keys);
    assert.equal(await jwksFetches(), 1);
  });

  it("after the IdP replaces its key under the same kid, refetches once and signs in", async () => {
    const keys = freshCache();
    await exchangeCode(await authorize(post), keys);
    clock += 1_000;
    await testApi("fetch-counts", { method: "DELETE" });
    const rotated = (await (
      await testApi("keys", { method: "POST", body: JSON.stringify({ sameKid: true }) })
    ).json()) as {
      sameKid: boolean;
    };
    assert.equal(rotated.sameKid, true);
    await exchangeCode(await authorize(post), keys);
    assert.equal(await jwksFetches(), 1, "one refetch after the cached key failed the signature");
    await exchangeCode(await authorize(post), keys);
    assert.equal(await jwksFetches(), 1, "then the new key is cached");
  });

  it("forged signatures under a known kid refetch at most once per cooldown, and never right after a fetch", async () => {
    const setMode = (mode: string) => testApi("hostile", { method: "PUT", body: JSON.stringify({ mode }) });
    await setMode("rogue-signature");
    try {
      await refusedWith(exchangeCode(await authorize(post), freshCache()), "ID_TOKEN_SIGNATURE");
      assert.equal(await jwksFetches(), 1, "a cold cache's own fetch is fresh: no second fetch");

      const keys = freshCache();
      await setMode("none");
      await exchangeCode(await authorize(post), keys);
      await setMode("rogue-signature");
      clock += 1_000;
      await testApi("fetch-counts", { method: "DELETE" });
      for (let i = 0; i < 3; i += 1) await refusedWith(exchangeCode(await authorize(post), keys), "ID_TOKEN_SIGNATURE");
      assert.equal(await jwksFetches(), 1, "one refetch within the cooldown");
      clock += DEFAULT_KEY_CACHE.refetchCooldownMs;
      await refusedWith(exchangeCode(await authorize(post), keys), "ID_TOKEN_SIGNATURE");
      assert.equal(await jwksFetches(), 2, "one more once the cooldown has passed");
    } finally {
      await setMode("none");
    }
  });

  it("refuses a token signed by a key in no JWKS", async () => {
    const keys = freshCache();
    await exchangeCode(await authorize(post), keys);
    await testApi("hostile", { method: "PUT", body: JSON.stringify({ mode: "unknown-key" }) });
    try {
      await refusedWith(exchangeCode(await authorize(post), keys), "ID_TOKEN_SIGNATURE");
    } finally {
      await testApi("hostile", { method: "PUT", body: JSON.stringify({ mode: "none" }) });
    }
  });

  it("50 forged tokens with random kids cause at most one refetch", async () => {
    const keys = freshCache();
    await exchangeCode(await authorize(post), keys);
    await testApi("fetch-counts", { method: "DELETE" });
    const now = Math.floor(Date.now() / 1000);
    // One rogue key (generating 50 RSA keys is slow); what varies is the kid, which is what forces lookups.
    const { privateKey } = await generateKeyPair("RS256");
    const forged = await Promise.all(
      Array.from({ length: 50 }, async () => {
        return new SignJWT({ sub: "victim", nonce: "n" })
          .setProtectedHeader({ alg: "RS256", kid: randomUUID() })
          .setIssuer(idp.issuer)
          .setAudience(post.clientId)
          .setIssuedAt(now)
          .setExpirationTime(now + 300)
          .sign(privateKey);
      }),
    );
    const expectations = {
      integrationId: "kx-kx-post",
      jwksUri: idp.jwksUri,
      issuer: idp.issuer,
      clientId: post.clientId,
      nonce: "n",
    };
    // Half at once, half one after another: neither concurrency nor a steady stream may cause more fetches.
    const results = await Promise.allSettled(
      forged.slice(0, 25).map((token) => verifyIdToken(token, expectations, keys)),
    );
    for (const token of forged.slice(25))
      results.push(...(await Promise.allSettled([verifyIdToken(token, expectations, keys)])));
    assert.equal(results.length, 50);
    assert.ok(
      results.every((r) => r.status === "rejected" && (r.reason as SignInCheckError).code === "ID_TOKEN_SIGNATURE"),
    );
    assert.ok((await jwksFetches()) <= 1, `JWKS fetched ${await jwksFetches()} times`);
  });

  it("keeps signing people in on cached keys while the JWKS is down, even past the TTL", async () => {
    const keys = freshCache();
    await exchangeCode(await authorize(post), keys);
    await testApi("jwks", { method: "PUT", body: JSON.stringify({ down: true }) });
    try {
      await exchangeCode(await authorize(post), keys);
      clock += DEFAULT_KEY_CACHE.ttlMs + 1_000;
      await exchangeCode(await authorize(post), keys);
      assert.equal(await jwksFetches(), 2, "the good fetch and one failed refresh");
    } finally {
      await testApi("jwks", { method: "PUT", body: JSON.stringify({ down: false }) });
    }
  });

  it("fails with JWKS_UNAVAILABLE when the cache is cold and the JWKS is down", async () => {
    await testApi("jwks", { method: "PUT", body: JSON.stringify({ down: true }) });
    try {
      await refusedWith(exchangeCode(await authorize(post), freshCache()), "JWKS_UNAVAILABLE");
    } finally {
      await testApi("jwks", { method: "PUT", body: JSON.stringify({ down: false }) });
    }
  });

  it("starts over when the integration's JWK Set URI changes", async () => {
    const keys = freshCache();
    await exchangeCode(await authorize(post), keys);
    const input = await authorize(post);
    await exchangeCode({ ...input, config: { ...input.config, jwksUri: `${idp.jwksUri}?v=2` } }, keys);
    assert.equal(await jwksFetches(), 2);
  });
});

describe("token exchange during a secret rotation", () => {
  const accept = (clientId: string, secrets: string[] | null) =>
    testApi("client-secrets", { method: "PUT", body: JSON.stringify({ clientId, accept: secrets }) });
  after(async () => {
    for (const c of [post, basic]) await accept(c.clientId, null);
  });

  it("on invalid_client, retries once with the next secret (same code) and reports what the IdP said to each", async () => {
    for (const client of [post, basic]) {
      const seen: unknown[] = [];
      const onClientAuth = (outcomes: unknown) => void seen.push(outcomes);
      await accept(client.clientId, [client.clientSecret, "next-secret"]);
      await exchangeCode({ ...(await authorize(client)), nextClientSecret: "next-secret", onClientAuth }, freshCache());
      await accept(client.clientId, ["next-secret"]);
      const { tokens } = await exchangeCode(
        { ...(await authorize(client)), nextClientSecret: "next-secret", onClientAuth },
        freshCache(),
      );
      assert.equal(decodeJwt(tokens.id_token).aud, client.clientId);
      assert.deepEqual(seen, [
        [{ slot: "current", accepted: true }],
        [
          { slot: "current", accepted: false },
          { slot: "next", accepted: true },
        ],
      ]);
    }
  });

  it("without a next secret, or when the IdP refuses both, the sign-in fails with CLIENT_AUTH_FAILED", async () => {
    await accept(post.clientId, ["something-else"]);
    await refusedWith(exchangeCode(await authorize(post), freshCache()), "CLIENT_AUTH_FAILED");
    const seen: unknown[] = [];
    await refusedWith(
      exchangeCode(
        { ...(await authorize(post)), nextClientSecret: "next-secret", onClientAuth: (o) => void seen.push(o) },
        freshCache(),
      ),
      "CLIENT_AUTH_FAILED",
    );
    assert.deepEqual(seen, [
      [
        { slot: "current", accepted: false },
        { slot: "next", accepted: false },
      ],
    ]);
  });
});
