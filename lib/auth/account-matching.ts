// Who may sign in through an integration: the account already linked to (Registration ID, issuer, sub); else the
// existing user whose email matches (case-insensitively, email not unverified), who then gets linked; else no one.
// Nothing is ever created for people Keyway does not know.
import "server-only";
import { audit } from "@/lib/audit";
import type { Db } from "@/lib/db";
import { normalizeIdpEmail } from "@/lib/identity/email-idna";
import { recordSignInSuccess } from "@/lib/integrations/service";
import type { SignInErrorCode } from "./sign-in-errors";

/** `issuer` is the integration's configured issuer (never a value from the token), so links follow the IdP. */
export type SsoIdentity = { sub: string; issuer: string; email?: string | null; emailVerified?: boolean | null };
export type MatchResult =
  | { ok: true; userId: string; email: string; linked: boolean }
  | { ok: false; code: SignInErrorCode; email?: string | null };

export async function matchAccount(db: Db, registrationId: string, identity: SsoIdentity): Promise<MatchResult> {
  const link = await db.account.findUnique({
    where: { provider_issuer_providerAccountId: { provider: registrationId, issuer: identity.issuer, providerAccountId: identity.sub } },
    select: { user: { select: { id: true, email: true, disabled: true } } },
  });
  if (link) {
    if (link.user.disabled) return { ok: false, code: "ACCOUNT_DISABLED", email: link.user.email };
    return { ok: true, userId: link.user.id, email: link.user.email, linked: false };
  }

  const email = normalizeIdpEmail(identity.email); // null for look-alikes such as KELVIN SIGN: refused as NO_EMAIL
  if (!email) return { ok: false, code: "NO_EMAIL" };
  // An unverified email could belong to anyone: linking on it would hand them someone else's account.
  if (identity.emailVerified === false) return { ok: false, code: "EMAIL_UNVERIFIED", email };

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, disabled: true, accounts: { where: { provider: registrationId, issuer: identity.issuer }, select: { id: true } } },
  });
  if (!user) return { ok: false, code: "NO_ACCOUNT", email };
  if (user.disabled) return { ok: false, code: "ACCOUNT_DISABLED", email };
  // The user is already linked to another subject at this IdP: an email re-assigned at the IdP must not take over.
  if (user.accounts.length > 0) return { ok: false, code: "ACCOUNT_LINKED_ELSEWHERE", email };
  return { ok: true, userId: user.id, email, linked: true };
}

/** Records a successful SSO sign-in: the link (when new), last-sign-in stamps and an audit event, together. */
export async function completeSsoSignIn(
  db: Db,
  registrationId: string,
  { sub, issuer }: Pick<SsoIdentity, "sub" | "issuer">,
  match: Extract<MatchResult, { ok: true }>,
) {
  const now = new Date();
  await db.$transaction(async (tx) => {
    if (match.linked) {
      await tx.account.create({ data: { userId: match.userId, provider: registrationId, issuer, providerAccountId: sub, lastSignInAt: now } });
    } else {
      await tx.account.update({
        where: { provider_issuer_providerAccountId: { provider: registrationId, issuer, providerAccountId: sub } },
        data: { lastSignInAt: now },
      });
    }
    await tx.user.update({ where: { id: match.userId }, data: { lastSignInAt: now } });
    await recordSignInSuccess(tx, registrationId, now);
    await audit(tx, {
      actor: { id: match.userId, email: match.email },
      action: "auth.sso_sign_in",
      targetType: "integration",
      targetId: registrationId,
      details: { sub, linkedNow: match.linked },
    });
  });
}

export async function recordSsoRefusal(db: Db, registrationId: string, code: SignInErrorCode, email?: string | null) {
  await db.$transaction(async (tx) => {
    await tx.integration.updateMany({ where: { registrationId }, data: { lastFailureAt: new Date(), lastFailureCode: code } });
    await audit(tx, {
      actor: { id: null, email: email ?? null },
      action: "auth.sso_refused",
      targetType: "integration",
      targetId: registrationId,
      details: { code },
    });
  });
}
