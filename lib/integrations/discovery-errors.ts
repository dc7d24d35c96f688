// Typed discovery failures and the one message each shows under "Issuer or discovery URL". Client-safe.
type Facts = { detail: string; expected: string };

export const DISCOVERY_ERROR_MESSAGES = {
  INVALID_URL: () => "Enter the IdP's issuer (https://…) or its discovery URL (…/.well-known/openid-configuration).",
  TIMEOUT: ({ detail }: Facts) =>
    `The identity provider did not answer in time (${detail}). Check the URL and try again.`,
  UNREACHABLE: ({ detail }: Facts) =>
    `${detail} Check the URL and that Keyway's server can reach the identity provider.`,
  BAD_STATUS: ({ detail }: Facts) =>
    `No discovery document there: ${detail} Check the issuer, or paste the full discovery URL.`,
  REFUSED: ({ detail }: Facts) =>
    `${detail} Keyway does not contact private, loopback or metadata addresses unless the operator allows them (KEYWAY_OUTBOUND_ALLOW).`,
  REDIRECT: ({ detail }: Facts) => `${detail} Enter the URL it redirects to instead.`,
  NOT_JSON: ({ detail }: Facts) => `That is not an OpenID discovery document: ${detail} Check the URL.`,
  MISSING_FIELDS: ({ detail }: Facts) =>
    `The discovery document lacks required fields: ${detail}. Fill in the fields below by hand from the IdP's documentation.`,
  ISSUER_TRAILING_SLASH: ({ detail, expected }: Facts) =>
    `The IdP's issuer is "${detail}" but you typed "${expected}": they differ only by a trailing slash. ` +
    `Issuers must match exactly — enter "${detail}" and fetch again.`,
  ISSUER_PLACEHOLDER: ({ detail }: Facts) =>
    `This is a multi-tenant discovery document: its issuer "${detail}" holds a placeholder such as {tenantid}. ` +
    "Use your own tenant's discovery URL instead (e.g. replace “common” or “organizations” with your tenant ID).",
  ISSUER_MISMATCH: ({ detail, expected }: Facts) =>
    `The discovery document names the issuer "${detail}", not "${expected}". Enter the IdP's exact issuer.`,
} as const;

export type DiscoveryErrorCode = keyof typeof DISCOVERY_ERROR_MESSAGES;
