// Alert webhooks (KEYWAY_ALERT_WEBHOOK_URL): events are queued in the database in the transaction that records them
// (AlertDelivery), then POSTed as JSON by housekeeping under a lease (one replica at a time), retried with backoff.
// Each request is signed: `Keyway-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` keyed with
// KEYWAY_ALERT_WEBHOOK_SECRET. Sent through lib/http/outbound.ts (the same address policy as IdP requests).
import "server-only";
import { createHmac, randomUUID } from "node:crypto";
import { type Db, db as defaultDb, type Tx } from "@/lib/db";
import { OutboundError, outboundRequest } from "@/lib/http/outbound";
import { logLine } from "@/lib/log";

/** Seconds to wait after failed attempt 1, 2, …; after the last one Keyway gives up on that delivery. */
export const ALERT_RETRY_DELAYS_S = [5, 30, 120, 600, 1800] as const;
export const ALERT_TIMEOUT_MS = 5_000;
export const SIGNATURE_HEADER = "keyway-signature";

export function alertWebhook(env: NodeJS.ProcessEnv = process.env): { url: string; secret: string } | null {
  const url = env.KEYWAY_ALERT_WEBHOOK_URL?.trim();
  const secret = env.KEYWAY_ALERT_WEBHOOK_SECRET ?? "";
  // Why never unsigned: a receiver must be able to tell Keyway's alerts from anyone's (startup refuses this too).
  return url && secret ? { url, secret } : null;
}

/** `t=<seconds>,v1=<hex>`: HMAC-SHA256 over "<t>.<body>", so a receiver can also refuse old (replayed) requests. */
export function signAlert(secret: string, body: string, at = new Date()): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`;
}

/** Queues one event inside the caller's transaction (nothing when no webhook is configured). Returns its id. */
export async function enqueueAlertIn(
  tx: Tx,
  event: { type: string } & Record<string, unknown>,
  now = new Date(),
): Promise<string | null> {
  if (!alertWebhook()) return null;
  const id = randomUUID();
  await tx.alertDelivery.create({
    data: { id, payload: JSON.stringify({ id, ...event }), nextAttemptAt: now },
    select: { id: true },
  });
  return id;
}

/** Housekeeping: sends every due delivery once; a failed one waits its backoff, the last failure gives up. */
export async function deliverDueAlerts(
  db: Db = defaultDb,
  now = new Date(),
  webhook = alertWebhook(),
): Promise<number> {
  if (!webhook) return 0;
  const due = await db.alertDelivery.findMany({
    where: { deliveredAt: null, abandonedAt: null, nextAttemptAt: { lte: now } },
    orderBy: { createdAt: "asc" },
    take: 20,
  });
  let delivered = 0;
  for (const row of due) {
    const attempt = row.attempts + 1;
    const type = (JSON.parse(row.payload) as { type?: string }).type ?? "alert";
    let error: string | null = null;
    try {
      const answer = await outboundRequest(webhook.url, {
        method: "POST",
        body: row.payload,
        timeoutMs: ALERT_TIMEOUT_MS,
        maxBytes: 16 * 1024,
        headers: {
          "content-type": "application/json",
          [SIGNATURE_HEADER]: signAlert(webhook.secret, row.payload),
          "keyway-event": type,
          "keyway-delivery": row.id,
          "keyway-delivery-attempt": String(attempt),
        },
      });
      if (answer.status < 200 || answer.status >= 300) error = `HTTP ${answer.status}`;
    } catch (e) {
      if (!(e instanceof OutboundError)) throw e;
      error = e.message;
    }
    if (!error) {
      delivered += 1;
      await db.alertDelivery.update({ where: { id: row.id }, data: { attempts: attempt, deliveredAt: new Date() } });
      continue;
    }
    const delay = ALERT_RETRY_DELAYS_S[attempt - 1];
    console.error(logLine`[keyway] alert webhook delivery ${row.id} attempt ${String(attempt)} failed: ${error}`);
    await db.alertDelivery.update({
      where: { id: row.id },
      data: {
        attempts: attempt,
        lastError: error.slice(0, 300),
        ...(delay === undefined
          ? { abandonedAt: new Date() }
          : { nextAttemptAt: new Date(now.getTime() + delay * 1000) }),
      },
    });
  }
  return delivered;
}

/** Delivered or abandoned deliveries older than a week go (housekeeping). */
export function pruneAlertDeliveries(db: Db = defaultDb, now = new Date()) {
  const weekAgo = new Date(now.getTime() - 7 * 24 * 60 * 60_000);
  return db.alertDelivery.deleteMany({
    where: { createdAt: { lt: weekAgo }, OR: [{ deliveredAt: { not: null } }, { abandonedAt: { not: null } }] },
  });
}
