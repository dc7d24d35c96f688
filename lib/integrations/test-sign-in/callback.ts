// The IdP's redirect back from a test sign-in. It arrives at the integration's own Redirect URI
// (/api/auth/callback/<Registration ID>), where sign-ins arrive too: a request is a test sign-in only when this
// browser carries the sealed pending cookie of a test of that integration whose state equals the callback's
// `state`. Then it is verified and decided exactly as a sign-in (no session, no link, no stamp, no health), audited,
// and the browser goes to the result page; anything else is left to next-auth.
import "server-only";
import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { audit } from "@/lib/audit";
import { getCurrentUser, hasAuthority } from "@/lib/authz/current-user";
import { legacyTestSignInRedirectUri, publicUrl, redirectUriFor } from "@/lib/config";
import { db } from "@/lib/db";
import { cookieOptions, PENDING_COOKIE, RESULT_COOKIE, sealJson, unsealJson } from "./cookies";
import { failedResult, finishTestSignIn, type PendingTestSignIn } from "./flow";
import { loadTestIntegration } from "./load";

/** Where the pending cookie lives: only the callback that finishes the test receives it. */
export const pendingCookiePath = (registrationId: string) =>
  new URL(redirectUriFor(registrationId)).pathname.replace(/\/+$/, "");
/** The pending cookie's path in releases that used the separate Test sign-in callback. */
export const LEGACY_PENDING_COOKIE_PATH = "/api/integrations/test-sign-in";

const NO_TEST =
  "No test sign-in is in progress in this browser (it expired or was started elsewhere). Start again from the integration's page.";

/**
 * The test sign-in this request completes, or null when it is not one (a sign-in: next-auth handles it). `legacy`:
 * the deprecated callback URL, which completes tests whose redirect_uri was that URL.
 */
export function pendingTestSignIn(request: NextRequest, registrationId: string | null): PendingTestSignIn | null {
  const pending = unsealJson<PendingTestSignIn>(request.cookies.get(PENDING_COOKIE)?.value);
  if (!pending) return null;
  // Why: the test is bound to this state; a callback with any other state is not this test (maybe a sign-in).
  if (request.nextUrl.searchParams.get("state") !== pending.state) return null;
  if (registrationId === null) return pending.redirectUri === undefined ? pending : null;
  return pending.registrationId === registrationId && pending.redirectUri === redirectUriFor(registrationId)
    ? pending
    : null;
}

/** Verifies, decides, audits and redirects to the result page; the pending cookie is cleared either way. */
export async function completeTestSignIn(request: NextRequest, pending: PendingTestSignIn | null) {
  const user = await getCurrentUser();
  // Why: the result belongs to the admin who started it, still allowed to; anything else is refused outright.
  if (
    !pending ||
    pending.expiresAt < Date.now() ||
    !user ||
    user.id !== pending.adminId ||
    !hasAuthority(user, "OAUTH_INTEGRATION_WRITE")
  ) {
    return new NextResponse(NO_TEST, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  const redirectUri = pending.redirectUri ?? legacyTestSignInRedirectUri();
  const params = Object.fromEntries(request.nextUrl.searchParams);
  let result;
  try {
    result = await finishTestSignIn(
      await loadTestIntegration(pending.registrationId, { draft: pending.draft }),
      pending,
      params,
      redirectUri,
    );
  } catch (error) {
    console.error(`[keyway] test sign-in ${pending.registrationId} failed unexpectedly: ${(error as Error).message}`);
    result = failedResult(pending, "IDP_ERROR", null);
  }
  await db.$transaction((tx) =>
    audit(tx, {
      actor: { id: user.id, email: user.email },
      action: "integration.test_sign_in",
      targetType: "integration",
      targetId: pending.registrationId,
      details: {
        outcome: result.failure ? "failed" : result.decision?.kind,
        code: result.failure?.code ?? (result.decision?.kind === "refused" ? result.decision.code : null),
        sub: result.mapped?.sub.value ?? null,
        wouldSignInAs: result.decision?.kind === "would-sign-in" ? result.decision.email : null,
        ...(pending.draft ? { configuration: "draft" } : {}),
      },
    }),
  );
  const page = `/settings/oauth-integrations/${encodeURIComponent(pending.registrationId)}/test-sign-in`;
  const response = NextResponse.redirect(`${publicUrl()}${page}`, 303);
  const cookiePath = pending.redirectUri ? pendingCookiePath(pending.registrationId) : LEGACY_PENDING_COOKIE_PATH;
  response.cookies.set(PENDING_COOKIE, "", cookieOptions(cookiePath, 0));
  response.cookies.set(RESULT_COOKIE, sealJson(result), cookieOptions(page, 10 * 60));
  return response;
}
