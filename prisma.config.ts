// Prisma CLI configuration. Offline machines cannot download Prisma's native schema engine, so migrations run
// on the JavaScript engine with driver adapters (see docs/offline-stack in shared notes). DATABASE_URL picks
// the flavour: `file:` → SQLite (embedded default), `postgresql://` → PostgreSQL.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { databaseFlavour, defaultDatabaseUrl } from "./lib/db/url";
import { migrationAdapter } from "./lib/db/migration-adapters";

const url = process.env.DATABASE_URL ?? defaultDatabaseUrl();
const flavour = databaseFlavour(url);
// From the application's folder (where Prisma looks for this file), not from the file: `npm run build` compiles it
// to dist/prisma.config.mjs for `keyway migrate`, and Prisma resolves relative paths from the config's folder.
const prismaDir = path.resolve(/*turbopackIgnore: true*/ process.cwd(), "prisma", flavour);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(prismaDir, "schema.prisma"),
  migrations: { path: path.join(prismaDir, "migrations"), seed: "tsx prisma/seed.ts" },
  adapter: () => migrationAdapter(url),
});
