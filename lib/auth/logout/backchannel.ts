// Back-channel logout: the IdP POSTs a logout token; when it holds, the sessions it names (by `sid`, else `sub`,
// through this integration only) end in one transaction with the token's `jti` remembered (a replay on any replica
// is refused) and the audit event. Every replica re-checks the session row per request, so they end everywhere.
import "server-only";
import { audit, SYSTEM_ACTOR } from "@/lib/audit";
import { type Db, db as defaultDb, isUniqueViolation } from "@/lib/db";
import { CLOCK_TOLERANCE_S } from "../id-token";
import type { SigningKeyCache } from "../signing-keys";
import { LOGOUT_TOKEN_MAX_AGE_S, LogoutTokenError, type LogoutTokenClaims, verifyLogoutToken } from "./logout-token";

/** A logout token is a few hundred bytes to a few KB; anything much larger is not one. */
export const BACKCHANNEL_BODY_LIMIT_BYTES = 16 * 1024;

export type BackchannelOutcome = { ok: true; sessionsEnded: number } | { ok: false; description: string };

const refused = (description: string): BackchannelOutcome => ({ ok: false, description });

/** The one `logout_token` of a form body, or null. */
function logoutTokenOf(body: string): string | null {
  const tokens = new URLSearchParams(body).getAll("logout_token");
  return tokens.length === 1 && tokens[0] ? tokens[0] : null;
}

/** How long the jti must be remembered: as long as the token could still be accepted. */
function rememberUntil(claims: LogoutTokenClaims): Date {
  const lastAccepted = Math.max(claims.exp ?? 0, claims.iat + LOGOUT_TOKEN_MAX_AGE_S) + CLOCK_TOLERANCE_S;
  return new Date(lastAccepted * 1000);
}

class ReplayedToken extends Error {}

/** Handles one back-channel logout request for `registrationId` with its (bounded) form body. */
export async function backchannelLogout(
  registrationId: string,
  body: string,
  { db = defaultDb, keys }: { db?: Db; keys?: SigningKeyCache } = {},
): Promise<BackchannelOutcome> {
  const token = logoutTokenOf(body);
  if (!token) return refused("Send exactly one logout_token as an application/x-www-form-urlencoded body.");
  const integration = await db.integration.findUnique({
    where: { registrationId },
    select: { id: true, enabled: true, issuer: true, clientId: true, jwksUri: true },
  });
  // Why refused while disabled: a disabled integration's sessions have already ended, and its keys are not trusted.
  if (!integration?.enabled) return refused("No enabled integration has this Registration ID.");
  let claims: LogoutTokenClaims;
  try {
    claims = await verifyLogoutToken(
      token,
      {
        integrationId: integration.id,
        jwksUri: integration.jwksUri,
        issuer: integration.issuer,
        clientId: integration.clientId,
      },
      keys,
    );
  } catch (error) {
    if (error instanceof LogoutTokenError) return refused(error.message);
    throw error;
  }
  const { jti, sid, sub } = claims;
  try {
    const sessionsEnded = await db.$transaction(async (tx) => {
      try {
        await tx.logoutTokenJti.create({
          data: { integrationId: integration.id, jti, expiresAt: rememberUntil(claims) },
          select: { jti: true },
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new ReplayedToken();
        throw error;
      }
      // With a sid, only that IdP session (and, when given, that subject); without one, every session of the subject.
      const where = sid ? { idpSid: sid, ...(sub ? { idpSub: sub } : {}) } : { idpSub: sub };
      const { count } = await tx.session.updateMany({
        where: { integrationId: integration.id, revokedAt: null, ...where },
        data: { revokedAt: new Date() },
      });
      await audit(tx, {
        actor: SYSTEM_ACTOR,
        action: "session.backchannel_logout",
        targetType: "integration",
        targetId: registrationId,
        details: { sid, sub, jti, sessionsEnded: count },
      });
      return count;
    });
    return { ok: true, sessionsEnded };
  } catch (error) {
    // Why: a jti seen before (on any replica: the table is shared) is a replay.
    if (error instanceof ReplayedToken || isUniqueViolation(error))
      return refused("This logout_token was already used (its jti was seen before).");
    throw error;
  }
}

/** Housekeeping: forgets jtis whose tokens could no longer be accepted anyway. */
export async function pruneLogoutTokenJtis(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.logoutTokenJti.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}
