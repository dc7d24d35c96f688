// Which integration settings decide whose identity an IdP can assert. Whoever last changes one of them becomes the
// integration's identity configurer, and email linking through it is bounded by that admin's authorities (issue 6).
// Client-safe: no I/O.

/** The settings that decide who an IdP can vouch for: endpoints, issuer, client, trust switch, email domains. */
export const IDENTITY_RELEVANT_FIELDS = [
  "authorizationUrl",
  "tokenUri",
  "userInfoUri",
  "jwksUri",
  "issuer",
  "clientId",
  "clientSecret",
  "trustEmailAddresses",
  "emailDomains",
] as const;
export type IdentityRelevantField = (typeof IDENTITY_RELEVANT_FIELDS)[number];

type Settings = Partial<Record<IdentityRelevantField, unknown>>;

const normaliseDomains = (value: unknown) =>
  Array.isArray(value) ? [...new Set(value.map((d) => String(d).trim().toLowerCase()))].sort().join(",") : value;

/**
 * Whether an edit changes who the integration can vouch for. `after` may omit fields the edit leaves alone
 * (e.g. a write-only client secret left blank): an absent field is unchanged; a present secret counts as a change.
 */
export function identityRelevantFieldsChanged(before: Settings, after: Settings): boolean {
  return IDENTITY_RELEVANT_FIELDS.some((field) => {
    if (!(field in after) || after[field] === undefined) return false;
    // Why: the stored secret is sealed and never read back for comparison; any new secret re-binds the client.
    if (field === "clientSecret") return after.clientSecret !== "";
    if (field === "emailDomains")
      return normaliseDomains(before.emailDomains ?? []) !== normaliseDomains(after.emailDomains);
    return before[field] !== after[field];
  });
}
