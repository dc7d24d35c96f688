// Starts a test sign-in (OAUTH_INTEGRATION_WRITE): the admin's browser goes to the IdP with PKCE, state and
// nonce, and comes back to the integration's own Redirect URI; the sealed pending state rides in a cookie scoped to
// that callback, which recognises the test by it.
import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { getCurrentUser, hasAuthority } from "@/lib/authz/current-user";
import { publicUrl } from "@/lib/config";
import { pendingCookiePath } from "@/lib/integrations/test-sign-in/callback";
import { cookieOptions, PENDING_COOKIE, sealJson } from "@/lib/integrations/test-sign-in/cookies";
import { startTestSignIn } from "@/lib/integrations/test-sign-in/flow";
import { loadTestIntegration } from "@/lib/integrations/test-sign-in/load";

export const dynamic = "force-dynamic";
const PENDING_TTL_S = 10 * 60;

export async function POST(request: Request) {
  // Why: only Keyway's own page may start one; a cross-site form must not drive an admin's browser to an IdP.
  if (request.headers.get("origin") !== new URL(publicUrl()).origin) {
    return NextResponse.json(
      { ok: false, code: "FORBIDDEN", error: "Start a test sign-in from Keyway." },
      { status: 403 },
    );
  }
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ ok: false, code: "UNAUTHENTICATED", error: "Sign in first." }, { status: 401 });
  if (!hasAuthority(user, "OAUTH_INTEGRATION_WRITE")) {
    return NextResponse.json(
      { ok: false, code: "FORBIDDEN", error: "You need OAUTH_INTEGRATION_WRITE." },
      { status: 403 },
    );
  }
  const form = await request.formData();
  const registrationId = String(form.get("registrationId") ?? "").slice(0, 40);
  const draft = form.get("draft") === "1";
  try {
    const integration = await loadTestIntegration(registrationId, { draft });
    const { url, pending } = startTestSignIn(integration, user.id, PENDING_TTL_S * 1000);
    if (draft) pending.draft = true;
    // Not a redirect: the CSP's form-action 'self' (rightly) stops a form POST from being redirected to another
    // origin, so this page navigates on to the IdP itself (a meta refresh is not a form submission).
    const response = new NextResponse(continuePage(url), {
      status: 200,
      headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
    });
    response.cookies.set(
      PENDING_COOKIE,
      sealJson(pending),
      cookieOptions(pendingCookiePath(pending.registrationId), PENDING_TTL_S),
    );
    return response;
  } catch (error) {
    if (error instanceof AppError)
      return NextResponse.json({ ok: false, code: error.code, error: error.message }, { status: error.status });
    throw error;
  }
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** A minimal page that moves on to the IdP at once, with a link for browsers that do not follow meta refresh. */
function continuePage(url: string): string {
  const href = escapeHtml(url);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${href}">
<title>Test sign-in</title></head><body><p><a href="${href}">Continue to the identity provider</a></p></body></html>`;
}
