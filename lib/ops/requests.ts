// The HTTP servers of this process and their requests in flight, seen through http.Server's "request" event (Next
// owns the server objects): graceful shutdown stops them from listening and waits for these requests to finish.
import http from "node:http";
import { processState } from "./process-state";

type Tracker = { servers: Set<http.Server>; inFlight: number; installed: boolean };
const KEY = Symbol.for("keyway.requests");

export function requestTracker(): Tracker {
  const holder = globalThis as { [KEY]?: Tracker };
  return (holder[KEY] ??= { servers: new Set(), inFlight: 0, installed: false });
}

export function installRequestTracking(): void {
  const tracker = requestTracker();
  if (tracker.installed) return;
  tracker.installed = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const res = args[1] as http.ServerResponse;
      tracker.servers.add(this);
      tracker.inFlight += 1;
      res.once("close", () => {
        tracker.inFlight -= 1;
      });
      // While draining, no connection is kept alive for a next request: the balancer reconnects elsewhere.
      if (processState().draining) res.shouldKeepAlive = false;
    }
    return (emit as (this: http.Server, e: string | symbol, ...a: unknown[]) => boolean).call(this, event, ...args);
  } as typeof emit;
}
