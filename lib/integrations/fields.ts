// One table of a Custom SSO integration's fields: the label people read, one line of help, what kind of value it
// holds, whether it is a secret, and whether it is a plain column an edit may change. The form, the integration's
// page, the audited edit diff and the Audit Log all read it, so a field is named the same everywhere.
// Client-safe: no I/O.

export type IntegrationFieldKind = "text" | "url" | "boolean" | "auth-method" | "list";
type Field = {
  label: string;
  help: string;
  kind: IntegrationFieldKind;
  /** Write-only: never shown or logged; the audit log only says it was set or changed. */
  secret: boolean;
  /** A scalar column of the Integration row that Edit can change (and the audit diff compares). */
  editableColumn: boolean;
};

export const INTEGRATION_FIELDS = {
  provider: {
    label: "Provider",
    help: "The kind of identity provider.",
    kind: "text",
    secret: false,
    editableColumn: false,
  },
  registrationId: {
    label: "Registration ID",
    help: "A unique id for this integration: 2–40 characters, lower-case a–z, digits and hyphens. It is part of the Redirect URI.",
    kind: "text",
    secret: false,
    editableColumn: false,
  },
  clientId: {
    label: "Client ID",
    help: "The public identifier of the client (application) you registered at your identity provider.",
    kind: "text",
    secret: false,
    editableColumn: true,
  },
  clientSecret: {
    label: "Client Secret",
    help: "The confidential key of that client. Stored encrypted; it is never shown again.",
    kind: "text",
    secret: true,
    editableColumn: false,
  },
  authorizationUrl: {
    label: "Authorization URL",
    help: "Where users are sent to sign in at your identity provider (its authorization endpoint).",
    kind: "url",
    secret: false,
    editableColumn: true,
  },
  jwksUri: {
    label: "JWK Set URI",
    help: "The URL of the provider's public keys (JWK Set), used to verify the signature of its ID tokens.",
    kind: "url",
    secret: false,
    editableColumn: true,
  },
  tokenUri: {
    label: "Token URI",
    help: "The endpoint where Keyway exchanges the authorization code for tokens.",
    kind: "url",
    secret: false,
    editableColumn: true,
  },
  userInfoUri: {
    label: "User Info URI",
    help: "The endpoint Keyway reads the user's profile (email, name) from after sign-in.",
    kind: "url",
    secret: false,
    editableColumn: true,
  },
  issuer: {
    label: "Issuer",
    help: "Optional. The provider's issuer; ID tokens must carry exactly this value. Leave empty to look it up from the provider's discovery document.",
    kind: "url",
    secret: false,
    editableColumn: true,
  },
  clientAuthMethod: {
    label: "Client Authentication Method",
    help: "How Keyway authenticates to the Token URI. Post is recommended. Private key JWT (e.g. an Entra certificate) needs no secret.",
    kind: "auth-method",
    secret: false,
    editableColumn: true,
  },
  loginButtonText: {
    label: "Login Button Text",
    help: "The text of the button on the Keyway sign-in screen, e.g. your organisation's name (up to 60 characters).",
    kind: "text",
    secret: false,
    editableColumn: true,
  },
  emailDomains: {
    label: "Email domains",
    help: "Optional. Email domains of the people who sign in here, separated by commas (e.g. acme.com, acme.co.uk). When set, identities with other domains are refused, and Continue with SSO routes these domains here. A domain belongs to one integration.",
    kind: "list",
    secret: false,
    editableColumn: false,
  },
  trustEmailAddresses: {
    label: "Trust email addresses from this IdP",
    help: "Only for IdPs that never send email_verified (e.g. Microsoft Entra): accept a missing claim when linking by email. An explicit false is always refused.",
    kind: "boolean",
    secret: false,
    editableColumn: true,
  },
  showOnSignInScreen: {
    label: "Show on sign-in screen",
    help: "Show a button with the Login Button Text on the sign-in screen. Hidden integrations stay reachable by their email domains.",
    kind: "boolean",
    secret: false,
    editableColumn: true,
  },
  scopes: {
    label: "Scopes",
    help: "Scopes Keyway asks for, separated by spaces. openid is always included. Add e.g. groups or offline_access if your IdP needs them to send a claim.",
    kind: "text",
    secret: false,
    editableColumn: true,
  },
  authorizationParams: {
    label: "Extra authorization parameters",
    help: "Optional, as name=value pairs joined by &, e.g. prompt=select_account&domain_hint=acme.com. Allowed: prompt, max_age, domain_hint, acr_values, ui_locales.",
    kind: "text",
    secret: false,
    editableColumn: true,
  },
  emailClaim: {
    label: "Email claim",
    help: "The claim that holds the email: a claim name or a dotted path. Default email. With another claim (e.g. preferred_username or upn) there is no email_verified, so linking by email needs Trust email addresses.",
    kind: "text",
    secret: false,
    editableColumn: true,
  },
  nameClaim: {
    label: "Name claim",
    help: "The claim that holds the display name (default name; preferred_username is used when it is missing).",
    kind: "text",
    secret: false,
    editableColumn: true,
  },
  groupsClaim: {
    label: "Groups claim",
    help: "The claim that holds the groups, for group mappings and the sign-in requirement (default groups; e.g. roles or realm_access.roles).",
    kind: "text",
    secret: false,
    editableColumn: true,
  },
  updateNameOnSignIn: {
    label: "Update name from the IdP at each sign-in",
    help: "Replace the Keyway account's name with the one the IdP sends, at every sign-in. The email is never changed by an IdP.",
    kind: "boolean",
    secret: false,
    editableColumn: true,
  },
  signInRequirement: {
    label: "Sign-in requires",
    help: "Optional. A condition every identity must meet, e.g. groups contains keyway-users, or hd equals acme.com. Others are refused (CLAIM_REQUIREMENT_NOT_MET).",
    kind: "text",
    secret: false,
    editableColumn: true,
  },
  endSessionUri: {
    label: "End Session URI",
    help: "Optional. The IdP's end_session_endpoint, filled by discovery: Sign out sends the browser there to end the session at the IdP too.",
    kind: "url",
    secret: false,
    editableColumn: true,
  },
  rpInitiatedLogout: {
    label: "RP-initiated logout",
    help: "Sign out also signs the person out at the IdP (through the End Session URI), then brings them back to Keyway's sign-in page.",
    kind: "boolean",
    secret: false,
    editableColumn: true,
  },
} as const satisfies Record<string, Field>;

export type IntegrationFieldName = keyof typeof INTEGRATION_FIELDS;
type EditableColumn = {
  [K in IntegrationFieldName]: (typeof INTEGRATION_FIELDS)[K]["editableColumn"] extends true ? K : never;
}[IntegrationFieldName];

/** The columns Edit can change, as a Prisma select (`{ clientId: true, … }`) and for the audit diff. */
export const EDITABLE_COLUMNS = Object.fromEntries(
  Object.entries(INTEGRATION_FIELDS)
    .filter(([, field]) => field.editableColumn)
    .map(([name]) => [name, true]),
) as { [K in EditableColumn]: true };

/** The editable settings' values as stored: a boolean for a switch, else text. */
export type EditableColumnValues = {
  [K in EditableColumn]: (typeof INTEGRATION_FIELDS)[K]["kind"] extends "boolean" ? boolean : string;
};

export function isIntegrationField(name: string): name is IntegrationFieldName {
  return Object.hasOwn(INTEGRATION_FIELDS, name);
}
