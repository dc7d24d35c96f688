// The one Prisma client of the app. DATABASE_URL picks SQLite (`file:`, the embedded default) or PostgreSQL;
// the rest of the code sees a single `Db` type and never knows there are two generated clients.
import "server-only";
import { createDbClient, type Db } from "./db/client";
import { defaultDatabaseUrl } from "./db/url";

export type { Db, Tx } from "./db/client";

export function databaseUrl(): string {
  return process.env.DATABASE_URL || defaultDatabaseUrl();
}

const globalForDb = globalThis as unknown as { keywayDb?: Db };

/**
 * The shared client: one per process, also across Next.js bundles (each route's bundle has its own copy of this
 * module; on globalThis they share one pool, which graceful shutdown closes) and development hot reloads.
 */
export const db: Db = (globalForDb.keywayDb ??= createDbClient(databaseUrl()));

/**
 * Options for write transactions that serialise on a shared row (the config version, the user-managers lock): under a
 * burst they queue behind each other, so they wait longer for a connection and may run longer than Prisma's defaults
 * (2 s / 5 s) rather than fail a legitimate change with 503.
 */
export const QUEUED_WRITE_TX = { maxWait: 15_000, timeout: 20_000 } as const;

/** True when a Prisma error is a unique-constraint violation (P2002), on either database. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}
