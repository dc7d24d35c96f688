// Server-side sessions (issue 6, finding 5). The JWT cookie only names a Session row; the row decides whether the
// session still works, so sign-out, password change, disable and role changes end sessions on their next request.
import "server-only";
import type { Db, Tx } from "@/lib/db";

/** Absolute lifetime: a session ends this long after sign-in however active it is (cookie refreshes never extend it). */
export const SESSION_ABSOLUTE_LIFETIME_MS = 12 * 60 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Housekeeping: deletes sessions that ended over a day ago (of no further use to anyone). Scheduled once an hour
 * across all replicas (lib/ops/housekeeping.ts), never on the sign-in path. Returns how many rows went.
 */
export async function sweepEndedSessions(db: Db | Tx, now = new Date()): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - DAY_MS) } } });
  return count;
}

/**
 * What an SSO session was opened through: the integration (Integration.id) and the link (Account.id); for logout,
 * the IdP's `sid` and `sub` (back-channel) and the sealed id_token (RP-initiated logout's id_token_hint).
 */
export type SessionOrigin = {
  integrationId: string;
  accountId: string;
  idpSid?: string | null;
  idpSub?: string | null;
  idTokenSealed?: string | null;
};

/** The insert of a new session row, unsent: SSO sign-ins put it in their one batch (account-matching.ts). */
export function sessionInsert(db: Db | Tx, userId: string, now = new Date(), origin?: SessionOrigin) {
  return db.session.create({
    data: { userId, createdAt: now, expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_LIFETIME_MS), ...origin },
    select: { id: true },
  });
}

export async function createSession(db: Db | Tx, userId: string, now = new Date()): Promise<string> {
  return (await sessionInsert(db, userId, now)).id;
}

/** True when the session row exists for this user, is not revoked and has not passed its absolute end. */
export async function isSessionActive(
  db: Db | Tx,
  sessionId: unknown,
  userId: unknown,
  now = new Date(),
): Promise<boolean> {
  if (typeof sessionId !== "string" || typeof userId !== "string") return false;
  const row = await db.session.findUnique({
    where: { id: sessionId },
    select: { userId: true, expiresAt: true, revokedAt: true },
  });
  return !!row && row.userId === userId && !row.revokedAt && row.expiresAt > now;
}

/** Ends one session (sign-out). Unknown ids are ignored: signing out twice is not an error. */
export async function revokeSession(db: Db | Tx, sessionId: unknown): Promise<void> {
  if (typeof sessionId !== "string") return;
  await db.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Ends every open session of a user; called inside the transaction of the change that requires it. */
export async function revokeUserSessions(tx: Db | Tx, userId: string): Promise<number> {
  const { count } = await tx.session.updateMany({
    where: { userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count;
}

/**
 * Ends every open session opened through an integration or one link, inside the transaction of the change that
 * requires it (link removed; integration disabled, deleted or given another issuer). Every instance checks the row
 * on each request, so the sessions end everywhere at once. Returns how many ended.
 */
export async function revokeSessionsOpenedThrough(
  tx: Db | Tx,
  through: { integrationId: string } | { accountId: string },
): Promise<number> {
  const { count } = await tx.session.updateMany({
    where: { ...through, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count;
}
