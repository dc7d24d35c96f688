// Settings > Instances: every running replica writes a heartbeat row; the page lists the rows seen recently.
import "server-only";
import { type Db, db as defaultDb } from "@/lib/db";
import { KEYWAY_VERSION, NODE_VERSION } from "./build-info";
import { processState } from "./process-state";

/** Each replica refreshes its row this often. */
export const HEARTBEAT_INTERVAL_MS = 5_000;
/** A replica not seen for this long is dead and drops off Settings > Instances (three missed heartbeats). */
export const INSTANCE_TIMEOUT_MS = 15_000;
/** Rows of dead replicas are deleted after this long (housekeeping). */
export const INSTANCE_FORGET_MS = 60 * 60_000;

/** Writes this replica's heartbeat row: who it is and the config version it serves. */
export async function writeHeartbeat(db: Db = defaultDb, now = new Date()): Promise<void> {
  const { instanceId, startedAt, draining, served } = processState();
  const fields = {
    version: KEYWAY_VERSION,
    nodeVersion: NODE_VERSION,
    lastSeenAt: now,
    configVersion: served?.version ?? null,
    integrationsLoaded: served?.loaded ?? 0,
    integrationsSkipped: served?.skipped ?? 0,
    draining,
  };
  await db.instance.upsert({
    where: { id: instanceId },
    create: { id: instanceId, startedAt, ...fields },
    update: fields,
    select: { id: true },
  });
}

/** On shutdown: this replica leaves the list at once instead of after the timeout. */
export async function removeHeartbeat(db: Db = defaultDb): Promise<void> {
  await db.instance.deleteMany({ where: { id: processState().instanceId } });
}

export async function forgetDeadInstances(db: Db = defaultDb, now = new Date()): Promise<number> {
  const { count } = await db.instance.deleteMany({
    where: { lastSeenAt: { lt: new Date(now.getTime() - INSTANCE_FORGET_MS) } },
  });
  return count;
}

export const instanceSelect = {
  id: true,
  version: true,
  nodeVersion: true,
  startedAt: true,
  lastSeenAt: true,
  configVersion: true,
  integrationsLoaded: true,
  integrationsSkipped: true,
  draining: true,
} as const;

/** Replicas seen within INSTANCE_TIMEOUT_MS, oldest first. */
export function listLiveInstances(db: Db = defaultDb, now = new Date()) {
  return db.instance.findMany({
    where: { lastSeenAt: { gte: new Date(now.getTime() - INSTANCE_TIMEOUT_MS) } },
    select: instanceSelect,
    orderBy: [{ startedAt: "asc" }, { id: "asc" }],
  });
}
export type LiveInstance = Awaited<ReturnType<typeof listLiveInstances>>[number];

/** "2 of 2 instances on config version 42": how many live replicas serve the current version. */
export function instancesSummary(instances: Pick<LiveInstance, "configVersion">[], configVersion: number): string {
  const current = instances.filter((i) => i.configVersion === configVersion).length;
  return `${current} of ${instances.length} instance${instances.length === 1 ? "" : "s"} on config version ${configVersion}`;
}
