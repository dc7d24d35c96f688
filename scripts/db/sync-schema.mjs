// Keeps prisma/postgresql/schema.prisma generated from prisma/sqlite/schema.prisma (the source).
//   node scripts/db/sync-schema.mjs          write the PostgreSQL schema
//   node scripts/db/sync-schema.mjs --check  exit 1 when the committed file differs
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";

const source = readFileSync("prisma/sqlite/schema.prisma", "utf8");
const header = "// GENERATED from prisma/sqlite/schema.prisma by `npm run db:sync-schema`. Do not edit.\n";
const derived =
  header +
  source
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('output     = "../../lib/generated/sqlite"', 'output     = "../../lib/generated/postgresql"');

if (!derived.includes('"postgresql"') || !derived.includes("generated/postgresql")) {
  console.error("sync-schema: could not find the provider/output lines to rewrite in prisma/sqlite/schema.prisma");
  process.exit(1);
}
const target = "prisma/postgresql/schema.prisma";
if (process.argv.includes("--check")) {
  const current = existsSync(target) ? readFileSync(target, "utf8") : "";
  if (current !== derived) {
    console.error(`${target} is out of date with prisma/sqlite/schema.prisma. Run: npm run db:sync-schema`);
    process.exit(1);
  }
  console.log(`${target} matches prisma/sqlite/schema.prisma`);
} else {
  mkdirSync("prisma/postgresql", { recursive: true });
  writeFileSync(target, derived);
  console.log(`wrote ${target}`);
}
