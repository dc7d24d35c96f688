// A host NAME that resolves into Keyway's own network is not judged at save (only literals are); Check connection
// must then say so, with the fix that names KEYWAY_OUTBOUND_ALLOW, not a generic "cannot reach".
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { RunningIdp } from "../../../tools/test-idp/server";
import { FIX_HINTS } from "./hints";
import { runConnectionChecks } from "./run";
import { startTestIdp, targetFor } from "./test-idps";

describe("Check connection flags a host name that resolves to an internal address", () => {
  let idp: RunningIdp;
  const saved = { NODE_ENV: process.env.NODE_ENV, KEYWAY_OUTBOUND_ALLOW: process.env.KEYWAY_OUTBOUND_ALLOW };
  before(async () => {
    idp = await startTestIdp();
  });
  after(async () => {
    Object.assign(process.env, saved);
    if (saved.KEYWAY_OUTBOUND_ALLOW === undefined) delete process.env.KEYWAY_OUTBOUND_ALLOW;
    await idp.close();
  });

  it("production, nothing allowed: every check that calls `localhost` fails with the KEYWAY_OUTBOUND_ALLOW fix", async () => {
    (process.env as Record<string, string>).NODE_ENV = "production";
    delete process.env.KEYWAY_OUTBOUND_ALLOW;
    const named = (url: string) => url.replace("127.0.0.1", "localhost");
    const base = targetFor(idp);
    const results = await runConnectionChecks(
      {
        ...base,
        authorizationUrl: named(base.authorizationUrl),
        tokenUri: named(base.tokenUri),
        userInfoUri: named(base.userInfoUri),
        jwksUri: named(base.jwksUri),
        issuer: named(base.issuer),
      },
      { perCheckMs: 3_000, deadlineMs: 8_000 },
    );
    const calling = results.filter((r) => r.id !== "redirectUri" || r.status === "fail");
    assert.ok(calling.length >= 6, JSON.stringify(results));
    for (const r of calling) {
      // The clock check only warns when it cannot read the IdP's clock; the others fail.
      assert.equal(r.status, r.id === "clock" ? "warning" : "fail", `${r.id}: ${r.seen}`);
      assert.match(r.seen, /localhost resolves to 127\.0\.0\.1, a private, loopback, link-local or reserved address/);
      assert.equal(r.fix, FIX_HINTS.internalAddress, r.id);
    }
    assert.match(FIX_HINTS.internalAddress, /KEYWAY_OUTBOUND_ALLOW/);
  });

  it("allowed by the operator, the same host name passes the checks", async () => {
    process.env.KEYWAY_OUTBOUND_ALLOW = "localhost";
    const base = targetFor(idp);
    const results = await runConnectionChecks({ ...base, jwksUri: base.jwksUri.replace("127.0.0.1", "localhost") });
    assert.equal(results.find((r) => r.id === "jwks")?.status, "pass", JSON.stringify(results));
  });
});
