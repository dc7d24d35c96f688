// `keyway secrets:reseal`: re-seal every sealed client secret with the current sealing key, so the previous key can be
// dropped (KEYWAY_SEALING_KEY_PREVIOUS): the live secret, the next secret of a rotation, a draft's secret and every
// kept configuration version (Roll back needs them). Idempotent (secrets already under the current key are left
// alone); each integration with a re-sealed secret is written, audited and announced to every instance (config
// version) in one transaction.
import "server-only";
import { type Actor, audit } from "@/lib/audit";
import { seal, sealedKeyId, sealingKeys, unseal } from "@/lib/crypto/seal";
import { type Db, db as sharedDb, type Tx } from "@/lib/db";
import { bumpConfigVersion } from "./service";

type Keys = ReturnType<typeof sealingKeys>;

/** Where a sealed secret of an integration lives; `label` names it in the report and the audit event. */
type SealedSecret = {
  label: string;
  sealed: string;
  /** Writes the re-sealed value only if the stored one is still `sealed`; false when someone wrote meanwhile. */
  swap(tx: Tx, resealed: string): Promise<boolean>;
};

export type ResealReport = {
  keyId: string;
  /** Integrations with at least one secret re-sealed by this run. */
  resealed: string[];
  /** Secrets re-sealed by this run, and secrets found under the current key already. */
  counts: { resealed: number; current: number };
  /** Integrations whose secrets were all under the current key already. */
  current: string[];
  /** Secrets that open with none of the configured keys (`what`: client secret, next client secret, draft, version N). */
  failed: { registrationId: string; keyId: string | null; what: string }[];
};

async function sealedSecretsOf(db: Db, integrationId: string, live: string): Promise<SealedSecret[]> {
  const [next, draft, versions] = await Promise.all([
    db.integrationSecret.findMany({
      where: { integrationId, secretSealed: { not: null } },
      select: { kind: true, slot: true, secretSealed: true },
    }),
    db.integrationDraft.findUnique({ where: { integrationId }, select: { secretSealed: true } }),
    db.integrationConfigVersion.findMany({
      where: { integrationId },
      select: { id: true, version: true, secretSealed: true },
      orderBy: { version: "asc" },
    }),
  ]);
  const changed = ({ count }: { count: number }) => count > 0;
  return [
    {
      label: "client secret",
      sealed: live,
      swap: (tx, resealed) =>
        tx.integration
          .updateMany({
            where: { id: integrationId, clientSecretSealed: live },
            data: { clientSecretSealed: resealed },
          })
          .then(changed),
    },
    ...next.map((row): SealedSecret => ({
      label: row.kind === "client_key" ? `${row.slot} private key` : `${row.slot} client secret`,
      sealed: row.secretSealed!,
      swap: (tx, resealed) =>
        tx.integrationSecret
          .updateMany({
            where: { integrationId, kind: row.kind, slot: row.slot, secretSealed: row.secretSealed },
            data: { secretSealed: resealed },
          })
          .then(changed),
    })),
    ...(draft?.secretSealed
      ? [
          {
            label: "draft client secret",
            sealed: draft.secretSealed,
            swap: (tx: Tx, resealed: string) =>
              tx.integrationDraft
                .updateMany({
                  where: { integrationId, secretSealed: draft.secretSealed },
                  data: { secretSealed: resealed },
                })
                .then(changed),
          },
        ]
      : []),
    ...versions.map((row): SealedSecret => ({
      label: `version ${row.version} client secret`,
      sealed: row.secretSealed,
      swap: (tx, resealed) =>
        tx.integrationConfigVersion
          .updateMany({ where: { id: row.id, secretSealed: row.secretSealed }, data: { secretSealed: resealed } })
          .then(changed),
    })),
  ];
}

export async function resealSecrets(
  actor: Actor,
  { db = sharedDb, keys = sealingKeys() }: { db?: Db; keys?: Keys } = {},
): Promise<ResealReport> {
  const report: ResealReport = {
    keyId: keys.current.id,
    resealed: [],
    current: [],
    failed: [],
    counts: { resealed: 0, current: 0 },
  };
  const rows = await db.integration.findMany({
    select: { id: true, registrationId: true, clientSecretSealed: true },
    orderBy: { createdAt: "asc" },
  });
  for (const row of rows) {
    const toReseal: { secret: SealedSecret; resealed: string; fromKeyId: string | null }[] = [];
    for (const secret of await sealedSecretsOf(db, row.id, row.clientSecretSealed)) {
      const fromKeyId = sealedKeyId(secret.sealed);
      if (fromKeyId === keys.current.id) {
        report.counts.current++;
        continue;
      }
      try {
        toReseal.push({ secret, resealed: seal(unseal(secret.sealed, keys), keys), fromKeyId });
      } catch {
        report.failed.push({ registrationId: row.registrationId, keyId: fromKeyId, what: secret.label });
      }
    }
    const written =
      toReseal.length > 0 &&
      (await db.$transaction(async (tx) => {
        // Each value only if nobody saved a new one meanwhile (theirs is sealed with the current key already).
        const swapped = [];
        for (const item of toReseal) if (await item.secret.swap(tx, item.resealed)) swapped.push(item);
        report.counts.current += toReseal.length - swapped.length;
        if (swapped.length === 0) return false;
        report.counts.resealed += swapped.length;
        const configVersion = await bumpConfigVersion(tx);
        await audit(tx, {
          actor,
          action: "integration.reseal_secret",
          targetType: "integration",
          targetId: row.registrationId,
          details: {
            fromKeyId: [...new Set(swapped.map((s) => s.fromKeyId))].join(", "),
            keyId: keys.current.id,
            secrets: swapped.map((s) => s.secret.label),
            configVersion,
          },
        });
        return true;
      }));
    if (written) report.resealed.push(row.registrationId);
    else if (!report.failed.some((f) => f.registrationId === row.registrationId))
      report.current.push(row.registrationId);
  }
  return report;
}
