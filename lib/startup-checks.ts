// Refuses to start a production server with secrets that are missing or publicly known.
import { isProduction } from "./config";

// Values that appear in examples and tutorials: anyone could forge sessions or sign in with them.
const KNOWN_DEFAULTS = new Set([
  "", "secret", "changeme", "change-me", "changeit", "password", "admin", "admin123", "keyway", "keyway-dev-secret",
  "development", "development-secret", "nextauth-secret", "supersecret", "your-secret", "please-change-me",
]);

export function isKnownDefault(value: string | undefined): boolean {
  return KNOWN_DEFAULTS.has((value ?? "").trim().toLowerCase());
}

export function productionConfigProblems(env: NodeJS.ProcessEnv = process.env): string[] {
  if (!isProduction(env)) return [];
  const problems: string[] = [];
  const secret = env.NEXTAUTH_SECRET;
  if (!secret) problems.push("NEXTAUTH_SECRET is not set (generate one: openssl rand -base64 32).");
  else if (isKnownDefault(secret) || secret.length < 32) {
    problems.push("NEXTAUTH_SECRET is a known default or shorter than 32 characters (generate one: openssl rand -base64 32).");
  }
  if (env.KEYWAY_ADMIN_PASSWORD !== undefined && (isKnownDefault(env.KEYWAY_ADMIN_PASSWORD) || env.KEYWAY_ADMIN_PASSWORD.length < 12)) {
    problems.push("KEYWAY_ADMIN_PASSWORD is a known default or shorter than 12 characters.");
  }
  if (!env.KEYWAY_SEALING_KEY) problems.push("KEYWAY_SEALING_KEY is not set (generate one: openssl rand -base64 32).");
  if (!env.NEXTAUTH_URL) problems.push("NEXTAUTH_URL is not set (the public URL of Keyway, e.g. https://keyway.example.com).");
  return problems;
}

export function assertProductionConfig(env: NodeJS.ProcessEnv = process.env): void {
  const problems = productionConfigProblems(env);
  if (problems.length > 0) {
    throw new Error(`Keyway refuses to start in production:\n  - ${problems.join("\n  - ")}`);
  }
}
