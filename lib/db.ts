// The one Prisma client. DATABASE_URL picks SQLite (`file:`, the embedded default) or PostgreSQL; the rest of
// the code sees a single `Db` type and never knows there are two generated clients.
import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { databaseFlavour, defaultDatabaseUrl, postgresConfig, sqliteFilePath } from "./db/url";

// Secrets are never selected unless a query asks for them by name (`omit: { field: false }`).
const omit = {
  user: { passwordHash: true },
  integration: { clientSecretSealed: true },
} as const;

function createSqliteClient(url: string) {
  const file = sqliteFilePath(url);
  mkdirSync(path.dirname(file), { recursive: true });
  return new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: file, timeout: 10_000 }), omit });
}

export type Db = ReturnType<typeof createSqliteClient>;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

function createClient(url: string): Db {
  if (databaseFlavour(url) === "sqlite") return createSqliteClient(url);
  // Both generated clients have the same model API at runtime; their TypeScript types differ only nominally.
  return new PostgresClient({ adapter: new PrismaPg(postgresConfig(url)), omit }) as unknown as Db;
}

export function databaseUrl(): string {
  return process.env.DATABASE_URL || defaultDatabaseUrl();
}

const globalForDb = globalThis as unknown as { keywayDb?: Db };

/** The shared client (one per process, kept across hot reloads in development). */
export const db: Db = globalForDb.keywayDb ?? createClient(databaseUrl());
if (process.env.NODE_ENV !== "production") globalForDb.keywayDb = db;

/** True when a Prisma error is a unique-constraint violation (P2002), on either database. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}
