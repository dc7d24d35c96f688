// Small process helpers for the dev runner and the test runner: run a step, start a service and wait for it.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";

export const NODE = process.execPath;
export const TSX = ["--import", "tsx"];
export const PRISMA = "node_modules/prisma/build/index.js";
export const NEXT = "node_modules/next/dist/bin/next";

/**
 * Node flags of Keyway's production server: `keyway start` (`npm start`, the image), the e2e server and
 * `npm run bench` start the server with them. Why: the server keeps ~60 MB alive (mostly code: Next's app runtime,
 * React, Prisma) and V8's default lets the old generation grow to ~4× that between full collections (350–420 MB
 * resident); collecting once it grew by half, with a 2×8 MB young generation, keeps it near 230 MB for GC pauses of
 * ~55 instead of ~42 ms per busy second (docs/performance.md, RSS). No heap limit is set: a larger live set only
 * means larger collections.
 */
export const SERVER_NODE_FLAGS = ["--heap-growing-percent=50", "--max-semi-space-size=8"];

export function step(title: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  console.log(`\n▶ ${title}`);
  const res = spawnSync(cmd, args, { stdio: "inherit", env });
  if (res.status !== 0) {
    console.error(`✖ ${title} failed (exit ${res.status ?? res.signal}).`);
    process.exit(res.status || 1);
  }
}

export type Service = { child: ChildProcess; stop(): void };

/** Starts a long-running process, prefixing its output, and resolves once `ready` appears in it. */
export function startService(
  name: string,
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  timeoutMs = 60_000,
): Promise<Service> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    const stop = () => {
      if (child.exitCode === null) child.kill("SIGTERM");
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`${name} did not become ready within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    let seen = false;
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      for (const line of text.split("\n")) if (line.trim()) console.log(`[${name}] ${line}`);
      if (!seen && ready.test(text)) {
        seen = true;
        clearTimeout(timer);
        resolve({ child, stop });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => {
      if (!seen) {
        clearTimeout(timer);
        reject(new Error(`${name} exited with ${code} before it was ready`));
      }
    });
  });
}
