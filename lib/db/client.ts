// Makes a Prisma client for a DATABASE_URL: SQLite (`file:`) or PostgreSQL. The app's single instance lives in
// lib/db.ts; tests make their own through here so they get exactly the same configuration.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "../generated/sqlite/client";
import { PrismaClient as PostgresClient } from "../generated/postgresql/client";
import { databaseFlavour, postgresConfig, sqliteFilePath } from "./url";

// Secrets are never selected unless a query asks for them by name (`omit: { field: false }` or `select`).
const omit = {
  user: { passwordHash: true },
  integration: { clientSecretSealed: true },
} as const;

function createSqliteClient(url: string) {
  const file = sqliteFilePath(url);
  mkdirSync(path.dirname(file), { recursive: true });
  // better-sqlite3 waits for a lock synchronously, freezing the whole server meanwhile: wait briefly, then the
  // request answers 503 (lib/db/availability.ts) and the next one tries again.
  return new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: file, timeout: 3_000 }), omit });
}

export type Db = ReturnType<typeof createSqliteClient>;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export function createDbClient(url: string): Db {
  if (databaseFlavour(url) === "sqlite") return createSqliteClient(url);
  // Both generated clients have the same model API at runtime; their TypeScript types differ only nominally.
  return new PostgresClient({ adapter: new PrismaPg(postgresConfig(url)), omit }) as unknown as Db;
}
