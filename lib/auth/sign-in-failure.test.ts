import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  capturedSignInFailure,
  noteSignInFailure,
  rewriteGenericError,
  withSignInFailureCapture,
} from "./sign-in-failure";

describe("sign-in failure capture", () => {
  it("keeps the first code noted in this request only", async () => {
    const code = await withSignInFailureCapture(async () => {
      noteSignInFailure("CLIENT_AUTH_FAILED");
      noteSignInFailure("IDP_ERROR");
      return capturedSignInFailure();
    });
    assert.equal(code, "CLIENT_AUTH_FAILED");
    assert.equal(capturedSignInFailure(), undefined);
  });

  it("rewrites next-auth's generic error redirect and keeps cookies", () => {
    const headers = new Headers({ location: "http://app/error?error=OAuthCallback" });
    headers.append("set-cookie", "a=1; Path=/");
    headers.append("set-cookie", "b=2; Path=/");
    const out = rewriteGenericError(new Response(null, { status: 302, headers }), "CLIENT_AUTH_FAILED");
    const fromSignIn = rewriteGenericError(
      new Response(null, {
        status: 302,
        headers: { location: "http://app/signin?callbackUrl=%2F&error=OAuthCallback" },
      }),
      "IDP_UNREACHABLE",
    );
    assert.equal(fromSignIn.headers.get("location"), "http://app/error?error=IDP_UNREACHABLE");
    // What next-auth v4 actually sends after an OAuth callback failure (seen in e2e): its own sign-in route.
    const fromCore = rewriteGenericError(
      new Response(null, { status: 302, headers: { location: "http://app/api/auth/signin?error=OAuthCallback" } }),
      "ID_TOKEN_SIGNATURE",
    );
    assert.equal(fromCore.headers.get("location"), "http://app/error?error=ID_TOKEN_SIGNATURE");
    assert.equal(out.status, 302);
    assert.equal(out.headers.get("location"), "http://app/error?error=CLIENT_AUTH_FAILED");
    assert.deepEqual(out.headers.getSetCookie(), ["a=1; Path=/", "b=2; Path=/"]);
  });

  it("leaves other redirects and named codes alone", () => {
    const named = new Response(null, { status: 302, headers: { location: "/error?error=NO_ACCOUNT&email=x" } });
    assert.equal(rewriteGenericError(named, "IDP_ERROR"), named);
    const home = new Response(null, { status: 302, headers: { location: "/" } });
    assert.equal(rewriteGenericError(home, "IDP_ERROR"), home);
  });
});
