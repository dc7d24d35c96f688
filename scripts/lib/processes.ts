// Small process helpers for the dev runner and the test runner: run a step, start a service and wait for it.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";

export const NODE = process.execPath;
export const TSX = ["--import", "tsx"];
export const PRISMA = "node_modules/prisma/build/index.js";
export const NEXT = "node_modules/next/dist/bin/next";

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
