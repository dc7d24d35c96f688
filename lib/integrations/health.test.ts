import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { healthOf, outcomeOfCode } from "./health";

const t = (s: number) => new Date(Date.UTC(2026, 10, 23, 12, 0, s));

describe("healthOf (the one badge rule)", () => {
  it("Disabled wins over everything", () => {
    assert.equal(healthOf({ enabled: false, lastWorkingAt: t(2), lastFailedAt: t(1) }), "disabled");
  });
  it("Never used without any attempt", () => {
    assert.equal(healthOf({ enabled: true, lastWorkingAt: null, lastFailedAt: null }), "never-used");
  });
  it("Failing when the latest integration-level attempt failed", () => {
    assert.equal(healthOf({ enabled: true, lastWorkingAt: t(1), lastFailedAt: t(2) }), "failing");
    assert.equal(healthOf({ enabled: true, lastWorkingAt: null, lastFailedAt: t(2) }), "failing");
  });
  it("Healthy when it worked since the last failure", () => {
    assert.equal(healthOf({ enabled: true, lastWorkingAt: t(3), lastFailedAt: t(2) }), "healthy");
  });
});

describe("outcomeOfCode", () => {
  it("a person's refusal is not an integration failure", () => {
    assert.equal(outcomeOfCode("NO_ACCOUNT"), "refused");
    assert.equal(outcomeOfCode("EMAIL_UNVERIFIED"), "refused");
    assert.equal(outcomeOfCode("CLIENT_AUTH_FAILED"), "failed");
    assert.equal(outcomeOfCode("IDP_UNREACHABLE"), "failed");
  });
});
