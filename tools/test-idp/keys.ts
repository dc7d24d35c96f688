import { randomBytes, randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, type JWK } from "jose";

/** A fresh RS256 private JWK (with kid) for oidc-provider's `jwks`. */
export async function generateSigningJwk(): Promise<JWK> {
  // Why: a new key each start means no private key is ever checked in or shared between runs.
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: randomUUID(), alg: "RS256", use: "sig" };
}

/** Random keys for oidc-provider's signed cookies. */
export function generateCookieKeys(): string[] {
  // Why: per-start random keys; a fixed key in the repo would let anyone forge IdP session cookies.
  return [randomBytes(32).toString("base64url")];
}
