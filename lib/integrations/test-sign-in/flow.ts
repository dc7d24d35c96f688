// Test sign-in: the same authorization-code flow (PKCE, state, nonce) and the same id_token verification as a
// real sign-in (openid-client 5, configured as next-auth v4 configures it), then the same userinfo merge and a
// dry run of account matching. Nothing is linked, no session is made, tokens are dropped here.
import "server-only";
import { custom, errors, generators, Issuer, type Client, type ClientAuthMethod } from "openid-client";
import { mergeClaims } from "@/lib/auth/oidc-provider";
import { matchAccount } from "@/lib/auth/account-matching";
import { classifyCallbackError, type SignInErrorCode, signInErrorMessage } from "@/lib/auth/sign-in-errors";
import { testSignInRedirectUri } from "@/lib/config";
import { db } from "@/lib/db";
import { fetchJson, OUTBOUND_TIMEOUT_MS, OutboundError } from "@/lib/http/outbound";
import { fixHintFor } from "../checks/hints";
import { CHECKS } from "../checks/types";
import { emailVerifiedVerdict, mapIdentity, visibleClaims } from "./claims";
import type { TestSignInResult } from "./types";

export type TestIntegration = {
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
};

function clientFor(integration: TestIntegration): Client {
  const issuer = new Issuer({
    // Fixed from configuration, as for a real sign-in: never from the callback or the token.
    issuer: integration.issuer,
    authorization_endpoint: integration.authorizationUrl,
    token_endpoint: integration.tokenUri,
    userinfo_endpoint: integration.userInfoUri,
    jwks_uri: integration.jwksUri,
  });
  const client = new issuer.Client({
    client_id: integration.clientId,
    client_secret: integration.clientSecret,
    redirect_uris: [testSignInRedirectUri()],
    token_endpoint_auth_method: integration.clientAuthMethod as ClientAuthMethod,
  });
  client[custom.http_options] = () => ({ timeout: OUTBOUND_TIMEOUT_MS });
  // The same tolerance next-auth v4 sets, so the verdict matches a real sign-in's.
  client[custom.clock_tolerance] = 10;
  return client;
}

export function startTestSignIn(integration: TestIntegration, adminId: string, ttlMs = 10 * 60 * 1000) {
  const pending: PendingTestSignIn = {
    registrationId: integration.registrationId,
    adminId,
    state: generators.state(),
    nonce: generators.nonce(),
    codeVerifier: generators.codeVerifier(),
    expiresAt: Date.now() + ttlMs,
  };
  const url = clientFor(integration).authorizationUrl({
    scope: "openid email profile",
    response_type: "code",
    redirect_uri: testSignInRedirectUri(),
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: generators.codeChallenge(pending.codeVerifier),
    code_challenge_method: "S256",
  });
  return { url, pending };
}

function failureCode(error: unknown): { code: SignInErrorCode | string; detail: string | null } {
  if (error instanceof OutboundError)
    return { code: error.code === "IDP_TIMEOUT" ? "IDP_TIMEOUT" : "USERINFO_FAILED", detail: error.message };
  if (error instanceof errors.OPError) {
    // The IdP answered with an OAuth error (at the authorization step or the token endpoint).
    const code =
      error.error === "invalid_client"
        ? "CLIENT_AUTH_FAILED"
        : error.error === "invalid_request" && /redirect_uri/.test(error.error_description ?? "")
          ? "REDIRECT_URI_REFUSED"
          : "IDP_ERROR";
    return { code, detail: `${error.error}${error.error_description ? `: ${error.error_description}` : ""}` };
  }
  const message = error instanceof Error ? error.message : String(error);
  // RPError messages name what failed (signature, iss, nonce…); they carry no token (the jwt field is not shown).
  return { code: classifyCallbackError(message), detail: error instanceof Error ? message.slice(0, 300) : null };
}

const base = (pending: PendingTestSignIn): Omit<TestSignInResult, "ok" | "failure"> => ({
  registrationId: pending.registrationId,
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

/** Completes the flow from the IdP's redirect to `callbackUrl` and decides, without writing anything. */
export async function finishTestSignIn(
  integration: TestIntegration,
  pending: PendingTestSignIn,
  callbackUrl: string,
): Promise<TestSignInResult> {
  const client = clientFor(integration);
  let claims: Record<string, unknown> & { sub: string };
  let accessToken: string | undefined;
  try {
    const tokens = await client.callback(testSignInRedirectUri(), client.callbackParams(callbackUrl), {
      state: pending.state,
      nonce: pending.nonce,
      code_verifier: pending.codeVerifier,
      response_type: "code",
    });
    claims = tokens.claims();
    accessToken = tokens.access_token;
  } catch (error) {
    const { code, detail } = failureCode(error);
    return failedResult(pending, code, detail);
  }
  let userinfo: Record<string, unknown> | null = null;
  if (accessToken) {
    try {
      // The same request a real sign-in makes (lib/auth/oidc-provider.ts profile()).
      userinfo = (await fetchJson(integration.userInfoUri, {
        headers: { authorization: `Bearer ${accessToken}` },
      })) as Record<string, unknown>;
    } catch (error) {
      return failedResult(pending, "USERINFO_FAILED", (error as Error).message, {
        idTokenClaims: visibleClaims(claims),
      });
    }
  }
  const identity = mergeClaims(claims, userinfo, integration.issuer);
  const shown = {
    idTokenClaims: visibleClaims(claims),
    userinfoClaims: userinfo ? visibleClaims(userinfo) : null,
    mapped: mapIdentity(claims, userinfo),
  };
  if (identity.refusal) return failedResult(pending, identity.refusal, null, shown);
  // Dry run: matchAccount only reads; completeSsoSignIn (which links and stamps) is never called here.
  const match = await matchAccount(db, integration.registrationId, {
    sub: identity.id,
    issuer: identity.issuer,
    email: identity.email,
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
