// HTTP probes for the benchmark: one full sign-in flow the way a browser does it (csrf → signin/<id> → IdP login
// and consent → callback, timed alone → session), timed GETs, and process-tree RSS. Loopback only; every loop bounded.
import { readdirSync, readFileSync } from "node:fs";
import { CookieJar } from "../tools/test-idp/cookie-jar";
import { walkToCallback } from "../tools/test-idp/login-flow";

export type FlowTiming = { callbackMs: number; totalMs: number };

export class Client {
  readonly jar = new CookieJar();
  constructor(readonly base: string) {}

  async send(path: string, init: RequestInit = {}): Promise<Response> {
    const url = path.startsWith("http") ? path : `${this.base}${path}`;
    const res = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as Record<string, string>), cookie: this.jar.header() },
    });
    this.jar.store(res);
    return res;
  }

  async form(path: string, fields: Record<string, string>): Promise<Response> {
    const csrf = (await (await this.send("/api/auth/csrf")).json()) as { csrfToken: string };
    return this.send(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken: csrf.csrfToken, callbackUrl: `${this.base}/`, json: "true", ...fields }),
    });
  }
}

/** One complete SSO sign-in; throws unless it ends with a session. */
export async function signInFlow(base: string, providerId: string, login: string): Promise<FlowTiming> {
  const started = performance.now();
  const client = new Client(base);
  const start = await client.form(`/api/auth/signin/${providerId}`, {});
  const { url } = (await start.json()) as { url?: string };
  if (!url || !url.startsWith("http://127.0.0.1:")) throw new Error(`signin/${providerId} gave no IdP URL: ${url}`);
  const { callbackUrl } = await walkToCallback(url, `${base}/api/auth/callback/${providerId}`, login);
  const t0 = performance.now();
  const callback = await client.send(callbackUrl);
  await callback.arrayBuffer();
  const callbackMs = performance.now() - t0;
  const location = callback.headers.get("location") ?? "";
  if (callback.status !== 302 || /[?&]error=/.test(location))
    throw new Error(`callback refused: ${callback.status} ${location}`);
  const session = (await (await client.send("/api/auth/session")).json()) as { user?: unknown };
  if (!session.user) throw new Error("no session after the callback");
  return { callbackMs, totalMs: performance.now() - started };
}

export async function timedGet(url: string, cookie = ""): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url, { redirect: "manual", headers: { cookie } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  return performance.now() - t0;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/** Resident memory of a process and all its descendants, in MB (Linux /proc). */
export function treeRssMb(rootPid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended meanwhile
    }
  }
  let kb = 0;
  const queue = [rootPid];
  for (let i = 0; i < queue.length && i < 1000; i += 1) {
    const pid = queue[i]!;
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      continue;
    }
    queue.push(...(children.get(pid) ?? []));
  }
  return kb / 1024;
}

/** Runs `total` tasks with at most `concurrency` in flight; returns results and errors. */
export async function pool<T>(total: number, concurrency: number, task: (i: number) => Promise<T>) {
  const results: T[] = [];
  const errors: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        try {
          results.push(await task(i));
        } catch (error) {
          errors.push((error as Error).message);
        }
      }
    }),
  );
  return { results, errors };
}
