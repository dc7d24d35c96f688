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
  integrationSecret: { secretSealed: true },
  integrationDraft: { secretSealed: true },
  integrationConfigVersion: { secretSealed: true },
  session: { idTokenSealed: true },
} as const;

/** Tests and the benchmark may watch every SQL statement (Prisma query events) to count round trips. */
export type DbClientOptions = { onQuery?: (sql: string) => void };

type QueryLog = { level: "query"; emit: "event" }[];

function createSqliteClient(url: string, log: QueryLog = []) {
  const file = sqliteFilePath(url);
  mkdirSync(path.dirname(file), { recursive: true });
  // better-sqlite3 waits for a lock synchronously, freezing the whole server meanwhile: wait briefly, then the
  // request answers 503 (lib/db/availability.ts) and the next one tries again.
  return new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: file, timeout: 3_000 }), omit, log });
}

function watched<C extends { $on(event: "query", cb: (e: { query: string }) => void): void }>(
  client: C,
  options: DbClientOptions,
): C {
  if (options.onQuery) client.$on("query", (e) => options.onQuery!(e.query));
  return client;
}

export type Db = ReturnType<typeof createSqliteClient>;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export function createDbClient(url: string, options: DbClientOptions = {}): Db {
  const log: QueryLog = options.onQuery ? [{ level: "query", emit: "event" }] : [];
  if (databaseFlavour(url) === "sqlite") {
    const client = watched(createSqliteClient(url, log), options);
    // Why: with the default rollback journal every commit waits for several fsyncs, and a sign-in commits once.
    // WAL (kept in the file) lets readers run during a write; synchronous=NORMAL is durable across crashes of
    // Keyway in WAL mode (a power loss may drop the last commits, never corrupt). One connection, so set once.
    void client
      .$queryRawUnsafe("PRAGMA journal_mode = WAL")
      .then(() => client.$queryRawUnsafe("PRAGMA synchronous = NORMAL"))
      .catch(() => undefined);
    return client as unknown as Db;
  }
  // Both generated clients have the same model API at runtime; their TypeScript types differ only nominally.
  const client = watched(new PostgresClient({ adapter: new PrismaPg(postgresConfig(url)), omit, log }), options);
  return client.$extends({ query: { $allModels: { $allOperations: lookupsWithNul } } }) as unknown as Db;
}

/** True when `value` holds, at any depth, a string containing U+0000. */
export function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (!value || typeof value !== "object" || depth > 32) return false;
  return Object.values(value).some((v) => containsNul(v, depth + 1));
}

/**
 * PostgreSQL text cannot hold U+0000: a filter carrying one fails with "invalid byte sequence" (a 500) where
 * SQLite simply finds nothing. No stored text contains one, so a read whose filter does is answered "no match"
 * without asking the database: an id like "\u0000" from a URL or a form is then a 404/400 on both databases.
 */
async function lookupsWithNul({
  operation,
  args,
  query,
}: {
  operation: string;
  args: unknown;
  query: (args: unknown) => Promise<unknown>;
}) {
  if (!containsNul((args as { where?: unknown } | undefined)?.where)) return query(args);
  switch (operation) {
    case "findUnique":
    case "findFirst":
      return null;
    case "findMany":
      return [];
    case "count":
      return 0;
    case "updateMany":
    case "deleteMany":
      return { count: 0 };
    default:
      return query(args);
  }
}
