import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { metricsAuthorization } from "./metrics-auth";

describe("who may read /api/metrics", () => {
  it("off without a token; only the exact bearer token is allowed", () => {
    assert.equal(metricsAuthorization(undefined, "Bearer x"), "disabled");
    assert.equal(metricsAuthorization("", "Bearer "), "disabled");
    assert.equal(metricsAuthorization("s3cret-token", "Bearer s3cret-token"), "allowed");
    for (const sent of [
      null,
      "",
      "Bearer",
      "Bearer s3cret-toke",
      "Bearer s3cret-token2",
      "Basic s3cret-token",
      "s3cret-token",
    ])
      assert.equal(metricsAuthorization("s3cret-token", sent), "denied", String(sent));
  });
});
