// The configurations an integration served: after every write that changes its settings or secret, the new live
// configuration (settings + sealed secret) is kept as a version, so Roll back can restore an earlier one. Bounded to
// the newest KEPT_VERSIONS per integration. The live configuration itself is always the Integration row
// (liveConfigOf), never a draft.
import "server-only";
import type { Actor } from "@/lib/audit";
import { type Db, db as defaultDb, type Tx } from "@/lib/db";
import { CLAIM_SETTINGS_DEFAULTS } from "../claims";
import { EDITABLE_FIELDS } from "../diff";

export const KEPT_VERSIONS = 20;

export type VersionReason = "baseline" | "create" | "update" | "draft-promote" | "rollback" | "secret-promote";

const liveSelect = {
  id: true,
  registrationId: true,
  provider: true,
  version: true,
  clientSecretSealed: true,
  ...EDITABLE_FIELDS,
  emailDomains: { select: { domain: true } },
} as const;

/** Every setting of a configuration (the Edit form's fields but Registration ID, provider and secret). */
export type ConfigValues = Record<keyof typeof EDITABLE_FIELDS, string | boolean> & { emailDomains: string[] };

/**
 * A configuration kept as JSON (a draft, a kept version): settings added since it was saved read as their defaults,
 * so a draft or version from before the claim settings existed restores them to what they were then.
 */
export function storedConfigValues(json: unknown): ConfigValues {
  return { ...CLAIM_SETTINGS_DEFAULTS, ...(json as ConfigValues) };
}

function valuesOf(row: Record<string, unknown> & { emailDomains: { domain: string }[] }): ConfigValues {
  const values = Object.fromEntries(Object.keys(EDITABLE_FIELDS).map((k) => [k, row[k]]));
  return { ...values, emailDomains: row.emailDomains.map((d) => d.domain).sort() } as ConfigValues;
}

/**
 * The live configuration of an integration (what sign-ins use now), with its sealed secret — for history, rollback
 * and a config export, which must include only live versions. Null when there is no such integration.
 */
export async function liveConfigOf(where: { id: string } | { registrationId: string }, client: Db | Tx = defaultDb) {
  const row = await client.integration.findUnique({ where, select: liveSelect });
  if (!row) return null;
  return {
    id: row.id,
    registrationId: row.registrationId,
    provider: row.provider,
    version: row.version,
    secretSealed: row.clientSecretSealed,
    values: valuesOf(row),
  };
}
export type LiveConfig = NonNullable<Awaited<ReturnType<typeof liveConfigOf>>>;

async function keep(tx: Tx, live: LiveConfig, actor: Actor | null, reason: VersionReason) {
  await tx.integrationConfigVersion.upsert({
    where: { integrationId_version: { integrationId: live.id, version: live.version } },
    create: {
      integrationId: live.id,
      version: live.version,
      values: live.values,
      secretSealed: live.secretSealed,
      reason,
      createdByEmail: actor?.email ?? null,
    },
    update: { values: live.values, secretSealed: live.secretSealed, reason, createdByEmail: actor?.email ?? null },
  });
}

/**
 * Before a write: an integration saved before history existed gets its current configuration kept first, so its
 * first change can be rolled back too.
 */
export async function ensureHistoryBaselineIn(tx: Tx, integrationId: string): Promise<void> {
  if ((await tx.integrationConfigVersion.count({ where: { integrationId } })) > 0) return;
  const live = await liveConfigOf({ id: integrationId }, tx);
  if (live) await keep(tx, live, null, "baseline");
}

/** After a write, in its transaction: keeps the configuration now live as a version and prunes the oldest. */
export async function recordLiveVersionIn(tx: Tx, integrationId: string, actor: Actor, reason: VersionReason) {
  const live = await liveConfigOf({ id: integrationId }, tx);
  if (!live) return;
  await keep(tx, live, actor, reason);
  const old = await tx.integrationConfigVersion.findMany({
    where: { integrationId },
    orderBy: { version: "desc" },
    skip: KEPT_VERSIONS,
    select: { id: true },
  });
  if (old.length > 0) await tx.integrationConfigVersion.deleteMany({ where: { id: { in: old.map((r) => r.id) } } });
}

/** The kept versions, newest first (no secrets). */
export function listConfigVersions(integrationId: string, client: Db = defaultDb) {
  return client.integrationConfigVersion.findMany({
    where: { integrationId },
    orderBy: { version: "desc" },
    select: { version: true, reason: true, createdAt: true, createdByEmail: true, values: true },
  });
}
