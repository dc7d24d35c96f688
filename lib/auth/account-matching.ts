// Who may sign in through an integration: the account already linked to (Registration ID, issuer, sub); else the
// existing user whose email matches under the linking rules (linking-rules.ts: verified email, email domains, no
// escalation beyond the integration's configurer), who then gets linked; else no one. Nothing is ever created for
// people Keyway does not know.
import "server-only";
import { randomUUID } from "node:crypto";
import { audit, auditInsert } from "@/lib/audit";
import type { Db } from "@/lib/db";
import { normalizeIdpEmail } from "@/lib/identity/email-idna";
import { recordSignInFailureIn, signInStamp } from "@/lib/integrations/service";
import { groupsForAttempt, mappedGrantWrites } from "@/lib/integrations/group-mappings";
import { attemptInsert } from "@/lib/integrations/sign-in-attempts";
import {
  configurerCoversAccount,
  emailDomainAllowed,
  emailVerifiedForLinking,
  type LinkingSettings,
  linkingSettingsSelect,
  linkStillTrusted,
} from "./linking-rules";
import { keptForLogout } from "./logout/kept-id-token";
import { sessionInsert } from "./sessions";
import type { SignInErrorCode } from "./sign-in-errors";

/** `issuer` is the integration's configured issuer (never a value from the token), so links follow the IdP. */
export type SsoIdentity = {
  sub: string;
  issuer: string;
  email?: string | null;
  emailVerified?: boolean | null;
  /** The IdP's display name and groups claim values (for Update name and the group mappings). */
  name?: string | null;
  groups?: string[];
};
export type MatchResult =
  | {
      ok: true;
      userId: string;
      email: string;
      name: string;
      /** True when this sign-in creates the link. */
      linked: boolean;
      /** Link single sign-on: the account holder proves the link themselves (new or existing). */
      selfLink?: boolean;
      /** Integration.id and, for an existing link, Account.id: the session row records both. */
      integrationId: string;
      linkId?: string;
    }
  | { ok: false; code: SignInErrorCode; email?: string | null };

const authoritySelect = { role: true, disabled: true, authorities: { select: { authority: true } } } as const;
const linkSelect = { id: true, selfLinkedAt: true } as const;

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
  const key = { provider: registrationId, issuer: identity.issuer, providerAccountId: identity.sub };
  // One statement: the user behind the link (nested selects cost a statement each, even when nothing matches).
  const linked = await db.user.findFirst({
    where: { accounts: { some: key } },
    select: { id: true, email: true, name: true, disabled: true, role: true },
  });
  // null for look-alikes such as KELVIN SIGN (refused as NO_EMAIL, or outside the domains): never read as ASCII.
  const email = normalizeIdpEmail(identity.email);
  if (linked) {
    // Linked identities skip the email rules, but never a disabled account or the integration's domains.
    if (linked.disabled) return { ok: false, code: "ACCOUNT_DISABLED", email: linked.email };
    if (!emailDomainAllowed(settings, email)) return { ok: false, code: "DOMAIN_NOT_ALLOWED", email };
    const [link, authorities] = await Promise.all([
      db.account.findUniqueOrThrow({ where: { provider_issuer_providerAccountId: key }, select: linkSelect }),
      db.userAuthority.findMany({ where: { userId: linked.id }, select: { authority: true } }),
    ]);
    const account = { ...linked, authorities };
    // Why: whoever last set the keys decides which id_tokens verify, so which `sub` arrives; the link must not
    // hand them an account mightier than their own (linking-rules.ts). The admin's row is read only when it matters.
    const trusted =
      linkStillTrusted(settings, link, account, null) ||
      (!!settings.keysConfiguredById &&
        linkStillTrusted(
          settings,
          link,
          account,
          await db.user.findUnique({ where: { id: settings.keysConfiguredById }, select: authoritySelect }),
        ));
    if (!trusted) return { ok: false, code: "LINKED_ACCOUNT_NEEDS_RELINK", email: linked.email };
    return {
      ok: true,
      userId: linked.id,
      email: linked.email,
      name: linked.name,
      linked: false,
      integrationId: settings.id,
      linkId: link.id,
    };
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
  return { ok: true, userId: user.id, email, name: user.name, linked: true, integrationId: settings.id };
}

/**
 * Link single sign-on from the signed-in user's own profile: the identity is linked to that user only (no email
 * match, no configurer limit: the account holder proved both sides), but a disabled account and the email
 * domains still refuse, and an identity already linked to someone else stays theirs. Their own existing link is
 * proved again (it then signs in whoever last changed the key settings).
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
    select: { id: true, userId: true },
  });
  if (link && link.userId !== user.id) return { ok: false, code: "IDENTITY_LINKED_TO_OTHER_USER", email };
  const found = { ok: true, userId: user.id, email: user.email, name: user.name, integrationId: settings.id } as const;
  // Re-linking an existing link proves it again (a link paused by a change of the key settings signs in again).
  if (link) return { ...found, linked: false, selfLink: true, linkId: link.id };
  if (user.accounts.length > 0) return { ok: false, code: "ACCOUNT_LINKED_ELSEWHERE", email: user.email };
  return { ...found, linked: true, selfLink: true };
}

/**
 * Records a successful SSO sign-in and opens its session: the link (when new), last-sign-in stamps, a health
 * attempt, the audit event and the session row, together in one batch transaction (fewer round trips than an
 * interactive one: nothing here depends on a previous statement's result). Returns the session's id.
 */
export async function completeSsoSignIn(
  db: Db,
  registrationId: string,
  { sub, issuer, name, groups }: Pick<SsoIdentity, "sub" | "issuer" | "name" | "groups">,
  match: Extract<MatchResult, { ok: true }>,
  settings?: Pick<
    LinkingSettings,
    "id" | "identityConfiguredById" | "keysConfiguredById" | "updateNameOnSignIn" | "groupMappings"
  >,
  /** The sign-in's verified id_token: its `sid` and the sealed token are kept on the session row for logout. */
  idToken?: string,
): Promise<{ sessionId: string; name: string }> {
  const now = new Date();
  const actor = { id: match.userId, email: match.email };
  // A new link's id is chosen here, so the session row can name it in the same batch.
  const accountId = match.linkId ?? randomUUID();
  const proved = match.selfLink ? { selfLinkedAt: now } : {};
  // The IdP's name replaces Keyway's only when the integration says so; the email never changes here.
  const newName = settings?.updateNameOnSignIn && name && name !== match.name ? name.slice(0, 100) : null;
  const mapped =
    settings && settings.groupMappings.length > 0
      ? await mappedGrantWrites(db, { userId: match.userId, registrationId, actor }, settings, groups ?? [])
      : [];
  const [session] = await db.$transaction([
    sessionInsert(db, match.userId, now, {
      integrationId: match.integrationId,
      accountId,
      idpSub: sub,
      ...keptForLogout(idToken),
    }),
    match.linked
      ? db.account.create({
          data: {
            id: accountId,
            userId: match.userId,
            provider: registrationId,
            issuer,
            providerAccountId: sub,
            lastSignInAt: now,
            ...proved,
          },
          select: { id: true },
        })
      : db.account.update({ where: { id: accountId }, data: { lastSignInAt: now, ...proved }, select: { id: true } }),
    db.user.update({
      where: { id: match.userId },
      data: { lastSignInAt: now, ...(newName ? { name: newName } : {}) },
      select: { id: true },
    }),
    signInStamp(db, registrationId, now),
    attemptInsert(db, registrationId, null, now, { userId: match.userId, groups: groupsForAttempt(groups) }),
    ...mapped,
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
            details: { registrationId, issuer, sub, relinked: !match.linked },
          }),
        ]
      : []),
  ]);
  // Housekeeping (pruning attempts, sweeping sessions) is not on this path: lib/ops/housekeeping.ts runs it.
  return { sessionId: session.id, name: newName ?? match.name };
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
