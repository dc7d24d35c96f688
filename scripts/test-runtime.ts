// `npm run test:runtime -- --node 24`: Keyway on another Node.js version, the way the README installs it, from a
// fresh clone of HEAD. With that Node.js (official binary, scripts/lib/tool-cache.ts): `npm ci`, `npm run build`,
// `npm prune --omit=dev` (what runs from here on needs no devDependency), `npm run keyway -- migrate` on a
// throwaway PostgreSQL, `npm start`, and one real SSO sign-in through the test IdP (run by this machine's Node.js).
// Then the clone's tree must be clean (`git status --porcelain`). Prints each step's time.
//   --node 22|24          which Node.js (required)
//   --keep                keep the clone ($TMPDIR/keyway-runtime-node<major>-<port>; default: removed on success)
// Ports: KEYWAY_E2E_PORT (default 3100) + 30 for Keyway, + 31 for the test IdP.
// The clone and its `npm ci` may have been done beforehand for this commit by scripts/runtime-install.mjs (CI runs it
// beside the checkout's own npm ci); otherwise they are done here.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startIdp } from "../tools/test-idp/server";
import { startThrowawayPostgres } from "./lib/throwaway-postgres";
import { smokeIdpClient, ssoSmoke, waitForOk } from "./lib/sso-smoke";
import {
  installClone,
  installedClone,
  NODE_RUNTIMES,
  type NodeMajor,
  runtimeClone,
  runtimeEnv,
} from "./lib/node-runtime.mjs";

const { values } = parseArgs({ options: { node: { type: "string" }, keep: { type: "boolean" } } });
const major = values.node as NodeMajor;
if (!(major in NODE_RUNTIMES)) {
  console.error(`usage: npm run test:runtime -- --node ${Object.keys(NODE_RUNTIMES).join("|")} [--keep]`);
  process.exit(2);
}

const BASE_PORT = Number(process.env.KEYWAY_E2E_PORT ?? 3100) + 30;
const APP_URL = `http://127.0.0.1:${BASE_PORT}`;
const timings: [string, number][] = [];
const results: { name: string; ok: boolean; detail?: string }[] = [];

async function timedAsync<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  console.log(`\n▶ ${name}`);
  const value = await fn();
  timings.push([name, (Date.now() - t0) / 1000]);
  return value;
}
function timed<T>(name: string, fn: () => T): T {
  const t0 = Date.now();
  console.log(`\n▶ ${name}`);
  const value = fn();
  timings.push([name, (Date.now() - t0) / 1000]);
  return value;
}

function pass(name: string, detail?: string) {
  results.push({ name, ok: true, detail });
  console.log(`✔ ${name}${detail ? ` (${detail})` : ""}`);
}

/** Runs a command in the clone; a non-zero exit fails the whole check with the step's name. */
function inClone(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): string {
  const res = spawnSync(cmd, args, { cwd: CLONE, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  process.stdout.write(res.stdout ?? "");
  process.stderr.write(res.stderr ?? "");
  if (res.status !== 0) throw new Error(`${name} failed (exit ${res.status ?? res.signal})`);
  return `${res.stdout}${res.stderr}`;
}

// The clone and its `npm ci`: done already by scripts/runtime-install.mjs for this commit (CI runs it beside the
// checkout's own npm ci), or done here.
function installed() {
  try {
    const prepared = installedClone(major);
    if (prepared) console.log(`▶ Clone installed beforehand by scripts/runtime-install.mjs: ${prepared.dir}`);
    const clone = prepared ?? installClone(major);
    for (const [name, seconds] of clone.steps) timings.push([prepared ? `${name} (beforehand)` : name, seconds]);
    return clone;
  } catch (error) {
    console.error(`\n✖ ${(error as Error).message}`);
    process.exit(1);
  }
}
const { dir: CLONE, runtime } = installed();
pass(`node on PATH is v${runtime.version}`);
pass("npm ci");
const env: NodeJS.ProcessEnv = {
  ...runtimeEnv(runtime),
  NEXT_TELEMETRY_DISABLED: "1",
  CI: "true",
  // The clone is built once and thrown away: no Turbopack cache to write (next.config.js).
  KEYWAY_BUILD_ONCE: "1",
  // Types do not depend on the Node.js version: `npm test` type-checks the same commit (tsc --noEmit), so this build
  // skips Next's own pass (next.config.js) unless asked for (KEYWAY_BUILD_TYPECHECKED=0).
  KEYWAY_BUILD_TYPECHECKED: process.env.KEYWAY_BUILD_TYPECHECKED ?? "1",
};

let server: ChildProcess | undefined;
let pg: Awaited<ReturnType<typeof startThrowawayPostgres>> | undefined;
let idp: Awaited<ReturnType<typeof startIdp>> | undefined;
let failure: Error | undefined;
try {
  timed("npm run build", () => inClone("npm run build", "npm", ["run", "build"], env));
  pass("npm run build");
  timed("npm prune --omit=dev", () =>
    inClone("npm prune", "npm", ["prune", "--omit=dev", "--no-audit", "--no-fund"], env),
  );
  // (npm keeps devDependencies that are also optional peers of dependencies, e.g. typescript for Prisma.)
  for (const dev of ["tsx", "eslint", "oidc-provider"]) {
    if (existsSync(path.join(CLONE, "node_modules", dev))) {
      throw new Error(`npm prune --omit=dev left the devDependency ${dev} installed`);
    }
  }
  pass("devDependencies removed (tsx, eslint, oidc-provider gone)");

  pg = await timedAsync("Throwaway PostgreSQL", () => startThrowawayPostgres());
  const idpPort = BASE_PORT + 1;
  idp = await startIdp({ port: idpPort, clients: [smokeIdpClient(APP_URL)] });
  const admin = { email: "admin@runtime.test", password: randomBytes(18).toString("base64url") };
  const appEnv: NodeJS.ProcessEnv = {
    ...env,
    NODE_ENV: "production",
    DATABASE_URL: pg.url,
    NEXTAUTH_URL: APP_URL,
    // Fresh random secrets: the production checks refuse known or weak ones.
    NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
    KEYWAY_SEALING_KEY: randomBytes(32).toString("base64"),
    KEYWAY_ADMIN_EMAIL: admin.email,
    KEYWAY_ADMIN_PASSWORD: admin.password,
    KEYWAY_ALLOW_INSECURE_URL: "1",
    KEYWAY_OUTBOUND_ALLOW: "127.0.0.1",
    KEYWAY_HOST: "127.0.0.1",
    PORT: String(BASE_PORT),
  };
  const migrated = timed("npm run keyway -- migrate (PostgreSQL)", () =>
    inClone("npm run keyway -- migrate", "npm", ["run", "--silent", "keyway", "--", "migrate"], appEnv),
  );
  if (!/All migrations have been successfully applied|No pending migrations/.test(migrated)) {
    throw new Error("keyway migrate did not report the migrations applied");
  }
  pass("keyway migrate applied every migration on PostgreSQL");

  await timedAsync("npm start, until /signin answers", async () => {
    // Its own process group, so stopping it stops npm, the start command and the server together.
    server = spawn("npm", ["start"], {
      cwd: CLONE,
      env: appEnv,
      stdio: ["ignore", "inherit", "inherit"],
      detached: true,
    });
    await waitForOk(`${APP_URL}/signin`, () => server?.exitCode === null);
  });
  pass("npm start serves /signin");

  const result = await timedAsync("SSO sign-in through the test IdP", () => ssoSmoke(APP_URL, idp!.issuer, admin));
  pass("SSO sign-in (authorization code, PKCE, state, nonce)", `session for ${result.signedInAs}`);
} catch (error) {
  failure = error as Error;
} finally {
  if (server?.pid && server.exitCode === null) {
    // Stop it before PostgreSQL: a draining replica still writes (it leaves the instance list). npm exits on the
    // signal at once, so wait for the whole process group (the server is its grandchild) to be gone.
    const group = server.pid;
    const groupAlive = () => {
      try {
        process.kill(-group, 0);
        return true;
      } catch {
        return false;
      }
    };
    process.kill(-group, "SIGTERM");
    const t0 = Date.now();
    while (groupAlive() && Date.now() - t0 < 15_000) await new Promise((r) => setTimeout(r, 200));
    if (groupAlive()) {
      console.log("npm start still running 15 s after SIGTERM: SIGKILL");
      process.kill(-group, "SIGKILL");
    } else console.log(`npm start stopped ${((Date.now() - t0) / 1000).toFixed(1)} s after SIGTERM`);
  }
  await idp?.close();
  pg?.stop();
}

if (!failure) {
  const status = spawnSync("git", ["status", "--porcelain"], { cwd: CLONE, encoding: "utf8" }).stdout.trim();
  if (status) failure = new Error(`the clone's tree is not clean after the README's commands:\n${status}`);
  else pass("git status --porcelain is empty after npm ci, build, migrate and start");
}
if (failure) {
  results.push({ name: failure.message, ok: false });
  console.error(`\n✖ ${failure.message}`);
} else if (!values.keep) {
  rmSync(CLONE, { recursive: true, force: true });
  rmSync(runtimeClone(major).record, { force: true });
}

console.log(`\nNode.js ${runtime.version} runtime check, times:`);
for (const [name, seconds] of timings) console.log(`  ${seconds.toFixed(1).padStart(7)} s  ${name}`);
const passed = results.filter((r) => r.ok).length;
console.log(`Runtime: ${passed} passed, ${results.length - passed} failed`);
process.exit(failure ? 1 : 0);
