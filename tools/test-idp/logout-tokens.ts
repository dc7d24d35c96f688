import { randomUUID } from "node:crypto";
import { importJWK, type JWTPayload, SignJWT } from "jose";
import type { Middleware } from "oidc-provider";
import type { KeyRing } from "./key-ring";
import { readRawBody } from "./request-body";

// Hand-made back-channel logout tokens for tests in another process: signed with the IdP's current key (so a
// relying party's refusal of a wrong audience, a nonce or missing events is about that claim, not the signature).

export const LOGOUT_TOKEN_PATH = "/__test/logout-token";
export const BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";
const BODY_LIMIT = 2048;

/**
 * POST /__test/logout-token `{ clientId, claims?, omit? }` → `{ logout_token }`: iss, aud (clientId), iat, exp, a
 * fresh jti and the back-channel logout event, then `claims` over them and the `omit` names removed.
 */
export function logoutTokenApi(ring: KeyRing, issuer: string): Middleware {
  return async (ctx, next) => {
    if (ctx.path !== LOGOUT_TOKEN_PATH) return next();
    ctx.set("Cache-Control", "no-store");
    if (ctx.method !== "POST") {
      ctx.set("Allow", "POST");
      ctx.status = 405;
      return;
    }
    let body: { clientId?: unknown; claims?: unknown; omit?: unknown } | null = null;
    try {
      body = JSON.parse((await readRawBody(ctx.req, BODY_LIMIT)).toString("utf8"));
    } catch (error) {
      if ((error as { status?: number }).status === 413) throw error;
    }
    if (!body || typeof body.clientId !== "string") {
      ctx.status = 400;
      ctx.body = { error: "clientId is required" };
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    const payload: JWTPayload = {
      iss: issuer,
      aud: body.clientId,
      iat: now,
      exp: now + 120,
      jti: randomUUID(),
      events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
      ...(body.claims && typeof body.claims === "object" ? (body.claims as JWTPayload) : {}),
    };
    for (const name of Array.isArray(body.omit) ? body.omit : []) delete payload[String(name)];
    const alg = ring.current.alg ?? "RS256";
    const token = await new SignJWT(payload)
      .setProtectedHeader({ alg, kid: ring.current.kid, typ: "logout+jwt" })
      .sign(await importJWK(ring.current, alg));
    ctx.body = { logout_token: token };
  };
}
