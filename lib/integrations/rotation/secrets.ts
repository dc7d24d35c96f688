// Two live client secrets during a rotation: the current one (Integration.clientSecretSealed) and an optional next one
// (IntegrationSecret slot "next", sealed), each with when it was added and when the IdP last accepted or refused it.
// Writes run inside the caller's transaction (the edit that sets them); sign-ins report verdicts fire-and-forget.
import "server-only";
import type { Actor } from "@/lib/audit";
import { seal, unseal } from "@/lib/crypto/seal";
import { type Db, db as defaultDb, type Tx } from "@/lib/db";
import { logLine } from "@/lib/log";
import { promotionSuggested, type SecretsStatus } from "./status";

const KIND = "client_secret";
type Client = Db | Tx;

/** The origin a secret travels to: the Token URI's. */
export const tokenOriginOf = (tokenUri: string) => new URL(tokenUri).origin;

const key = (integrationId: string, slot: "current" | "next") => ({
  integrationId_kind_slot: { integrationId, kind: KIND, slot },
});

/** The current secret was replaced (create, edit with a new secret, promotion, rollback): its bookkeeping starts over. */
export async function noteCurrentSecretIn(
  tx: Tx,
  integrationId: string,
  actor: Actor,
  from: { addedAt: Date | null; addedByEmail: string | null; lastAcceptedAt: Date | null } | null = null,
) {
  const data = {
    addedAt: from ? from.addedAt : new Date(),
    addedByEmail: from ? from.addedByEmail : actor.email,
    lastAcceptedAt: from?.lastAcceptedAt ?? null,
    lastRejectedAt: null,
    acceptedAfterRejection: 0,
  };
  await tx.integrationSecret.upsert({
    where: key(integrationId, "current"),
    create: { integrationId, kind: KIND, slot: "current", ...data },
    update: data,
  });
}

export type NextSecretChange = "added" | "replaced" | "removed" | "removed (the Token URI's origin changed)";

/**
 * Applies an edit's next-secret fields inside its transaction and says what changed (for the audit diff). A next
 * secret is bound to the origin of the Token URI it was entered with; one entered for another origin is dropped.
 */
export async function applyNextSecretIn(
  tx: Tx,
  integrationId: string,
  actor: Actor,
  input: { nextClientSecret?: string; removeNextClientSecret?: boolean; tokenUri: string },
): Promise<NextSecretChange | null> {
  const existing = await tx.integrationSecret.findUnique({
    where: key(integrationId, "next"),
    select: { tokenOrigin: true },
  });
  const origin = tokenOriginOf(input.tokenUri);
  if (input.nextClientSecret) {
    const data = {
      secretSealed: seal(input.nextClientSecret),
      tokenOrigin: origin,
      addedAt: new Date(),
      addedByEmail: actor.email,
      lastAcceptedAt: null,
      lastRejectedAt: null,
      acceptedAfterRejection: 0,
    };
    await tx.integrationSecret.upsert({
      where: key(integrationId, "next"),
      create: { integrationId, kind: KIND, slot: "next", ...data },
      update: data,
    });
    // Why: Keyway sends this secret on its own (on invalid_client): whoever sets it configured the client.
    // It is a key setting like the current secret: the one who sets it bounds the linked accounts it signs in.
    await tx.integration.update({
      where: { id: integrationId },
      data: { identityConfiguredById: actor.id, keysConfiguredById: actor.id, keysConfiguredAt: new Date() },
    });
    return existing ? "replaced" : "added";
  }
  if (!existing) return null;
  if (input.removeNextClientSecret) {
    await tx.integrationSecret.delete({ where: key(integrationId, "next") });
    return "removed";
  }
  // Why: a secret is never sent to an origin other than the one it was entered for.
  if (existing.tokenOrigin !== origin) {
    await tx.integrationSecret.delete({ where: key(integrationId, "next") });
    return "removed (the Token URI's origin changed)";
  }
  return null;
}

/** Next secrets of every integration, sealed, for the sign-in providers (one query per provider rebuild). */
export async function loadNextSecretsForAuth(client: Client = defaultDb) {
  const rows = await client.integrationSecret.findMany({
    where: { kind: KIND, slot: "next" },
    select: { integrationId: true, secretSealed: true, tokenOrigin: true },
  });
  return new Map(rows.map((r) => [r.integrationId, r]));
}

/** The next secret in clear, only when it was entered for `tokenUri`'s origin; else undefined. Server-side only. */
export function usableNextSecret(
  next: { secretSealed: string | null; tokenOrigin: string | null } | undefined | null,
  tokenUri: string,
): string | undefined {
  if (!next?.secretSealed || next.tokenOrigin !== tokenOriginOf(tokenUri)) return undefined;
  return unseal(next.secretSealed);
}

/** The saved next secret of one integration, for Check connection (same origin rule). */
export async function nextSecretFor(integrationId: string, tokenUri: string, client: Client = defaultDb) {
  const row = await client.integrationSecret.findUnique({
    where: key(integrationId, "next"),
    select: { secretSealed: true, tokenOrigin: true },
  });
  return usableNextSecret(row, tokenUri);
}

/** Per secret: added, last accepted, last refused; and whether to offer Promote next secret. Never a secret. */
export async function secretsStatus(
  integration: { id: string; tokenUri: string },
  client: Client = defaultDb,
): Promise<SecretsStatus> {
  const rows = await client.integrationSecret.findMany({
    where: { integrationId: integration.id, kind: KIND },
    select: {
      slot: true,
      tokenOrigin: true,
      addedAt: true,
      addedByEmail: true,
      lastAcceptedAt: true,
      lastRejectedAt: true,
      acceptedAfterRejection: true,
    },
  });
  const c = rows.find((r) => r.slot === "current");
  const n = rows.find((r) => r.slot === "next");
  const current = {
    addedAt: c?.addedAt ?? null,
    lastAcceptedAt: c?.lastAcceptedAt ?? null,
    lastRejectedAt: c?.lastRejectedAt ?? null,
  };
  const next = n
    ? {
        addedAt: n.addedAt,
        addedByEmail: n.addedByEmail,
        lastAcceptedAt: n.lastAcceptedAt,
        lastRejectedAt: n.lastRejectedAt,
        acceptedAfterRejection: n.acceptedAfterRejection,
        usable: n.tokenOrigin === tokenOriginOf(integration.tokenUri),
      }
    : null;
  return { current, next, promotionSuggested: promotionSuggested(current, next) };
}

export type ClientAuthOutcome = { slot: "current" | "next"; accepted: boolean };

// "Current accepted" is the common case (every sign-in): written at most once a minute per integration and process.
const CURRENT_ACCEPTED_EVERY_MS = 60_000;
const lastCurrentAccepted = new Map<string, number>();

/** Records what the IdP said to each secret a token request tried (in order). Never throws. */
export async function recordClientAuth(
  integrationId: string,
  outcomes: ClientAuthOutcome[],
  { db = defaultDb, now = new Date() }: { db?: Db; now?: Date } = {},
): Promise<void> {
  try {
    for (const [i, { slot, accepted }] of outcomes.entries()) {
      if (slot === "current") {
        if (accepted) {
          const last = lastCurrentAccepted.get(integrationId) ?? 0;
          if (now.getTime() - last < CURRENT_ACCEPTED_EVERY_MS) continue;
          lastCurrentAccepted.set(integrationId, now.getTime());
        } else lastCurrentAccepted.delete(integrationId);
        const data = accepted ? { lastAcceptedAt: now } : { lastRejectedAt: now };
        await db.integrationSecret.upsert({
          where: key(integrationId, "current"),
          create: { integrationId, kind: KIND, slot: "current", addedAt: null, ...data },
          update: data,
        });
      } else {
        const afterRejection = accepted && outcomes[i - 1]?.slot === "current" && !outcomes[i - 1]?.accepted;
        // updateMany: the next secret may have been promoted or removed meanwhile.
        await db.integrationSecret.updateMany({
          where: { integrationId, kind: KIND, slot: "next" },
          data: accepted
            ? { lastAcceptedAt: now, ...(afterRejection ? { acceptedAfterRejection: { increment: 1 } } : {}) }
            : { lastRejectedAt: now },
        });
      }
    }
  } catch (error) {
    // Bookkeeping only: a sign-in never fails because of it.
    console.error(logLine`[keyway] client secret bookkeeping for ${integrationId} failed: ${(error as Error).message}`);
  }
}
