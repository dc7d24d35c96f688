// Health records: one row per sign-in attempt through an integration (outcome + named code, nothing secret),
// bounded to the last 30 days and the newest 200 per integration (pruned by housekeeping), and the summaries pages
// show.
import "server-only";
import { type Db, db as defaultDb, type Tx } from "@/lib/db";
import { type AttemptOutcome, healthOf, type HealthState, outcomeOfCode } from "./health";

export const ATTEMPT_RETENTION_DAYS = 30;
export const ATTEMPTS_KEPT_PER_INTEGRATION = 200;
const DAY_MS = 24 * 60 * 60 * 1000;

type Client = Db | Tx;

/** The insert of one attempt (`code` null for a success), unsent: callers put it in their transaction or batch. */
export function attemptInsert(
  client: Client,
  registrationId: string,
  code: string | null,
  at: Date,
  /** A success's person and the groups the IdP sent (Simulate replays them; no tokens are kept). */
  who: { userId: string; groups: string | null } | null = null,
) {
  const outcome: AttemptOutcome = code ? outcomeOfCode(code) : "success";
  return client.signInAttempt.create({
    data: { registrationId, outcome, code, createdAt: at, ...(who ?? {}) },
    select: { id: true },
  });
}

/**
 * Housekeeping, scheduled across replicas (lib/ops/housekeeping.ts), never on the sign-in path: deletes attempts
 * older than ATTEMPT_RETENTION_DAYS, then all but the newest ATTEMPTS_KEPT_PER_INTEGRATION of each integration that
 * has more (one grouped count finds those, so quiet integrations cost nothing). Returns how many rows went.
 */
export async function pruneSignInAttempts(client: Client, at = new Date()): Promise<number> {
  const old = await client.signInAttempt.deleteMany({
    where: { createdAt: { lt: new Date(at.getTime() - ATTEMPT_RETENTION_DAYS * DAY_MS) } },
  });
  let removed = old.count;
  const crowded = await client.signInAttempt.groupBy({
    by: ["registrationId"],
    _count: { _all: true },
    having: { registrationId: { _count: { gt: ATTEMPTS_KEPT_PER_INTEGRATION } } },
  });
  for (const { registrationId } of crowded) {
    const overflow = await client.signInAttempt.findMany({
      where: { registrationId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: ATTEMPTS_KEPT_PER_INTEGRATION,
      select: { id: true },
    });
    if (overflow.length === 0) continue;
    removed += (await client.signInAttempt.deleteMany({ where: { id: { in: overflow.map((r) => r.id) } } })).count;
  }
  return removed;
}

/** Records one attempt (`code` null for a success); housekeeping keeps the table bounded. */
export async function recordSignInAttempt(
  client: Client,
  registrationId: string,
  code: string | null,
  at = new Date(),
): Promise<void> {
  await attemptInsert(client, registrationId, code, at);
}

export type IntegrationHealth = {
  state: HealthState;
  lastSuccessAt: Date | null;
  lastFailure: { at: Date; code: string; outcome: AttemptOutcome } | null;
  last24h: { successes: number; failures: number };
};

/** Health of each given integration, from its recorded attempts (a few grouped queries for the whole list). */
export async function healthFor(
  integrations: { registrationId: string; enabled: boolean }[],
  client: Db = defaultDb,
  now = new Date(),
) {
  const ids = integrations.map((i) => i.registrationId);
  const [latest, recent, failures] = await Promise.all([
    client.signInAttempt.groupBy({
      by: ["registrationId", "outcome"],
      where: { registrationId: { in: ids } },
      _max: { createdAt: true },
    }),
    client.signInAttempt.groupBy({
      by: ["registrationId", "outcome"],
      where: { registrationId: { in: ids }, createdAt: { gte: new Date(now.getTime() - DAY_MS) } },
      _count: { _all: true },
    }),
    client.signInAttempt.findMany({
      where: { registrationId: { in: ids }, outcome: { not: "success" } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      distinct: ["registrationId"],
      select: { registrationId: true, createdAt: true, code: true, outcome: true },
    }),
  ]);
  const last = (id: string, outcome: AttemptOutcome) =>
    latest.find((r) => r.registrationId === id && r.outcome === outcome)?._max.createdAt ?? null;
  const count = (id: string, match: (o: string) => boolean) =>
    recent.filter((r) => r.registrationId === id && match(r.outcome)).reduce((n, r) => n + r._count._all, 0);
  const result = new Map<string, IntegrationHealth>();
  for (const { registrationId: id, enabled } of integrations) {
    const success = last(id, "success");
    const refused = last(id, "refused");
    const lastWorkingAt = success && refused ? (success > refused ? success : refused) : (success ?? refused);
    const failure = failures.find((f) => f.registrationId === id);
    result.set(id, {
      state: healthOf({ enabled, lastWorkingAt, lastFailedAt: last(id, "failed") }),
      lastSuccessAt: success,
      lastFailure: failure
        ? { at: failure.createdAt, code: failure.code ?? "Default", outcome: failure.outcome as AttemptOutcome }
        : null,
      last24h: { successes: count(id, (o) => o === "success"), failures: count(id, (o) => o !== "success") },
    });
  }
  return result;
}

export function recentAttempts(registrationId: string, take = 20, client: Db = defaultDb) {
  return client.signInAttempt.findMany({
    where: { registrationId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: { id: true, outcome: true, code: true, createdAt: true },
  });
}
