// bcrypt at cost 12 takes ~250 ms of CPU. Run on the main thread, a handful of sign-in attempts stall every other
// request; so hashing runs in worker threads (bcryptjs, pure JS: no native build), one job at a time per worker.
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import bcrypt from "bcryptjs";

type Job = { op: "hash"; password: string; cost: number } | { op: "compare"; password: string; hash: string };
type Pending = { resolve: (value: string | boolean) => void; reject: (error: Error) => void };

// CommonJS source evaluated in the worker: it loads bcryptjs from node_modules by absolute path (the bundler never
// sees it), and answers each job synchronously, so one worker is one job at a time.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const bcrypt = require(workerData.bcryptPath);
parentPort.on("message", ({ id, job }) => {
  try {
    const result = job.op === "hash" ? bcrypt.hashSync(job.password, job.cost) : bcrypt.compareSync(job.password, job.hash);
    parentPort.postMessage({ id, result });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});`;

const SIZE = Math.max(1, Math.min(4, (os.availableParallelism?.() ?? 2) - 1));

class PasswordPool {
  private workers: { worker: Worker; busy: number }[] = [];
  private pending = new Map<number, Pending>();
  private nextId = 1;

  private spawn(): { worker: Worker; busy: number } {
    const bcryptPath = createRequire(path.join(process.cwd(), "package.json")).resolve("bcryptjs");
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { bcryptPath } });
    const slot = { worker, busy: 0 };
    worker.on("message", ({ id, result, error }: { id: number; result?: string | boolean; error?: string }) => {
      const waiting = this.pending.get(id);
      this.pending.delete(id);
      slot.busy -= 1;
      // An idle pool must not keep a CLI process alive.
      if (slot.busy === 0) worker.unref();
      if (!waiting) return;
      if (error !== undefined) waiting.reject(new Error(error));
      else waiting.resolve(result as string | boolean);
    });
    worker.on("error", (error) => {
      this.workers = this.workers.filter((w) => w !== slot);
      for (const [id, waiting] of this.pending) {
        waiting.reject(error);
        this.pending.delete(id);
      }
    });
    worker.unref();
    return slot;
  }

  private unavailable = false;

  run(job: Job): Promise<string | boolean> {
    if (this.unavailable) return inProcess(job);
    if (this.workers.length < SIZE) {
      try {
        this.workers.push(this.spawn());
      } catch (error) {
        // No bcryptjs on disk beside the bundle (an unusual deployment): still correct, only on the main thread.
        console.error(
          `[keyway] password worker pool unavailable, hashing on the main thread: ${(error as Error).message}`,
        );
        this.unavailable = true;
        return inProcess(job);
      }
    }
    const slot = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.nextId++;
    slot.busy += 1;
    slot.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, job });
    });
  }
}

function inProcess(job: Job): Promise<string | boolean> {
  return job.op === "hash" ? bcrypt.hash(job.password, job.cost) : bcrypt.compare(job.password, job.hash);
}

const pool = new PasswordPool();

export const hashInPool = (password: string, cost: number) =>
  pool.run({ op: "hash", password, cost }) as Promise<string>;
export const compareInPool = (password: string, hash: string) =>
  pool.run({ op: "compare", password, hash }) as Promise<boolean>;
