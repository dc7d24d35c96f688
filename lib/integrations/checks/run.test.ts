import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { RunningIdp } from "../../../tools/test-idp/server";
import { FIX_HINTS } from "./hints";
import { runConnectionChecks } from "./run";
import { silentTarget, startSilentServer, startTestIdp, targetFor } from "./test-idps";
import type { CheckResult } from "./types";

const byId = (results: CheckResult[]) => Object.fromEntries(results.map((r) => [r.id, r]));

describe("runConnectionChecks against real IdPs", () => {
  let idp: RunningIdp;
  before(async () => {
    idp = await startTestIdp();
  });
  after(() => idp.close());

  it("a healthy configuration passes all seven checks", async () => {
    const results = await runConnectionChecks(targetFor(idp));
    assert.deepEqual(
      results.map((r) => r.id),
      ["discovery", "authorization", "redirectUri", "jwks", "token", "userinfo", "clock"],
    );
    for (const r of results) assert.equal(r.status, "pass", `${r.name}: ${r.seen}`);
  });

  it("a wrong client secret fails the token check only, and the secret appears nowhere", async () => {
    const results = byId(await runConnectionChecks(targetFor(idp, { clientSecret: "wrong-secret-XYZ" })));
    assert.equal(results.token.status, "fail");
    assert.match(results.token.seen, /the IdP refused the client credentials \(with Basic too\)/);
    assert.equal(results.token.fix, FIX_HINTS.clientAuth);
    for (const id of ["discovery", "authorization", "redirectUri", "jwks", "userinfo", "clock"])
      assert.equal(results[id].status, "pass", id);
    assert.ok(!JSON.stringify(results).includes("wrong-secret-XYZ"));
    assert.ok(!JSON.stringify(results).includes("post-secret"));
  });

  it("an IdP that accepts connections and never answers: every check ends, under 15 s, unreachable checks Fail", async () => {
    const silent = await startSilentServer();
    try {
      const started = Date.now();
      const results = await runConnectionChecks(silentTarget(silent.url));
      const took = Date.now() - started;
      assert.ok(took < 15_000, `took ${took} ms`);
      assert.equal(results.length, 7);
      for (const r of results.filter((x) => x.id !== "clock")) {
        assert.equal(r.status, "fail", r.id);
        assert.match(r.seen, /did not answer within 5 s/);
        assert.equal(r.fix, FIX_HINTS.unreachable);
      }
      assert.equal(byId(results).clock.status, "warning");
    } finally {
      await silent.close();
    }
  });

  it("the overall deadline cuts a run short even with long per-check timeouts", async () => {
    const silent = await startSilentServer();
    try {
      const started = Date.now();
      const results = await runConnectionChecks(silentTarget(silent.url), { perCheckMs: 60_000, deadlineMs: 1_000 });
      assert.ok(Date.now() - started < 3_000);
      assert.ok(results.every((r) => r.status !== "pass"));
    } finally {
      await silent.close();
    }
  });
});
