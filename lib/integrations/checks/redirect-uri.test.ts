import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { RunningIdp } from "../../../tools/test-idp/server";
import { FIX_HINTS } from "./hints";
import { checkRedirectUri, refusesRedirectUri } from "./redirect-uri";
import { startTestIdp, targetFor } from "./test-idps";

const ctx = { timeoutMs: 5_000 };

describe("checkRedirectUri", () => {
  let idp: RunningIdp;
  before(async () => {
    idp = await startTestIdp();
  });
  after(() => idp.close());

  it("passes when the IdP goes on to its sign-in", async () => {
    const r = await checkRedirectUri(targetFor(idp), ctx);
    assert.equal(r.status, "pass", r.seen);
  });

  it("a Redirect URI the IdP does not have: fails and names the URI to register", async () => {
    const uri = "http://127.0.0.1:3999/api/auth/callback/not-registered";
    const r = await checkRedirectUri(targetFor(idp, { redirectUri: uri }), ctx);
    assert.equal(r.status, "fail");
    assert.match(r.seen, /refused the Redirect URI .*invalid_redirect_uri/);
    assert.equal(r.fix, `${FIX_HINTS.redirectUri} Register: ${uri}`);
  });

  it("an unknown Client ID: fails pointing at the Client ID", async () => {
    const r = await checkRedirectUri(targetFor(idp, { clientId: "who" }), ctx);
    assert.equal(r.status, "fail");
    assert.match(r.seen, /refused the client who: HTTP 400 invalid_client/);
    assert.equal(r.fix, FIX_HINTS.clientUnknown);
  });
});

describe("refusesRedirectUri (IdPs that refuse with HTTP 200 pages)", () => {
  it("recognises the usual wordings and leaves login pages alone", () => {
    assert.ok(
      refusesRedirectUri(
        "<p>AADSTS50011: The redirect URI 'https://k/cb' specified in the request does not match the redirect URIs configured</p>",
      ),
    );
    assert.ok(refusesRedirectUri("<div>Invalid parameter: redirect_uri</div>"));
    assert.ok(!refusesRedirectUri("<form><label>Username</label><input name=username><button>Sign in</button></form>"));
  });
});
