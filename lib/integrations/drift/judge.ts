// The drift verdict, from one observation of the IdP, the integration's configuration, the last good observation and
// recent sign-ins. Pure and client-safe (the badge and the banner read its labels).
//   idp-down        the IdP does not answer (unreachable, timeout, HTTP 5xx)
//   drifted         its configuration changed: issuer, endpoints or keys differ from the last good state, or it
//                   refuses the client, or its clock is off past the id_token tolerance
//   people-failing  the IdP and its configuration look unchanged, but sign-ins keep failing or being refused
//   ok              none of these

import { DRIFT_BURST_FAILURES } from "./config";

export const DRIFT_STATES = ["ok", "idp-down", "drifted", "people-failing"] as const;
export type DriftState = (typeof DRIFT_STATES)[number];

export const DRIFT_LABELS: Record<DriftState, string> = {
  ok: "No drift",
  "idp-down": "IdP down",
  drifted: "Drifted",
  "people-failing": "People failing",
};

export type DriftChangeKind =
  "unreachable" | "issuer" | "discovery" | "endpoint" | "jwks-keys" | "client" | "token" | "clock" | "sign-ins";
export type DriftChange = { kind: DriftChangeKind; message: string; fix: string };

/** Outcome of one probe: an answer, or why there was none (`down`: unreachable, timeout or 5xx). */
export type Probe<T> = { ok: true; value: T } | { ok: false; down: boolean; error: string };

export type Observation = {
  at: string;
  /** The discovery document's issuer and endpoints; `missing` when the IdP publishes none. */
  discovery: Probe<{ url: string; issuer: string; endpoints: Record<string, string> } | { missing: true }>;
  /** Keys usable to verify id_tokens (kid and algorithm). */
  jwks: Probe<{ keys: { kid: string; alg: string }[] }>;
  /** What the token endpoint said to the current client secret (and the next, during a rotation). */
  token: { current: TokenVerdict; next: TokenVerdict | null; seen: string };
  /** The IdP's clock minus Keyway's, in seconds (from the JWKS answer's Date header), when known. */
  clockSkewS: number | null;
};
export type TokenVerdict = "accepted" | "refused" | "other" | "down";

export type Configured = { issuer: string };
export type FailureStats = { failures: number; successes: number; codes: Record<string, number>; windowMin: number };

const DOWN_FIX =
  "Check that the IdP is up and that Keyway's server can reach it (DNS, firewall, proxy). Sign-ins through it fail meanwhile; nothing to change in Keyway.";

function downChanges(o: Observation): DriftChange[] {
  const out: DriftChange[] = [];
  if (!o.discovery.ok && o.discovery.down)
    out.push({ kind: "unreachable", message: `Discovery document: ${o.discovery.error}`, fix: DOWN_FIX });
  if (!o.jwks.ok && o.jwks.down)
    out.push({ kind: "unreachable", message: `JWK Set URI: ${o.jwks.error}`, fix: DOWN_FIX });
  if (o.token.current === "down")
    out.push({ kind: "unreachable", message: `Token URI: ${o.token.seen}`, fix: DOWN_FIX });
  return out;
}

function keyChanges(o: Observation, baseline: Observation | null): DriftChange[] {
  if (!o.jwks.ok) return [];
  const now = o.jwks.value.keys;
  if (now.length === 0) {
    return [
      {
        kind: "jwks-keys",
        message: "The JWK Set has no key usable to verify id_tokens any more.",
        fix: "Ask the IdP's administrator to publish a signing key, or set JWK Set URI to the IdP's jwks_uri.",
      },
    ];
  }
  if (!baseline?.jwks.ok) return [];
  const before = new Map(baseline.jwks.value.keys.map((k) => [k.kid, k.alg]));
  const after = new Map(now.map((k) => [k.kid, k.alg]));
  const removed = [...before.keys()].filter((kid) => !after.has(kid));
  const algs = [...after].filter(([kid, alg]) => before.has(kid) && before.get(kid) !== alg);
  if (removed.length === 0 && algs.length === 0) return [];
  const added = [...after.keys()].filter((kid) => !before.has(kid));
  const parts = [
    removed.length ? `removed ${removed.map((k) => `${k} (${before.get(k)})`).join(", ")}` : "",
    added.length ? `added ${added.map((k) => `${k} (${after.get(k)})`).join(", ")}` : "",
    ...algs.map(([kid, alg]) => `${kid} now ${alg} (was ${before.get(kid)})`),
  ].filter(Boolean);
  return [
    {
      kind: "jwks-keys",
      message: `The IdP's signing keys changed: ${parts.join("; ")}.`,
      fix: "Keyway fetches the new keys by itself; tokens signed with a removed key no longer verify. If sign-ins work, click Accept current state to make these keys the new normal.",
    },
  ];
}

function discoveryChanges(o: Observation, configured: Configured, baseline: Observation | null): DriftChange[] {
  const out: DriftChange[] = [];
  const doc = o.discovery.ok && !("missing" in o.discovery.value) ? o.discovery.value : null;
  const before = baseline?.discovery.ok && !("missing" in baseline.discovery.value) ? baseline.discovery.value : null;
  if (doc && doc.issuer !== configured.issuer) {
    out.push({
      kind: "issuer",
      message: `The discovery document now names the issuer ${doc.issuer}; Keyway is configured with ${configured.issuer}.`,
      fix: `If the IdP really moved, set Issuer to ${doc.issuer} (Edit; people re-link by verified email). Otherwise check that this URL still belongs to your IdP: id_tokens with another issuer are refused.`,
    });
  }
  if (before && !doc && o.discovery.ok) {
    out.push({
      kind: "discovery",
      message: `The IdP no longer publishes its discovery document (${before.url}).`,
      fix: "Ask the IdP's administrator whether it moved; the configured endpoints are still checked one by one.",
    });
  }
  if (before && doc) {
    for (const [name, url] of Object.entries(doc.endpoints)) {
      if (before.endpoints[name] !== undefined && before.endpoints[name] !== url)
        out.push({
          kind: "endpoint",
          message: `The IdP now publishes ${name} ${url} (was ${before.endpoints[name]}).`,
          fix: "Use the endpoints from the discovery document (Edit → Fetch configuration), test with Save as draft and Test sign-in, then promote.",
        });
    }
  }
  return out;
}

function tokenChanges(o: Observation, baseline: Observation | null): DriftChange[] {
  const { current, next } = o.token;
  if (current === "refused" && next !== "accepted") {
    return [
      {
        kind: "client",
        message: `The IdP refuses Keyway's client credentials: ${o.token.seen}`,
        fix: "The client secret was probably rotated or the client disabled at the IdP. Add the IdP's new secret as Next client secret (Edit); sign-ins fall back to it, then promote it.",
      },
    ];
  }
  if (current === "other" && baseline?.token.current === "accepted") {
    return [
      {
        kind: "token",
        message: `The token endpoint answers differently than at the last good check: ${o.token.seen}`,
        fix: "Check the Token URI and that the client may still use the authorization-code grant.",
      },
    ];
  }
  return [];
}

/** Beyond this the id_token checks fail (the doctor's tolerance). */
export const DRIFT_CLOCK_LIMIT_S = 300;

function clockChanges(o: Observation): DriftChange[] {
  if (o.clockSkewS === null || Math.abs(o.clockSkewS) <= DRIFT_CLOCK_LIMIT_S) return [];
  const s = Math.round(Math.abs(o.clockSkewS));
  return [
    {
      kind: "clock",
      message: `The IdP's clock is ${s} s ${o.clockSkewS > 0 ? "ahead of" : "behind"} Keyway's.`,
      fix: "Synchronise the clocks (NTP) of Keyway's server and the IdP: id_tokens look expired or not yet valid.",
    },
  ];
}

export function judgeDrift(input: {
  observation: Observation;
  configured: Configured;
  baseline: Observation | null;
  failures: FailureStats;
}): { state: DriftState; changes: DriftChange[] } {
  const { observation: o, configured, baseline, failures } = input;
  const down = downChanges(o);
  if (down.length > 0) return { state: "idp-down", changes: down };
  const drift = [
    ...discoveryChanges(o, configured, baseline),
    ...keyChanges(o, baseline),
    ...tokenChanges(o, baseline),
    ...clockChanges(o),
  ];
  if (drift.length > 0) return { state: "drifted", changes: drift };
  if (isBurst(failures) && failures.failures > failures.successes) {
    const codes = Object.entries(failures.codes)
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]) => `${code} ×${n}`)
      .join(", ");
    return {
      state: "people-failing",
      changes: [
        {
          kind: "sign-ins",
          message: `${failures.failures} sign-ins failed or were refused in the last ${failures.windowMin} min (${codes}), ${failures.successes} succeeded; the IdP and its configuration look unchanged.`,
          fix: "This is about the people signing in, not the connection: check that they have Keyway accounts (NO_ACCOUNT), verified emails and allowed email domains. Open Sign-in health for each attempt.",
        },
      ],
    };
  }
  return { state: "ok", changes: [] };
}

export const isBurst = (failures: FailureStats) => failures.failures >= DRIFT_BURST_FAILURES;

/** Whether this verdict is a new event (audit, metric, webhook) compared with the stored one. */
export function eventKey(state: DriftState, changes: DriftChange[]): string {
  // Counts of failing sign-ins change at every check; the condition itself is what matters.
  return [state, ...changes.map((c) => (c.kind === "sign-ins" ? c.kind : `${c.kind}:${c.message}`)).sort()].join("\n");
}
