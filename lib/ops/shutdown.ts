// Graceful shutdown on SIGTERM (Kubernetes, Docker, systemd) and SIGINT: the replica answers not-ready, keeps
// serving for a short delay so load balancers stop sending it traffic, stops listening, lets requests in flight
// finish (all of it within DRAIN_DEADLINE_MS of the signal), leaves Settings > Instances, closes its database pool
// and exits 0.
import { db } from "@/lib/db";
import { removeHeartbeat } from "./instances";
import { processState } from "./process-state";
import { requestTracker } from "./requests";

/** In-flight requests get at most this long after the signal; then the process exits anyway. */
export const DRAIN_DEADLINE_MS = 10_000;
/** Default of KEYWAY_SHUTDOWN_DELAY_MS: serving on (readiness 503) before the listener closes. */
export const DEFAULT_SHUTDOWN_DELAY_MS = 2_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function shutdownDelayMs(): number {
  const raw = Number(process.env.KEYWAY_SHUTDOWN_DELAY_MS ?? DEFAULT_SHUTDOWN_DELAY_MS);
  return Number.isFinite(raw) ? Math.min(Math.max(raw, 0), DRAIN_DEADLINE_MS) : DEFAULT_SHUTDOWN_DELAY_MS;
}

async function bounded(what: string, work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      work,
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("timeout")), ms))),
    ]);
  } catch (error) {
    console.error(`[keyway] shutdown: ${what} failed: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

export async function drainAndExit(signal: string, stopTimers: () => void): Promise<never> {
  const state = processState();
  if (state.draining) return new Promise<never>(() => undefined); // a second signal changes nothing
  const started = Date.now();
  state.draining = true;
  stopTimers();
  const tracker = requestTracker();
  console.log(`[keyway] ${signal}: draining (not ready; ${tracker.inFlight} request(s) in flight)`);
  await sleep(shutdownDelayMs());
  for (const server of tracker.servers) {
    server.close();
    server.closeIdleConnections();
  }
  while (tracker.inFlight > 0 && Date.now() - started < DRAIN_DEADLINE_MS) await sleep(50);
  const cut = tracker.inFlight;
  await bounded("leaving the instance list", removeHeartbeat(), 1_000);
  await bounded("closing the database pool", db.$disconnect(), 2_000);
  console.log(
    `[keyway] stopped after ${Date.now() - started} ms: ${cut === 0 ? "every request finished" : `${cut} request(s) cut off`}, database pool closed`,
  );
  process.exit(0);
}
