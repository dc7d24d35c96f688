// Changes to the sign-in policy: one transaction re-checks the lockout rules, writes the policy and the
// break-glass list, and records the audit event. Callers have already checked OAUTH_INTEGRATION_WRITE; switching
// single sign-on on or changing the break-glass accounts also needs every authority.
import "server-only";
import { type Actor, audit } from "@/lib/audit";
import { ValidationError } from "@/lib/errors";
import { type Db, db as defaultDb } from "@/lib/db";
import { assertBreakGlassUserManagerRemains, assertHoldsEveryAuthority } from "./guards";
import { recentSsoAdminSignIn } from "./queries";
import type { SignInPolicyValues } from "./schema";

export const NEEDS_RECENT_SSO =
  "Single sign-on can be required only after an administrator holding every authority has signed in through an enabled integration in the last 24 hours.";
export const NEEDS_EVERY_AUTHORITY =
  "Only an administrator holding every authority can require single sign-on or change the break-glass accounts.";
export const NEEDS_BREAK_GLASS = "Choose at least one break-glass account before requiring single sign-on.";

export async function updateSignInPolicy(
  actor: Actor,
  input: SignInPolicyValues,
  db: Db = defaultDb,
  now = new Date(),
) {
  return db.$transaction(async (tx) => {
    const [current, currentBreakGlass] = await Promise.all([
      tx.signInPolicy.findUnique({ where: { id: 1 }, select: { requireSso: true } }),
      tx.breakGlassAccount.findMany({ select: { userId: true } }),
    ]);
    const switchingOn = input.requireSso && !current?.requireSso;
    const listChanged =
      [...currentBreakGlass.map((b) => b.userId)].sort().join() !== [...input.breakGlassUserIds].sort().join();
    // Why: requiring SSO and choosing who keeps a password decide who can get in at all; an integration writer could
    // otherwise require SSO through their own IdP with only themselves keeping a password.
    if (switchingOn || listChanged) await assertHoldsEveryAuthority(tx, actor, NEEDS_EVERY_AUTHORITY);
    const users = await tx.user.findMany({
      where: { id: { in: input.breakGlassUserIds } },
      select: { id: true, email: true, disabled: true, passwordHash: true },
    });
    // Why: a break-glass account that cannot sign in with a password would be a way in on paper only.
    const usable = users.filter((u) => !u.disabled && u.passwordHash);
    if (usable.length !== input.breakGlassUserIds.length) {
      throw new ValidationError({
        breakGlassUserIds: "Each break-glass account must be an active user with a password.",
      });
    }
    if (input.requireSso) {
      // Why: never a state in which nobody can get in — a password way in and a proven SSO way in must both exist.
      if (usable.length === 0) throw new ValidationError({ breakGlassUserIds: NEEDS_BREAK_GLASS });
      if (!(await recentSsoAdminSignIn(tx, now))) throw new ValidationError({ requireSso: NEEDS_RECENT_SSO });
    }
    // What the policy was, so the audit log shows before → after.
    const [previous, previousBreakGlass] = await Promise.all([
      tx.signInPolicy.findUnique({ where: { id: 1 }, select: { requireSso: true } }),
      tx.breakGlassAccount.findMany({ select: { user: { select: { email: true } } } }),
    ]);
    await tx.signInPolicy.upsert({
      where: { id: 1 },
      create: { id: 1, requireSso: input.requireSso, updatedById: actor.id },
      update: { requireSso: input.requireSso, updatedById: actor.id },
    });
    await tx.breakGlassAccount.deleteMany({ where: { userId: { notIn: input.breakGlassUserIds } } });
    for (const userId of input.breakGlassUserIds) {
      await tx.breakGlassAccount.upsert({ where: { userId }, create: { userId }, update: {} });
    }
    await assertBreakGlassUserManagerRemains(tx, "breakGlassUserIds");
    await audit(tx, {
      actor,
      action: "sign_in_policy.update",
      targetType: "sign_in_policy",
      targetId: "1",
      details: {
        changes: {
          requireSso: { from: previous?.requireSso ?? false, to: input.requireSso },
          breakGlass: {
            from: previousBreakGlass.map((b) => b.user.email).sort(),
            to: usable.map((u) => u.email).sort(),
          },
        },
      },
    });
    return { requireSso: input.requireSso, breakGlassUserIds: input.breakGlassUserIds };
  });
}
