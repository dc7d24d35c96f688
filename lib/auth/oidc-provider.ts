// One stored integration → one next-auth v4 OAuth provider speaking OpenID Connect: authorization code with
// PKCE, state and nonce. The code exchange and every callback check are Keyway's (token-exchange.ts: the id_token
// verified with keys from the shared per-integration cache); userinfo merged (resolveProfile, which Test sign-in
// runs too, so both decide on the same identity).
import "server-only";
import type { OAuthConfig } from "next-auth/providers/oauth";
import type { ClientAuthMethod } from "openid-client";
import { installOpenidClientPolicy } from "@/lib/http/openid-client-policy";
import {
  authorizationParamsOf,
  type ClaimReading,
  type ClaimSettings,
  parseSignInRequirement,
  readClaim,
  readClaimSettings,
} from "@/lib/integrations/claims";
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
} & ClaimSettings & {
    /** Whether group mappings or the sign-in requirement read the groups (an overage then refuses). */
    groupsUsed?: boolean;
  };

/** How the sign-in reads claims: the integration's claim settings and whether the groups are used. */
export type ClaimRules = Pick<IntegrationConfig, "emailClaim" | "nameClaim" | "groupsClaim" | "signInRequirement"> & {
  groupsUsed?: boolean;
};

/** Whether group mappings or the requirement need the groups claim. */
export function groupsUsedBy(settings: Pick<ClaimSettings, "groupsClaim" | "signInRequirement">, mappings: number) {
  return mappings > 0 || parseSignInRequirement(settings.signInRequirement)?.path === settings.groupsClaim;
}

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
  /** The values of the integration's groups claim (group mappings decide on them at each sign-in). */
  groups?: string[];
  refusal?: SignInErrorCode;
};

type Claims = Record<string, unknown> & { sub: string };

const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : null);
const verified = (value: unknown) =>
  value === true || value === "true" ? true : value === false || value === "false" ? false : null;

/**
 * Merges userinfo into id_token claims (id_token wins for names); refuses when the two name different subjects.
 * The email (at the integration's email claim) and `email_verified` come as a pair from one source: the id_token
 * when it carries the email, else userinfo. Then the groups overage and the sign-in requirement are decided.
 */
export function mergeClaims(
  idToken: Claims,
  userinfo: Record<string, unknown> | null,
  issuer: string,
  rules: ClaimRules,
): SsoUser & { reading: ClaimReading } {
  const none = { groups: [], groupsOverage: false, requirement: null };
  if (userinfo && userinfo.sub !== idToken.sub) {
    const refusal = "SUB_MISMATCH" as const;
    return { id: idToken.sub, issuer, email: null, name: null, emailVerified: null, refusal, reading: none };
  }
  const claims = { ...(userinfo ?? {}), ...Object.fromEntries(Object.entries(idToken).filter(([, v]) => v != null)) };
  // Why: mixing sources let an unverified userinfo email borrow the id_token's `email_verified: true` (finding 3).
  const emailSource = text(readClaim(idToken, rules.emailClaim)) ? idToken : (userinfo ?? {});
  const reading = readClaimSettings(claims, rules);
  // Why refuse: mappings would silently take away what the missing groups gave (Entra sends no groups over 200).
  const refusal: SignInErrorCode | undefined =
    rules.groupsUsed && reading.groupsOverage
      ? "GROUPS_OVERAGE"
      : reading.requirement && !reading.requirement.met
        ? "CLAIM_REQUIREMENT_NOT_MET"
        : undefined;
  return {
    id: idToken.sub,
    issuer,
    email: text(readClaim(emailSource, rules.emailClaim)),
    name: text(readClaim(claims, rules.nameClaim)) ?? text(claims.preferred_username),
    // Only the `email` claim has an `email_verified`; another email claim (upn…) is unverified unless trusted.
    // Microsoft Entra sends none, but `xms_edov` (the domain owner verified it): read as email_verified, so an
    // unverified Entra address (xms_edov false) is refused even with Trust email addresses on.
    emailVerified:
      rules.emailClaim === "email" ? (verified(emailSource.email_verified) ?? verified(emailSource.xms_edov)) : null,
    groups: reading.groups,
    ...(refusal ? { refusal } : {}),
    reading,
  };
}

/** Whether id_token claims alone give what the sign-in reads (userinfo would only fill gaps). */
export function hasProfileClaims(claims: Record<string, unknown>, rules: ClaimRules): boolean {
  const requirement = parseSignInRequirement(rules.signInRequirement);
  return (
    text(readClaim(claims, rules.emailClaim)) !== null &&
    (rules.emailClaim !== "email" || (verified(claims.email_verified) ?? verified(claims.xms_edov)) !== null) &&
    (text(readClaim(claims, rules.nameClaim)) ?? text(claims.preferred_username)) !== null &&
    (!rules.groupsUsed || readClaim(claims, rules.groupsClaim) !== undefined) &&
    (!requirement || readClaim(claims, requirement.path) !== undefined)
  );
}

/** A secret rotation in progress: the next secret (already checked to belong to the Token URI's origin). */
export type SecretRotation = Pick<ExchangeInput, "nextClientSecret" | "onClientAuth">;

export type ResolvedProfile = {
  user: SsoUser;
  /** What the claim settings read (groups, overage, requirement): Test sign-in shows it. */
  reading: ClaimReading;
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
  config: Pick<IntegrationConfig, "userInfoUri" | "issuer"> & ClaimRules,
  idTokenClaims: Claims,
  accessToken: string | undefined,
  { showUserinfo = false }: { showUserinfo?: boolean } = {},
): Promise<ResolvedProfile> {
  const needed = !!accessToken && !hasProfileClaims(idTokenClaims, config);
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
    return { user, reading: { groups: [], groupsOverage: false, requirement: null }, userinfo, userinfoError };
  }
  const { reading, ...user } = mergeClaims(idTokenClaims, needed ? userinfo : null, config.issuer, config);
  return { user: { ...user, emailAsSent: user.email }, reading, userinfo, userinfoError };
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
    authorization: {
      url: config.authorizationUrl,
      // The allow-listed extras first: scope and response_type are Keyway's and cannot be overridden.
      params: { ...authorizationParamsOf(config.authorizationParams), scope: config.scopes, response_type: "code" },
    },
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
