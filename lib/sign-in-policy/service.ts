// Changes to the sign-in policy: one transaction re-checks the lockout rules, writes the policy and the
// break-glass list, and records the audit event. Callers have already checked OAUTH_INTEGRATION_WRITE.
import "server-only";
import { type Actor, audit } from "@/lib/audit";
import { ValidationError } from "@/lib/errors";
import { type Db, db as defaultDb } from "@/lib/db";
import { recentSsoAdminSignIn } from "./queries";
import type { SignInPolicyValues } from "./schema";

export const NEEDS_RECENT_SSO =
  "Single sign-on can be required only after someone who manages OAuth integrations has signed in through an enabled integration in the last 24 hours.";
export const NEEDS_BREAK_GLASS = "Choose at least one break-glass account before requiring single sign-on.";

export async function updateSignInPolicy(
  actor: Actor,
  input: SignInPolicyValues,
  db: Db = defaultDb,
  now = new Date(),
) {
  return db.$transaction(async (tx) => {
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
