// The drift verdict: IdP down beats drift, drift beats people failing; what counts as a new event.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { eventKey, type FailureStats, judgeDrift, type Observation } from "./judge";

const ISSUER = "https://idp.example.com";
const quiet: FailureStats = { failures: 0, successes: 3, codes: {}, windowMin: 5 };

function observation(over: Partial<Observation> = {}): Observation {
  return {
    at: "2026-12-05T12:00:00.000Z",
    discovery: {
      ok: true,
      value: {
        url: `${ISSUER}/.well-known/openid-configuration`,
        issuer: ISSUER,
        endpoints: { token_endpoint: `${ISSUER}/token`, jwks_uri: `${ISSUER}/jwks` },
      },
    },
    jwks: { ok: true, value: { keys: [{ kid: "k1", alg: "RS256" }] } },
    token: { current: "accepted", next: null, seen: "HTTP 400 invalid_grant" },
    clockSkewS: 0,
    ...over,
  };
}

const judge = (o: Observation, baseline: Observation | null = observation(), failures = quiet) =>
  judgeDrift({ observation: o, configured: { issuer: ISSUER }, baseline, failures });

describe("judgeDrift", () => {
  it("nothing changed: ok", () => {
    assert.deepEqual(judge(observation()), { state: "ok", changes: [] });
    assert.equal(judge(observation(), null).state, "ok");
  });

  it("a key rotated out: drifted, naming the removed and added keys; a key only added is not drift", () => {
    const rotated = judge(observation({ jwks: { ok: true, value: { keys: [{ kid: "k2", alg: "RS256" }] } } }));
    assert.equal(rotated.state, "drifted");
    assert.match(rotated.changes[0]!.message, /removed k1 \(RS256\); added k2 \(RS256\)/);
    const added = observation({
      jwks: {
        ok: true,
        value: {
          keys: [
            { kid: "k1", alg: "RS256" },
            { kid: "k2", alg: "ES256" },
          ],
        },
      },
    });
    assert.equal(judge(added).state, "ok");
  });

  it("another issuer, a moved endpoint, a refused client, a far clock: drifted, each named", () => {
    const doc = observation().discovery;
    assert.ok(doc.ok && !("missing" in doc.value));
    const issuer = judge(
      observation({ discovery: { ok: true, value: { ...doc.value, issuer: "https://evil.test" } } }),
    );
    assert.deepEqual(
      issuer.changes.map((c) => c.kind),
      ["issuer"],
    );
    const moved = judge(
      observation({
        discovery: {
          ok: true,
          value: { ...doc.value, endpoints: { ...doc.value.endpoints, token_endpoint: `${ISSUER}/v2/token` } },
        },
      }),
    );
    assert.match(moved.changes[0]!.message, /token_endpoint .*\/v2\/token \(was .*\/token\)/);
    const refused = judge(observation({ token: { current: "refused", next: null, seen: "HTTP 401 invalid_client" } }));
    assert.deepEqual([refused.state, refused.changes[0]!.kind], ["drifted", "client"]);
    // The next secret of a rotation is accepted: the rotation is under way, not drift.
    assert.equal(judge(observation({ token: { current: "refused", next: "accepted", seen: "" } })).state, "ok");
    assert.deepEqual(
      judge(observation({ clockSkewS: 400 })).changes.map((c) => c.kind),
      ["clock"],
    );
  });

  it("unreachable or 5xx: idp-down, even when other things differ too", () => {
    const down = judge(
      observation({
        jwks: { ok: false, down: true, error: "http://idp/jwks answered HTTP 503." },
        token: { current: "refused", next: null, seen: "" },
      }),
    );
    assert.equal(down.state, "idp-down");
    assert.deepEqual(
      down.changes.map((c) => c.kind),
      ["unreachable"],
    );
  });

  it("a burst of refusals with the IdP unchanged: people-failing; fewer, or more successes than failures: ok", () => {
    const burst = { failures: 6, successes: 1, codes: { NO_ACCOUNT: 5, Callback: 1 }, windowMin: 5 };
    const verdict = judge(observation(), observation(), burst);
    assert.equal(verdict.state, "people-failing");
    assert.match(verdict.changes[0]!.message, /6 sign-ins failed .*NO_ACCOUNT ×5, Callback ×1/);
    assert.equal(judge(observation(), observation(), { ...burst, failures: 4 }).state, "ok");
    assert.equal(judge(observation(), observation(), { ...burst, successes: 10 }).state, "ok");
  });

  it("an event is a change of state or of what changed, not of the failure counts", () => {
    const a = judge(observation(), observation(), {
      failures: 5,
      successes: 0,
      codes: { NO_ACCOUNT: 5 },
      windowMin: 5,
    });
    const b = judge(observation(), observation(), {
      failures: 9,
      successes: 0,
      codes: { NO_ACCOUNT: 9 },
      windowMin: 5,
    });
    assert.equal(eventKey(a.state, a.changes), eventKey(b.state, b.changes));
    assert.notEqual(eventKey("ok", []), eventKey(a.state, a.changes));
  });
});
