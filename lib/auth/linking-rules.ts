// The rules that decide whether an IdP identity may be linked to a Keyway account (issue 6, "Linking rules").
// account-matching.ts applies them; they live here so each rule reads on its own.
import "server-only";
import { effectiveAuthorities } from "@/lib/authz/authorities";
import type { Db, Tx } from "@/lib/db";
import { emailDomainOf } from "@/lib/integrations/email-domains";

export type LinkingSettings = {
  trustEmailAddresses: boolean;
  identityConfiguredById: string | null;
  emailDomains: { domain: string }[];
};

export const linkingSettingsSelect = {
  trustEmailAddresses: true,
  identityConfiguredById: true,
  emailDomains: { select: { domain: true } },
} as const;

/** Email domains: when the integration lists any, an identity whose email is outside them is refused, linked or not. */
export function emailDomainAllowed(
  settings: Pick<LinkingSettings, "emailDomains">,
  email: string | null | undefined,
): boolean {
  if (settings.emailDomains.length === 0) return true;
  const domain = emailDomainOf(email);
  // Why: no (ASCII) email means nothing shows the identity belongs to an allowed domain.
  return !!domain && settings.emailDomains.some((d) => d.domain === domain);
}

/**
 * Email linking needs `email_verified === true` from the email's own source. With the integration's "Trust email
 * addresses from this IdP" a missing claim is accepted (IdPs such as Entra omit it); an explicit `false` never is.
 */
export function emailVerifiedForLinking(
  settings: Pick<LinkingSettings, "trustEmailAddresses">,
  emailVerified: boolean | null | undefined,
): boolean {
  if (emailVerified === true) return true;
  return settings.trustEmailAddresses && (emailVerified === null || emailVerified === undefined);
}

async function activeAuthorities(db: Db | Tx, userId: string): Promise<string[] | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { disabled: true, role: true, authorities: { select: { authority: true } } },
  });
  if (!user || user.disabled) return null;
  return effectiveAuthorities(
    user.role,
    user.authorities.map((a) => a.authority),
  );
}

/**
 * No escalation through an integration: it links by email only to accounts whose authorities are all held, now,
 * by the admin who last set its identity-relevant settings. Evaluated at sign-in time with current authorities, so a
 * demoted admin's integrations lose reach at once; a deleted or disabled configurer vouches for no one.
 */
export async function configurerCoversAccount(
  db: Db | Tx,
  settings: Pick<LinkingSettings, "identityConfiguredById">,
  userId: string,
): Promise<boolean> {
  if (!settings.identityConfiguredById) return false;
  const [configurer, target] = await Promise.all([
    activeAuthorities(db, settings.identityConfiguredById),
    activeAuthorities(db, userId),
  ]);
  if (!configurer || !target) return false;
  return target.every((authority) => configurer.includes(authority));
}
