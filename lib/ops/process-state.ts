// What this server process is and what it serves, kept once per process on globalThis: Next.js bundles a module
// into every route that imports it, so module-level variables would exist once per bundle, not once per process.
import { randomBytes } from "node:crypto";
import os from "node:os";

export type ServedConfig = { version: number; loaded: number; skipped: number; at: Date };

type ProcessState = {
  /** This replica's id on Settings > Instances: host name, process id and a random suffix (pids repeat). */
  instanceId: string;
  startedAt: Date;
  /** Set on SIGTERM: readiness answers 503 while in-flight requests finish (lib/ops/shutdown.ts). */
  draining: boolean;
  /** The newest config version this process has loaded sign-in providers for (provider-registry.ts). */
  served: ServedConfig | null;
};

const KEY = Symbol.for("keyway.processState");

export function processState(): ProcessState {
  const holder = globalThis as { [KEY]?: ProcessState };
  return (holder[KEY] ??= {
    instanceId: `${os.hostname()}-${process.pid}-${randomBytes(2).toString("hex")}`,
    startedAt: new Date(),
    draining: false,
    served: null,
  });
}

/** Called by every build of the provider registry (each bundle may hold its own registry): the newest version wins. */
export function noteServedConfig(version: number, loaded: number, skipped: number): void {
  const state = processState();
  if (!state.served || version >= state.served.version) state.served = { version, loaded, skipped, at: new Date() };
}
