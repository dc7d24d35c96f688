// Rules other writes must respect so that nobody is locked out: requiring single sign-on never leaves nobody with a
// way in, an integration writer cannot cut admins off, and the last user manager always keeps a way in.
import "server-only";
import type { Actor } from "@/lib/audit";
import { AUTHORITIES, type Authority, effectiveAuthorities, ROLE_AUTHORITIES, ROLES } from "@/lib/authz/authorities";
import type { Db, Tx } from "@/lib/db";
import { ConflictError, NotPermittedError } from "@/lib/errors";

type Client = Db | Tx;

const ROLES_WITH_USER_WRITE = ROLES.filter((role) => ROLE_AUTHORITIES[role].includes("USER_WRITE"));
const USER_MANAGER = {
  disabled: false,
  OR: [{ role: { in: [...ROLES_WITH_USER_WRITE] } }, { authorities: { some: { authority: "USER_WRITE" } } }],
};

export const LAST_MANAGER_WAY_IN =
  "This change would leave no active user who can manage users (USER_WRITE) with a way to sign in.";
export const BREAK_GLASS_NEEDS_USER_MANAGER =
  "While single sign-on is required, at least one break-glass account must be able to manage users (USER_WRITE), so someone can always get in and repair access.";

/** Refuses disabling `userId` when single sign-on is required and they are the last active break-glass account. */
export async function assertBreakGlassRemainsWithout(tx: Tx, userId: string): Promise<void> {
  const policy = await tx.signInPolicy.findUnique({ where: { id: 1 }, select: { requireSso: true } });
  if (!policy?.requireSso) return;
  const others = await tx.breakGlassAccount.count({ where: { userId: { not: userId }, user: { disabled: false } } });
  const isBreakGlass = (await tx.breakGlassAccount.count({ where: { userId } })) > 0;
  // Why: with passwords refused for everyone else, the last break-glass account is the only way in if SSO breaks.
  if (isBreakGlass && others === 0) {
    throw new ConflictError(
      "This is the last break-glass account while single sign-on is required. Add another one under Settings > Sign-in policy first.",
      { field: "disabled" },
    );
  }
}

/**
 * Run after a change inside its transaction: while single sign-on is required, some active break-glass account
 * (password, exempt from the requirement) must still hold USER_WRITE. `field` puts the refusal under a form field.
 */
export async function assertBreakGlassUserManagerRemains(tx: Tx, field: string): Promise<void> {
  const policy = await tx.signInPolicy.findUnique({ where: { id: 1 }, select: { requireSso: true } });
  if (!policy?.requireSso) return;
  const managers = await tx.breakGlassAccount.count({
    where: { user: { ...USER_MANAGER, passwordHash: { not: null } } },
  });
  // Why: integrations, links and key settings can all break; the password of a user manager cannot be taken away by
  // anyone who manages integrations, so that user always keeps a way in to repair the rest.
  if (managers === 0) throw new ConflictError(BREAK_GLASS_NEEDS_USER_MANAGER, { field });
}

/** The actor's effective authorities, re-read in the transaction; null for the operator's CLI (no user). */
export async function actorAuthorities(tx: Client, actor: Actor): Promise<Authority[] | null> {
  if (actor.id === null) return null;
  const user = await tx.user.findUnique({
    where: { id: actor.id },
    select: { role: true, disabled: true, authorities: { select: { authority: true } } },
  });
  if (!user || user.disabled) return [];
  const held = effectiveAuthorities(
    user.role,
    user.authorities.map((a) => a.authority),
  );
  // Why: an actor with a scope (an API token) grants and manages no more than that scope, even if its owner could.
  return actor.scope ? held.filter((a) => actor.scope!.includes(a)) : held;
}

/** Refuses unless the actor holds every authority Keyway has (the CLI, run by the operator, always may). */
export async function assertHoldsEveryAuthority(tx: Client, actor: Actor, message: string): Promise<void> {
  const held = await actorAuthorities(tx, actor);
  if (held !== null && !AUTHORITIES.every((a) => held.includes(a))) throw new NotPermittedError(message);
}

type Stranded = { id: string; email: string; authorities: Authority[] };

/**
 * Of `userIds`, the active users who have no way to sign in: no password they may use (none, or single sign-on is
 * required and they are not a break-glass account) and no link through an enabled integration under its current
 * issuer. Reads the state as of now (inside the caller's transaction).
 */
export async function usersWithoutWayIn(tx: Client, userIds: readonly string[]): Promise<Stranded[]> {
  if (userIds.length === 0) return [];
  const ids = [...new Set(userIds)];
  const [policy, users, withPassword] = await Promise.all([
    tx.signInPolicy.findUnique({ where: { id: 1 }, select: { requireSso: true } }),
    tx.user.findMany({
      where: { id: { in: ids }, disabled: false },
      select: {
        id: true,
        email: true,
        role: true,
        authorities: { select: { authority: true } },
        breakGlass: { select: { userId: true } },
        accounts: { select: { provider: true, issuer: true } },
      },
    }),
    tx.user.findMany({ where: { id: { in: ids }, passwordHash: { not: null } }, select: { id: true } }),
  ]);
  const providers = [...new Set(users.flatMap((u) => u.accounts.map((a) => a.provider)))];
  const enabled = await tx.integration.findMany({
    where: { enabled: true, registrationId: { in: providers } },
    select: { registrationId: true, issuer: true },
  });
  const live = new Set(enabled.map((i) => `${i.registrationId}\n${i.issuer}`));
  const passwords = new Set(withPassword.map((u) => u.id));
  return users
    .filter((u) => {
      const password = passwords.has(u.id) && (!policy?.requireSso || !!u.breakGlass);
      const sso = u.accounts.some((a) => live.has(`${a.provider}\n${a.issuer}`));
      return !password && !sso;
    })
    .map((u) => ({
      id: u.id,
      email: u.email,
      authorities: effectiveAuthorities(
        u.role,
        u.authorities.map((a) => a.authority),
      ),
    }));
}

/** The ids of every active user manager (USER_WRITE). */
export async function userManagerIds(tx: Client): Promise<string[]> {
  return (await tx.user.findMany({ where: USER_MANAGER, select: { id: true } })).map((u) => u.id);
}

/**
 * Guards a change that can take ways in away (disable or delete an integration, remove a link): call it before the
 * change, then `after()` inside the same transaction once the change is made. Refuses when
 * - it leaves someone holding an authority without a way in and the actor does not hold every authority, or
 * - no user manager who had a way in keeps one (whoever the actor is).
 */
export async function wayInGuard(tx: Tx, userIds: readonly string[]) {
  const managers = await userManagerIds(tx);
  const watched = [...new Set([...userIds, ...managers])];
  const strandedBefore = new Set((await usersWithoutWayIn(tx, watched)).map((u) => u.id));
  const managersWithWayIn = managers.filter((id) => !strandedBefore.has(id)).length;
  return {
    /** `what` names the change in the refusal; null checks only the last user manager's way in. */
    async after(actor: Actor, what: string | null): Promise<void> {
      const stranded = (await usersWithoutWayIn(tx, watched)).filter((u) => !strandedBefore.has(u.id));
      const strandedManagers = stranded.filter((u) => managers.includes(u.id)).length;
      if (managersWithWayIn > 0 && strandedManagers === managersWithWayIn) throw new ConflictError(LAST_MANAGER_WAY_IN);
      if (what === null) return;
      const admins = stranded.filter((u) => u.authorities.length > 0);
      if (admins.length === 0) return;
      const list = admins.map((u) => u.email).join(", ");
      await assertHoldsEveryAuthority(
        tx,
        actor,
        `${what} would leave ${list} without a way to sign in. Only an administrator holding every authority can do that.`,
      );
    },
  };
}
