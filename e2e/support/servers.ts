// More Keyway processes beside the Playwright one, for journeys that need them: a second replica of the e2e database
// (same SQLite file, its own port), a separate, empty Keyway with its own fresh database, several instances of one
// build (shared state across replicas) or a restart with other settings (a rotated sealing key). Each runs `next start`
// of the same .next build on a port of this run's range (KEYWAY_E2E_PORT + 2, + 3, and + 10 …), and is stopped by the
// test that started it.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { NEXT, NODE, PRISMA, SERVER_NODE_FLAGS, startService } from "../../scripts/lib/processes";
import { startThrowawayPostgres, type ThrowawayPostgres } from "../../scripts/lib/throwaway-postgres";
import { APP_ENV, APP_PORT, DATABASE_URL, E2E_DIR } from "./env";

export type ExtraServer = { url: string; databaseUrl: string; stop(): void };

function serverEnv(port: number, databaseUrl: string): NodeJS.ProcessEnv {
  return { ...process.env, ...APP_ENV, DATABASE_URL: databaseUrl, NEXTAUTH_URL: `http://127.0.0.1:${port}` };
}

async function startOn(port: number, databaseUrl: string, name: string): Promise<ExtraServer> {
  const service = await startService(
    name,
    NODE,
    [...SERVER_NODE_FLAGS, NEXT, "start", "-H", "127.0.0.1", "-p", String(port)],
    serverEnv(port, databaseUrl),
    /Ready in/,
  );
  const url = `http://127.0.0.1:${port}`;
  // "Ready" is printed before the first request is served: wait until the sign-in page answers.
  for (let i = 0; i < 100; i += 1) {
    const ok = await fetch(`${url}/signin`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, databaseUrl, stop: service.stop };
}

/** Another `next start` on the e2e database: a replica behind a load balancer would see exactly this. */
export function startReplica(offset = 2): Promise<ExtraServer> {
  return startOn(APP_PORT + offset, DATABASE_URL, "replica");
}

/** A brand-new Keyway: its own SQLite file, migrated and bootstrapped (first admin) like the main e2e server. */
export function startEmptyKeyway(offset = 3): Promise<ExtraServer> {
  const port = APP_PORT + offset;
  const dir = path.join(E2E_DIR, `empty-${port}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const databaseUrl = `file:${path.join(dir, "keyway.db")}`;
  const env = serverEnv(port, databaseUrl);
  for (const args of [
    [PRISMA, "migrate", "deploy"],
    ["--conditions=react-server", "--import", "tsx", "scripts/keyway.ts", "bootstrap"],
  ]) {
    const res = spawnSync(NODE, args, { env, encoding: "utf8" });
    if (res.status !== 0) throw new Error(`${args.join(" ")} failed: ${res.stderr}`);
  }
  return startOn(port, databaseUrl, "empty-keyway");
}

export type CliRun = { status: number | null; stdout: string; stderr: string };

/**
 * Runs `npm run keyway -- <args>` as an operator would (a child process), with extra environment variables; resolves
 * with its status and output whatever it answers (keywayCli throws when it fails).
 */
export function keywayCliRun(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const child = spawn(NODE, ["--conditions=react-server", "--import", "tsx", "scripts/keyway.ts", ...args], {
    env: { ...process.env, ...APP_ENV, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on("close", (status) => resolve({ status, stdout, stderr })));
}

export type Server = { url: string; port: number; output(): string; stop(): Promise<void> };

/** A port of this run's range for the n-th extra server (0-based): KEYWAY_E2E_PORT + 10 + n. */
export const extraPort = (n: number) => APP_PORT + 10 + n;

/** Fresh production secrets: the repository's published e2e secrets are accepted only with SQLite. */
export function productionEnv(databaseUrl: string, publicPort: number) {
  return {
    NODE_ENV: "production" as const,
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl,
    NEXTAUTH_URL: `http://127.0.0.1:${publicPort}`,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
    KEYWAY_SEALING_KEY: randomBytes(32).toString("base64"),
    KEYWAY_ADMIN_EMAIL: "admin@replica.test",
    KEYWAY_ADMIN_PASSWORD: `replica-${randomBytes(12).toString("hex")}`,
    KEYWAY_ALLOW_INSECURE_URL: "1",
    KEYWAY_OUTBOUND_ALLOW: "127.0.0.1",
  };
}

/** Runs the operator CLI (`npm run keyway -- …`) with `env`; throws with its output when it fails. */
export function keywayCli(env: Record<string, string>, args: string[], input?: string): string {
  const res = spawnSync(NODE, ["--conditions=react-server", "--import", "tsx", "scripts/keyway.ts", ...args], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    input,
  });
  const output = `${res.stdout}${res.stderr}`;
  if (res.status !== 0) throw new Error(`keyway ${args.join(" ")} failed (${res.status}): ${output}`);
  return output;
}

/** A throwaway PostgreSQL, migrated with the real CLI. */
export async function migratedPostgres(): Promise<ThrowawayPostgres> {
  const pg = await startThrowawayPostgres();
  const res = spawnSync(NODE, [PRISMA, "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: pg.url },
    encoding: "utf8",
  });
  if (res.status !== 0) {
    pg.stop();
    throw new Error(`prisma migrate deploy failed: ${res.stdout}${res.stderr}`);
  }
  return pg;
}

function get(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", () => resolve(0));
  });
}

/** `next start` on `port` with `env`, resolved once /signin answers 200. */
export async function startServer(port: number, env: Record<string, string>, timeoutMs = 90_000): Promise<Server> {
  const child = spawn(NODE, [...SERVER_NODE_FLAGS, NEXT, "start", "-H", "127.0.0.1", "-p", String(port)], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (c) => (output += c));
  child.stderr.on("data", (c) => (output += c));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server on ${port} exited with ${child.exitCode}:\n${output}`);
    if ((await get(`${url}/signin`)) === 200) return { url, port, output: () => output, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`server on ${port} did not answer within ${timeoutMs / 1000} s:\n${output}`);
}

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** One request to `base` from a chosen loopback address (the throttle keys on the TCP peer). */
export function rawRequest(
  base: string,
  opts: { method?: string; path: string; from?: string; headers?: Record<string, string>; body?: string },
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const target = new URL(opts.path, base);
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: opts.method ?? "GET",
        path: `${target.pathname}${target.search}`,
        headers: opts.headers,
        localAddress: opts.from,
        agent: false,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

/**
 * One password sign-in through next-auth's credentials callback on `base`, from `from`. Returns "ok", "invalid", or
 * the number of seconds a throttled attempt was told to wait.
 */
export async function passwordSignIn(
  base: string,
  email: string,
  password: string,
  from: string,
): Promise<"ok" | "invalid" | { retryAfter: number }> {
  const csrf = await rawRequest(base, { path: "/api/auth/csrf", from });
  const cookie = (csrf.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
  const form = new URLSearchParams({ csrfToken: JSON.parse(csrf.body).csrfToken, email, password, json: "true" });
  const res = await rawRequest(base, {
    method: "POST",
    path: "/api/auth/callback/credentials",
    from,
    body: form.toString(),
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
  });
  const url = decodeURIComponent(JSON.parse(res.body).url ?? "");
  const wait = /Try again in (\d+) s/.exec(url);
  if (wait) return { retryAfter: Number(wait[1]) };
  if (url.includes("error=CredentialsSignin")) return "invalid";
  if (!url.includes("error=") && (res.headers["set-cookie"] ?? []).some((c) => c.includes("session-token")))
    return "ok";
  throw new Error(`unexpected answer ${res.status}: ${url}`);
}
