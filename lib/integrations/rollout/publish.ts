// Making a staged or an earlier configuration live: Promote draft and Roll back. Each is one transaction through the
// same write step as Edit (writeIntegrationUpdate: optimistic version, domains, identity and key configurers), one config
// version bump, the configuration kept as a version, and an audit event with the field diff.
import "server-only";
import { type Actor, audit } from "@/lib/audit";
import { integrationSchemaPolicy } from "@/lib/config";
import { unseal } from "@/lib/crypto/seal";
import { type Db, db as defaultDb, isUniqueViolation, type Tx } from "@/lib/db";
import { ConflictError, NotFoundError, StaleWriteError, ValidationError } from "@/lib/errors";
import { fieldErrorsOf } from "@/lib/authz/action";
import { type IntegrationEditValues, integrationEditSchema, STALE_INTEGRATION_MESSAGE } from "../schema";
import { bumpConfigVersion, integrationBeforeSelect, writeIntegrationUpdate } from "../service";
import { applyNextSecretIn, noteCurrentSecretIn } from "../rotation/secrets";
import { draftAsEdit } from "./draft";
import { storedConfigValues, ensureHistoryBaselineIn, recordLiveVersionIn } from "./history";

type Publish = {
  action: "integration.draft_promote" | "integration.rollback";
  reason: "draft-promote" | "rollback";
  /** The edit to apply, read inside the transaction. */
  edit: (tx: Tx, live: { id: string; version: number; provider: string }) => Promise<IntegrationEditValues>;
  /** Extra audit details, read after `edit` ran. */
  details?: () => Record<string, unknown>;
  after?: (tx: Tx, integrationId: string) => Promise<void>;
};

async function publish(
  actor: Actor,
  registrationId: string,
  version: number | undefined,
  { action, reason, edit, details = () => ({}), after }: Publish,
  db: Db,
) {
  try {
    return await db.$transaction(async (tx) => {
      const before = await tx.integration.findUnique({
        where: { registrationId },
        select: { ...integrationBeforeSelect, clientSecretSealed: true, provider: true },
      });
      if (!before) throw new NotFoundError("Integration");
      if (version !== undefined && version !== before.version) throw new StaleWriteError(STALE_INTEGRATION_MESSAGE);
      const values = await edit(tx, before);
      if (!values.issuer) throw new ValidationError({ issuer: "Enter the Issuer." });
      // An unchanged secret is not re-sealed or reported as changed.
      const secretChanged = !!values.clientSecret && values.clientSecret !== unseal(before.clientSecretSealed);
      const input = { ...values, clientSecret: secretChanged ? values.clientSecret : "", version: before.version };
      await ensureHistoryBaselineIn(tx, before.id);
      // Who promotes or rolls back changes the key settings as an Edit would: writeIntegrationUpdate records them as
      // the identity and key configurer when those settings change, and ends sessions on an issuer change.
      const { changes, sessionsEnded } = await writeIntegrationUpdate(tx, actor, before, {
        ...input,
        issuer: values.issuer,
      });
      if (secretChanged) await noteCurrentSecretIn(tx, before.id, actor);
      // A next secret entered for another Token URI origin is dropped.
      const next = await applyNextSecretIn(tx, before.id, actor, { tokenUri: values.tokenUri });
      if (next) changes.nextClientSecret = { from: "set", to: next };
      await after?.(tx, before.id);
      const configVersion = await bumpConfigVersion(tx);
      await recordLiveVersionIn(tx, before.id, actor, reason);
      await audit(tx, {
        actor,
        action,
        targetType: "integration",
        targetId: registrationId,
        details: { changes, ...details(), configVersion, ...(sessionsEnded ? { sessionsEnded } : {}) },
      });
      return { registrationId, version: before.version + 1, changes };
    });
  } catch (error) {
    // Another integration took one of the domains meanwhile: the primary key decides.
    if (isUniqueViolation(error))
      throw new ConflictError("One of its email domains is now used by another integration.", {
        field: "emailDomains",
      });
    throw error;
  }
}

/** Promote draft: the draft becomes the live configuration; the draft is gone. */
export function promoteDraft(
  actor: Actor,
  registrationId: string,
  { version }: { version?: number } = {},
  db: Db = defaultDb,
) {
  return publish(
    actor,
    registrationId,
    version,
    {
      action: "integration.draft_promote",
      reason: "draft-promote",
      edit: (tx) => draftAsEdit(tx, registrationId),
      after: async (tx, integrationId) => {
        await tx.integrationDraft.delete({ where: { integrationId } });
      },
    },
    db,
  );
}

export const NOTHING_TO_ROLL_BACK = "No earlier configuration of this integration is kept.";

/**
 * Roll back: restores a kept configuration (its settings and sealed secret) — by default the one live before the
 * current one. The restored configuration becomes a new version, so a roll back can itself be rolled back.
 */
export function rollbackIntegration(
  actor: Actor,
  registrationId: string,
  { version, toVersion }: { version?: number; toVersion?: number } = {},
  db: Db = defaultDb,
) {
  let restored = 0;
  return publish(
    actor,
    registrationId,
    version,
    {
      action: "integration.rollback",
      reason: "rollback",
      edit: async (tx, live) => {
        const kept = await tx.integrationConfigVersion.findMany({
          where: { integrationId: live.id },
          orderBy: { version: "desc" },
          omit: { secretSealed: false },
        });
        // The newest kept version is the live configuration; the default target is the one before it.
        const target = toVersion === undefined ? kept[1] : kept.slice(1).find((v) => v.version === toVersion);
        if (!target)
          throw new ConflictError(toVersion === undefined ? NOTHING_TO_ROLL_BACK : `Version ${toVersion} is not kept.`);
        restored = target.version;
        const parsed = integrationEditSchema(integrationSchemaPolicy()).safeParse({
          ...storedConfigValues(target.values),
          provider: live.provider,
          registrationId,
          clientSecret: unseal(target.secretSealed),
          version: live.version,
        });
        if (!parsed.success)
          throw new ValidationError(fieldErrorsOf(parsed.error), "That configuration is not valid any more.");
        return parsed.data;
      },
      details: () => ({ restoredVersion: restored }),
    },
    db,
  ).then((result) => ({ ...result, restoredVersion: restored }));
}
