import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { RunningIdp } from "../../../tools/test-idp/server";
import { checkDiscovery, judgeDocument } from "./discovery";
import { FIX_HINTS } from "./hints";
import { startTestIdp, targetFor } from "./test-idps";

const ctx = { timeoutMs: 5_000 };

describe("checkDiscovery", () => {
  let idp: RunningIdp;
  before(async () => {
    idp = await startTestIdp();
  });
  after(() => idp.close());

  it("passes when issuer and endpoints match", async () => {
    assert.equal((await checkDiscovery(targetFor(idp), ctx)).status, "pass");
  });

  it("a wrong Issuer: fails, naming the IdP's issuer", async () => {
    const r = await checkDiscovery(targetFor(idp, { issuer: `${idp.issuer}/realms/other` }), ctx);
    assert.equal(r.status, "fail");
    assert.match(
      r.seen,
      new RegExp(`names the issuer ${idp.issuer}; Keyway is configured with ${idp.issuer}/realms/other\\.`),
    );
    assert.equal(r.fix, `${FIX_HINTS.issuer} Here: ${idp.issuer}`);
  });

  it("a trailing slash is explained", async () => {
    const r = await checkDiscovery(targetFor(idp, { issuer: `${idp.issuer}/` }), ctx);
    assert.equal(r.status, "fail");
    assert.match(r.seen, /differ only by a trailing slash/);
  });

  it("an empty Issuer passes and says which one would be used", async () => {
    const r = await checkDiscovery(targetFor(idp, { issuer: "" }), ctx);
    assert.equal(r.status, "pass");
    assert.match(r.seen, /Keyway will use it/);
  });

  it("a different endpoint is named (Warning)", async () => {
    const r = await checkDiscovery(targetFor(idp, { userInfoUri: `${idp.issuer}/userinfo` }), ctx);
    assert.equal(r.status, "warning");
    assert.match(
      r.seen,
      new RegExp(`User Info URI is ${idp.issuer}/userinfo but the IdP publishes userinfo_endpoint ${idp.userinfoUrl}`),
    );
  });
});

describe("judgeDocument", () => {
  it("explains a {tenantid} placeholder", () => {
    const target = { issuer: "https://login.example.com/common/v2.0" } as Parameters<typeof judgeDocument>[0];
    const r = judgeDocument(target, "https://login.example.com/common/v2.0/.well-known/openid-configuration", {
      issuer: "https://login.example.com/{tenantid}/v2.0",
    });
    assert.equal(r.status, "fail");
    assert.match(r.seen, /\{tenantid\} placeholder/);
  });
});
