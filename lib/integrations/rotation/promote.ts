// Promote next secret: the next client secret becomes the current one (the old one is dropped), one version bump,
// audited, in one transaction.
import "server-only";
import { type Actor, audit } from "@/lib/audit";
import { type Db, db as defaultDb } from "@/lib/db";
import { ConflictError, NotFoundError, StaleWriteError } from "@/lib/errors";
import { STALE_INTEGRATION_MESSAGE } from "../schema";
import { bumpConfigVersion } from "../service";
import { ensureHistoryBaselineIn, recordLiveVersionIn } from "../rollout/history";
import { noteCurrentSecretIn, tokenOriginOf } from "./secrets";

export const NO_NEXT_SECRET = "This integration has no next client secret to promote.";

export async function promoteNextSecret(
  actor: Actor,
  registrationId: string,
  { version }: { version?: number } = {},
  db: Db = defaultDb,
) {
  return db.$transaction(async (tx) => {
    const row = await tx.integration.findUnique({
      where: { registrationId },
      select: { id: true, version: true, tokenUri: true },
    });
    if (!row) throw new NotFoundError("Integration");
    if (version !== undefined && version !== row.version) throw new StaleWriteError(STALE_INTEGRATION_MESSAGE);
    const next = await tx.integrationSecret.findUnique({
      where: { integrationId_kind_slot: { integrationId: row.id, kind: "client_secret", slot: "next" } },
      omit: { secretSealed: false },
    });
    if (!next?.secretSealed) throw new ConflictError(NO_NEXT_SECRET);
    // Why: a secret is never sent to an origin other than the one it was entered for.
    if (next.tokenOrigin !== tokenOriginOf(row.tokenUri)) {
      throw new ConflictError(
        `The next secret was entered for ${next.tokenOrigin}, but the Token URI is now at ${tokenOriginOf(row.tokenUri)}. Enter it again.`,
      );
    }
    await ensureHistoryBaselineIn(tx, row.id);
    const saved = await tx.integration.updateMany({
      where: { id: row.id, version: row.version },
      data: {
        clientSecretSealed: next.secretSealed,
        // Why: a new client secret re-binds the client, as an edit of the secret does; it is a key setting, so the
        // promoter must cover the linked accounts it signs in (linking-rules.ts, linkStillTrusted).
        identityConfiguredById: actor.id,
        keysConfiguredById: actor.id,
        keysConfiguredAt: new Date(),
        version: { increment: 1 },
      },
    });
    if (saved.count === 0) throw new StaleWriteError(STALE_INTEGRATION_MESSAGE);
    await noteCurrentSecretIn(tx, row.id, actor, next);
    await tx.integrationSecret.delete({
      where: { integrationId_kind_slot: { integrationId: row.id, kind: "client_secret", slot: "next" } },
    });
    const configVersion = await bumpConfigVersion(tx);
    await recordLiveVersionIn(tx, row.id, actor, "secret-promote");
    await audit(tx, {
      actor,
      action: "integration.secret_promote",
      targetType: "integration",
      targetId: registrationId,
      details: {
        changes: { clientSecret: "changed", nextClientSecret: { from: "set", to: "promoted to current" } },
        nextAddedAt: next.addedAt?.toISOString() ?? null,
        nextLastAcceptedAt: next.lastAcceptedAt?.toISOString() ?? null,
        configVersion,
      },
    });
    return { registrationId, version: row.version + 1 };
  });
}
