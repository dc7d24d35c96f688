// next-auth's endpoints, with options built per request so a new integration works without a restart.
import { NextAuth } from "@/lib/auth/next-auth-handler";
import { NextRequest } from "next/server";
import { refuseUnusableAuthRequest } from "@/lib/auth/next-auth-input";
import { lazyHealthProvider, refusalOfThisRequest, runSignInRequest } from "@/lib/auth/callback-state";
import { disabledIntegrationRefusal } from "@/lib/auth/disabled-integration";
import { clearedDraftSignInCookie, draftSignInFor } from "@/lib/auth/draft-provider";
import { buildAuthOptions } from "@/lib/auth/options";
import { getCurrentUser } from "@/lib/authz/current-user";
import { loadedLinkingSettings } from "@/lib/auth/provider-registry";
import { providersListing } from "@/lib/auth/providers-listing";
import { refusalCookieHeader } from "@/lib/auth/refusal-cookie";
import { authSecret } from "@/lib/auth/secret";
import { capturedSignInFailure, rewriteGenericError, withSignInFailureCapture } from "@/lib/auth/sign-in-failure";
import { publicUrl } from "@/lib/config";
import { db } from "@/lib/db";
import { observeSsoCallback } from "@/lib/ops/sso-metrics";
import { readBoundedText } from "@/lib/http/body-limit";
import { completeTestSignIn, pendingTestSignIn } from "@/lib/integrations/test-sign-in/callback";

type Context = { params: Promise<{ nextauth: string[] }> };

// next-auth's forms (sign-in, credentials, sign-out) are a few hundred bytes; anyone signed out can POST here.
const MAX_AUTH_BODY_BYTES = 16 * 1024;

async function handler(req: NextRequest, context: Context) {
  const params = await context.params;
  const route = params.nextauth ?? [];
  const [action, providerId] = route;
  if (action !== "callback" || !providerId || providerId === "credentials") return answer(req, params, route);
  // An SSO callback: counted and timed (keyway_sso_sign_ins_total, keyway_sso_callback_duration_seconds).
  const startedAt = performance.now();
  const response = await answer(req, params, route);
  await observeSsoCallback(providerId, response, startedAt, async () =>
    // Loaded (enabled) integrations need no read; a disabled one or a made-up id costs one count.
    loadedLinkingSettings(providerId)
      ? true
      : (await db.integration.count({ where: { registrationId: providerId } })) > 0,
  );
  return response;
}

async function answer(req: NextRequest, params: { nextauth: string[] }, route: string[]) {
  const context = { params: Promise.resolve(params) };
  // Why: next-auth's `_log` endpoint lets anyone write lines to the server log (and, through our logger, health);
  // Keyway's client never needs it (next-auth/react only posts there in debug builds).
  if (route[0] === "_log") return new Response("Not found", { status: 404 });
  const unusable = refuseUnusableAuthRequest(req, route, publicUrl());
  if (unusable) return unusable;
  if (route[0] === "providers" && req.method === "GET") return providersListing(req, context);
  // A Test sign-in comes back through the integration's own Redirect URI too; its sealed pending cookie, bound to
  // the callback's state, tells it apart and wins over everything below (it may be a draft's test). It never reaches
  // next-auth: no session, link, stamp or health — and it works while the integration is disabled.
  if (route[0] === "callback" && route[1] && req.method === "GET") {
    const test = pendingTestSignIn(req, route[1]);
    if (test) return completeTestSignIn(req, test);
  }
  // Sign in with draft: this admin's browser tries the integration's draft; its failures are not the live one's health.
  const draft = await draftSignInFor(req, route, getCurrentUser);
  const healthProvider = draft ? async () => null : lazyHealthProvider(req, route);
  const options = await buildAuthOptions(route, { draft });
  // A disabled or deleted integration gets Keyway's clear refusal page, not next-auth's generic one.
  const refused = await disabledIntegrationRefusal(
    route,
    req.method,
    options.providers,
    async () => (await healthProvider()) !== null,
  );
  if (refused) return refused;
  return runSignInRequest({ healthProvider }, () =>
    // Users see the named code of what failed, never next-auth's generic OAuthCallback page.
    withSignInFailureCapture(async () => {
      const response: Response = rewriteGenericError(await NextAuth(req, { params }, options), capturedSignInFailure());
      const refusal = refusalOfThisRequest();
      const draftDone = draft && route[0] === "callback";
      if (!refusal && !draftDone) return response;
      const headers = new Headers(response.headers);
      // One use: the callback ends the draft sign-in, whatever its outcome.
      if (draftDone) headers.append("set-cookie", clearedDraftSignInCookie());
      if (!refusal)
        return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
      // The refusal page's email rides in a short-lived signed cookie, never in the URL.
      const secure = publicUrl().startsWith("https://");
      headers.append("set-cookie", await refusalCookieHeader(refusal.code, refusal.email, authSecret(), secure));
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
    }),
  );
}

async function post(req: NextRequest, context: Context) {
  // Bounded before next-auth buffers it: refused by Content-Length, else cut off while streaming.
  const read = await readBoundedText(req, MAX_AUTH_BODY_BYTES);
  if (!read.ok) {
    return Response.json(
      { ok: false, status: read.status, error: "The request body is too large." },
      { status: read.status },
    );
  }
  const headers = new Headers(req.headers);
  headers.delete("content-length");
  headers.delete("transfer-encoding");
  const bounded = new NextRequest(req.url, { method: "POST", headers, body: read.text });
  return handler(bounded, context);
}

export { handler as GET, post as POST };
