// Prometheus metrics (prom-client), one registry per process on globalThis: every Next.js bundle that counts
// something reaches the same counters. Label values are bounded: integration ids that exist, the named codes of
// lib/auth/sign-in-errors.ts, fixed outcomes and reasons.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { KEYWAY_VERSION, NODE_VERSION } from "./build-info";
import { processState } from "./process-state";

export type PasswordOutcome = "success" | "invalid" | "throttled" | "sso_required" | "error";
export type JwksFetchReason = "first" | "expired" | "unknown_kid" | "signature_failure";
/** The integration label of a callback whose Registration ID is not in the database (no such id has a `_`). */
export const UNKNOWN_INTEGRATION = "_unknown";

function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics = {
    registry,
    ssoSignIns: new Counter({
      name: "keyway_sso_sign_ins_total",
      help: "SSO sign-in callbacks by integration, outcome (success, refused, failed) and named code",
      labelNames: ["integration", "outcome", "code"] as const,
      registers: [registry],
    }),
    ssoCallbackDuration: new Histogram({
      name: "keyway_sso_callback_duration_seconds",
      help: "Time Keyway took to answer an SSO callback (token exchange, checks, account matching, session)",
      labelNames: ["outcome"] as const,
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    passwordSignIns: new Counter({
      name: "keyway_password_sign_ins_total",
      help: "Password sign-ins by outcome (success, invalid, throttled, sso_required, error)",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    jwksFetches: new Counter({
      name: "keyway_jwks_fetches_total",
      help: "Fetches of an integration's JWK Set by reason (first, expired, unknown_kid, signature_failure)",
      labelNames: ["integration", "reason"] as const,
      registers: [registry],
    }),
    integrationDrift: new Gauge({
      name: "keyway_integration_drift",
      help: "Drift watch verdict per integration: 1 for its current state (ok, idp-down, drifted, people-failing), 0 for the others; read from the database at each scrape, so every replica reports the same",
      labelNames: ["integration", "state"] as const,
      registers: [registry],
    }),
    driftChecks: new Counter({
      name: "keyway_drift_checks_total",
      help: "Drift checks this instance ran, by verdict",
      labelNames: ["state"] as const,
      registers: [registry],
    }),
    driftEvents: new Counter({
      name: "keyway_drift_events_total",
      help: "Drift verdict changes this instance recorded (audited and alerted), by integration and new state",
      labelNames: ["integration", "state"] as const,
      registers: [registry],
    }),
    configVersion: new Gauge({
      name: "keyway_config_version",
      help: "The integration config version this instance has loaded its sign-in providers for",
      registers: [registry],
      collect() {
        this.set(processState().served?.version ?? 0);
      },
    }),
    buildInfo: new Gauge({
      name: "keyway_build_info",
      help: "Always 1; the labels say which Keyway and Node.js this instance runs",
      labelNames: ["version", "node"] as const,
      registers: [registry],
    }),
  };
  metrics.buildInfo.set({ version: KEYWAY_VERSION, node: NODE_VERSION }, 1);
  return metrics;
}

export type Metrics = ReturnType<typeof create>;
const KEY = Symbol.for("keyway.metrics");

export function metrics(): Metrics {
  const holder = globalThis as { [KEY]?: Metrics };
  return (holder[KEY] ??= create());
}
