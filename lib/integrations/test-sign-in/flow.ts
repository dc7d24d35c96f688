// Test sign-in: a real authorization-code flow (PKCE, state, nonce) that comes back through the integration's own
// Redirect URI, then exactly what a sign-in runs — the same code exchange and id_token verification (exchangeCode,
// with the shared signing-key cache), the same profile step (resolveProfile) — and a dry run of account matching.
// Nothing is linked, no session is made, tokens are dropped here. Every request goes through lib/http/outbound.ts.
import "server-only";
import { generators } from "openid-client";
import { matchAccount } from "@/lib/auth/account-matching";
import { resolveProfile } from "@/lib/auth/oidc-provider";
import { SignInCheckError, signInErrorMessage } from "@/lib/auth/sign-in-errors";
import { exchangeCode } from "@/lib/auth/token-exchange";
import { redirectUriFor } from "@/lib/config";
import { authorizationParamsOf, type ClaimSettings } from "@/lib/integrations/claims";
import { db } from "@/lib/db";
import { fixHintFor } from "../checks/hints";
import { CHECKS } from "../checks/types";
import { emailVerifiedVerdict, mapIdentity, visibleClaims } from "./claims";
import type { TestSignInResult } from "./types";

export type TestIntegration = ClaimSettings & {
  /** Group mappings or the requirement read the groups (an overage then refuses, as in a sign-in). */
  groupsUsed: boolean;
  registrationId: string;
  clientId: string;
  clientSecret: string;
  clientAuthMethod: string;
  authorizationUrl: string;
  tokenUri: string;
  userInfoUri: string;
  jwksUri: string;
  issuer: string;
};
/** What the admin's browser carries (sealed) between start and callback. */
export type PendingTestSignIn = {
  registrationId: string;
  adminId: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  expiresAt: number;
  /** The test runs the integration's draft, not its live configuration. */
  draft?: boolean;
  /**
   * The redirect_uri sent to the IdP (the integration's own Redirect URI). Absent in a test started by a release
   * that used the separate Test sign-in callback, which is then the redirect_uri (see legacyTestSignInRedirectUri).
   */
  redirectUri?: string;
};

export function startTestSignIn(integration: TestIntegration, adminId: string, ttlMs = 10 * 60 * 1000) {
  const pending: PendingTestSignIn = {
    registrationId: integration.registrationId,
    adminId,
    state: generators.state(),
    nonce: generators.nonce(),
    codeVerifier: generators.codeVerifier(),
    expiresAt: Date.now() + ttlMs,
    // The Redirect URI a sign-in uses: nothing extra to register at the IdP, and the test proves this one.
    redirectUri: redirectUriFor(integration.registrationId),
  };
  // As next-auth builds it: the configured Authorization URL (its own query kept) plus the request's parameters.
  const url = new URL(integration.authorizationUrl);
  const params: Record<string, string> = {
    client_id: integration.clientId,
    // As a sign-in asks: the allow-listed extras, then Keyway's own parameters (never overridden by them).
    ...authorizationParamsOf(integration.authorizationParams),
    scope: integration.scopes,
    response_type: "code",
    redirect_uri: pending.redirectUri!,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: generators.codeChallenge(pending.codeVerifier),
    code_challenge_method: "S256",
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return { url: url.href, pending };
}

const base = (pending: PendingTestSignIn): Omit<TestSignInResult, "ok" | "failure"> => ({
  registrationId: pending.registrationId,
  draft: pending.draft === true,
  adminId: pending.adminId,
  at: new Date().toISOString(),
  idTokenClaims: null,
  userinfoClaims: null,
  mapped: null,
  emailVerified: null,
  decision: null,
});

export function failedResult(
  pending: PendingTestSignIn,
  code: string,
  detail: string | null,
  partial: Partial<TestSignInResult> = {},
): TestSignInResult {
  const hint = fixHintFor(code);
  return {
    ...base(pending),
    ...partial,
    ok: false,
    failure: {
      code,
      message: signInErrorMessage(code),
      detail,
      hint: hint?.fix ?? null,
      check: hint ? CHECKS[hint.check] : null,
    },
  };
}

/**
 * Completes the flow from the IdP's redirect (`params`: the callback's query) to `redirectUri` and decides, without
 * writing anything.
 */
export async function finishTestSignIn(
  integration: TestIntegration,
  pending: PendingTestSignIn,
  params: Record<string, string>,
  redirectUri: string,
): Promise<TestSignInResult> {
  let exchanged;
  try {
    exchanged = await exchangeCode({
      config: integration,
      clientSecret: integration.clientSecret,
      redirectUri,
      params,
      checks: { state: pending.state, nonce: pending.nonce, code_verifier: pending.codeVerifier },
    });
  } catch (error) {
    // SignInCheckError messages name what failed (signature, iss, nonce…); they carry no token or secret.
    if (error instanceof SignInCheckError) return failedResult(pending, error.code, error.message.slice(0, 300));
    throw error;
  }
  const { claims, tokens } = exchanged;
  const profile = await resolveProfile(integration, claims, tokens.access_token, { showUserinfo: true });
  const shown = {
    idTokenClaims: visibleClaims(claims),
    userinfoClaims: profile.userinfo ? visibleClaims(profile.userinfo) : null,
    mapped: mapIdentity(claims, profile.userinfo, integration),
    claimRules: { groupsClaim: integration.groupsClaim, ...profile.reading },
  };
  const identity = profile.user;
  if (identity.refusal) return failedResult(pending, identity.refusal, profile.userinfoError, shown);
  // Dry run: matchAccount only reads; completeSsoSignIn (which links and stamps) is never called here. The email
  // is the claim as sent, exactly what a sign-in's decision reads.
  const match = await matchAccount(db, integration.registrationId, {
    sub: identity.id,
    issuer: identity.issuer,
    email: identity.emailAsSent ?? null,
    emailVerified: identity.emailVerified,
  });
  return {
    ...base(pending),
    ...shown,
    ok: true,
    failure: null,
    emailVerified: emailVerifiedVerdict(identity.emailVerified, match),
    decision: match.ok
      ? { kind: "would-sign-in", email: match.email, linkedNow: match.linked }
      : { kind: "refused", code: match.code, message: signInErrorMessage(match.code, match.email) },
  };
}
