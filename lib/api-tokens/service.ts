// API token writes: create (shown once, stored as hash + prefix) and revoke, each with its audit event in the same
// transaction. Callers have checked who is signed in; the rules about whose tokens and which authorities are here.
import "server-only";
import { type Actor, audit } from "@/lib/audit";
import { type Authority, effectiveAuthorities } from "@/lib/authz/authorities";
import { type Db, db as defaultDb, type Tx } from "@/lib/db";
import { ConflictError, NotFoundError, NotPermittedError } from "@/lib/errors";
import { canManage } from "@/lib/users/grant-rules";
import { type CreateApiTokenValues, expiryDate } from "./schema";
import { generateApiToken, hashApiToken, storedPrefix } from "./token";

/** Active tokens one user may hold at once: enough for every pipeline, few enough to review. */
export const MAX_ACTIVE_TOKENS_PER_USER = 50;

type Options = { db?: Db; now?: Date };

async function authoritiesOf(tx: Tx, userId: string | null) {
  if (!userId) return null;
  const user = await tx.user.findUnique({
    where: { id: userId },
    select: { role: true, disabled: true, authorities: { select: { authority: true } } },
  });
  if (!user) return null;
  return {
    disabled: user.disabled,
    role: user.role,
    extras: user.authorities.map((a) => a.authority),
    held: effectiveAuthorities(
      user.role,
      user.authorities.map((a) => a.authority),
    ),
  };
}

export type CreatedApiToken = { id: string; token: string; prefix: string; expiresAt: Date; authorities: Authority[] };

/**
 * Makes a token for `ownerId`, carrying `values.authorities`. The plain token is returned once, to be shown once.
 * The console makes tokens for the signed-in user only; the operator's CLI names the owner by email.
 */
export async function createApiToken(
  actor: Actor,
  ownerId: string,
  values: CreateApiTokenValues,
  { db = defaultDb, now = new Date() }: Options = {},
): Promise<CreatedApiToken> {
  const token = generateApiToken();
  const expiresAt = expiryDate(values, now);
  return db.$transaction(async (tx) => {
    const owner = await authoritiesOf(tx, ownerId);
    if (!owner || owner.disabled) throw new NotFoundError("Active user");
    // Why: a token is a way of acting as its owner, never a way to hold more than the owner does.
    const missing = values.authorities.filter((a) => !owner.held.includes(a));
    if (missing.length > 0) {
      throw new NotPermittedError(`A token can carry only authorities its owner holds; not: ${missing.join(", ")}.`);
    }
    const active = await tx.apiToken.count({ where: { userId: ownerId, revokedAt: null, expiresAt: { gt: now } } });
    if (active >= MAX_ACTIVE_TOKENS_PER_USER) {
      throw new ConflictError(`At most ${MAX_ACTIVE_TOKENS_PER_USER} active tokens per user: revoke one first.`);
    }
    const row = await tx.apiToken.create({
      data: {
        userId: ownerId,
        name: values.name,
        prefix: storedPrefix(token),
        hash: hashApiToken(token),
        authorities: values.authorities.join(" "),
        createdById: actor.id,
        createdAt: now,
        expiresAt,
      },
      select: { id: true, prefix: true },
    });
    await audit(tx, {
      actor,
      action: "api_token.create",
      targetType: "user",
      targetId: ownerId,
      // The prefix and name identify the token; the token itself never reaches the audit log.
      details: {
        tokenId: row.id,
        name: values.name,
        prefix: row.prefix,
        authorities: values.authorities,
        expiresAt: expiresAt.toISOString(),
      },
    });
    return { id: row.id, token, prefix: row.prefix, expiresAt, authorities: values.authorities };
  });
}

/** Revokes one token: your own, or (with USER_WRITE) anyone's whose authorities you all hold. Idempotent. */
export async function revokeApiToken(
  actor: Actor,
  tokenId: string,
  { db = defaultDb, now = new Date() }: Options = {},
) {
  return db.$transaction(async (tx) => {
    const row = await tx.apiToken.findUnique({
      where: { id: tokenId },
      select: { id: true, name: true, prefix: true, userId: true, revokedAt: true },
    });
    if (!row) throw new NotFoundError("Token");
    if (row.userId !== actor.id) {
      const actorHolds = await authoritiesOf(tx, actor.id);
      const owner = await authoritiesOf(tx, row.userId);
      const held = actorHolds && !actorHolds.disabled ? actorHolds.held : [];
      // Why: others' tokens are theirs to manage; a user manager may end them, but only for people they can manage.
      if (!held.includes("USER_WRITE")) throw new NotPermittedError("You can revoke only your own tokens.");
      if (owner && !canManage(held, { role: owner.role, authorities: owner.extras })) {
        throw new NotPermittedError("You cannot revoke this token: its owner holds authorities you do not hold.");
      }
    }
    if (row.revokedAt) return { id: row.id, revokedAt: row.revokedAt };
    await tx.apiToken.update({ where: { id: row.id }, data: { revokedAt: now } });
    await audit(tx, {
      actor,
      action: "api_token.revoke",
      targetType: "user",
      targetId: row.userId,
      details: { tokenId: row.id, name: row.name, prefix: row.prefix },
    });
    return { id: row.id, revokedAt: now };
  });
}

/** Ends every live token of a user, inside the caller's transaction (disabling them ends their tokens for good). */
export async function revokeUserApiTokens(tx: Db | Tx, userId: string, now = new Date()): Promise<number> {
  const { count } = await tx.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
  return count;
}
