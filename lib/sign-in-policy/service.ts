// Changes to the sign-in policy: one transaction re-checks the lockout rules, writes the policy and the
// break-glass list, and records the audit event. Callers have already checked OAUTH_INTEGRATION_WRITE; switching
// single sign-on on or changing the break-glass accounts also needs every authority.
import "server-only";
import { type Actor, audit } from "@/lib/audit";
import { type FieldErrors, ValidationError } from "@/lib/errors";
import { type Db, db as defaultDb, type Tx } from "@/lib/db";
import { bumpConfigVersion } from "@/lib/integrations/service";
import { assertBreakGlassUserManagerRemains, assertHoldsEveryAuthority } from "./guards";
import { recentSsoAdminSignIn } from "./queries";
import type { SignInPolicyValues } from "./schema";

export const NEEDS_RECENT_SSO =
  "Single sign-on can be required only after an administrator holding every authority has signed in through an enabled integration in the last 24 hours.";
export const NEEDS_EVERY_AUTHORITY =
  "Only an administrator holding every authority can require single sign-on or change the break-glass accounts.";
export const NEEDS_BREAK_GLASS = "Choose at least one break-glass account before requiring single sign-on.";

/**
 * Every reason the policy cannot be saved as `input` (field → message; empty when it can), and the break-glass
 * accounts that are usable. Read in the caller's transaction, so a change set sees its own earlier writes.
 */
export async function signInPolicyProblems(tx: Tx, input: SignInPolicyValues, now = new Date()) {
  const problems: FieldErrors = {};
  const users = await tx.user.findMany({
    where: { id: { in: input.breakGlassUserIds } },
    select: { id: true, email: true, disabled: true, passwordHash: true },
  });
  // Why: a break-glass account that cannot sign in with a password would be a way in on paper only.
  const usable = users.filter((u) => !u.disabled && u.passwordHash);
  if (usable.length !== input.breakGlassUserIds.length) {
    problems.breakGlassUserIds = "Each break-glass account must be an active user with a password.";
  }
  if (input.requireSso) {
    // Why: never a state in which nobody can get in — a password way in and a proven SSO way in must both exist.
    if (input.breakGlassUserIds.length === 0) problems.breakGlassUserIds = NEEDS_BREAK_GLASS;
    if (!(await recentSsoAdminSignIn(tx, now))) problems.requireSso = NEEDS_RECENT_SSO;
  }
  return { problems, usable: usable.map((u) => ({ id: u.id, email: u.email })) };
}

/** Refuses switching single sign-on on or changing the break-glass accounts unless the actor holds every authority. */
export async function assertMayChangeSignInPolicy(tx: Tx, actor: Actor, input: SignInPolicyValues) {
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
}

/**
 * Writes the policy and the break-glass list in the caller's transaction (no audit, no config bump), with the
 * authority and lockout rules every caller obeys. Returns what the policy was (for the audit's before → after).
 */
export async function writeSignInPolicy(tx: Tx, actor: Actor, input: SignInPolicyValues) {
  await assertMayChangeSignInPolicy(tx, actor, input);
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
  return {
    requireSso: previous?.requireSso ?? false,
    breakGlass: previousBreakGlass.map((b) => b.user.email).sort(),
  };
}

export async function updateSignInPolicy(
  actor: Actor,
  input: SignInPolicyValues,
  db: Db = defaultDb,
  now = new Date(),
) {
  return db.$transaction(async (tx) => {
    await assertMayChangeSignInPolicy(tx, actor, input);
    const { problems, usable } = await signInPolicyProblems(tx, input, now);
    if (Object.keys(problems).length > 0) throw new ValidationError(problems);
    const previous = await writeSignInPolicy(tx, actor, input);
    // The policy is part of the exported configuration: its changes move the config version too.
    await bumpConfigVersion(tx);
    await audit(tx, {
      actor,
      action: "sign_in_policy.update",
      targetType: "sign_in_policy",
      targetId: "1",
      details: {
        changes: {
          requireSso: { from: previous.requireSso, to: input.requireSso },
          breakGlass: {
            from: previous.breakGlass,
            to: usable.map((u) => u.email).sort(),
          },
        },
      },
    });
    return { requireSso: input.requireSso, breakGlassUserIds: input.breakGlassUserIds };
  });
}
