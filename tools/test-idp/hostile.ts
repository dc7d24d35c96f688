import {
  decodeJwt,
  decodeProtectedHeader,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  SignJWT,
  UnsecuredJWT,
} from "jose";
import { randomUUID } from "node:crypto";
import type { Middleware } from "oidc-provider";
import { inspectTokenRequest } from "./token-request-log";

// Hostile mode: the test IdP hands out a defective id_token so e2e tests can prove the relying party refuses it.
// The token is produced by oidc-provider as usual, then re-issued here with exactly one defect.

export const HOSTILE_MODES = [
  "none",
  "rogue-signature",
  "wrong-audience",
  "expired",
  "wrong-issuer",
  "bad-nonce",
  "alg-none",
  "unknown-key",
  // Faults rather than forgeries: the token endpoint accepts and never answers, or answers with non-JSON garbage.
  "hang",
  "garbage",
] as const;
export type HostileMode = (typeof HOSTILE_MODES)[number];
/** Shared, mutable: the test API writes it, the token middleware reads it on each request. `clientId` limits the
 * mode to one client's token requests, so the other clients (integrations) can be shown to keep working. */
export type HostileSwitch = { mode: HostileMode; clientId?: string };

export const isHostileMode = (value: unknown): value is HostileMode => HOSTILE_MODES.includes(value as HostileMode);

const HOUR_S = 60 * 60;

type Signer = { signingJwk: JWK; issuer: string };

async function sign(
  claims: JWTPayload,
  alg: string,
  kid: string | undefined,
  key: CryptoKey | Uint8Array,
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, ...(kid ? { kid } : {}) }).sign(key);
}

/** A key pair of the IdP's own algorithm that no JWKS publishes. */
async function strangerKey(alg: string): Promise<CryptoKey> {
  return (await generateKeyPair(alg, alg === "EdDSA" ? { crv: "Ed25519" } : {})).privateKey;
}

/** Re-issues `idToken` with the one defect `mode` names; every other claim and the header's kid are kept. */
export async function tamperIdToken(
  idToken: string,
  mode: Exclude<HostileMode, "none" | "hang" | "garbage">,
  signer: Signer,
): Promise<string> {
  const { kid } = decodeProtectedHeader(idToken);
  const claims = decodeJwt(idToken);
  // The IdP's own algorithm (RS256, ES256 or EdDSA), so each defect is the only thing wrong with the token.
  const alg = signer.signingJwk.alg ?? "RS256";
  const realKey = () => importJWK(signer.signingJwk, alg);
  const now = Math.floor(Date.now() / 1000);
  switch (mode) {
    case "rogue-signature": {
      // Why: same kid as the published key, so the relying party finds that key and only the signature check can fail.
      return sign(claims, alg, kid, await strangerKey(alg));
    }
    case "wrong-audience":
      return sign({ ...claims, aud: "someone-else" }, alg, kid, await realKey());
    case "expired":
      // Why: an hour in the past is beyond any sane clock tolerance; real key, so only the expiry is wrong.
      return sign({ ...claims, iat: now - 2 * HOUR_S, exp: now - HOUR_S }, alg, kid, await realKey());
    case "wrong-issuer":
      return sign({ ...claims, iss: `${signer.issuer}/evil` }, alg, kid, await realKey());
    case "bad-nonce":
      return sign({ ...claims, nonce: "tampered" }, alg, kid, await realKey());
    case "alg-none":
      return new UnsecuredJWT(claims).encode();
    case "unknown-key": {
      // Why: a key (and kid) in no JWKS: the relying party may refetch its keys once, and must still refuse.
      return sign(claims, alg, `unknown-${randomUUID()}`, await strangerKey(alg));
    }
  }
}

/** Koa middleware around the token endpoint: after oidc-provider answered, swaps in the tampered id_token. */
export function hostileTokens(tokenPath: string, hostile: HostileSwitch, signer: Signer): Middleware {
  return async (ctx, next) => {
    const mode = hostile.mode;
    const isToken = ctx.method === "POST" && ctx.path === tokenPath;
    if (isToken && hostile.clientId && (await inspectTokenRequest(ctx)).clientId !== hostile.clientId) return next();
    if (isToken && mode === "hang") {
      // Accepts the connection and never answers: held until the caller gives up and closes it.
      await new Promise((resolve) => ctx.req.socket.once("close", resolve));
      return;
    }
    if (isToken && mode === "garbage") {
      ctx.status = 200;
      ctx.set("Content-Type", "text/html");
      ctx.body = "<html><body>\u0000\u0001 not a token response";
      return;
    }
    await next();
    if (mode === "none" || mode === "hang" || mode === "garbage" || !isToken || ctx.status !== 200) return;
    const body = ctx.body as Record<string, unknown> | null;
    if (!body || typeof body !== "object" || typeof body.id_token !== "string") return;
    ctx.body = { ...body, id_token: await tamperIdToken(body.id_token, mode, signer) };
  };
}
