// User writes. Each runs in one transaction with its audit event; callers have already checked authority.
import "server-only";
import { type Actor, audit } from "@/lib/audit";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { ROLE_AUTHORITIES, ROLES } from "@/lib/authz/authorities";
import { type Db, db as defaultDb, isUniqueViolation, type Tx } from "@/lib/db";
import { assertBreakGlassRemainsWithout } from "@/lib/sign-in-policy/guards";
import { hashPassword } from "./password";
import type { UpdateUserValues, UserFormValues } from "./schema";

const EMAIL_TAKEN = "A user with this email already exists.";
const ROLES_WITH_USER_WRITE = ROLES.filter((role) => ROLE_AUTHORITIES[role].includes("USER_WRITE"));

function countUserManagers(tx: Tx): Promise<number> {
  return tx.user.count({
    where: { disabled: false, OR: [{ role: { in: [...ROLES_WITH_USER_WRITE] } }, { authorities: { some: { authority: "USER_WRITE" } } }] },
  });
}

/** Runs a change, refusing it (the transaction rolls back) when it takes away the last user who can manage users. */
async function withoutLockout<T>(tx: Tx, field: string, change: () => Promise<T>): Promise<T> {
  const before = await countUserManagers(tx);
  const result = await change();
  if (before > 0 && (await countUserManagers(tx)) === 0) {
    throw new ConflictError("This change would leave no active user who can manage users.", { field });
  }
  return result;
}

export async function createUser(
  actor: Actor,
  input: UserFormValues & { password?: string },
  db: Db = defaultDb,
): Promise<{ id: string }> {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  try {
    return await db.$transaction(async (tx) => {
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
        details: { email: input.email, role: input.role, authorities: input.authorities, password: input.password ? "[set]" : "[none]" },
      });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(EMAIL_TAKEN, { field: "email" });
    throw error;
  }
}

export async function updateUser(actor: Actor, input: UpdateUserValues, db: Db = defaultDb): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({
      where: { id: input.id },
      select: { name: true, role: true, authorities: { select: { authority: true } } },
    });
    if (!before) throw new NotFoundError("User");
    await withoutLockout(tx, "role", async () => {
      await tx.userAuthority.deleteMany({ where: { userId: input.id } });
      await tx.user.update({
        where: { id: input.id },
        data: {
          name: input.name,
          role: input.role,
          authorities: { create: input.authorities.map((authority) => ({ authority })) },
        },
      });
    });
    await audit(tx, {
      actor,
      action: "user.update",
      targetType: "user",
      targetId: input.id,
      details: {
        before: { name: before.name, role: before.role, authorities: before.authorities.map((a) => a.authority).sort() },
        after: { name: input.name, role: input.role, authorities: [...input.authorities].sort() },
      },
    });
  });
}

export async function setUserDisabled(actor: Actor, id: string, disabled: boolean, db: Db = defaultDb): Promise<void> {
  // Locking yourself out by accident is not a thing an admin console should allow.
  if (actor.id === id && disabled) throw new ConflictError("You cannot disable your own account.", { field: "disabled" });
  await db.$transaction(async (tx) => {
    if (disabled) await assertBreakGlassRemainsWithout(tx, id);
    const found = await withoutLockout(tx, "disabled", () => tx.user.updateMany({ where: { id }, data: { disabled } }));
    if (found.count === 0) throw new NotFoundError("User");
    await audit(tx, { actor, action: disabled ? "user.disable" : "user.enable", targetType: "user", targetId: id });
  });
}

export async function setUserPassword(actor: Actor, email: string, password: string, db: Db = defaultDb): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email }, select: { id: true } });
    if (!user) throw new NotFoundError(`User ${email}`);
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    await audit(tx, { actor, action: "user.set_password", targetType: "user", targetId: user.id, details: { password: "[redacted]" } });
  });
}
