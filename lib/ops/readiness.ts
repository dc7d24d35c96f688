// GET /api/health/ready: may the load balancer send this replica traffic? Each check returns the reasons it is not
// ready (none: fine). Reasons are fixed sentences: the probe is public, so no error text, host or secret goes out.
import "server-only";
import { readdirSync } from "node:fs";
import path from "node:path";
import { db, databaseUrl } from "@/lib/db";
import { databaseFlavour } from "@/lib/db/url";
import { ssoProviders } from "@/lib/auth/provider-registry";
import { currentConfigVersion } from "@/lib/integrations/queries";
import { processState } from "./process-state";

/** How long the database may take to answer the probe's reads before the replica counts as not ready. */
export const READY_DATABASE_TIMEOUT_MS = 2_000;

export type ReadinessFacts = { configVersion: number | null };
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
 * Every readiness check, in order. Add a check here (a function returning reasons) to make a replica not ready
 * for another cause, e.g. integrations it cannot decrypt.
 */
export const READINESS_CHECKS: ReadinessCheck[] = [draining, databaseAndMigrations, providersLoad];

export type Readiness =
  | { status: "ready"; configVersion: number; instance: string; integrations: number }
  | { status: "not-ready"; reasons: string[]; instance: string };

export async function readiness(checks: ReadinessCheck[] = READINESS_CHECKS): Promise<Readiness> {
  const facts: ReadinessFacts = { configVersion: null };
  const reasons: string[] = [];
  for (const check of checks) reasons.push(...(await check(facts)));
  const instance = processState().instanceId;
  if (reasons.length > 0 || facts.configVersion === null) return { status: "not-ready", reasons, instance };
  return {
    status: "ready",
    configVersion: facts.configVersion,
    instance,
    integrations: processState().served?.loaded ?? 0,
  };
}
