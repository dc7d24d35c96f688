// The drift watch: re-checks an integration's IdP (observe.ts), judges the result against its configuration, its last
// good state and recent sign-ins (judge.ts), keeps the result, and — when the verdict changes — records an audit
// event and queues an alert webhook in the same transaction. Scheduled across replicas by housekeeping (lib/ops),
// so each check and each event happens once, not once per replica.
import "server-only";
import { type Actor, audit, SYSTEM_ACTOR } from "@/lib/audit";
import { publicUrl } from "@/lib/config";
import { type Db, db as defaultDb, isUniqueViolation } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { logLine } from "@/lib/log";
import { enqueueAlertIn } from "@/lib/ops/alerts";
import { metrics } from "@/lib/ops/metrics";
import { savedCheckTarget } from "../checks/target";
import { DRIFT_BURST_FAILURES, DRIFT_BURST_WINDOW_MS, DRIFT_CHECKS_KEPT } from "./config";
import { type DriftChange, type DriftState, eventKey, type FailureStats, judgeDrift, type Observation } from "./judge";
import { observeIdp } from "./observe";

export type DriftTrigger = "schedule" | "burst" | "manual";
type Options = { db?: Db; now?: Date; observe?: typeof observeIdp };

/** Failed or refused sign-ins (and successes) through one integration in the last DRIFT_BURST_WINDOW_MS. */
export async function failureStats(db: Db, registrationId: string, now: Date): Promise<FailureStats> {
  const rows = await db.signInAttempt.groupBy({
    by: ["outcome", "code"],
    where: { registrationId, createdAt: { gte: new Date(now.getTime() - DRIFT_BURST_WINDOW_MS) } },
    _count: { _all: true },
  });
  const codes: Record<string, number> = {};
  let failures = 0;
  let successes = 0;
  for (const r of rows) {
    if (r.outcome === "success") successes += r._count._all;
    else {
      failures += r._count._all;
      codes[r.code ?? "Default"] = (codes[r.code ?? "Default"] ?? 0) + r._count._all;
    }
  }
  return { failures, successes, codes, windowMin: DRIFT_BURST_WINDOW_MS / 60_000 };
}

const asChanges = (value: unknown) => (Array.isArray(value) ? (value as DriftChange[]) : []);

/** Records a verdict change: the audit event, the metric and the alert webhook (queued), in `tx`. */
async function recordEvent(
  tx: Parameters<Parameters<Db["$transaction"]>[0]>[0],
  event: {
    registrationId: string;
    state: DriftState;
    previousState: DriftState;
    since: Date;
    changes: DriftChange[];
    trigger: DriftTrigger | "accepted";
    actor?: Actor;
    now: Date;
  },
) {
  const { registrationId, state, previousState, since, changes, trigger, now } = event;
  const action =
    trigger === "accepted"
      ? "integration.drift_accepted"
      : state === "ok"
        ? "integration.drift_resolved"
        : "integration.drift_detected";
  await audit(tx, {
    actor: event.actor ?? SYSTEM_ACTOR,
    action,
    targetType: "integration",
    targetId: registrationId,
    details: { state, previousState, since: since.toISOString(), changes, trigger },
  });
  await enqueueAlertIn(
    tx,
    {
      type: "integration.drift",
      integration: registrationId,
      state,
      previousState,
      since: since.toISOString(),
      checkedAt: now.toISOString(),
      changes,
      url: `${publicUrl()}/settings/oauth-integrations/${registrationId}`,
    },
    now,
  );
  metrics().driftEvents.inc({ integration: registrationId, state });
}

/**
 * Checks one integration now and stores the result. Returns the verdict, or null when another replica recorded a
 * check of it at the same moment (then only that one's result and events count).
 */
export async function checkDrift(
  registrationId: string,
  trigger: DriftTrigger,
  { db = defaultDb, now = new Date(), observe = observeIdp }: Options = {},
) {
  const row = await db.integration.findUnique({ where: { registrationId }, select: { id: true, issuer: true } });
  if (!row) throw new NotFoundError("Integration");
  const target = await savedCheckTarget(registrationId, db);
  const [observation, failures, previous] = await Promise.all([
    observe(target, now),
    failureStats(db, registrationId, now),
    db.integrationDriftState.findUnique({ where: { integrationId: row.id } }),
  ]);
  const baseline = (previous?.baseline ?? null) as Observation | null;
  const { state, changes } = judgeDrift({ observation, configured: { issuer: row.issuer }, baseline, failures });
  const previousState = (previous?.state ?? "ok") as DriftState;
  const isEvent = eventKey(state, changes) !== eventKey(previousState, asChanges(previous?.changes));
  const since = previous && previous.state === state ? previous.since : now;
  // The IdP looked as expected: this is the new last good state.
  const good = state === "ok" || state === "people-failing";
  const data = {
    state,
    since,
    changes,
    lastCheckAt: now,
    ...(good ? { baseline: observation, baselineAt: now } : {}),
  };
  try {
    return await db.$transaction(async (tx) => {
      if (previous) {
        // Why the old lastCheckAt in the WHERE: of two replicas checking at once, only one records (and alerts).
        const saved = await tx.integrationDriftState.updateMany({
          where: { integrationId: row.id, lastCheckAt: previous.lastCheckAt },
          data,
        });
        if (saved.count === 0) return null;
      } else {
        await tx.integrationDriftState.create({ data: { integrationId: row.id, ...data } });
      }
      await tx.integrationDriftCheck.create({
        data: { integrationId: row.id, checkedAt: now, trigger, state, changes, observation },
        select: { id: true },
      });
      const old = await tx.integrationDriftCheck.findMany({
        where: { integrationId: row.id },
        orderBy: { checkedAt: "desc" },
        skip: DRIFT_CHECKS_KEPT,
        select: { id: true },
      });
      if (old.length) await tx.integrationDriftCheck.deleteMany({ where: { id: { in: old.map((r) => r.id) } } });
      if (isEvent) await recordEvent(tx, { registrationId, state, previousState, since, changes, trigger, now });
      metrics().driftChecks.inc({ state });
      return { state, since, changes, event: isEvent };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return null; // another replica created the first state row at the same moment
    throw error;
  }
}

async function checkEach(db: Db, ids: string[], trigger: DriftTrigger, now: Date): Promise<string[]> {
  const checked: string[] = [];
  // A few at a time: one slow IdP must not hold up the others, nor hundreds of IdPs be probed at once.
  const queue = [...ids];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      try {
        if (await checkDrift(id, trigger, { db, now })) checked.push(id);
      } catch (error) {
        console.error(logLine`[keyway] drift check of ${id} failed: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return checked.sort();
}

/** The scheduled run: every enabled integration. */
export async function runDriftWatch(db: Db = defaultDb, now = new Date()): Promise<string[]> {
  const rows = await db.integration.findMany({ where: { enabled: true }, select: { registrationId: true } });
  return checkEach(
    db,
    rows.map((r) => r.registrationId),
    "schedule",
    now,
  );
}

/** After a sign-in failure burst: enabled integrations with DRIFT_BURST_FAILURES failures since their last check. */
export async function runDriftBursts(db: Db = defaultDb, now = new Date()): Promise<string[]> {
  const windowStart = new Date(now.getTime() - DRIFT_BURST_WINDOW_MS);
  const crowded = await db.signInAttempt.groupBy({
    by: ["registrationId"],
    where: { outcome: { not: "success" }, createdAt: { gte: windowStart } },
    _count: { _all: true },
    having: { registrationId: { _count: { gte: DRIFT_BURST_FAILURES } } },
  });
  const due: string[] = [];
  for (const { registrationId } of crowded) {
    const integration = await db.integration.findUnique({
      where: { registrationId },
      select: { enabled: true, driftState: { select: { lastCheckAt: true } } },
    });
    if (!integration?.enabled) continue;
    const last = integration.driftState?.lastCheckAt;
    const since = last && last > windowStart ? last : windowStart;
    const fresh = await db.signInAttempt.count({
      where: { registrationId, outcome: { not: "success" }, createdAt: { gt: since } },
    });
    if (fresh >= DRIFT_BURST_FAILURES) due.push(registrationId);
  }
  return checkEach(db, due, "burst", now);
}

/**
 * Accept current state: the latest observation becomes the last good state (e.g. the IdP's new keys). Drift measured
 * against configuration (issuer, refused client) comes back at the next check until the configuration is fixed.
 */
export async function acceptDrift(actor: Actor, registrationId: string, db: Db = defaultDb, now = new Date()) {
  return db.$transaction(async (tx) => {
    const row = await tx.integration.findUnique({
      where: { registrationId },
      select: { id: true, driftState: true },
    });
    if (!row) throw new NotFoundError("Integration");
    const state = row.driftState;
    if (!state || state.state !== "drifted") throw new ConflictError("There is no drift to accept.");
    const last = await tx.integrationDriftCheck.findFirst({
      where: { integrationId: row.id },
      orderBy: { checkedAt: "desc" },
      select: { observation: true },
    });
    await tx.integrationDriftState.update({
      where: { integrationId: row.id },
      data: {
        state: "ok",
        since: now,
        changes: [],
        baseline: last?.observation ?? state.baseline ?? undefined,
        baselineAt: now,
      },
    });
    await recordEvent(tx, {
      registrationId,
      state: "ok",
      previousState: "drifted",
      since: now,
      changes: asChanges(state.changes),
      trigger: "accepted",
      actor,
      now,
    });
    return { registrationId };
  });
}

/** The verdict the list, the page and the API show; null before the first check. */
export async function driftOf(integrationId: string, db: Db = defaultDb) {
  const row = await db.integrationDriftState.findUnique({
    where: { integrationId },
    select: { state: true, since: true, changes: true, lastCheckAt: true },
  });
  return row ? { ...row, state: row.state as DriftState, changes: asChanges(row.changes) } : null;
}

/** Verdicts of many integrations at once (the list). */
export async function driftStates(integrationIds: string[], db: Db = defaultDb) {
  const rows = await db.integrationDriftState.findMany({
    where: { integrationId: { in: integrationIds } },
    select: { integrationId: true, state: true, since: true },
  });
  return new Map(rows.map((r) => [r.integrationId, { state: r.state as DriftState, since: r.since }]));
}

/** The newest kept results of one integration. */
export function recentDriftChecks(integrationId: string, take = 10, db: Db = defaultDb) {
  return db.integrationDriftCheck.findMany({
    where: { integrationId },
    orderBy: { checkedAt: "desc" },
    take,
    select: { id: true, checkedAt: true, trigger: true, state: true, changes: true },
  });
}
