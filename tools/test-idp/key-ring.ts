import { decodeJwt, importJWK, type JWK, type JWTPayload, SignJWT } from "jose";
import type { KoaContextWithOIDC, Middleware } from "oidc-provider";
import type { IdpClock } from "./clock-skew";
import { generateSigningJwk, publicJwk } from "./keys";
import type { SigningAlg } from "./types";

// The test IdP's signing keys as the relying party sees them: key rotation (to a new kid, or under the same kid as a
// restarted IdP with a fresh key does), a JWKS endpoint that can be taken down, and counts of JWKS and discovery
// fetches (so tests can prove Keyway caches keys).

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

/**
 * A new signing key (same algorithm). By default it gets a new kid and the JWKS serves it and the previous one (as
 * real IdPs do during a rotation); with `retire`, only the new one (the old key rotated out). With `sameKid`, it
 * replaces the current key under the same kid: the previous key is gone, as when a development IdP restarts with a
 * freshly generated key.
 */
export async function rotateKey(
  ring: KeyRing,
  { sameKid = false, retire = false }: { sameKid?: boolean; retire?: boolean } = {},
): Promise<JWK> {
  const alg = (ring.current.alg ?? "RS256") as SigningAlg;
  const next = await generateSigningJwk(alg, sameKid ? ring.current.kid : undefined);
  ring.published = retire
    ? [next]
    : sameKid
      ? [next, ...ring.published.filter((key) => key.kid !== next.kid)]
      : [next, ring.current];
  ring.current = next;
  ring.rotated = true;
  return next;
}

export { publicJwk };

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

const TIME_CLAIMS = ["iat", "exp", "nbf", "auth_time"] as const;

/** The claims as an IdP whose clock is `skewS` seconds off would have stamped them. */
export function skewClaims(claims: JWTPayload, skewS: number): JWTPayload {
  const shifted: Record<string, unknown> = { ...claims };
  for (const claim of TIME_CLAIMS) if (typeof claims[claim] === "number") shifted[claim] = claims[claim] + skewS;
  return shifted;
}

/**
 * After a rotation, or while the IdP's clock is skewed, re-signs the token endpoint's id_token with the current key
 * (claims unchanged except the time claims, shifted by the skew).
 */
export function reissueIdTokens(tokenPath: string, ring: KeyRing, clock: IdpClock): Middleware {
  return async (ctx, next) => {
    await next();
    if (!ring.rotated && clock.skewS === 0) return;
    if (ctx.method !== "POST" || ctx.path !== tokenPath || ctx.status !== 200) return;
    const body = ctx.body as Record<string, unknown> | null;
    if (!body || typeof body !== "object" || typeof body.id_token !== "string") return;
    const alg = ring.current.alg ?? "RS256";
    const key = await importJWK(ring.current, alg);
    const idToken = await new SignJWT(skewClaims(decodeJwt(body.id_token), clock.skewS))
      .setProtectedHeader({ alg, kid: ring.current.kid })
      .sign(key);
    ctx.body = { ...body, id_token: idToken };
  };
}
