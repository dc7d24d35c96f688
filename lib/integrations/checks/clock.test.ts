import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { RunningIdp } from "../../../tools/test-idp/server";
import { verifyIdToken } from "@/lib/auth/id-token";
import { createSigningKeyCache, DEFAULT_KEY_CACHE } from "@/lib/auth/signing-keys";
import { SignInCheckError } from "@/lib/auth/sign-in-errors";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { ID_TOKEN_CLOCK_TOLERANCE_S as T } from "../id-token-algorithms";
import { checkClock, judgeSkew } from "./clock";
import { FIX_HINTS } from "./hints";
import { startTestIdp, targetFor } from "./test-idps";

describe("judgeSkew", () => {
  it(`passes below half the sign-in tolerance (${T} s), warns from half of it, fails beyond it`, () => {
    assert.equal(T, 10);
    assert.equal(judgeSkew(0.4, "x").status, "pass");
    assert.equal(judgeSkew(-(T / 2 - 1), "x").status, "pass");
    const warn = judgeSkew(T / 2, "x");
    assert.equal(warn.status, "warning");
    assert.match(warn.seen, /5 s ahead of .* Sign-ins tolerate 10 s/);
    assert.equal(judgeSkew(-T, "x").status, "warning");
    const fail = judgeSkew(-(T + 1), "x");
    assert.equal(fail.status, "fail");
    assert.match(fail.seen, /11 s behind .* past the 10 s sign-ins tolerate: sign-ins will fail with ID_TOKEN_EXPIRED/);
    assert.equal(fail.fix, FIX_HINTS.clock);
    assert.equal(judgeSkew(600, "x").status, "fail");
  });
});

describe("the Clock verdict and a sign-in's id_token check agree", () => {
  // An id_token minted by an IdP whose clock is `skewS` off, verified as a sign-in verifies it.
  async function signInAccepts(skewS: number): Promise<boolean> {
    const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: "k", alg: "ES256" };
    const now = Math.floor(Date.now() / 1000) + skewS;
    const token = await new SignJWT({ nonce: "n" })
      .setProtectedHeader({ alg: "ES256", kid: "k" })
      .setIssuer("https://idp.test")
      .setAudience("c")
      .setSubject("u")
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(privateKey);
    const keys = createSigningKeyCache({ ...DEFAULT_KEY_CACHE, fetchJwks: async () => ({ keys: [jwk] }) });
    const expect = { integrationId: "i", jwksUri: "https://idp.test/jwks", issuer: "https://idp.test", clientId: "c" };
    try {
      await verifyIdToken(token, { ...expect, nonce: "n" }, keys);
      return true;
    } catch (error) {
      assert.ok(error instanceof SignInCheckError);
      assert.equal(error.code, "ID_TOKEN_EXPIRED");
      return false;
    }
  }
  for (const skewS of [0, T / 2, T - 1, -(T - 1), T + 2, -(T + 2), 30, -30]) {
    it(`IdP clock ${skewS} s off: the check ${judgeSkew(skewS, "x").status}s, a sign-in ${Math.abs(skewS) <= T - 1 ? "accepts" : "refuses"} its id_token`, async () => {
      const verdict = judgeSkew(skewS, "x").status;
      assert.equal(await signInAccepts(skewS), verdict !== "fail");
    });
  }
});

describe("checkClock against a real IdP", () => {
  let idp: RunningIdp;
  before(async () => {
    idp = await startTestIdp();
  });
  after(() => idp.close());
  it("reads the Date header and passes on the same machine", async () => {
    const r = await checkClock(targetFor(idp), { timeoutMs: 5_000 });
    assert.equal(r.status, "pass", r.seen);
  });
});
