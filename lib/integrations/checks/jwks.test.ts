import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { RunningIdp } from "../../../tools/test-idp/server";
import { FIX_HINTS } from "./hints";
import { checkJwks, signingAlgOf } from "./jwks";
import { startTestIdp, targetFor } from "./test-idps";

const ctx = { timeoutMs: 5_000 };

describe("signingAlgOf", () => {
  it("infers the algorithm of keys without alg and refuses encryption and symmetric keys", () => {
    assert.deepEqual(signingAlgOf({ kty: "RSA" }), { alg: "RS256" });
    assert.deepEqual(signingAlgOf({ kty: "EC", crv: "P-384" }), { alg: "ES384" });
    assert.deepEqual(signingAlgOf({ kty: "OKP", crv: "Ed25519" }), { alg: "EdDSA" });
    assert.ok("unusable" in signingAlgOf({ kty: "RSA", use: "enc" }));
    assert.ok("unusable" in signingAlgOf({ kty: "oct", k: "x" }));
    assert.ok("unusable" in signingAlgOf({ kty: "RSA", alg: "RSA-OAEP" }));
    assert.ok("unusable" in signingAlgOf({ kty: "RSA", key_ops: ["encrypt"] }));
  });
});

describe("checkJwks against real IdPs", () => {
  let healthy: RunningIdp;
  let unusable: RunningIdp;
  before(async () => {
    healthy = await startTestIdp();
    unusable = await startTestIdp({ unusableJwks: true });
  });
  after(async () => {
    await healthy.close();
    await unusable.close();
  });

  it("passes with the IdP's RS256 key", async () => {
    const r = await checkJwks(targetFor(healthy), ctx);
    assert.equal(r.status, "pass");
    assert.match(r.seen, /RS256/);
  });

  it("a JWK Set without a usable key fails and says why for each key", async () => {
    const r = await checkJwks(targetFor(unusable), ctx);
    assert.equal(r.status, "fail");
    assert.match(
      r.seen,
      /has 2 key\(s\), none usable to verify id_tokens: kid enc-only is for encryption \(use=enc\); kid shared is symmetric/,
    );
    assert.equal(r.fix, FIX_HINTS.jwks);
  });

  it("a URL that is not a JWK Set fails", async () => {
    const r = await checkJwks(
      targetFor(healthy, { jwksUri: `${healthy.issuer}/.well-known/openid-configuration` }),
      ctx,
    );
    assert.equal(r.status, "fail");
    assert.match(r.seen, /not a JWK Set/);
  });
});
