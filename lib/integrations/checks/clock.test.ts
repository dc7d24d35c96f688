import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { RunningIdp } from "../../../tools/test-idp/server";
import { checkClock, judgeSkew } from "./clock";
import { FIX_HINTS } from "./hints";
import { startTestIdp, targetFor } from "./test-idps";

describe("judgeSkew", () => {
  it("passes up to 30 s, warns past it, fails past the id_token tolerance", () => {
    assert.equal(judgeSkew(0.4, "x").status, "pass");
    assert.equal(judgeSkew(-30, "x").status, "pass");
    const warn = judgeSkew(45, "x");
    assert.equal(warn.status, "warning");
    assert.match(warn.seen, /45 s ahead of/);
    const fail = judgeSkew(-600, "x");
    assert.equal(fail.status, "fail");
    assert.match(fail.seen, /600 s behind .* past the id_token tolerance \(300 s\)/);
    assert.equal(fail.fix, FIX_HINTS.clock);
  });
});

describe("checkClock against a real IdP", () => {
  let idp: RunningIdp;
  before(async () => {
    idp = await startTestIdp();
  });
  after(() => idp.close());
  it("reads the Date header and passes on the same machine", async () => {
    const r = await checkClock(targetFor(idp), { timeoutMs: 5_000 });
    assert.equal(r.status, "pass", r.seen);
  });
});
