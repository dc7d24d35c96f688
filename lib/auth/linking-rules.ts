// The rules that decide whether an IdP identity may be linked to a Keyway account (issue 6, "Linking rules").
// account-matching.ts applies them; they live here so each rule reads on its own.
import "server-only";
import { effectiveAuthorities } from "@/lib/authz/authorities";
import type { Db, Tx } from "@/lib/db";
import { emailDomainOf } from "@/lib/integrations/email-domains";
import type { StoredGroupMapping } from "@/lib/integrations/group-mappings";

export type LinkingSettings = {
  /** Integration.id: sessions opened through the integration name it (lib/auth/sessions.ts). */
  id: string;
  trustEmailAddresses: boolean;
  identityConfiguredById: string | null;
  keysConfiguredById: string | null;
  keysConfiguredAt: Date | null;
  emailDomains: { domain: string }[];
  /** What a sign-in does besides linking: replace the name with the IdP's, apply the group mappings. */
  updateNameOnSignIn: boolean;
  groupMappings: StoredGroupMapping[];
};

export const linkingSettingsSelect = {
  id: true,
  trustEmailAddresses: true,
  identityConfiguredById: true,
  keysConfiguredById: true,
  keysConfiguredAt: true,
  emailDomains: { select: { domain: true } },
  updateNameOnSignIn: true,
  groupMappings: { select: { group: true, authorities: true, savedById: true } },
} as const;

/** The linking settings of a loaded integration row (the provider registry keeps them per enabled integration). */
export function linkingSettingsOf(row: LinkingSettings): LinkingSettings {
  const { id, trustEmailAddresses, identityConfiguredById, keysConfiguredById, keysConfiguredAt, emailDomains } = row;
  const { updateNameOnSignIn, groupMappings } = row;
  return {
    id,
    trustEmailAddresses,
    identityConfiguredById,
    keysConfiguredById,
    keysConfiguredAt,
    emailDomains,
    updateNameOnSignIn,
    groupMappings,
  };
}

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

type AuthorityHolder = { disabled: boolean; role: string; authorities: { authority: string }[] };

const authoritiesOf = (user: AuthorityHolder) =>
  effectiveAuthorities(
    user.role,
    user.authorities.map((a) => a.authority),
  );

async function activeAuthorities(db: Db | Tx, userId: string): Promise<string[] | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { disabled: true, role: true, authorities: { select: { authority: true } } },
  });
  if (!user || user.disabled) return null;
  return authoritiesOf(user);
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

/**
 * No escalation through a link either: whoever controls the integration's key settings controls which tokens verify,
 * and so which `sub` an id_token names. A linked identity signs in only when
 * - the account holder proved the link themselves (Link single sign-on) after the key settings last changed, or
 * - the admin who last changed them holds, now, every authority of the linked account (a disabled or deleted admin
 *   holds none, so then only accounts without any authority keep signing in).
 * `keysConfigurer` is that admin's row, or null when there is none (any more).
 */
export function linkStillTrusted(
  settings: Pick<LinkingSettings, "keysConfiguredAt">,
  link: { selfLinkedAt: Date | null },
  account: AuthorityHolder,
  keysConfigurer: AuthorityHolder | null,
): boolean {
  // Why: a holder who re-proved the link after the change chose these settings themselves.
  if (link.selfLinkedAt && (!settings.keysConfiguredAt || link.selfLinkedAt >= settings.keysConfiguredAt)) return true;
  const held = keysConfigurer && !keysConfigurer.disabled ? authoritiesOf(keysConfigurer) : [];
  return authoritiesOf(account).every((authority) => held.includes(authority));
}
