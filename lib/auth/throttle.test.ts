import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { clientAddress, PEER_HEADER } from "@/lib/http/client-address";
import { afterFailure, type CounterState, secondsBlocked, THROTTLE_RULES, type ThrottleRule } from "./throttle";

function run(rule: ThrottleRule, times: number[], start: CounterState | null = null) {
  let state = start;
  for (const at of times) state = afterFailure(rule, state, new Date(at));
  return state;
}

describe("throttle rules (pure): what a counter's state means", () => {
  const backoff: ThrottleRule = {
    type: "backoff",
    freeFailures: 2,
    baseSeconds: 1,
    maxSeconds: 60,
    forgetAfterSeconds: 3600,
  };
  const now = 1_000_000_000;
  const at = (ms: number) => new Date(now + ms);

  it("backoff: free failures, then 1 s, 2 s, 4 s … capped, forgotten after a quiet hour", () => {
    let state = run(backoff, [now, now]);
    assert.equal(secondsBlocked(backoff, state, at(0)), 0);
    const waits = [];
    for (let i = 0; i < 4; i++) {
      state = afterFailure(backoff, state, at(0));
      waits.push(secondsBlocked(backoff, state, at(0)));
    }
    assert.deepEqual(waits, [1, 2, 4, 8]);
    assert.equal(secondsBlocked(backoff, state, at(8_000)), 0, "the block ends");
    for (let i = 0; i < 20; i++) state = afterFailure(backoff, state, at(0));
    assert.equal(secondsBlocked(backoff, state, at(0)), 60, "capped");
    assert.equal(afterFailure(backoff, state, at(3_600_001)).failures, 1, "a quiet hour starts again from one");
  });

  it("ceiling: `limit` failures per fixed window, then blocked until the window ends", () => {
    const ceiling: ThrottleRule = { type: "ceiling", limit: 3, windowSeconds: 600 };
    const state = run(ceiling, [now, now + 1_000, now + 2_000]);
    assert.equal(state?.failures, 3);
    assert.equal(secondsBlocked(ceiling, state, at(2_000)), 598, "until the window that began with the first");
    assert.equal(secondsBlocked(ceiling, state, at(600_000)), 0);
    assert.equal(afterFailure(ceiling, state, at(600_000)).failures, 1, "a new window");
    assert.equal(secondsBlocked(ceiling, run(ceiling, [now, now]), at(1)), 0, "under the limit");
  });

  it("one address trickling failures never reaches the account ceiling", () => {
    // Under its own backoff, one address fails at most once per block: simulate a day of it.
    const pair = THROTTLE_RULES["password:account-address"];
    const ceiling = THROTTLE_RULES["password:account"];
    let pairState: CounterState | null = null;
    let accountState: CounterState | null = null;
    let t = now;
    let worst = 0;
    while (t < now + 24 * 3600 * 1000) {
      const wait = secondsBlocked(pair, pairState, new Date(t));
      if (wait > 0) t += wait * 1000;
      pairState = afterFailure(pair, pairState, new Date(t));
      accountState = afterFailure(ceiling, accountState, new Date(t));
      worst = Math.max(worst, accountState.failures);
      assert.equal(secondsBlocked(ceiling, accountState, new Date(t)), 0, "the owner is never locked out");
    }
    assert.ok(worst < ceiling.limit, `at most ${worst} failures in one window`);
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
