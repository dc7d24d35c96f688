// Refuses to start a production server with secrets that are missing, guessable or publicly known, or with a
// public URL that is not https.
import { createHash } from "node:crypto";
import { isProduction } from "./config";

// Values that appear in examples and tutorials: anyone could forge sessions or sign in with them.
const KNOWN_DEFAULTS = new Set([
  "",
  "secret",
  "changeme",
  "change-me",
  "changeit",
  "password",
  "admin",
  "admin123",
  "keyway",
  "keyway-dev-secret",
  "development",
  "development-secret",
  "nextauth-secret",
  "supersecret",
  "your-secret",
  "please-change-me",
  "password1234",
  "password12345",
  "password123!",
  "admin1234567",
  "admin12345678",
  "changeme1234",
  "qwertyuiop12",
  "123456789012",
  "letmein12345",
  "welcome12345",
]);

// SHA-256 of secrets committed to this repository (e2e/support/env.ts, tests): public, so never for production.
// lib/startup-checks.test.ts proves every secret in the e2e environment is listed here.
const REPOSITORY_KNOWN = new Set([
  "7112c1de70dba95bc695ade69df7cec4b8d029f9275e0bf979981636200abcfb",
  "e4f972e11b5046d409431d9e0ecf37b34c25dce3d0eb034c61d2e64c57458452",
  "9fe24c5768e3f2793e82af3444c332a03a845696d870b5f42166e07d19fe849e",
  "6e6c35be43dca894f06421abf05a624ed00a5d17f2b9ffd314ec9e342b4ca2d8",
  "e58e1325f11bd5e7b7dfde70c84a537a3ffb66b48b277ac52c659e4fed35fc3f",
]);

export function isKnownDefault(value: string | undefined): boolean {
  return KNOWN_DEFAULTS.has((value ?? "").trim().toLowerCase());
}

export function isRepositoryKnown(value: string | undefined): boolean {
  return REPOSITORY_KNOWN.has(
    createHash("sha256")
      .update(value ?? "")
      .digest("hex"),
  );
}

/** A rough upper bound of the guessing entropy in bits: length × log2(distinct symbols). "aaaa…" scores 0. */
export function estimatedBits(value: string | Buffer): number {
  const symbols: (string | number)[] = typeof value === "string" ? [...value] : [...value];
  const distinct = new Set(symbols).size;
  return distinct <= 1 ? 0 : symbols.length * Math.log2(distinct);
}

/** Null when the sealing key is 32 bytes of base64 that look random, else what is wrong. */
export function sealingKeyProblem(name: string, encoded: string): string | null {
  const trimmed = encoded.trim();
  const key = Buffer.from(trimmed, "base64");
  if (!/^[A-Za-z0-9+/]{43}=?$/.test(trimmed) || key.length !== 32) {
    return `${name} must be 32 random bytes, base64-encoded (generate one: openssl rand -base64 32).`;
  }
  // 32 random bytes have ~30 distinct values; a key of zeros, a repeated byte or a short pattern has few.
  if (new Set(key).size < 16)
    return `${name} is not random (too few distinct bytes); generate one: openssl rand -base64 32.`;
  return null;
}

const LOOPBACK_HOST = /^(127(?:\.\d{1,3}){3}|localhost|\[::1\])$/i;

/**
 * KEYWAY_ALLOW_TEST_SECRETS=1 lets the e2e run use the repository's own secrets. It is honoured only for a server
 * that nobody else can use: plain-http NEXTAUTH_URL on a loopback address and an embedded SQLite database file. A
 * production deployment has a public https URL, so setting the variable there changes nothing.
 */
export function testSecretsAllowed(env: NodeJS.ProcessEnv): boolean {
  if (env.KEYWAY_ALLOW_TEST_SECRETS !== "1" || !env.NEXTAUTH_URL || !URL.canParse(env.NEXTAUTH_URL)) return false;
  const url = new URL(env.NEXTAUTH_URL);
  return url.protocol === "http:" && LOOPBACK_HOST.test(url.hostname) && (env.DATABASE_URL ?? "").startsWith("file:");
}

export function productionConfigProblems(env: NodeJS.ProcessEnv = process.env): string[] {
  if (!isProduction(env)) return [];
  const problems: string[] = [];
  const testSecrets = testSecretsAllowed(env);
  const publicSecret = (value: string) => isKnownDefault(value) || (!testSecrets && isRepositoryKnown(value.trim()));

  const secret = env.NEXTAUTH_SECRET;
  if (!secret) problems.push("NEXTAUTH_SECRET is not set (generate one: openssl rand -base64 32).");
  else if (publicSecret(secret) || secret.length < 32) {
    problems.push(
      "NEXTAUTH_SECRET is a known default or shorter than 32 characters (generate one: openssl rand -base64 32).",
    );
  } else if (estimatedBits(secret) < 128) {
    problems.push(
      "NEXTAUTH_SECRET has too little entropy (repeated characters or a pattern); generate one: openssl rand -base64 32.",
    );
  }

  const password = env.KEYWAY_ADMIN_PASSWORD;
  if (password !== undefined && (publicSecret(password) || password.length < 12)) {
    problems.push("KEYWAY_ADMIN_PASSWORD is a known default or shorter than 12 characters.");
  } else if (password !== undefined && new Set(password).size < 6) {
    problems.push("KEYWAY_ADMIN_PASSWORD has too little variety (repeated characters); choose a stronger one.");
  }

  if (!env.KEYWAY_SEALING_KEY) problems.push("KEYWAY_SEALING_KEY is not set (generate one: openssl rand -base64 32).");
  for (const name of ["KEYWAY_SEALING_KEY", "KEYWAY_SEALING_KEY_PREVIOUS"] as const) {
    const value = env[name];
    if (!value) continue;
    const problem = sealingKeyProblem(name, value);
    if (problem) problems.push(problem);
    else if (publicSecret(value))
      problems.push(`${name} is published in Keyway's repository; generate one: openssl rand -base64 32.`);
  }

  if (!env.NEXTAUTH_URL)
    problems.push("NEXTAUTH_URL is not set (the public URL of Keyway, e.g. https://keyway.example.com).");
  else if (!URL.canParse(env.NEXTAUTH_URL))
    problems.push("NEXTAUTH_URL is not a URL (e.g. https://keyway.example.com).");
  // Session cookies and passwords cross this URL: https, so cookies are Secure, unless the operator says otherwise.
  else if (new URL(env.NEXTAUTH_URL).protocol !== "https:" && env.KEYWAY_ALLOW_INSECURE_URL !== "1") {
    problems.push(
      "NEXTAUTH_URL must use https: it is the public URL, https even behind a TLS-terminating proxy (KEYWAY_ALLOW_INSECURE_URL=1 only for local tests).",
    );
  }
  problems.push(...driftWatchProblems(env));
  return problems;
}

/** The drift watch's settings: a number of seconds, and an alert webhook that is signed and (unless loopback) https. */
export function driftWatchProblems(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const interval = env.KEYWAY_DRIFT_CHECK_INTERVAL_S;
  if (interval !== undefined && interval.trim() !== "" && !(Number(interval) >= 0))
    problems.push("KEYWAY_DRIFT_CHECK_INTERVAL_S must be a number of seconds (0 switches the drift watch off).");
  const url = env.KEYWAY_ALERT_WEBHOOK_URL?.trim();
  if (!url) return problems;
  const secret = env.KEYWAY_ALERT_WEBHOOK_SECRET ?? "";
  // Why: receivers verify the HMAC signature to tell Keyway's alerts from anyone's; a guessable key proves nothing.
  if (secret.length < 32 || isKnownDefault(secret))
    problems.push("KEYWAY_ALERT_WEBHOOK_SECRET must be set (32+ random characters) when KEYWAY_ALERT_WEBHOOK_URL is.");
  if (!URL.canParse(url)) problems.push("KEYWAY_ALERT_WEBHOOK_URL is not a URL.");
  else {
    const { protocol, hostname } = new URL(url);
    const loopback = /^(127(?:\.\d{1,3}){3}|localhost|\[::1\])$/i.test(hostname);
    if (protocol !== "https:" && !(protocol === "http:" && loopback))
      problems.push("KEYWAY_ALERT_WEBHOOK_URL must use https (plain http only to a loopback receiver).");
  }
  return problems;
}

/** Printed at boot when the e2e opt-in is in effect, so it is never silent. */
export function productionConfigWarnings(env: NodeJS.ProcessEnv = process.env): string[] {
  if (!isProduction(env) || !testSecretsAllowed(env)) return [];
  return [
    "KEYWAY_ALLOW_TEST_SECRETS=1: the repository's published test secrets are accepted (loopback + SQLite only).",
  ];
}

export function assertProductionConfig(env: NodeJS.ProcessEnv = process.env): void {
  const problems = productionConfigProblems(env);
  if (problems.length > 0) {
    throw new Error(`Keyway refuses to start in production:\n  - ${problems.join("\n  - ")}`);
  }
}
