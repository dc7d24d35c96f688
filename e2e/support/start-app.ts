// Playwright's webServer for Keyway: a fresh SQLite database, migrated with the real CLI, then `next start` on the
// production build. Refuses any database that is not a local file under .tmp/e2e-<port>.
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { NEXT, NODE, PRISMA, SERVER_NODE_FLAGS, step } from "../../scripts/lib/processes";
import { APP_ENV, APP_PORT, DATABASE_URL, E2E_DIR } from "./env";

if (!DATABASE_URL.startsWith(`file:${E2E_DIR}`)) throw new Error(`e2e refuses a non-local database: ${DATABASE_URL}`);
if (!existsSync(".next/BUILD_ID")) {
  console.error("No production build found: run `npm run build` first (npm test does it for you).");
  process.exit(1);
}
rmSync(E2E_DIR, { recursive: true, force: true });
mkdirSync(E2E_DIR, { recursive: true });
const env = { ...process.env, ...APP_ENV };
step("Migrating the e2e database", NODE, [PRISMA, "migrate", "deploy"], env);
step(
  "Creating the first admin (bootstrap)",
  NODE,
  ["--conditions=react-server", "--import", "tsx", "scripts/keyway.ts", "bootstrap"],
  env,
);
step(
  "Creating the e2e guest account",
  NODE,
  [
    "--conditions=react-server",
    "--import",
    "tsx",
    "scripts/keyway.ts",
    "user:create",
    "--email",
    "guest@e2e.test",
    "--name",
    "Gus Guest",
    "--role",
    "GUEST",
    "--password",
    "e2e-guest-password-1234",
  ],
  env,
);
// The server's output is also kept in app.log, so a test can prove no secret ever reaches the logs.
const log = createWriteStream(path.join(E2E_DIR, "app.log"));
const server = spawn(NODE, [...SERVER_NODE_FLAGS, NEXT, "start", "-H", "127.0.0.1", "-p", String(APP_PORT)], {
  stdio: ["ignore", "pipe", "pipe"],
  env,
});
// The server's pid, so a test can read its memory from /proc (e2e/hardening.spec.ts).
writeFileSync(path.join(E2E_DIR, "server.pid"), String(server.pid));
server.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  log.write(chunk);
});
server.stderr.on("data", (chunk) => {
  process.stderr.write(chunk);
  log.write(chunk);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
