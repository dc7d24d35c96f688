// Which database a DATABASE_URL names, and the embedded default. Shared by the app, the CLI and prisma.config.
import path from "node:path";

export type DatabaseFlavour = "sqlite" | "postgresql";

export function databaseFlavour(url: string): DatabaseFlavour {
  if (url.startsWith("file:")) return "sqlite";
  if (url.startsWith("postgresql://") || url.startsWith("postgres://")) return "postgresql";
  throw new Error(
    `DATABASE_URL must start with "file:" (SQLite) or "postgresql://" (PostgreSQL); got "${url.split(":")[0]}:…"`,
  );
}

/** The embedded default: a SQLite file under ./data, as an absolute path (standalone server.js changes directory). */
export function defaultDatabaseUrl(): string {
  return `file:${path.resolve(/*turbopackIgnore: true*/ process.cwd(), "data", "keyway.db")}`;
}

/** Path of the SQLite file named by a `file:` URL; relative paths resolve from the working directory. */
export function sqliteFilePath(url: string): string {
  const file = url.slice("file:".length).split("?")[0];
  return path.isAbsolute(file) ? file : path.resolve(/*turbopackIgnore: true*/ process.cwd(), file);
}

/** Connection fields for pg. Separate fields, not a connectionString: see migration-adapters.ts (shadow db). */
export function postgresConfig(url: string) {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname),
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, "")),
    ssl: u.searchParams.get("sslmode") === "require" ? { rejectUnauthorized: false } : undefined,
  };
}
