// Sign-in throttling with exponential backoff, per account and per client address. In memory, per server process:
// several instances each throttle on their own (documented in docs/security.md). Bounded in size.
export type ThrottleRule = { freeFailures: number; baseSeconds: number; maxSeconds: number };

export const ACCOUNT_RULE: ThrottleRule = { freeFailures: 5, baseSeconds: 1, maxSeconds: 15 * 60 };
export const ADDRESS_RULE: ThrottleRule = { freeFailures: 20, baseSeconds: 1, maxSeconds: 15 * 60 };
const FORGET_AFTER_MS = 60 * 60 * 1000;
const MAX_ENTRIES = 50_000;

type Entry = { failures: number; blockedUntil: number; lastFailure: number };

export class Throttle {
  private entries = new Map<string, Entry>();
  constructor(private readonly rule: ThrottleRule) {}

  /** Seconds until `key` may try again (0: now). */
  retryAfter(key: string, now = Date.now()): number {
    const entry = this.entries.get(key);
    if (!entry) return 0;
    if (now - entry.lastFailure > FORGET_AFTER_MS) {
      this.entries.delete(key);
      return 0;
    }
    return Math.max(0, Math.ceil((entry.blockedUntil - now) / 1000));
  }

  fail(key: string, now = Date.now()): void {
    const entry = this.entries.get(key) ?? { failures: 0, blockedUntil: 0, lastFailure: now };
    entry.failures += 1;
    entry.lastFailure = now;
    const over = entry.failures - this.rule.freeFailures;
    // Backoff doubles with each failure past the free ones: 1 s, 2 s, 4 s … capped.
    if (over > 0)
      entry.blockedUntil = now + 1000 * Math.min(this.rule.maxSeconds, this.rule.baseSeconds * 2 ** (over - 1));
    this.entries.delete(key);
    this.entries.set(key, entry);
    // Attacker-chosen keys (emails, addresses) must not grow memory without bound: drop the oldest.
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** Takes back one counted failure (an attempt that turned out to succeed). */
  refund(key: string): void {
    const entry = this.entries.get(key);
    if (entry && entry.failures > 0) entry.failures -= 1;
  }

  succeed(key: string): void {
    this.entries.delete(key);
  }
}
