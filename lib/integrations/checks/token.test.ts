import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { RunningIdp } from "../../../tools/test-idp/server";
import { FIX_HINTS } from "./hints";
import { startTestIdp, targetFor } from "./test-idps";
import { checkToken } from "./token";

const ctx = { timeoutMs: 5_000 };

describe("checkToken (Token URI and client authentication)", () => {
  let idp: RunningIdp;
  before(async () => {
    idp = await startTestIdp();
  });
  after(() => idp.close());

  it("passes when the IdP answers invalid_grant (credentials accepted, test code refused)", async () => {
    const r = await checkToken(targetFor(idp), ctx);
    assert.equal(r.status, "pass");
    assert.match(r.seen, /With Post, .* answered HTTP 400 invalid_grant/);
  });

  it("Basic configured, Post registered: fails and says Post would be accepted", async () => {
    const r = await checkToken(targetFor(idp, { clientAuthMethod: "client_secret_basic" }), ctx);
    assert.equal(r.status, "fail");
    assert.match(r.seen, /refused the client credentials sent with Basic\. Sent with Post, they were accepted\./);
    assert.equal(
      r.fix,
      "Set Client Authentication Method to Post (the IdP registered this client for client_secret_post).",
    );
  });

  it("a wrong secret: fails with both methods and points at the secret", async () => {
    const r = await checkToken(targetFor(idp, { clientSecret: "nope" }), ctx);
    assert.equal(r.status, "fail");
    assert.match(r.seen, /HTTP 401 invalid_client/);
    assert.equal(r.fix, FIX_HINTS.clientAuth);
  });

  it("a Token URI that is not a token endpoint fails", async () => {
    const r = await checkToken(targetFor(idp, { tokenUri: `${idp.issuer}/nothing-here` }), ctx);
    assert.equal(r.status, "fail");
    assert.match(r.seen, /HTTP 404/);
  });
});
