// The IdP's redirect back from a test sign-in: verify and decide exactly as a real sign-in (no link, no session),
// audit it, keep only the sealed result for the result page, and go there.
import { NextResponse, type NextRequest } from "next/server";
import { audit } from "@/lib/audit";
import { getCurrentUser, hasAuthority } from "@/lib/authz/current-user";
import { publicUrl } from "@/lib/config";
import { db } from "@/lib/db";
import {
  cookieOptions,
  PENDING_COOKIE,
  RESULT_COOKIE,
  sealJson,
  unsealJson,
} from "@/lib/integrations/test-sign-in/cookies";
import { failedResult, finishTestSignIn, type PendingTestSignIn } from "@/lib/integrations/test-sign-in/flow";
import { loadTestIntegration } from "@/lib/integrations/test-sign-in/load";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest) {
  const pending = unsealJson<PendingTestSignIn>(request.cookies.get(PENDING_COOKIE)?.value);
  const user = await getCurrentUser();
  // Why: the result belongs to the admin who started it, still allowed to; anything else is refused outright.
  if (
    !pending ||
    pending.expiresAt < Date.now() ||
    !user ||
    user.id !== pending.adminId ||
    !hasAuthority(user, "OAUTH_INTEGRATION_WRITE")
  ) {
    return new NextResponse(
      "No test sign-in is in progress in this browser (it expired or was started elsewhere). Start again from the integration's page.",
      {
        status: 400,
        headers: { "content-type": "text/plain; charset=utf-8" },
      },
    );
  }
  const callbackUrl = `${publicUrl()}${request.nextUrl.pathname}${request.nextUrl.search}`;
  let result;
  try {
    result = await finishTestSignIn(await loadTestIntegration(pending.registrationId), pending, callbackUrl);
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
      },
    }),
  );
  const page = `/settings/oauth-integrations/${encodeURIComponent(pending.registrationId)}/test-sign-in`;
  const response = NextResponse.redirect(`${publicUrl()}${page}`, 303);
  response.cookies.set(PENDING_COOKIE, "", cookieOptions("/api/integrations/test-sign-in", 0));
  response.cookies.set(RESULT_COOKIE, sealJson(result), cookieOptions(page, 10 * 60));
  return response;
}
