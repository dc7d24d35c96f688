// User writes. Each runs in one transaction with its audit event; callers have already checked authority.
import "server-only";
import { type Actor, audit } from "@/lib/audit";
import { revokeUserApiTokens } from "@/lib/api-tokens/service";
import { revokeUserSessions } from "@/lib/auth/sessions";
import { ConflictError, NotFoundError, NotPermittedError } from "@/lib/errors";
import { ROLE_AUTHORITIES, ROLES } from "@/lib/authz/authorities";
import { type Db, db as defaultDb, isUniqueViolation, QUEUED_WRITE_TX, type Tx } from "@/lib/db";
import {
  actorAuthorities,
  assertBreakGlassRemainsWithout,
  assertBreakGlassUserManagerRemains,
} from "@/lib/sign-in-policy/guards";
import {
  canManage,
  grantRefused,
  MORE_PRIVILEGED_REFUSED,
  missingAuthorities,
  SELF_CHANGE_REFUSED,
} from "./grant-rules";
import { hashPassword } from "./password";
import type { UpdateUserValues, UserFormValues } from "./schema";

const EMAIL_TAKEN = "A user with this email already exists.";
const ROLES_WITH_USER_WRITE = ROLES.filter((role) => ROLE_AUTHORITIES[role].includes("USER_WRITE"));

function countUserManagers(tx: Tx): Promise<number> {
  return tx.user.count({
    where: {
      disabled: false,
      OR: [{ role: { in: [...ROLES_WITH_USER_WRITE] } }, { authorities: { some: { authority: "USER_WRITE" } } }],
    },
  });
}

export const ANONYMISED_UNCHANGEABLE = "This account is anonymised: its name, role and authorities cannot change.";

const USER_MANAGERS_LOCK = "user-managers";

/** Runs a change, refusing it (the transaction rolls back) when it takes away the last user who can manage users. */
async function withoutLockout<T>(tx: Tx, field: string, change: () => Promise<T>): Promise<T> {
  // Why the lock row: two concurrent demotions each counting two managers would both pass. Updating one row first
  // makes PostgreSQL run these transactions one after the other (the second waits, then counts committed data);
  // SQLite has a single writer. Proven by service.concurrency.db.test.ts.
  await tx.lock.upsert({
    where: { name: USER_MANAGERS_LOCK },
    create: { name: USER_MANAGERS_LOCK, version: 1 },
    update: { version: { increment: 1 } },
  });
  const before = await countUserManagers(tx);
  const result = await change();
  if (before > 0 && (await countUserManagers(tx)) === 0) {
    throw new ConflictError("This change would leave no active user who can manage users.", { field });
  }
  return result;
}

type Holder = { role: string; authorities: readonly string[] };

// Why: without these rules a USER_WRITE holder could make themselves (or a friend) ADMIN, or demote admins.
async function assertMayChange(tx: Tx, actor: Actor, target: Holder | null, after: Holder | null): Promise<void> {
  const held = await actorAuthorities(tx, actor);
  if (held === null) return;
  if (target && !canManage(held, target)) throw new NotPermittedError(MORE_PRIVILEGED_REFUSED);
  const missing = after ? missingAuthorities(held, after) : [];
  if (missing.length > 0) throw new NotPermittedError(grantRefused(missing));
}

/** The "cannot change a more privileged user" rule on its own, for writes about a user's things (e.g. SSO links). */
export async function assertMayChangeUser(tx: Tx, actor: Actor, userId: string): Promise<void> {
  const target = await tx.user.findUnique({
    where: { id: userId },
    select: { role: true, authorities: { select: { authority: true } } },
  });
  if (!target) throw new NotFoundError("User");
  await assertMayChange(
    tx,
    actor,
    { role: target.role, authorities: target.authorities.map((a) => a.authority) },
    null,
  );
}

const sameGrant = (a: Holder, b: Holder) =>
  a.role === b.role && [...a.authorities].sort().join() === [...b.authorities].sort().join();

export async function createUser(
  actor: Actor,
  input: UserFormValues & { password?: string },
  db: Db = defaultDb,
): Promise<{ id: string }> {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  try {
    return await db.$transaction(async (tx) => {
      await assertMayChange(tx, actor, null, input);
      const user = await tx.user.create({
        data: {
          email: input.email,
          name: input.name,
          role: input.role,
          passwordHash,
          authorities: { create: input.authorities.map((authority) => ({ authority })) },
        },
        select: { id: true },
      });
      await audit(tx, {
        actor,
        action: "user.create",
        targetType: "user",
        targetId: user.id,
        details: {
          email: input.email,
          role: input.role,
          authorities: input.authorities,
          password: input.password ? "[set]" : "[none]",
        },
      });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(EMAIL_TAKEN, { field: "email" });
    throw error;
  }
}

export async function updateUser(actor: Actor, input: UpdateUserValues, db: Db = defaultDb): Promise<void> {
  await db.$transaction((tx) => updateUserIn(tx, actor, input), QUEUED_WRITE_TX);
}

async function updateUserIn(tx: Tx, actor: Actor, input: UpdateUserValues): Promise<void> {
  const before = await tx.user.findUnique({
    where: { id: input.id },
    // Only what was granted by hand: the edit replaces those; group mappings' grants are theirs (never edited here).
    select: {
      name: true,
      role: true,
      anonymisedAt: true,
      authorities: { where: { grantedBy: "" }, select: { authority: true } },
    },
  });
  if (!before) throw new NotFoundError("User");
  // Why: a name or grant written onto an anonymised account would start to identify someone again.
  if (before.anonymisedAt) throw new ConflictError(ANONYMISED_UNCHANGEABLE);
  const beforeGrant = { role: before.role, authorities: before.authorities.map((a) => a.authority) };
  const changesGrant = !sameGrant(beforeGrant, input);
  // Why: nobody raises (or quietly lowers) their own privileges; another administrator has to.
  if (changesGrant && actor.id === input.id) throw new NotPermittedError(SELF_CHANGE_REFUSED);
  await assertMayChange(tx, actor, beforeGrant, input);
  // A session keeps the privileges it was opened with in no cache, but a role change still ends the user's
  // sessions so they sign in again knowingly (issue 6, finding 5).
  if (changesGrant) await revokeUserSessions(tx, input.id);
  await withoutLockout(tx, "role", async () => {
    await tx.userAuthority.deleteMany({ where: { userId: input.id, grantedBy: "" } });
    await tx.user.update({
      where: { id: input.id },
      data: {
        name: input.name,
        role: input.role,
        authorities: { create: input.authorities.map((authority) => ({ authority })) },
      },
    });
  });
  if (changesGrant) await assertBreakGlassUserManagerRemains(tx, "role");
  await audit(tx, {
    actor,
    action: "user.update",
    targetType: "user",
    targetId: input.id,
    details: {
      before: {
        name: before.name,
        role: before.role,
        authorities: before.authorities.map((a) => a.authority).sort(),
      },
      after: { name: input.name, role: input.role, authorities: [...input.authorities].sort() },
    },
  });
}

export async function setUserDisabled(actor: Actor, id: string, disabled: boolean, db: Db = defaultDb): Promise<void> {
  await db.$transaction((tx) => setUserDisabledIn(tx, actor, id, disabled), QUEUED_WRITE_TX);
}

async function setUserDisabledIn(tx: Tx, actor: Actor, id: string, disabled: boolean): Promise<void> {
  // Locking yourself out by accident is not a thing an admin console should allow.
  if (actor.id === id && disabled)
    throw new ConflictError("You cannot disable your own account.", { field: "disabled" });
  const target = await tx.user.findUnique({
    where: { id },
    select: { role: true, anonymisedAt: true, authorities: { select: { authority: true } } },
  });
  if (!target) throw new NotFoundError("User");
  await assertMayChange(
    tx,
    actor,
    { role: target.role, authorities: target.authorities.map((a) => a.authority) },
    null,
  );
  // Why: an anonymised account stays the audit trail's subject only; it never signs anyone in again.
  if (!disabled && target.anonymisedAt) {
    throw new ConflictError("An anonymised account cannot be enabled again.", { field: "disabled" });
  }
  if (disabled) await assertBreakGlassRemainsWithout(tx, id);
  await withoutLockout(tx, "disabled", () => tx.user.update({ where: { id }, data: { disabled } }));
  if (disabled) await assertBreakGlassUserManagerRemains(tx, "disabled");
  // Disabling ends every session and API token for good: re-enabling later revives neither.
  if (disabled) {
    await revokeUserSessions(tx, id);
    await revokeUserApiTokens(tx, id);
  }
  await audit(tx, { actor, action: disabled ? "user.disable" : "user.enable", targetType: "user", targetId: id });
}

/**
 * One JSON PATCH: status and profile in ONE transaction, so a refused part (e.g. a grant the actor may not make)
 * leaves nothing half-applied. Unset profile fields keep their stored values.
 */
export async function patchUser(
  actor: Actor,
  id: string,
  { disabled, ...profile }: { disabled?: boolean; name?: string; role?: string; authorities?: string[] },
  db: Db = defaultDb,
): Promise<void> {
  await db.$transaction(async (tx) => {
    const current = await tx.user.findUnique({
      where: { id },
      select: { name: true, role: true, authorities: { select: { authority: true } } },
    });
    if (!current) throw new NotFoundError("User");
    if (disabled !== undefined) await setUserDisabledIn(tx, actor, id, disabled);
    if (Object.values(profile).some((value) => value !== undefined)) {
      await updateUserIn(tx, actor, {
        id,
        name: profile.name ?? current.name,
        role: (profile.role ?? current.role) as UpdateUserValues["role"],
        authorities: (profile.authorities ??
          current.authorities.map((a) => a.authority)) as UpdateUserValues["authorities"],
      });
    }
  }, QUEUED_WRITE_TX);
}

export async function setUserPassword(
  actor: Actor,
  email: string,
  password: string,
  db: Db = defaultDb,
): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email }, select: { id: true } });
    if (!user) throw new NotFoundError(`User ${email}`);
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    // A new password ends the sessions opened with the old one (someone who knew it is signed out).
    await revokeUserSessions(tx, user.id);
    await audit(tx, {
      actor,
      action: "user.set_password",
      targetType: "user",
      targetId: user.id,
      details: { password: "[redacted]" },
    });
  });
}

/** "Sign out everywhere" for one user: ends all their sessions, audited in the same transaction. */
export async function signOutEverywhere(actor: Actor, id: string, db: Db = defaultDb): Promise<{ ended: number }> {
  return db.$transaction(async (tx) => {
    const target = await tx.user.findUnique({
      where: { id },
      select: { role: true, authorities: { select: { authority: true } } },
    });
    if (!target) throw new NotFoundError("User");
    if (actor.id !== id)
      await assertMayChange(
        tx,
        actor,
        { role: target.role, authorities: target.authorities.map((a) => a.authority) },
        null,
      );
    const ended = await revokeUserSessions(tx, id);
    await audit(tx, {
      actor,
      action: "user.sign_out_everywhere",
      targetType: "user",
      targetId: id,
      details: { ended },
    });
    return { ended };
  });
}
