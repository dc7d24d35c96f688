// Runs a command with DATABASE_URL pointing at a throwaway PostgreSQL server, then stops the server.
//   tsx scripts/with-postgres.ts -- <command> [args...]
import { spawnSync } from "node:child_process";
import { startThrowawayPostgres } from "./lib/throwaway-postgres";

const args = process.argv.slice(process.argv.indexOf("--") + 1);
if (args.length === 0) {
  console.error("usage: tsx scripts/with-postgres.ts -- <command> [args...]");
  process.exit(2);
}
const pg = await startThrowawayPostgres();
let status = 1;
try {
  console.error(`[with-postgres] PostgreSQL ready at ${pg.url}`);
  status =
    spawnSync(args[0], args.slice(1), { stdio: "inherit", env: { ...process.env, DATABASE_URL: pg.url } }).status ?? 1;
} finally {
  pg.stop();
}
process.exit(status);
