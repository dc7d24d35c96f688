// Sign-in throttling, shared by every instance through the database (ThrottleCounter rows), so N replicas allow no
// more guesses than one. A rule counts failures per key: "backoff" rules block for 1 s, 2 s, 4 s … once the free
// failures are used up; "ceiling" rules allow a fixed number of failures per window. Any code that guards a way in
// counts its failures here: `countFailure(kind, key)`, `retryAfter(kind, key)`, or `gate()` for check-and-count.
import "server-only";
import { createHash } from "node:crypto";
import { db as sharedDb, type Db, type Tx } from "@/lib/db";

export type BackoffRule = {
  type: "backoff";
  freeFailures: number;
  baseSeconds: number;
  maxSeconds: number;
  /** A quiet key (no failure for this long) starts again from zero. */
  forgetAfterSeconds: number;
};
export type CeilingRule = { type: "ceiling"; limit: number; windowSeconds: number };
export type ThrottleRule = BackoffRule | CeilingRule;

const HOUR = 60 * 60;

export const THROTTLE_RULES = {
  // One address guessing many accounts (password spraying).
  "password:address": {
    type: "backoff",
    freeFailures: 20,
    baseSeconds: 1,
    maxSeconds: 15 * 60,
    forgetAfterSeconds: HOUR,
  },
  // Why a ceiling per account from every address: a guess spread over many addresses still meets a limit. A fixed
  // window, not a backoff: one address trickling failures (≤ ~18 in its first hour, then ~4 an hour under its own
  // backoff) can never reach it, so it cannot lock the owner out.
  "password:account": { type: "ceiling", limit: 100, windowSeconds: HOUR },
  // Why per account AND address: a backoff keyed on the account alone let anyone keep any account (break-glass
  // included) locked against its right password with one wrong guess per window; from another address it gets in.
  "password:account-address": {
    type: "backoff",
    freeFailures: 5,
    baseSeconds: 1,
    maxSeconds: 15 * 60,
    forgetAfterSeconds: HOUR,
  },
  // Refused back-channel logout tokens from one address (forgeries, replays): the IdP's own never fail.
  "backchannel:address": {
    type: "backoff",
    freeFailures: 20,
    baseSeconds: 1,
    maxSeconds: 15 * 60,
    forgetAfterSeconds: HOUR,
  },
} as const satisfies Record<string, ThrottleRule>;
export type ThrottleKind = keyof typeof THROTTLE_RULES;

/** What a counter row holds (the part the rules read). */
export type CounterState = { failures: number; windowStart: Date | null; lastFailureAt: Date | null };

const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));

/** The failures that still count at `now` (a forgotten run or a past window counts as none). */
export function liveFailures(rule: ThrottleRule, state: CounterState | null, now: Date): number {
  if (!state || state.failures <= 0) return 0;
  if (rule.type === "backoff") {
    const last = state.lastFailureAt?.getTime() ?? 0;
    return now.getTime() - last > rule.forgetAfterSeconds * 1000 ? 0 : state.failures;
  }
  const start = state.windowStart?.getTime() ?? 0;
  return now.getTime() - start >= rule.windowSeconds * 1000 ? 0 : state.failures;
}

/** Seconds until this counter lets an attempt through (0: now). Pure: the database only stores the state. */
export function secondsBlocked(rule: ThrottleRule, state: CounterState | null, now: Date): number {
  const failures = liveFailures(rule, state, now);
  if (!state || failures === 0) return 0;
  if (rule.type === "backoff") {
    const over = failures - rule.freeFailures;
    if (over <= 0) return 0;
    // Doubles with each failure past the free ones: 1 s, 2 s, 4 s … capped.
    const blockMs = 1000 * Math.min(rule.maxSeconds, rule.baseSeconds * 2 ** (over - 1));
    return seconds(state.lastFailureAt!.getTime() + blockMs - now.getTime());
  }
  if (failures < rule.limit) return 0;
  return seconds(state.windowStart!.getTime() + rule.windowSeconds * 1000 - now.getTime());
}

/** The state after one more failure at `now`. */
export function afterFailure(rule: ThrottleRule, state: CounterState | null, now: Date): CounterState {
  const failures = liveFailures(rule, state, now);
  return {
    failures: failures + 1,
    windowStart: failures === 0 ? now : (state!.windowStart ?? now),
    lastFailureAt: now,
  };
}

/** Why hashed: keys are attacker-chosen text (emails, addresses); the row id has a fixed length and holds neither. */
export function counterId(kind: ThrottleKind, key: string): string {
  return createHash("sha256").update(`${kind}\u0000${key}`).digest("hex");
}

export type ThrottleKey = { kind: ThrottleKind; key: string };
/** `now`: a fixed clock for tests; by default the time is read once the counters are locked, not before (an
 * attempt that queued behind others must not judge their blocks by the time it arrived). */
type Options = { db?: Db; now?: Date };

const stateSelect = { failures: true, windowStart: true, lastFailureAt: true, auditedAt: true } as const;

// Prisma's default interactive-transaction wait (2 s) is short for a burst of attempts queueing on one row.
const TX_OPTIONS = { maxWait: 10_000, timeout: 10_000 };

/** Creates the counter row if needed and locks it for the rest of the transaction (PostgreSQL row lock; SQLite has one
 * writer). The same statement on both databases. */
async function lockCounter(tx: Tx, kind: ThrottleKind, id: string) {
  await tx.$executeRaw`INSERT INTO "ThrottleCounter" ("id", "kind") VALUES (${id}, ${kind})
    ON CONFLICT ("id") DO UPDATE SET "kind" = excluded."kind"`;
  return tx.throttleCounter.findUniqueOrThrow({ where: { id }, select: stateSelect });
}

export type GateResult =
  | { allowed: true }
  /** `audit`: the first throttled attempt of this block for some key: write one audit row (later ones write none). */
  | { allowed: false; retryAfter: number; audit: boolean; kinds: ThrottleKind[] };

const RULE_ORDER = Object.keys(THROTTLE_RULES) as ThrottleKind[];

/**
 * Check-and-count in one transaction: if none of `keys` blocks, one failure is counted on each (before the costly
 * check runs, so parallel attempts cannot all slip through; take it back with `clearFailures`/`refundFailure`);
 * otherwise nothing is counted. Keys are locked in THROTTLE_RULES order, the same for every caller (no deadlock
 * between two attempts sharing keys); at the first blocking key the rest are only read, never created.
 */
export async function gate(keys: ThrottleKey[], { db = sharedDb, now: fixed }: Options = {}): Promise<GateResult> {
  const ordered = [...keys].sort((a, b) => RULE_ORDER.indexOf(a.kind) - RULE_ORDER.indexOf(b.kind));
  return db.$transaction(async (tx) => {
    const locked: { id: string; kind: ThrottleKind; state: CounterState }[] = [];
    let now = fixed ?? new Date();
    for (const [index, { kind, key }] of ordered.entries()) {
      const id = counterId(kind, key);
      const state = await lockCounter(tx, kind, id);
      if (!fixed) now = new Date();
      const wait = secondsBlocked(THROTTLE_RULES[kind], state, now);
      if (wait > 0) {
        // The block began with the counter's last failure: audit the first throttled attempt after it, only.
        const audit = !state.auditedAt || state.auditedAt < state.lastFailureAt!;
        if (audit) await tx.throttleCounter.update({ where: { id }, data: { auditedAt: now } });
        // The wait told is the longest of every key's, so "try again in N s" is true when N s have passed.
        let longest = wait;
        const kinds = [kind];
        for (const rest of ordered.slice(index + 1)) {
          const other = await tx.throttleCounter.findUnique({
            where: { id: counterId(rest.kind, rest.key) },
            select: stateSelect,
          });
          const otherWait = secondsBlocked(THROTTLE_RULES[rest.kind], other, now);
          if (otherWait > 0) kinds.push(rest.kind);
          longest = Math.max(longest, otherWait);
        }
        return { allowed: false, retryAfter: longest, audit, kinds };
      }
      locked.push({ id, kind, state });
    }
    for (const { id, kind, state } of locked) {
      await tx.throttleCounter.update({ where: { id }, data: afterFailure(THROTTLE_RULES[kind], state, now) });
    }
    return { allowed: true } as const;
  }, TX_OPTIONS);
}

/** Seconds until `key` may try again under `kind` (0: now). Reads only. */
export async function retryAfter(kind: ThrottleKind, key: string, { db = sharedDb, now = new Date() }: Options = {}) {
  const state = await db.throttleCounter.findUnique({ where: { id: counterId(kind, key) }, select: stateSelect });
  return secondsBlocked(THROTTLE_RULES[kind], state, now);
}

/** Counts one failure for `key` under `kind` and returns the seconds it must now wait (0: none). */
export async function countFailure(kind: ThrottleKind, key: string, { db = sharedDb, now: fixed }: Options = {}) {
  return db.$transaction(async (tx) => {
    const id = counterId(kind, key);
    const state = await lockCounter(tx, kind, id);
    const now = fixed ?? new Date();
    const next = afterFailure(THROTTLE_RULES[kind], state, now);
    await tx.throttleCounter.update({ where: { id }, data: next });
    return secondsBlocked(THROTTLE_RULES[kind], next, now);
  }, TX_OPTIONS);
}

/** Forgets every failure of `key` under `kind` (e.g. the right password for this account from this address). */
export async function clearFailures(kind: ThrottleKind, key: string, { db = sharedDb }: Options = {}) {
  await db.throttleCounter.deleteMany({ where: { id: counterId(kind, key) } });
}

/** Takes back one counted failure (an attempt counted before it was checked, which then succeeded). */
export async function refundFailure(kind: ThrottleKind, key: string, { db = sharedDb }: Options = {}) {
  await db.throttleCounter.updateMany({
    where: { id: counterId(kind, key), failures: { gt: 0 } },
    data: { failures: { decrement: 1 } },
  });
}

/** How long a counter can matter after its last failure: rows older than this (or with no failure) are pruned. */
export const THROTTLE_HORIZON_SECONDS = Math.max(
  ...Object.values(THROTTLE_RULES).map((rule: ThrottleRule) =>
    rule.type === "backoff" ? Math.max(rule.forgetAfterSeconds, rule.maxSeconds) : rule.windowSeconds,
  ),
);

/** Deletes counters that can no longer block anyone. One indexed statement; run by housekeeping, not per request. */
export async function pruneThrottleCounters(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.throttleCounter.deleteMany({
    where: {
      OR: [{ failures: 0 }, { lastFailureAt: { lt: new Date(now.getTime() - THROTTLE_HORIZON_SECONDS * 1000) } }],
    },
  });
  return count;
}
