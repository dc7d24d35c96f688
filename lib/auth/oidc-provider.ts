// One stored integration → one next-auth v4 OAuth provider speaking OpenID Connect: authorization code with
// PKCE, state and nonce; the id_token verified (signature via the JWK Set URI, iss, aud, exp); userinfo merged.
import "server-only";
import type { OAuthConfig } from "next-auth/providers/oauth";
import type { ClientAuthMethod } from "openid-client";
import { fetchJson, OUTBOUND_TIMEOUT_MS } from "@/lib/http/outbound";
import type { SignInErrorCode } from "./sign-in-errors";

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
  refusal?: SignInErrorCode;
};

type Claims = Record<string, unknown> & { sub: string };

const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : null);
const verified = (value: unknown) => (value === true || value === "true" ? true : value === false || value === "false" ? false : null);

/** Merges userinfo into id_token claims (id_token wins); refuses when the two name different subjects. */
export function mergeClaims(idToken: Claims, userinfo: Record<string, unknown> | null, issuer: string): SsoUser {
  if (userinfo && userinfo.sub !== idToken.sub) {
    return { id: idToken.sub, issuer, email: null, name: null, emailVerified: null, refusal: "SUB_MISMATCH" };
  }
  const claims = { ...(userinfo ?? {}), ...Object.fromEntries(Object.entries(idToken).filter(([, v]) => v != null)) };
  return {
    id: idToken.sub,
    issuer,
    email: text(claims.email),
    name: text(claims.name) ?? text(claims.preferred_username),
    emailVerified: verified(claims.email_verified),
  };
}

export function buildOidcProvider(config: IntegrationConfig, clientSecret: string): OAuthConfig<Claims> {
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
    token: config.tokenUri,
    userinfo: config.userInfoUri,
    jwks_endpoint: config.jwksUri,
    client: { token_endpoint_auth_method: config.clientAuthMethod as ClientAuthMethod },
    httpOptions: { timeout: OUTBOUND_TIMEOUT_MS },
    async profile(idTokenClaims, tokens) {
      // Many IdPs send email only from userinfo; the id_token alone would leave users without one.
      let userinfo: Record<string, unknown> | null = null;
      if (tokens.access_token) {
        try {
          userinfo = (await fetchJson(config.userInfoUri, {
            headers: { authorization: `Bearer ${tokens.access_token}` },
          })) as Record<string, unknown>;
        } catch {
          const refusal = "USERINFO_FAILED" as const;
          return { id: idTokenClaims.sub, issuer: config.issuer, email: null, name: null, emailVerified: null, refusal } satisfies SsoUser;
        }
      }
      return mergeClaims(idTokenClaims, userinfo, config.issuer);
    },
  };
}
