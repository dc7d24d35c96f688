// `npm start`: apply pending migrations, then serve the production build (run `npm run build` first).
import { defaultDatabaseUrl } from "@/lib/db/url";
import { NEXT, NODE, PRISMA, SERVER_NODE_FLAGS, step } from "./lib/processes";
import { spawn } from "node:child_process";

const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  DATABASE_URL: process.env.DATABASE_URL ?? defaultDatabaseUrl(),
};
step("Applying database migrations", NODE, [PRISMA, "migrate", "deploy"], env);
// KEYWAY_HOST, not HOSTNAME: shells and containers set HOSTNAME to the machine name.
const args = [
  ...SERVER_NODE_FLAGS,
  NEXT,
  "start",
  "-H",
  process.env.KEYWAY_HOST ?? "0.0.0.0",
  "-p",
  process.env.PORT ?? "3000",
];
const server = spawn(NODE, args, { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
