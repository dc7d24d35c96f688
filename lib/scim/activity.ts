// Per-integration SCIM activity for Settings: one small row per request outcome (never a body or a token),
// pruned on write so the table stays bounded.
import "server-only";
import { type Db, db as defaultDb } from "@/lib/db";
import { logLine } from "@/lib/log";

export const ACTIVITY_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
const PRUNE_EVERY = 50;
let writes = 0;

export type ScimActivityKind = "created" | "updated" | "deactivated" | "deleted" | "read" | "group" | "error";

export async function recordScimActivity(
  integrationId: string,
  kind: ScimActivityKind,
  status: number,
  { db = defaultDb, now = new Date() }: { db?: Db; now?: Date } = {},
): Promise<void> {
  try {
    await db.scimActivity.create({ data: { integrationId, kind, status, createdAt: now } });
    writes += 1;
    if (writes % PRUNE_EVERY === 0) {
      await db.scimActivity.deleteMany({
        where: { createdAt: { lt: new Date(now.getTime() - ACTIVITY_RETENTION_MS) } },
      });
    }
  } catch (error) {
    // Stats must never fail the provisioning request they describe.
    console.error(logLine`[keyway] could not record SCIM activity: ${error}`);
  }
}

export type ScimStats = {
  lastCallAt: Date | null;
  created: number;
  updated: number;
  deactivated: number;
  errors: number;
  lastErrorAt: Date | null;
};

/** Last call and the last 24 h's counts for one integration. */
export async function scimStats(integrationId: string, { db = defaultDb, now = new Date() } = {}): Promise<ScimStats> {
  const since = new Date(now.getTime() - 24 * 60 * 60 * 1000);
  const [grouped, lastError, provisioning] = await Promise.all([
    db.scimActivity.groupBy({
      by: ["kind"],
      where: { integrationId, createdAt: { gte: since } },
      _count: { _all: true },
    }),
    db.scimActivity.findFirst({
      where: { integrationId, kind: "error" },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    }),
    db.scimProvisioning.findUnique({ where: { integrationId }, select: { lastCallAt: true } }),
  ]);
  const count = (kind: ScimActivityKind) => grouped.find((g) => g.kind === kind)?._count._all ?? 0;
  return {
    lastCallAt: provisioning?.lastCallAt ?? null,
    created: count("created"),
    updated: count("updated"),
    deactivated: count("deactivated") + count("deleted"),
    errors: count("error"),
    lastErrorAt: lastError?.createdAt ?? null,
  };
}
