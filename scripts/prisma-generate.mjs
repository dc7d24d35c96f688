// Generates both Prisma clients (SQLite and PostgreSQL) so one build serves either database.
import { execFileSync } from "node:child_process";
const prisma = "node_modules/prisma/build/index.js";
for (const flavour of ["sqlite", "postgresql"]) {
  // Generating the PostgreSQL client offline needs some postgresql:// URL (never connected to).
  const url = flavour === "sqlite" ? "file:./generate-only.db" : "postgresql://generate:only@127.0.0.1:1/generate";
  execFileSync(process.execPath, [prisma, "generate", "--schema", `prisma/${flavour}/schema.prisma`], {
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
}
