import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SIGN_IN_ERROR_SUBJECT, SIGN_IN_ERRORS } from "../auth/sign-in-errors";
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

describe("every sign-in code is classified once (person or integration)", () => {
  it("the table names exactly the codes that exist, each with a known subject", () => {
    assert.deepEqual(Object.keys(SIGN_IN_ERROR_SUBJECT).sort(), Object.keys(SIGN_IN_ERRORS).sort());
    for (const [code, subject] of Object.entries(SIGN_IN_ERROR_SUBJECT)) {
      assert.ok(subject === "person" || subject === "integration", code);
      assert.equal(outcomeOfCode(code), subject === "person" ? "refused" : "failed", code);
    }
  });
  it("the linking rules' refusals are about the person, never the integration", () => {
    for (const code of [
      "DOMAIN_NOT_ALLOWED",
      "PRIVILEGED_ACCOUNT_NEEDS_SELF_LINK",
      "IDENTITY_LINKED_TO_OTHER_USER",
      "LINK_INTENT_INVALID",
      "LINKED_ACCOUNT_NEEDS_RELINK",
    ]) {
      assert.equal(outcomeOfCode(code), "refused", code);
    }
  });
  it("an unknown code (from an older version or a forged value) counts as a failure", () => {
    assert.equal(outcomeOfCode("SOMETHING_NEW"), "failed");
    assert.equal(outcomeOfCode("__proto__"), "failed");
  });
});
