import { exportJWK, generateKeyPair } from "jose";
import type { Middleware } from "oidc-provider";

// A JWK Set with no key a relying party can verify an RS256 id_token with: an encryption-only key and a symmetric
// key (never published by a real IdP). Exercises Keyway's JWK Set check.
export async function unusableJwks(jwksPath: string): Promise<Middleware> {
  const { publicKey } = await generateKeyPair("RSA-OAEP-256");
  const encryptionKey = { ...(await exportJWK(publicKey)), use: "enc", alg: "RSA-OAEP-256", kid: "enc-only" };
  return async (ctx, next) => {
    if (ctx.method !== "GET" || ctx.path !== jwksPath) return next();
    ctx.set("Content-Type", "application/jwk-set+json");
    ctx.body = JSON.stringify({ keys: [encryptionKey, { kty: "oct", kid: "shared", k: "c2VjcmV0" }] });
  };
}
