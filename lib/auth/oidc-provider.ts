// One stored integration → one next-auth v4 OAuth provider speaking OpenID Connect: authorization code with
// PKCE, state and nonce. The code exchange and every callback check are Keyway's (token-exchange.ts: the id_token
// verified with keys from the shared per-integration cache); userinfo merged (resolveProfile, which Test sign-in
// runs too, so both decide on the same identity).
import "server-only";
import type { OAuthConfig } from "next-auth/providers/oauth";
import type { ClientAuthMethod } from "openid-client";
import { installOpenidClientPolicy } from "@/lib/http/openid-client-policy";
import { fetchJson, OUTBOUND_TIMEOUT_MS } from "@/lib/http/outbound";
import type { SignInErrorCode } from "./sign-in-errors";
import { exchangeCode, type ExchangeInput } from "./token-exchange";

export type IntegrationConfig = {
  registrationId: string;
  loginButtonText: string;
  clientId: string;
  clientAuthMethod: string;
  authorizationUrl: string;
  tokenUri: string;
  userInfoUri: string;
  jwksUri: string;
  issuer: string;
};

/** What the provider hands to the sign-in callback: the merged identity, or why it must be refused. */
export type SsoUser = {
  id: string;
  /** The integration's configured issuer (the id_token was verified against it); part of the link's key. */
  issuer: string;
  email: string | null;
  name: string | null;
  emailVerified: boolean | null;
  /**
   * The email claim exactly as the IdP sent it (trimmed). Why: next-auth v4 lower-cases `email` after profile()
   * returns, and `toLowerCase()` folds look-alikes such as KELVIN SIGN (U+212A) onto ASCII letters; the sign-in
   * decision normalises this one instead (lib/identity/email-idna.ts), which refuses look-alikes.
   */
  emailAsSent?: string | null;
  refusal?: SignInErrorCode;
};

type Claims = Record<string, unknown> & { sub: string };

const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : null);
const verified = (value: unknown) =>
  value === true || value === "true" ? true : value === false || value === "false" ? false : null;

/**
 * Merges userinfo into id_token claims (id_token wins for names); refuses when the two name different subjects.
 * `email` and `email_verified` come as a pair from one source: the id_token when it carries `email`, else userinfo.
 */
export function mergeClaims(idToken: Claims, userinfo: Record<string, unknown> | null, issuer: string): SsoUser {
  if (userinfo && userinfo.sub !== idToken.sub) {
    return { id: idToken.sub, issuer, email: null, name: null, emailVerified: null, refusal: "SUB_MISMATCH" };
  }
  const claims = { ...(userinfo ?? {}), ...Object.fromEntries(Object.entries(idToken).filter(([, v]) => v != null)) };
  // Why: mixing sources let an unverified userinfo email borrow the id_token's `email_verified: true` (finding 3).
  const emailSource = text(idToken.email) ? idToken : (userinfo ?? {});
  return {
    id: idToken.sub,
    issuer,
    email: text(emailSource.email),
    name: text(claims.name) ?? text(claims.preferred_username),
    emailVerified: verified(emailSource.email_verified),
  };
}

/** Whether id_token claims alone give email, email_verified and a name (userinfo would only fill gaps). */
export function hasProfileClaims(claims: Record<string, unknown>): boolean {
  return (
    text(claims.email) !== null &&
    verified(claims.email_verified) !== null &&
    (text(claims.name) ?? text(claims.preferred_username)) !== null
  );
}

/** A secret rotation in progress: the next secret (already checked to belong to the Token URI's origin). */
export type SecretRotation = Pick<ExchangeInput, "nextClientSecret" | "onClientAuth">;

export type ResolvedProfile = {
  user: SsoUser;
  /** The userinfo response, when it was fetched (and answered). */
  userinfo: Record<string, unknown> | null;
  /** Why userinfo could not be read, when it was asked for and failed. */
  userinfoError: string | null;
};

/**
 * The identity a sign-in decides on, from the verified id_token's claims: userinfo is merged only when the id_token
 * lacks something Keyway uses (many IdPs send email only from userinfo; when the id_token has everything, userinfo
 * could add nothing, so the round trip is skipped). One function for sign-ins and Test sign-in; `showUserinfo`
 * (Test sign-in) fetches userinfo to show it even when the decision does not use it.
 */
export async function resolveProfile(
  config: Pick<IntegrationConfig, "userInfoUri" | "issuer">,
  idTokenClaims: Claims,
  accessToken: string | undefined,
  { showUserinfo = false }: { showUserinfo?: boolean } = {},
): Promise<ResolvedProfile> {
  const needed = !!accessToken && !hasProfileClaims(idTokenClaims);
  let userinfo: Record<string, unknown> | null = null;
  let userinfoError: string | null = null;
  if (accessToken && (needed || showUserinfo)) {
    try {
      userinfo = (await fetchJson(config.userInfoUri, {
        headers: { authorization: `Bearer ${accessToken}` },
      })) as Record<string, unknown>;
    } catch (error) {
      userinfoError = error instanceof Error ? error.message : String(error);
    }
  }
  if (needed && userinfoError !== null) {
    const user: SsoUser = {
      id: idTokenClaims.sub,
      issuer: config.issuer,
      email: null,
      name: null,
      emailVerified: null,
      refusal: "USERINFO_FAILED",
    };
    return { user, userinfo, userinfoError };
  }
  const user = mergeClaims(idTokenClaims, needed ? userinfo : null, config.issuer);
  return { user: { ...user, emailAsSent: user.email }, userinfo, userinfoError };
}

export function buildOidcProvider(
  config: IntegrationConfig,
  clientSecret: string,
  rotation: SecretRotation = {},
): OAuthConfig<Claims> {
  // next-auth's own token/JWKS/userinfo requests go through the outbound policy too.
  installOpenidClientPolicy();
  return {
    id: config.registrationId,
    name: config.loginButtonText,
    type: "oauth",
    idToken: true,
    checks: ["pkce", "state", "nonce"],
    clientId: config.clientId,
    clientSecret,
    // Fixed from configuration (never from a callback or a token), so mix-up and forged-issuer tokens fail.
    issuer: config.issuer,
    authorization: { url: config.authorizationUrl, params: { scope: "openid email profile", response_type: "code" } },
    token: {
      url: config.tokenUri,
      // Why our own exchange: next-auth v4 builds a new openid-client Issuer per callback, so keys would be
      // refetched on every sign-in. The returned id_token has been verified; next-auth then only decodes it.
      async request({ provider, params, checks }) {
        const { tokens } = await exchangeCode({
          config,
          clientSecret,
          ...rotation,
          redirectUri: provider.callbackUrl,
          params,
          checks,
        });
        return { tokens };
      },
    },
    userinfo: config.userInfoUri,
    jwks_endpoint: config.jwksUri,
    client: {
      token_endpoint_auth_method: config.clientAuthMethod as ClientAuthMethod,
      // openid-client refuses a *_jwt client without its algorithm; Keyway's own exchange signs (RS256, token-exchange.ts).
      ...(config.clientAuthMethod === "private_key_jwt" ? { token_endpoint_auth_signing_alg: "RS256" } : {}),
    },
    httpOptions: { timeout: OUTBOUND_TIMEOUT_MS },
    async profile(idTokenClaims, tokens) {
      return (await resolveProfile(config, idTokenClaims, tokens.access_token)).user;
    },
  };
}
