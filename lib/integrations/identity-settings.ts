// Which integration settings decide whose identity an IdP can assert. Whoever last changes one of them becomes the
// integration's identity configurer, and email linking through it is bounded by that admin's authorities; whoever
// last changes the key settings (a subset) bounds the linked identities it can sign in. Client-safe: no I/O.

/** What decides whose keys and tokens Keyway trusts for this integration: endpoints, JWK Set URI, issuer, client. */
export const KEY_TRUST_FIELDS = [
  "authorizationUrl",
  "tokenUri",
  "userInfoUri",
  "jwksUri",
  "issuer",
  "clientId",
  "clientSecret",
] as const;

/**
 * The settings that decide who an IdP can vouch for: the key settings, the trust switch, email domains, and which
 * claims hold the email and the groups (pointing them at a claim people can set themselves would let them choose).
 */
export const IDENTITY_RELEVANT_FIELDS = [
  ...KEY_TRUST_FIELDS,
  "trustEmailAddresses",
  "emailDomains",
  "emailClaim",
  "groupsClaim",
] as const;
export type IdentityRelevantField = (typeof IDENTITY_RELEVANT_FIELDS)[number];

type Settings = Partial<Record<IdentityRelevantField, unknown>>;

const normaliseDomains = (value: unknown) =>
  Array.isArray(value) ? [...new Set(value.map((d) => String(d).trim().toLowerCase()))].sort().join(",") : value;

function changed(fields: readonly IdentityRelevantField[], before: Settings, after: Settings): boolean {
  return fields.some((field) => {
    if (!(field in after) || after[field] === undefined) return false;
    // Why: the stored secret is sealed and never read back for comparison; any new secret re-binds the client.
    if (field === "clientSecret") return after.clientSecret !== "";
    if (field === "emailDomains")
      return normaliseDomains(before.emailDomains ?? []) !== normaliseDomains(after.emailDomains);
    return before[field] !== after[field];
  });
}

/**
 * Whether an edit changes who the integration can vouch for. `after` may omit fields the edit leaves alone
 * (e.g. a write-only client secret left blank): an absent field is unchanged; a present secret counts as a change.
 */
export function identityRelevantFieldsChanged(before: Settings, after: Settings): boolean {
  return changed(IDENTITY_RELEVANT_FIELDS, before, after);
}

/** Whether an edit changes whose keys and tokens are trusted (same conventions as identityRelevantFieldsChanged). */
export function keyTrustFieldsChanged(before: Settings, after: Settings): boolean {
  return changed(KEY_TRUST_FIELDS, before, after);
}

/**
 * A blank Client Secret keeps the saved one only while the Token URI stays on the same origin: the secret is sent
 * to the Token URI, so a new host must be given the secret on purpose, never inherit it. Null when allowed.
 */
export function keptSecretRefusal(
  savedTokenUri: string,
  tokenUri: string,
  clientSecret: string,
  clientAuthMethod?: string,
): string | null {
  if (clientSecret !== "") return null;
  // Private key JWT sends no secret (the service forgets the saved one when the Token URI moves: service.ts).
  if (clientAuthMethod === "private_key_jwt") return null;
  if (sameOrigin(savedTokenUri, tokenUri)) return null;
  return KEPT_SECRET_REFUSED;
}

export const KEPT_SECRET_REFUSED =
  "The Token URI now points to another host: Enter the Client Secret again (the saved one is only sent to the host it was saved for).";

function sameOrigin(a: string, b: string): boolean {
  if (!URL.canParse(a) || !URL.canParse(b)) return false;
  return new URL(a).origin === new URL(b).origin;
}
