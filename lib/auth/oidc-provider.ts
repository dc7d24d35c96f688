// One stored integration → one next-auth v4 OAuth provider speaking OpenID Connect: authorization code with
// PKCE, state and nonce. The code exchange and every callback check are Keyway's (token-exchange.ts: the id_token
// verified with keys from the shared per-integration cache); userinfo merged.
import "server-only";
import type { OAuthConfig } from "next-auth/providers/oauth";
import type { ClientAuthMethod } from "openid-client";
import { installOpenidClientPolicy } from "@/lib/http/openid-client-policy";
import { fetchJson, OUTBOUND_TIMEOUT_MS } from "@/lib/http/outbound";
import type { SignInErrorCode } from "./sign-in-errors";
import { exchangeCode } from "./token-exchange";

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

export function buildOidcProvider(config: IntegrationConfig, clientSecret: string): OAuthConfig<Claims> {
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
        const tokens = await exchangeCode({ config, clientSecret, redirectUri: provider.callbackUrl, params, checks });
        return { tokens };
      },
    },
    userinfo: config.userInfoUri,
    jwks_endpoint: config.jwksUri,
    client: { token_endpoint_auth_method: config.clientAuthMethod as ClientAuthMethod },
    httpOptions: { timeout: OUTBOUND_TIMEOUT_MS },
    async profile(idTokenClaims, tokens) {
      // Many IdPs send email only from userinfo; the id_token alone would leave users without one. When the
      // verified id_token already has everything Keyway uses, userinfo could add nothing: skip the round trip.
      let userinfo: Record<string, unknown> | null = null;
      if (tokens.access_token && !hasProfileClaims(idTokenClaims)) {
        try {
          userinfo = (await fetchJson(config.userInfoUri, {
            headers: { authorization: `Bearer ${tokens.access_token}` },
          })) as Record<string, unknown>;
        } catch {
          const refusal = "USERINFO_FAILED" as const;
          return {
            id: idTokenClaims.sub,
            issuer: config.issuer,
            email: null,
            name: null,
            emailVerified: null,
            refusal,
          } satisfies SsoUser;
        }
      }
      return mergeClaims(idTokenClaims, userinfo, config.issuer);
    },
  };
}
