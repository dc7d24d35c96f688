// The classified failure of the current /api/auth request. next-auth v4 only tells its logger what went wrong
// and then redirects to its generic `?error=OAuthCallback`; the route handler runs each request inside this
// store, the logger notes the named code here, and the route rewrites the redirect to /error?error=<CODE>.
import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { SignInErrorCode } from "./sign-in-errors";

const store = new AsyncLocalStorage<{ code?: SignInErrorCode }>();

export function withSignInFailureCapture<T>(run: () => Promise<T>): Promise<T> {
  return store.run({}, run);
}

export function noteSignInFailure(code: SignInErrorCode): void {
  const current = store.getStore();
  if (current) current.code ??= code;
}

export function capturedSignInFailure(): SignInErrorCode | undefined {
  return store.getStore()?.code;
}

/** next-auth's generic error codes, which a named code replaces. */
const GENERIC = new Set(["OAuthCallback", "OAuthSignin", "Callback", "OAuthCreateAccount", "Default", "Configuration"]);

/** A redirect to next-auth's generic error (its error page, or the sign-in page with ?error=), sent instead to
 * Keyway's refusal page with the named code; status and cookies kept. */
export function rewriteGenericError(response: Response, code: SignInErrorCode | undefined): Response {
  const location = response.headers.get("location");
  if (!code || !location) return response;
  const url = new URL(location, "http://keyway.invalid");
  // next-auth first sends failures to its own /api/auth/signin or /api/auth/error, which then go to our pages.
  if (!/^(\/api\/auth)?\/(signin|error)$/.test(url.pathname) || !GENERIC.has(url.searchParams.get("error") ?? ""))
    return response;
  const headers = new Headers(response.headers);
  const target = `/error?${new URLSearchParams({ error: code })}`;
  headers.set("location", location.startsWith("/") ? target : `${url.origin}${target}`);
  return new Response(response.body, { status: response.status, headers });
}
