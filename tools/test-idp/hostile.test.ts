import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { compactVerify, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify } from "jose";
import { classifyCallbackError } from "../../lib/auth/sign-in-errors";
import type { HostileMode } from "./hostile";
import { signIn } from "./login-flow";
import { startIdp, type IdpClient, type RunningIdp } from "./server";
import { HOSTILE_PATH } from "./test-api";

// Each hostile mode must hand out an id_token with exactly the intended defect, and openid-client 5 (what
// next-auth v4 uses) must refuse it with the message Keyway's classifier maps to the expected named code.

const client: IdpClient = {
  clientId: "hostile-client",
  clientSecret: "hostile-secret",
  authMethod: "client_secret_post",
  redirectUris: ["http://127.0.0.1:3999/api/auth/callback/hostile"],
};

async function setMode(idp: RunningIdp, mode: string): Promise<Response> {
  return fetch(`${idp.issuer}${HOSTILE_PATH}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ mode }),
  });
}

/** Signs in with `mode` on; returns the id_token the IdP handed out and the relying party's error, if any. */
async function signInWith(idp: RunningIdp, mode: HostileMode): Promise<{ idToken: string; error?: Error }> {
  assert.equal((await setMode(idp, mode)).status, 200);
  try {
    const { tokenSet } = await signIn(idp.issuer, client, "alice.smith");
    assert.ok(tokenSet.id_token);
    return { idToken: tokenSet.id_token };
  } catch (error) {
    // openid-client's RPError carries the offending token as `jwt`.
    const idToken = (error as { jwt?: string }).jwt;
    assert.ok(idToken, `no jwt on ${String(error)}`);
    return { idToken, error: error as Error };
  } finally {
    assert.equal((await setMode(idp, "none")).status, 200);
  }
}

describe("test identity provider: hostile mode", () => {
  let idp: RunningIdp;
  let jwks: ReturnType<typeof createRemoteJWKSet>;
  let realKid: string;

  before(async () => {
    idp = await startIdp({ port: 0, clients: [client], exposeTestApi: true });
    jwks = createRemoteJWKSet(new URL(idp.jwksUri));
    realKid = (await (await fetch(idp.jwksUri)).json()).keys[0].kid;
  });
  after(() => idp.close());

  const now = () => Math.floor(Date.now() / 1000);
  const expectRefused = (error: Error | undefined, message: RegExp, code: string) => {
    assert.ok(error, "the relying party refused the token");
    assert.match(error.message, message);
    assert.equal(classifyCallbackError(error.message), code);
  };

  it("reads and switches the mode through the test API, refusing unknown modes", async () => {
    assert.deepEqual(await (await fetch(`${idp.issuer}${HOSTILE_PATH}`)).json(), { mode: "none" });
    assert.equal((await setMode(idp, "expired")).status, 200);
    assert.deepEqual(await (await fetch(`${idp.issuer}${HOSTILE_PATH}`)).json(), { mode: "expired" });
    assert.equal((await setMode(idp, "make-it-worse")).status, 400);
    const notJson = await fetch(`${idp.issuer}${HOSTILE_PATH}`, { method: "PUT", body: "{" });
    assert.equal(notJson.status, 400);
    assert.equal((await fetch(`${idp.issuer}${HOSTILE_PATH}`, { method: "POST" })).status, 405);
    assert.deepEqual(await (await setMode(idp, "none")).json(), { mode: "none" });
  });

  it("none: the id_token is untouched and valid", async () => {
    const { idToken, error } = await signInWith(idp, "none");
    assert.equal(error, undefined);
    const { payload, protectedHeader } = await jwtVerify(idToken, jwks, {
      issuer: idp.issuer,
      audience: client.clientId,
    });
    assert.equal(protectedHeader.alg, "RS256");
    assert.equal(protectedHeader.kid, realKid);
    assert.equal(payload.sub, "alice.smith");
    assert.ok(typeof payload.nonce === "string" && payload.nonce !== "tampered");
  });

  it("rogue-signature: real kid, same claims, signature by another key", async () => {
    const { idToken, error } = await signInWith(idp, "rogue-signature");
    assert.equal(decodeProtectedHeader(idToken).kid, realKid);
    const claims = decodeJwt(idToken);
    assert.equal(claims.iss, idp.issuer);
    assert.equal(claims.aud, client.clientId);
    assert.ok((claims.exp ?? 0) > now());
    await assert.rejects(compactVerify(idToken, jwks), errors.JWSSignatureVerificationFailed);
    expectRefused(error, /^failed to validate JWT signature$/, "ID_TOKEN_SIGNATURE");
  });

  it("wrong-audience: aud someone-else, signed with the real key", async () => {
    const { idToken, error } = await signInWith(idp, "wrong-audience");
    await compactVerify(idToken, jwks);
    assert.equal(decodeJwt(idToken).aud, "someone-else");
    expectRefused(error, /^aud mismatch, expected hostile-client, got: someone-else$/, "ID_TOKEN_AUDIENCE");
  });

  it("expired: exp an hour ago, signed with the real key", async () => {
    const { idToken, error } = await signInWith(idp, "expired");
    await compactVerify(idToken, jwks);
    const { exp = 0, iat = 0 } = decodeJwt(idToken);
    assert.ok(exp <= now() - 3500 && iat < exp);
    await assert.rejects(jwtVerify(idToken, jwks, { clockTolerance: 300 }), errors.JWTExpired);
    expectRefused(error, /^JWT expired, now \d+, exp \d+$/, "ID_TOKEN_EXPIRED");
  });

  it("wrong-issuer: iss <issuer>/evil, signed with the real key", async () => {
    const { idToken, error } = await signInWith(idp, "wrong-issuer");
    await compactVerify(idToken, jwks);
    assert.equal(decodeJwt(idToken).iss, `${idp.issuer}/evil`);
    expectRefused(
      error,
      new RegExp(`^unexpected iss value, expected ${idp.issuer}, got: ${idp.issuer}/evil$`),
      "ID_TOKEN_ISSUER",
    );
  });

  it("bad-nonce: nonce tampered, signed with the real key", async () => {
    const { idToken, error } = await signInWith(idp, "bad-nonce");
    await compactVerify(idToken, jwks);
    assert.equal(decodeJwt(idToken).nonce, "tampered");
    expectRefused(error, /^nonce mismatch, expected \S+, got: tampered$/, "NONCE_MISMATCH");
  });

  it("alg-none: an unsecured JWT carrying the same claims", async () => {
    const { idToken, error } = await signInWith(idp, "alg-none");
    assert.equal(decodeProtectedHeader(idToken).alg, "none");
    assert.equal(idToken.split(".")[2], "");
    assert.equal(decodeJwt(idToken).aud, client.clientId);
    expectRefused(error, /^unexpected JWT alg received, expected RS256, got: none$/, "ID_TOKEN_SIGNATURE");
  });

  it("after resetting to none, sign-in works again", async () => {
    const { error } = await signInWith(idp, "none");
    assert.equal(error, undefined);
  });
});

describe("test identity provider without the test API: no hostile switch", () => {
  it("does not serve /__test/hostile", async () => {
    const idp = await startIdp({ port: 0, clients: [client] });
    try {
      assert.equal((await setMode(idp, "alg-none")).status, 404);
    } finally {
      await idp.close();
    }
  });
});
