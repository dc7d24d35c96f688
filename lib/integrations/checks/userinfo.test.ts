import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { RunningIdp } from "../../../tools/test-idp/server";
import { checkAuthorization } from "./authorization";
import { FIX_HINTS } from "./hints";
import { startTestIdp, targetFor } from "./test-idps";
import { checkUserinfo } from "./userinfo";

const ctx = { timeoutMs: 5_000 };

describe("checkUserinfo and checkAuthorization", () => {
  let idp: RunningIdp;
  before(async () => {
    idp = await startTestIdp();
  });
  after(() => idp.close());

  it("userinfo: 401 without a token passes; a 404 fails", async () => {
    assert.equal((await checkUserinfo(targetFor(idp), ctx)).status, "pass");
    const r = await checkUserinfo(targetFor(idp, { userInfoUri: `${idp.issuer}/nope` }), ctx);
    assert.equal(r.status, "fail");
    assert.equal(r.fix, FIX_HINTS.userinfo);
  });

  it("authorization: an OAuth error page to a bare request passes; a 404 fails", async () => {
    assert.equal((await checkAuthorization(targetFor(idp), ctx)).status, "pass");
    assert.equal(
      (await checkAuthorization(targetFor(idp, { authorizationUrl: `${idp.issuer}/nope` }), ctx)).status,
      "fail",
    );
  });
});
