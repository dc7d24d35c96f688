// Started once per server process by instrumentation.ts: the heartbeat (Settings > Instances), housekeeping under
// database leases, request tracking and graceful shutdown.
import { ssoProviders } from "@/lib/auth/provider-registry";
import { housekeepingTickMs, runHousekeeping } from "./housekeeping";
import { HEARTBEAT_INTERVAL_MS, writeHeartbeat } from "./instances";
import { drainAndExit } from "./shutdown";
import { installRequestTracking } from "./requests";

let heartbeatFailures = 0;

async function heartbeat(): Promise<void> {
  try {
    // Loads (or confirms) the providers of the current config version, so the row tells what this replica serves.
    await ssoProviders();
  } catch {
    // the heartbeat still says the replica lives; readiness reports why it cannot serve
  }
  try {
    await writeHeartbeat();
    heartbeatFailures = 0;
  } catch (error) {
    // Logged once per outage, not every 5 s.
    if (heartbeatFailures++ === 0) console.error(`[keyway] heartbeat failed: ${(error as Error).message}`);
  }
}

export function startOps(): void {
  installRequestTracking();
  const timers: NodeJS.Timeout[] = [];
  void heartbeat();
  timers.push(setInterval(() => void heartbeat(), HEARTBEAT_INTERVAL_MS));
  const tick = () => void runHousekeeping();
  // The first tick soon after start, then every tick with jitter so replicas started together do not align.
  timers.push(setTimeout(tick, 5_000 + Math.random() * 5_000));
  const every = housekeepingTickMs();
  timers.push(setInterval(tick, every + Math.random() * (every / 4)));
  for (const t of timers) t.unref();
  const stopTimers = () => timers.forEach((t) => clearInterval(t));
  // Why take the signals over: without NEXT_MANUAL_SIG_HANDLE, `next start` registered handlers that close the
  // listener at once (no not-ready phase), leave the database pool open and exit 143.
  // (`next dev` keeps its own handling.)
  if (process.env.NODE_ENV !== "production") return;
  if (!process.env.NEXT_MANUAL_SIG_HANDLE) {
    process.removeAllListeners("SIGTERM");
    process.removeAllListeners("SIGINT");
  }
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void drainAndExit(signal, stopTimers));
}
