import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { clientAddress, PEER_HEADER } from "@/lib/http/client-address";
import { Throttle } from "./throttle";

describe("Throttle: exponential backoff after the free failures", () => {
  it("blocks 1 s, 2 s, 4 s … and forgets on success", () => {
    const t = new Throttle({ freeFailures: 2, baseSeconds: 1, maxSeconds: 60 });
    const now = 1_000_000;
    t.fail("k", now);
    t.fail("k", now);
    assert.equal(t.retryAfter("k", now), 0);
    t.fail("k", now);
    assert.equal(t.retryAfter("k", now), 1);
    t.fail("k", now);
    assert.equal(t.retryAfter("k", now), 2);
    t.fail("k", now);
    assert.equal(t.retryAfter("k", now), 4);
    assert.equal(t.retryAfter("k", now + 4_000), 0);
    for (let i = 0; i < 20; i++) t.fail("k", now);
    assert.equal(t.retryAfter("k", now), 60, "capped");
    t.succeed("k");
    assert.equal(t.retryAfter("k", now), 0);
  });
});

describe("clientAddress: which header is believed", () => {
  const headers = { "x-forwarded-for": "6.6.6.6, 203.0.113.9", [PEER_HEADER]: "::ffff:198.51.100.7" };
  it("without KEYWAY_TRUST_PROXY: the TCP peer, never a client-sent X-Forwarded-For", () => {
    assert.equal(clientAddress(headers, {} as unknown as NodeJS.ProcessEnv), "198.51.100.7");
    assert.equal(clientAddress({ "x-forwarded-for": "6.6.6.6" }, {} as unknown as NodeJS.ProcessEnv), "unknown");
  });
  it("with KEYWAY_TRUST_PROXY=1: the address our one proxy appended (the right-most)", () => {
    assert.equal(clientAddress(headers, { KEYWAY_TRUST_PROXY: "1" } as unknown as NodeJS.ProcessEnv), "203.0.113.9");
    assert.equal(clientAddress(headers, { KEYWAY_TRUST_PROXY: "2" } as unknown as NodeJS.ProcessEnv), "6.6.6.6");
    assert.equal(
      clientAddress({ "x-forwarded-for": "garbage" }, { KEYWAY_TRUST_PROXY: "1" } as unknown as NodeJS.ProcessEnv),
      "unknown",
    );
  });
});
