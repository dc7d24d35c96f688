// Named sign-in failure codes: shown on /error, written to audit and to the integration's health. Client-safe.
export const SIGN_IN_ERRORS = {
  NO_ACCOUNT: "No Keyway account exists for {email}; ask an administrator to add you.",
  ACCOUNT_DISABLED: "The Keyway account for {email} is disabled; ask an administrator to enable it.",
  EMAIL_UNVERIFIED: "Your identity provider has not verified {email}, so Keyway cannot match it to an account.",
  NO_EMAIL: "Your identity provider did not share an email address, so Keyway cannot find your account.",
  ACCOUNT_LINKED_ELSEWHERE:
    "The Keyway account for {email} is already linked to a different identity at this provider.",
  SUB_MISMATCH: "Your identity provider sent inconsistent identities (id_token and userinfo differ); sign-in refused.",
  USERINFO_FAILED: "Keyway could not read your profile from the identity provider. Try again or ask an administrator.",
  ID_TOKEN_SIGNATURE: "The identity provider's token signature could not be verified.",
  ID_TOKEN_ISSUER: "The identity provider's token came from an unexpected issuer.",
  ID_TOKEN_AUDIENCE: "The identity provider's token was issued for another application.",
  ID_TOKEN_EXPIRED: "The identity provider's token has expired; check the server clocks and try again.",
  STATE_MISMATCH: "The sign-in request expired or was tampered with. Start again from the sign-in page.",
  NONCE_MISMATCH: "The sign-in response did not match this request. Start again from the sign-in page.",
  PKCE_FAILED: "The sign-in response did not match this request (PKCE). Start again from the sign-in page.",
  CLIENT_AUTH_FAILED: "The identity provider rejected Keyway's client credentials; an administrator must check them.",
  IDP_TIMEOUT: "The identity provider did not answer in time. Try again shortly.",
  JWKS_UNAVAILABLE:
    "Keyway could not fetch the identity provider's signing keys. Try again shortly or ask an administrator.",
  INTEGRATION_DISABLED:
    "This sign-in option is switched off or no longer exists. Use another way to sign in, or ask an administrator.",
  INTEGRATION_BROKEN:
    "This sign-in option cannot be used right now: Keyway cannot decrypt its client secret. Use another way to sign in, and tell an administrator.",
  IDP_UNREACHABLE: "Keyway could not reach your identity provider. Try again shortly or ask an administrator.",
  IDP_ERROR: "Sign-in with your identity provider failed. Try again or ask an administrator.",
  SSO_REQUIRED:
    "Single sign-on is required: use your organisation's sign-in button. Password sign-in is open only to break-glass accounts.",
  PRIVILEGED_ACCOUNT_NEEDS_SELF_LINK:
    "This Keyway account has more authority than the administrator who set up this sign-in button, so it cannot be linked by email. Sign in with your password, open Your profile and choose Link single sign-on.",
  LINKED_ACCOUNT_NEEDS_RELINK:
    "The settings of this sign-in button were changed by an administrator who does not hold all of this Keyway account's authorities, so its link is paused. Sign in another way, open Your profile and choose Link single sign-on to link it again.",
  DOMAIN_NOT_ALLOWED: "Your email address is outside the domains this sign-in button accepts.",
  LINK_INTENT_INVALID:
    "The request to link single sign-on expired or belongs to another session. Start again from Your profile.",
  IDENTITY_LINKED_TO_OTHER_USER:
    "This identity is already linked to another Keyway account; an administrator must remove that link first.",
  CLAIM_REQUIREMENT_NOT_MET:
    "Your identity provider account does not meet this sign-in button's requirement (for example, membership of a group). Ask an administrator for access.",
  GROUPS_OVERAGE:
    "Your identity provider left your groups out of the sign-in because there are too many, so Keyway cannot decide your access. An administrator must have the IdP send only the groups assigned to the application (Microsoft Entra: Token configuration > groups claim > Groups assigned to the application).",
  AccessDenied: "Sign-in was refused.",
  CredentialsSignin: "Invalid email or password.",
  OAuthSignin: "Keyway could not start sign-in with that provider. Try again or ask an administrator.",
  OAuthCallback: "Sign-in with your identity provider failed. Try again or ask an administrator.",
  Configuration: "Sign-in is not configured correctly on the server.",
  Default: "Sign-in failed.",
} as const;

export type SignInErrorCode = keyof typeof SIGN_IN_ERRORS;

/**
 * Who each code is about, for the health badge: "person" — the integration worked (the IdP answered, its tokens
 * verified) and Keyway refused this person by its rules; "integration" — the integration itself (credentials, tokens,
 * reachability, configuration) or the request through it failed. A Record, so a new code does not compile until it
 * is classified here.
 */
export const SIGN_IN_ERROR_SUBJECT: Record<SignInErrorCode, "person" | "integration"> = {
  NO_ACCOUNT: "person",
  ACCOUNT_DISABLED: "person",
  EMAIL_UNVERIFIED: "person",
  NO_EMAIL: "person",
  ACCOUNT_LINKED_ELSEWHERE: "person",
  PRIVILEGED_ACCOUNT_NEEDS_SELF_LINK: "person",
  LINKED_ACCOUNT_NEEDS_RELINK: "person",
  DOMAIN_NOT_ALLOWED: "person",
  LINK_INTENT_INVALID: "person",
  IDENTITY_LINKED_TO_OTHER_USER: "person",
  SSO_REQUIRED: "person",
  CLAIM_REQUIREMENT_NOT_MET: "person",
  AccessDenied: "person",
  CredentialsSignin: "person",
  SUB_MISMATCH: "integration",
  GROUPS_OVERAGE: "integration",
  USERINFO_FAILED: "integration",
  ID_TOKEN_SIGNATURE: "integration",
  ID_TOKEN_ISSUER: "integration",
  ID_TOKEN_AUDIENCE: "integration",
  ID_TOKEN_EXPIRED: "integration",
  STATE_MISMATCH: "integration",
  NONCE_MISMATCH: "integration",
  PKCE_FAILED: "integration",
  CLIENT_AUTH_FAILED: "integration",
  IDP_TIMEOUT: "integration",
  JWKS_UNAVAILABLE: "integration",
  INTEGRATION_DISABLED: "integration",
  INTEGRATION_BROKEN: "integration",
  IDP_UNREACHABLE: "integration",
  IDP_ERROR: "integration",
  OAuthSignin: "integration",
  OAuthCallback: "integration",
  Configuration: "integration",
  Default: "integration",
};

export function isSignInErrorCode(code: string | undefined | null): code is SignInErrorCode {
  return !!code && Object.hasOwn(SIGN_IN_ERRORS, code);
}

export function signInErrorMessage(code: string | undefined | null, email?: string | null): string {
  const template = SIGN_IN_ERRORS[isSignInErrorCode(code) ? code : "Default"];
  return template.replace("{email}", email || "this email");
}

// Ordered rules on the fixed head of openid-client 5 / next-auth v4 messages. Why anchored: openid-client appends
// "expected X, got: Y" with random or attacker-chosen values (`state=signature` must not read as a signature
// failure), and loose substrings misfire ("State cookie was missing." contains "iss").
const CALLBACK_ERROR_RULES: [RegExp, SignInErrorCode][] = [
  [
    /^(failed to validate jwt signature|unexpected jwt alg received|failed to decode jwt|no valid key found|multiple matching keys)/,
    "ID_TOKEN_SIGNATURE",
  ],
  [/^(unexpected iss value|iss mismatch|iss missing)/, "ID_TOKEN_ISSUER"],
  [/^(aud mismatch|aud is missing the client_id|azp mismatch|missing required jwt property azp)/, "ID_TOKEN_AUDIENCE"],
  [/^(jwt expired|jwt not active yet|jwt issued too far in the past|too much time has elapsed)/, "ID_TOKEN_EXPIRED"],
  [/^(nonce mismatch|nonce cookie|nonce value)|^\S*\.nonce cookie was created/, "NONCE_MISMATCH"],
  [/^(state mismatch|state missing|state cookie|state value)|^\S*\.state cookie was created/, "STATE_MISMATCH"],
  [/^pkce code_verifier|^\S*\.pkce\.code_verifier cookie was created/, "PKCE_FAILED"],
  [/^invalid_client\b/, "CLIENT_AUTH_FAILED"],
  [/^outgoing request timed out/, "IDP_TIMEOUT"],
  [
    /^(connect (econnrefused|ehostunreach|enetunreach|etimedout)|getaddrinfo|socket hang up|read econnreset)/,
    "IDP_UNREACHABLE",
  ],
];

/** A failed sign-in check of Keyway's own token exchange; the message starts with its code. */
export class SignInCheckError extends Error {
  constructor(
    readonly code: SignInErrorCode,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = "SignInCheckError";
  }
}

/**
 * Maps a callback failure to a named code. `code` is the failed error's `code` property: Keyway's own checks
 * (SignInCheckError, kept by next-auth's OAuthCallbackError) name it there. Why not parse it from the message: a
 * callback's `?error=` text reaches this classifier as a message, and must not be able to pick a code.
 */
export function classifyCallbackError(message: string, code?: unknown): SignInErrorCode {
  if (typeof code === "string" && code !== "Default" && isSignInErrorCode(code)) return code;
  const m = message.trim().toLowerCase();
  return CALLBACK_ERROR_RULES.find(([rule]) => rule.test(m))?.[1] ?? "IDP_ERROR";
}

/** The refusal page for a code. The email never goes in the URL (see lib/auth/refusal-cookie.ts). */
export function errorPageUrl(code: SignInErrorCode): string {
  return `/error?${new URLSearchParams({ error: code })}`;
}
