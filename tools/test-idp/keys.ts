import { randomBytes, randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import type { SigningAlg } from "./types";

/** A fresh private signing JWK (with kid, alg and use) for oidc-provider's `jwks`; RS256 unless told. */
export async function generateSigningJwk(alg: SigningAlg = "RS256", kid: string = randomUUID()): Promise<JWK> {
  // Why: a new key each start means no private key is ever checked in or shared between runs.
  const { privateKey } = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === "EdDSA" ? { crv: "Ed25519" } : {}),
  });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid, alg, use: "sig" };
}

/** The public half of a signing JWK, whatever its key type (RSA, EC, OKP). */
export function publicJwk(jwk: JWK): JWK {
  const { kty, n, e, crv, x, y, kid, alg, use } = jwk;
  const fields = { kty, n, e, crv, x, y, kid, alg, use };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as JWK;
}

/** Random keys for oidc-provider's signed cookies. */
export function generateCookieKeys(): string[] {
  // Why: per-start random keys; a fixed key in the repo would let anyone forge IdP session cookies.
  return [randomBytes(32).toString("base64url")];
}
