// GET /api/health/ready: may the load balancer send this replica traffic? Each check returns the reasons it is not
// ready (none: fine). Reasons are fixed sentences: the probe is public, so no error text, host or secret goes out.
import "server-only";
import { readdirSync } from "node:fs";
import path from "node:path";
import { db, databaseUrl } from "@/lib/db";
import { databaseFlavour } from "@/lib/db/url";
import { ssoProviders } from "@/lib/auth/provider-registry";
import { BROKEN_SECRET_REASON, brokenIntegrations } from "@/lib/integrations/broken";
import { currentConfigVersion } from "@/lib/integrations/queries";
import { processState } from "./process-state";

/** How long the database may take to answer the probe's reads before the replica counts as not ready. */
export const READY_DATABASE_TIMEOUT_MS = 2_000;

export type ReadinessFacts = {
  configVersion: number | null;
  /** Reasons a check reports without making the replica not ready (they are in the answer either way). */
  reported: string[];
};
export type ReadinessCheck = (facts: ReadinessFacts) => Promise<string[]>;

function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout")), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** The migrations this build expects: inlined at build time by next.config.js; read from prisma/ in tests. */
export function expectedMigrations(flavour = databaseFlavour(databaseUrl())): string[] {
  const built = flavour === "sqlite" ? process.env.KEYWAY_MIGRATIONS_SQLITE : process.env.KEYWAY_MIGRATIONS_POSTGRESQL;
  if (built) return built.split(",");
  const dir = path.join(/*turbopackIgnore: true*/ process.cwd(), "prisma", flavour, "migrations");
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

async function appliedMigrations(): Promise<Set<string>> {
  const rows = await db.$queryRaw<{ migration_name: string }[]>`
    SELECT "migration_name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`;
  return new Set(rows.map((r) => r.migration_name));
}

const draining: ReadinessCheck = async () => (processState().draining ? ["draining: shutting down"] : []);

const databaseAndMigrations: ReadinessCheck = async (facts) => {
  try {
    const [version, applied] = await withinDeadline(
      Promise.all([currentConfigVersion(), appliedMigrations()]),
      READY_DATABASE_TIMEOUT_MS,
    );
    facts.configVersion = version;
    const missing = expectedMigrations().filter((name) => !applied.has(name));
    return missing.length ? [`migrations not applied: ${missing.join(", ")}`] : [];
  } catch {
    return ["database unreachable"];
  }
};

const providersLoad: ReadinessCheck = async (facts) => {
  if (facts.configVersion === null) return []; // the database reason says it all
  try {
    await withinDeadline(ssoProviders(), READY_DATABASE_TIMEOUT_MS);
    return [];
  } catch {
    return ["sign-in providers could not be loaded"];
  }
};

/**
 * Integrations whose client secret no configured sealing key opens (lib/integrations/broken.ts) are reported, but do
 * not make the replica not ready. Why: every replica sharing the keys would drop out at once, and password sign-in
 * (the break-glass way in) with them, for one integration that already offers no button. A count, not the
 * Registration IDs: the probe is public.
 */
export const brokenIntegrationsReported: ReadinessCheck = async (facts) => {
  if (facts.configVersion === null) return [];
  try {
    const broken = (await withinDeadline(brokenIntegrations(), READY_DATABASE_TIMEOUT_MS)).length;
    if (broken > 0) {
      const count = `${broken} integration${broken === 1 ? "" : "s"}`;
      facts.reported.push(`${BROKEN_SECRET_REASON} (${count}; see Settings > OAuth Integrations)`);
    }
  } catch {
    // The database check has already said whether the database answers.
  }
  return [];
};

/**
 * Every readiness check, in order. Add a check here (a function returning reasons) to make a replica not ready
 * for another cause; push to `facts.reported` to report something without taking the replica out.
 */
export const READINESS_CHECKS: ReadinessCheck[] = [
  draining,
  databaseAndMigrations,
  providersLoad,
  brokenIntegrationsReported,
];

export type Readiness =
  | { status: "ready"; configVersion: number; instance: string; integrations: number; reasons: string[] }
  | { status: "not-ready"; reasons: string[]; instance: string };

export async function readiness(checks: ReadinessCheck[] = READINESS_CHECKS): Promise<Readiness> {
  const facts: ReadinessFacts = { configVersion: null, reported: [] };
  const blocking: string[] = [];
  for (const check of checks) blocking.push(...(await check(facts)));
  const instance = processState().instanceId;
  if (blocking.length > 0 || facts.configVersion === null)
    return { status: "not-ready", reasons: [...blocking, ...facts.reported], instance };
  return {
    status: "ready",
    configVersion: facts.configVersion,
    instance,
    integrations: processState().served?.loaded ?? 0,
    reasons: facts.reported,
  };
}
