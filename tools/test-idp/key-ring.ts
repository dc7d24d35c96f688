import { decodeJwt, importJWK, type JWK, SignJWT } from "jose";
import type { KoaContextWithOIDC, Middleware } from "oidc-provider";
import { generateSigningJwk } from "./keys";

// The test IdP's signing keys as the relying party sees them: key rotation, a JWKS endpoint that can be taken
// down, and counts of JWKS and discovery fetches (so tests can prove Keyway caches keys).

export type KeyRing = {
  /** The key id_tokens are signed with now (oidc-provider's own key until the first rotation). */
  current: JWK;
  /** Private JWKs whose public halves the JWKS endpoint serves. */
  published: JWK[];
  rotated: boolean;
  jwksDown: boolean;
  counts: { jwks: number; discovery: number };
};

export function createKeyRing(initial: JWK): KeyRing {
  return { current: initial, published: [initial], rotated: false, jwksDown: false, counts: { jwks: 0, discovery: 0 } };
}

/** A new signing key; the JWKS then serves it and the previous one (as real IdPs do during a rotation). */
export async function rotateKey(ring: KeyRing): Promise<JWK> {
  const next = await generateSigningJwk();
  ring.published = [next, ring.current];
  ring.current = next;
  ring.rotated = true;
  return next;
}

export function publicJwk(jwk: JWK): JWK {
  const { kty, n, e, kid, alg, use } = jwk;
  return { kty, n, e, kid, alg, use };
}

const DISCOVERY_PATH = "/.well-known/openid-configuration";

/** Counts JWKS/discovery fetches, serves the JWKS after a rotation, answers 503 while the JWKS is "down". */
export function keyRingRoutes(jwksPath: string, ring: KeyRing): Middleware {
  return async (ctx: KoaContextWithOIDC, next) => {
    if (ctx.method === "GET" && ctx.path === DISCOVERY_PATH) ring.counts.discovery += 1;
    if (ctx.method !== "GET" || ctx.path !== jwksPath) return next();
    ring.counts.jwks += 1;
    if (ring.jwksDown) {
      ctx.status = 503;
      ctx.body = { error: "temporarily_unavailable" };
      return;
    }
    if (!ring.rotated) return next();
    ctx.set("Content-Type", "application/jwk-set+json; charset=utf-8");
    ctx.body = { keys: ring.published.map(publicJwk) };
  };
}

/** After a rotation, re-signs the token endpoint's id_token with the current key (claims unchanged). */
export function resignAfterRotation(tokenPath: string, ring: KeyRing): Middleware {
  return async (ctx, next) => {
    await next();
    if (!ring.rotated || ctx.method !== "POST" || ctx.path !== tokenPath || ctx.status !== 200) return;
    const body = ctx.body as Record<string, unknown> | null;
    if (!body || typeof body !== "object" || typeof body.id_token !== "string") return;
    const key = await importJWK(ring.current, "RS256");
    const idToken = await new SignJWT(decodeJwt(body.id_token))
      .setProtectedHeader({ alg: "RS256", kid: ring.current.kid })
      .sign(key);
    ctx.body = { ...body, id_token: idToken };
  };
}
