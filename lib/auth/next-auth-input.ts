// Requests next-auth would answer with a 500 although nothing is wrong with the server, refused first as the client
// errors they are (anyone can send them; a 500 also writes an error to the log):
// - a callbackUrl it cannot use, in the query or in its callback-url cookie (next-auth calls that a "server
//   configuration" problem); next-auth's own rule: a path starting with "/", or an absolute http(s) URL;
// - the credentials callback by any method but POST ("Callback for provider type credentials not supported");
// - its error page with an `error` that is not a code: next-auth copies it into the Location header as is, and a
//   character past Latin-1 cannot be a header (found by the fuzzer).
import { NextResponse, type NextRequest } from "next/server";

const REFUSAL = "callbackUrl must be an http(s) URL or a path starting with /.";
/** next-auth's error codes and Keyway's (AccessDenied, OAuthCallback, IDP_TIMEOUT, …): letters, digits, _ and -. */
const SIGN_IN_ERROR_CODE = /^[A-Za-z0-9_-]{0,64}$/;

function usable(value: string, base: string): boolean {
  try {
    return /^https?:$/.test(new URL(value, value.startsWith("/") ? base : undefined).protocol);
  } catch {
    return false;
  }
}

/** A 4xx for such a request (a bad callback-url cookie is cleared, so the browser recovers), or null. */
export function refuseUnusableAuthRequest(req: NextRequest, route: string[], publicUrl: string): Response | null {
  if (route[0] === "callback" && route[1] === "credentials" && req.method !== "POST") {
    return NextResponse.json({ error: "Use POST." }, { status: 405, headers: { allow: "POST" } });
  }
  const error = req.nextUrl.searchParams.get("error");
  if (route[0] === "error" && error !== null && !SIGN_IN_ERROR_CODE.test(error)) {
    return NextResponse.json({ error: "error must be a sign-in error code." }, { status: 400 });
  }
  const query = req.nextUrl.searchParams.get("callbackUrl");
  const secure = publicUrl.startsWith("https://");
  const cookieName = `${secure ? "__Secure-" : ""}next-auth.callback-url`;
  const cookie = req.cookies.get(cookieName)?.value;
  const badQuery = !!query && !usable(query, publicUrl);
  const badCookie = !!cookie && !usable(cookie, publicUrl);
  if (!badQuery && !badCookie) return null;
  const response = NextResponse.json({ error: REFUSAL }, { status: 400 });
  if (badCookie)
    response.cookies.set(cookieName, "", { path: "/", maxAge: 0, secure, httpOnly: true, sameSite: "lax" });
  return response;
}
