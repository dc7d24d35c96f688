// The runtime half of the `keyway` command: `start` serves the production build, `migrate` applies pending
// migrations. Neither loads a database client or a devDependency, so a replica starts, and a migration Job runs,
// with the production dependencies only (the container image has nothing else).
import { spawn, spawnSync } from "node:child_process";
import { constants } from "node:os";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { NEXT, SERVER_NODE_FLAGS } from "./lib/processes";

/** Where package.json lives: this file is scripts/runtime.ts in the repository and dist/keyway.mjs once built. */
export const APP_ROOT = fileURLToPath(new URL("..", import.meta.url));
const HERE = path.dirname(fileURLToPath(import.meta.url));

function runtimeEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...env,
    NEXT_TELEMETRY_DISABLED: "1",
    // Prisma's CLI would otherwise look for updates over the network.
    CHECKPOINT_DISABLE: "1",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    // The embedded default, as an absolute path: the standalone server changes directory.
    DATABASE_URL: env.DATABASE_URL || `file:${path.join(APP_ROOT, "data", "keyway.db")}`,
  };
}

/**
 * `keyway migrate`: Prisma's own `migrate deploy` (its JavaScript engine, so it works offline), with the same
 * configuration as development. Built, that configuration is dist/prisma.config.mjs (compiled from
 * prisma.config.ts); from the sources, Prisma finds prisma.config.ts itself. On PostgreSQL Prisma holds an advisory
 * lock while it migrates, so replicas that all run it at once apply each migration once.
 */
export function migrate(env: NodeJS.ProcessEnv = process.env): number {
  const cli = path.join(APP_ROOT, "node_modules", "prisma", "build", "index.js");
  const compiledConfig = path.join(HERE, "prisma.config.mjs");
  const args = [cli, "migrate", "deploy", ...(existsSync(compiledConfig) ? ["--config", compiledConfig] : [])];
  const res = spawnSync(process.execPath, args, { cwd: APP_ROOT, env: runtimeEnv(env), stdio: "inherit" });
  return res.status ?? 1;
}

function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return signal ? 128 + (constants.signals[signal] ?? 0) : 1;
}

/**
 * `keyway start [--migrate]`: the production server with Keyway's Node flags (SERVER_NODE_FLAGS; Node refuses them
 * in NODE_OPTIONS, so they go on the server's command line). The standalone server (`server.js`, the container
 * image) when present, else `next start` on the build in `.next`. Listens on $KEYWAY_HOST:$PORT (0.0.0.0:3000).
 */
export function start(options: { migrate: boolean }, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const standalone = existsSync(path.join(APP_ROOT, "server.js"));
  if (!standalone && !existsSync(path.join(APP_ROOT, ".next", "BUILD_ID"))) {
    console.error("No production build found: run `npm run build` first.");
    return Promise.resolve(1);
  }
  if (options.migrate) {
    const status = migrate(env);
    if (status !== 0) return Promise.resolve(status);
  }
  // KEYWAY_HOST, not HOSTNAME: shells and containers set HOSTNAME to the machine's name.
  const host = env.KEYWAY_HOST || "0.0.0.0";
  const port = env.PORT || "3000";
  const args = standalone
    ? [...SERVER_NODE_FLAGS, "server.js"]
    : [...SERVER_NODE_FLAGS, NEXT, "start", "-H", host, "-p", port];
  // server.js reads HOSTNAME and PORT.
  const server = spawn(process.execPath, args, {
    cwd: APP_ROOT,
    env: { ...runtimeEnv(env), HOSTNAME: host, PORT: port },
    stdio: "inherit",
  });
  // As PID 1 in a container nothing else forwards these; the server drains and exits on its own.
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  return new Promise((resolve) => server.on("exit", (code, signal) => resolve(exitCodeOf(code, signal))));
}
