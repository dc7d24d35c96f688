// Named sign-in failure codes: shown on /error, written to audit and to the integration's health. Client-safe.
export const SIGN_IN_ERRORS = {
  NO_ACCOUNT: "No Keyway account exists for {email}; ask an administrator to add you.",
  ACCOUNT_DISABLED: "The Keyway account for {email} is disabled; ask an administrator to enable it.",
  EMAIL_UNVERIFIED: "Your identity provider has not verified {email}, so Keyway cannot match it to an account.",
  NO_EMAIL: "Your identity provider did not share an email address, so Keyway cannot find your account.",
  ACCOUNT_LINKED_ELSEWHERE: "The Keyway account for {email} is already linked to a different identity at this provider.",
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
  IDP_ERROR: "Sign-in with your identity provider failed. Try again or ask an administrator.",
  AccessDenied: "Sign-in was refused.",
  CredentialsSignin: "Invalid email or password.",
  OAuthSignin: "Keyway could not start sign-in with that provider. Try again or ask an administrator.",
  OAuthCallback: "Sign-in with your identity provider failed. Try again or ask an administrator.",
  Configuration: "Sign-in is not configured correctly on the server.",
  Default: "Sign-in failed.",
} as const;

export type SignInErrorCode = keyof typeof SIGN_IN_ERRORS;

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
  [/^(failed to validate jwt signature|unexpected jwt alg received|failed to decode jwt|no valid key found|multiple matching keys)/, "ID_TOKEN_SIGNATURE"],
  [/^(unexpected iss value|iss mismatch|iss missing)/, "ID_TOKEN_ISSUER"],
  [/^(aud mismatch|aud is missing the client_id|azp mismatch|missing required jwt property azp)/, "ID_TOKEN_AUDIENCE"],
  [/^(jwt expired|jwt not active yet|jwt issued too far in the past|too much time has elapsed)/, "ID_TOKEN_EXPIRED"],
  [/^(nonce mismatch|nonce cookie|nonce value)|^\S*\.nonce cookie was created/, "NONCE_MISMATCH"],
  [/^(state mismatch|state missing|state cookie|state value)|^\S*\.state cookie was created/, "STATE_MISMATCH"],
  [/^pkce code_verifier|^\S*\.pkce\.code_verifier cookie was created/, "PKCE_FAILED"],
  [/^invalid_client\b/, "CLIENT_AUTH_FAILED"],
  [/^outgoing request timed out/, "IDP_TIMEOUT"],
];

/** Maps an openid-client / next-auth callback failure to a named code (messages only; never secrets). */
export function classifyCallbackError(message: string): SignInErrorCode {
  const m = message.trim().toLowerCase();
  return CALLBACK_ERROR_RULES.find(([rule]) => rule.test(m))?.[1] ?? "IDP_ERROR";
}

/** The refusal page for a code. The email never goes in the URL (see lib/auth/refusal-cookie.ts). */
export function errorPageUrl(code: SignInErrorCode): string {
  return `/error?${new URLSearchParams({ error: code })}`;
}
