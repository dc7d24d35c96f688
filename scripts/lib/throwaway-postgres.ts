// Starts a private PostgreSQL server (Debian's binaries, initdb + pg_ctl) on a free loopback port for tests
// and migration work, and stops it again. Nothing outside a temp folder is touched.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

export type ThrowawayPostgres = {
  url: string;
  port: number;
  stop(): void;
  /** Stops the server but keeps its data, as an outage would (fault tests). */
  pause(): void;
  /** Starts it again on the same port and data. */
  resume(): void;
};

const INSTALL_HINT = "apt-get update && apt-get install -y postgresql";

/** The newest /usr/lib/postgresql/<version>/bin, or a clear error naming the install command. */
export function postgresBinDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)) : [];
  const bin = versions.sort((a, b) => Number(b) - Number(a)).map((v) => path.join(root, v, "bin"))[0];
  if (!bin || !existsSync(path.join(bin, "initdb"))) {
    throw new Error(`PostgreSQL server binaries not found under ${root}. Install them with: ${INSTALL_HINT}`);
  }
  return bin;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = postgresBinDir();
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), "keyway-pg-"));
  chmodSync(dir, 0o777);
  const data = path.join(dir, "data");
  // initdb and postgres refuse to run as root, so run them as the postgres user when we are root.
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    const full = asRoot ? (["runuser", ["-u", "postgres", "--", cmd, ...args]] as const) : ([cmd, args] as const);
    const res = spawnSync(full[0], full[1] as string[], { encoding: "utf8" });
    if (res.status !== 0) throw new Error(`${cmd} failed (${res.status}): ${res.stderr || res.stdout}`);
  };
  run(path.join(bin, "initdb"), ["-D", data, "-U", "keyway", "--auth=trust", "-E", "UTF8", "--locale=C"]);
  const start = () =>
    run(path.join(bin, "pg_ctl"), [
      "-D",
      data,
      "-l",
      path.join(dir, "server.log"),
      "-w",
      "-t",
      "60",
      "-o",
      `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c synchronous_commit=off`,
      "start",
    ]);
  start();
  execFileSync(path.join(bin, "psql"), [
    "-h",
    "127.0.0.1",
    "-p",
    String(port),
    "-U",
    "keyway",
    "-d",
    "postgres",
    "-qc",
    "CREATE DATABASE keyway",
  ]);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run(path.join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const pause = () => run(path.join(bin, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"]);
  return { url: `postgresql://keyway@127.0.0.1:${port}/keyway`, port, stop, pause, resume: start };
}
