// Who may sign in through an integration: the account already linked to (Registration ID, issuer, sub); else the
// existing user whose email matches under the linking rules (linking-rules.ts: verified email, email domains, no
// escalation beyond the integration's configurer), who then gets linked; else no one. Nothing is ever created for
// people Keyway does not know.
import "server-only";
import { audit, auditInsert } from "@/lib/audit";
import type { Db } from "@/lib/db";
import { normalizeIdpEmail } from "@/lib/identity/email-idna";
import { recordSignInFailureIn, signInStamp } from "@/lib/integrations/service";
import { attemptInsert } from "@/lib/integrations/sign-in-attempts";
import {
  configurerCoversAccount,
  emailDomainAllowed,
  emailVerifiedForLinking,
  type LinkingSettings,
  linkingSettingsSelect,
} from "./linking-rules";
import { sessionInsert } from "./sessions";
import type { SignInErrorCode } from "./sign-in-errors";

/** `issuer` is the integration's configured issuer (never a value from the token), so links follow the IdP. */
export type SsoIdentity = { sub: string; issuer: string; email?: string | null; emailVerified?: boolean | null };
export type MatchResult =
  | { ok: true; userId: string; email: string; name: string; linked: boolean; selfLink?: boolean }
  | { ok: false; code: SignInErrorCode; email?: string | null };

/**
 * Decides only (reads, never writes): Test sign-in runs it as a dry run. `loaded`: the integration's linking
 * settings when the caller already has them (the sign-in callback, from the provider registry); else read here.
 */
export async function matchAccount(
  db: Db,
  registrationId: string,
  identity: SsoIdentity,
  loaded?: LinkingSettings,
): Promise<MatchResult> {
  const settings =
    loaded ?? (await db.integration.findUnique({ where: { registrationId }, select: linkingSettingsSelect }));
  if (!settings) return { ok: false, code: "IDP_ERROR" };
  // One statement: the user behind the link (a nested select from the account would cost two).
  const linked = await db.user.findFirst({
    where: {
      accounts: { some: { provider: registrationId, issuer: identity.issuer, providerAccountId: identity.sub } },
    },
    select: { id: true, email: true, name: true, disabled: true },
  });
  // null for look-alikes such as KELVIN SIGN (refused as NO_EMAIL, or outside the domains): never read as ASCII.
  const email = normalizeIdpEmail(identity.email);
  if (linked) {
    // Linked identities skip the email rules, but never a disabled account or the integration's domains.
    if (linked.disabled) return { ok: false, code: "ACCOUNT_DISABLED", email: linked.email };
    if (!emailDomainAllowed(settings, email)) return { ok: false, code: "DOMAIN_NOT_ALLOWED", email };
    return { ok: true, userId: linked.id, email: linked.email, name: linked.name, linked: false };
  }

  if (!email) return { ok: false, code: "NO_EMAIL" };
  if (!emailDomainAllowed(settings, email)) return { ok: false, code: "DOMAIN_NOT_ALLOWED", email };
  // An unverified email could belong to anyone: linking on it would hand them someone else's account.
  if (!emailVerifiedForLinking(settings, identity.emailVerified)) return { ok: false, code: "EMAIL_UNVERIFIED", email };

  const user = await db.user.findUnique({
    where: { email },
    select: {
      id: true,
      name: true,
      disabled: true,
      _count: { select: { accounts: { where: { provider: registrationId, issuer: identity.issuer } } } },
    },
  });
  if (!user) return { ok: false, code: "NO_ACCOUNT", email };
  if (user.disabled) return { ok: false, code: "ACCOUNT_DISABLED", email };
  // The user is already linked to another subject at this IdP: an email re-assigned at the IdP must not take over.
  if (user._count.accounts > 0) return { ok: false, code: "ACCOUNT_LINKED_ELSEWHERE", email };
  // Why: whoever configured the IdP controls what it asserts; they must not reach accounts mightier than their own.
  if (!(await configurerCoversAccount(db, settings, user.id)))
    return { ok: false, code: "PRIVILEGED_ACCOUNT_NEEDS_SELF_LINK", email };
  return { ok: true, userId: user.id, email, name: user.name, linked: true };
}

/**
 * Link single sign-on from the signed-in user's own profile: the identity is linked to that user only (no email
 * match, no configurer limit: the account holder proved both sides), but a disabled account and the email
 * domains still refuse, and an identity already linked to someone else stays theirs.
 */
export async function matchSelfLink(
  db: Db,
  registrationId: string,
  identity: SsoIdentity,
  userId: string,
): Promise<MatchResult> {
  const settings = await db.integration.findUnique({ where: { registrationId }, select: linkingSettingsSelect });
  if (!settings) return { ok: false, code: "IDP_ERROR" };
  // null for look-alikes such as KELVIN SIGN (refused as NO_EMAIL, or outside the domains): never read as ASCII.
  const email = normalizeIdpEmail(identity.email);
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      disabled: true,
      accounts: { where: { provider: registrationId, issuer: identity.issuer }, select: { providerAccountId: true } },
    },
  });
  if (!user || user.disabled) return { ok: false, code: "ACCOUNT_DISABLED", email: user?.email };
  if (!emailDomainAllowed(settings, email)) return { ok: false, code: "DOMAIN_NOT_ALLOWED", email };
  const link = await db.account.findUnique({
    where: {
      provider_issuer_providerAccountId: {
        provider: registrationId,
        issuer: identity.issuer,
        providerAccountId: identity.sub,
      },
    },
    select: { userId: true },
  });
  if (link && link.userId !== user.id) return { ok: false, code: "IDENTITY_LINKED_TO_OTHER_USER", email };
  if (link) return { ok: true, userId: user.id, email: user.email, name: user.name, linked: false };
  if (user.accounts.length > 0) return { ok: false, code: "ACCOUNT_LINKED_ELSEWHERE", email: user.email };
  return { ok: true, userId: user.id, email: user.email, name: user.name, linked: true, selfLink: true };
}

/**
 * Records a successful SSO sign-in and opens its session: the link (when new), last-sign-in stamps, a health
 * attempt, the audit event and the session row, together in one batch transaction (fewer round trips than an
 * interactive one: nothing here depends on a previous statement's result). Returns the session's id.
 */
export async function completeSsoSignIn(
  db: Db,
  registrationId: string,
  { sub, issuer }: Pick<SsoIdentity, "sub" | "issuer">,
  match: Extract<MatchResult, { ok: true }>,
): Promise<string> {
  const now = new Date();
  const actor = { id: match.userId, email: match.email };
  const [session] = await db.$transaction([
    sessionInsert(db, match.userId, now),
    match.linked
      ? db.account.create({
          data: { userId: match.userId, provider: registrationId, issuer, providerAccountId: sub, lastSignInAt: now },
          select: { id: true },
        })
      : db.account.update({
          where: { provider_issuer_providerAccountId: { provider: registrationId, issuer, providerAccountId: sub } },
          data: { lastSignInAt: now },
          select: { id: true },
        }),
    db.user.update({ where: { id: match.userId }, data: { lastSignInAt: now }, select: { id: true } }),
    signInStamp(db, registrationId, now),
    attemptInsert(db, registrationId, null, now),
    auditInsert(db, {
      actor,
      action: "auth.sso_sign_in",
      targetType: "integration",
      targetId: registrationId,
      details: { sub, linkedNow: match.linked },
    }),
    ...(match.selfLink
      ? [
          auditInsert(db, {
            actor,
            action: "user.sso_link_self",
            targetType: "user",
            targetId: match.userId,
            details: { registrationId, issuer, sub },
          }),
        ]
      : []),
  ]);
  // Housekeeping (pruning attempts, sweeping sessions) is not on this path: lib/ops/housekeeping.ts runs it.
  return session.id;
}

export async function recordSsoRefusal(db: Db, registrationId: string, code: SignInErrorCode, email?: string | null) {
  await db.$transaction(async (tx) => {
    await recordSignInFailureIn(tx, registrationId, code);
    await audit(tx, {
      actor: { id: null, email: email ?? null },
      action: "auth.sso_refused",
      targetType: "integration",
      targetId: registrationId,
      details: { code },
    });
  });
}
