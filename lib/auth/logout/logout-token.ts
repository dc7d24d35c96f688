// Validates a back-channel logout token (OpenID Connect Back-Channel Logout 1.0, §2.6): signed by the integration's
// IdP (the same cached keys as id_tokens), its issuer, our client as audience, iat (and exp when present), a `jti`,
// the back-channel logout event, `sid` or `sub`, and no `nonce`. Each refusal has one plain description.
import { errors, type JWTPayload } from "jose";
import { type KeySource, verifyWithCachedKeys } from "../id-token";
import type { SigningKeyCache } from "../signing-keys";

export const BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";
/** A logout token older than this (by `iat`) is refused: it is sent at once, never queued for long. */
export const LOGOUT_TOKEN_MAX_AGE_S = 10 * 60;
/** Bounds for what lands in the database and the audit log. */
const MAX_CLAIM_LENGTH = 255;

export class LogoutTokenError extends Error {}

export type LogoutTokenClaims = {
  jti: string;
  sid: string | null;
  sub: string | null;
  iat: number;
  exp: number | null;
};
export type LogoutTokenExpectations = KeySource & { issuer: string; clientId: string };

function describe(error: unknown): string {
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "iss") return "The logout_token's issuer is not this integration's issuer.";
    if (error.claim === "aud") return "The logout_token's audience is not this integration's client.";
    if (error.claim === "iat") return "The logout_token is too old or issued in the future.";
    return `The logout_token's ${error.claim} claim is missing or invalid.`;
  }
  if (error instanceof errors.JWTExpired) return "The logout_token has expired.";
  return "The logout_token's signature does not verify with this integration's signing keys.";
}

const claimText = (value: unknown) =>
  typeof value === "string" && value.length > 0 && value.length <= MAX_CLAIM_LENGTH ? value : null;

/** The token's claims when every rule holds; a LogoutTokenError with a plain description otherwise. */
export async function verifyLogoutToken(
  token: string,
  expect: LogoutTokenExpectations,
  keys?: SigningKeyCache,
): Promise<LogoutTokenClaims> {
  let payload: JWTPayload;
  try {
    payload = await verifyWithCachedKeys(
      token,
      expect,
      {
        // Why: the issuer and audience come from the integration's configuration, never from the token.
        issuer: expect.issuer,
        audience: expect.clientId,
        maxTokenAge: LOGOUT_TOKEN_MAX_AGE_S,
        requiredClaims: ["iss", "aud", "iat", "jti", "events"],
      },
      keys,
    );
  } catch (error) {
    throw new LogoutTokenError(describe(error));
  }
  // Why: a nonce means an id_token; refusing it keeps an id_token from ever being replayed as a logout token.
  if (payload.nonce !== undefined) throw new LogoutTokenError("A logout_token must not contain a nonce.");
  const events = payload.events;
  const event =
    events && typeof events === "object" ? (events as Record<string, unknown>)[BACKCHANNEL_LOGOUT_EVENT] : null;
  if (!event || typeof event !== "object" || Array.isArray(event))
    throw new LogoutTokenError(`The logout_token's events do not contain ${BACKCHANNEL_LOGOUT_EVENT}.`);
  const jti = claimText(payload.jti);
  if (!jti) throw new LogoutTokenError("The logout_token has no usable jti.");
  const sid = claimText(payload.sid);
  const sub = claimText(payload.sub);
  if (!sid && !sub) throw new LogoutTokenError("The logout_token names neither a sid nor a sub.");
  return { jti, sid, sub, iat: payload.iat!, exp: typeof payload.exp === "number" ? payload.exp : null };
}
