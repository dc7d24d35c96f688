// Prisma CLI configuration. Offline machines cannot download Prisma's native schema engine, so migrations run
// on the JavaScript engine with driver adapters (see docs/offline-stack in shared notes). DATABASE_URL picks
// the flavour: `file:` → SQLite (embedded default), `postgresql://` → PostgreSQL.
import { defineConfig } from "prisma/config";
import { databaseFlavour, defaultDatabaseUrl } from "./lib/db/url";
import { migrationAdapter } from "./lib/db/migration-adapters";

const url = process.env.DATABASE_URL ?? defaultDatabaseUrl();
const flavour = databaseFlavour(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: `prisma/${flavour}/schema.prisma`,
  migrations: { path: `prisma/${flavour}/migrations`, seed: "tsx prisma/seed.ts" },
  adapter: () => migrationAdapter(url),
});
