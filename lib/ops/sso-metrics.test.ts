import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { callbackOutcome } from "./sso-metrics";

const redirect = (location: string) => new Response(null, { status: 302, headers: { location } });

describe("an SSO callback's outcome, read off its answer", () => {
  it("success, a person refused, an integration failure, and codes bounded to the named ones", () => {
    assert.deepEqual(callbackOutcome(redirect("https://k.example/settings")), { outcome: "success", code: "" });
    assert.deepEqual(callbackOutcome(redirect("/error?error=NO_ACCOUNT")), { outcome: "refused", code: "NO_ACCOUNT" });
    assert.deepEqual(callbackOutcome(redirect("https://k.example/error?error=IDP_TIMEOUT")), {
      outcome: "failed",
      code: "IDP_TIMEOUT",
    });
    assert.deepEqual(callbackOutcome(redirect("/error?error=%3Cscript%3E")), { outcome: "failed", code: "Default" });
    assert.deepEqual(callbackOutcome(redirect("/api/auth/signin?error=OAuthCallback")), {
      outcome: "failed",
      code: "OAuthCallback",
    });
    assert.deepEqual(callbackOutcome(new Response("oops", { status: 500 })), { outcome: "failed", code: "Default" });
  });
});
