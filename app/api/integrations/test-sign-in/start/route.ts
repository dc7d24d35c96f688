// Starts a test sign-in (OAUTH_INTEGRATION_WRITE): the admin's browser goes to the IdP with PKCE, state and
// nonce; the sealed pending state rides in a cookie scoped to the callback.
import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { getCurrentUser, hasAuthority } from "@/lib/authz/current-user";
import { publicUrl } from "@/lib/config";
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
  const registrationId = String((await request.formData()).get("registrationId") ?? "").slice(0, 40);
  try {
    const { url, pending } = startTestSignIn(await loadTestIntegration(registrationId), user.id, PENDING_TTL_S * 1000);
    const response = NextResponse.redirect(url, 303);
    response.cookies.set(
      PENDING_COOKIE,
      sealJson(pending),
      cookieOptions("/api/integrations/test-sign-in", PENDING_TTL_S),
    );
    return response;
  } catch (error) {
    if (error instanceof AppError)
      return NextResponse.json({ ok: false, code: error.code, error: error.message }, { status: error.status });
    throw error;
  }
}
