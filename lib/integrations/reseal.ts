// `keyway secrets:reseal`: re-seal every client secret with the current sealing key, so the previous key can be
// dropped (KEYWAY_SEALING_KEY_PREVIOUS). Idempotent (secrets already under the current key are left alone); each
// re-sealed integration is written, audited and announced to every instance (config version) in one transaction.
import "server-only";
import { type Actor, audit } from "@/lib/audit";
import { seal, sealedKeyId, sealingKeys, unseal } from "@/lib/crypto/seal";
import { type Db, db as sharedDb } from "@/lib/db";
import { bumpConfigVersion } from "./service";

export type ResealReport = {
  keyId: string;
  resealed: string[];
  current: string[];
  /** Integrations whose secret opens with none of the configured keys. */
  failed: { registrationId: string; keyId: string | null }[];
};

export async function resealSecrets(
  actor: Actor,
  { db = sharedDb, keys = sealingKeys() }: { db?: Db; keys?: ReturnType<typeof sealingKeys> } = {},
): Promise<ResealReport> {
  const report: ResealReport = { keyId: keys.current.id, resealed: [], current: [], failed: [] };
  const rows = await db.integration.findMany({
    select: { id: true, registrationId: true, clientSecretSealed: true },
    orderBy: { createdAt: "asc" },
  });
  for (const row of rows) {
    const from = sealedKeyId(row.clientSecretSealed);
    let plaintext: string;
    try {
      plaintext = unseal(row.clientSecretSealed, keys);
    } catch {
      report.failed.push({ registrationId: row.registrationId, keyId: from });
      continue;
    }
    if (from === keys.current.id) {
      report.current.push(row.registrationId);
      continue;
    }
    const written = await db.$transaction(async (tx) => {
      // Only if nobody saved a new secret meanwhile (theirs is sealed with the current key already).
      const { count } = await tx.integration.updateMany({
        where: { id: row.id, clientSecretSealed: row.clientSecretSealed },
        data: { clientSecretSealed: seal(plaintext, keys) },
      });
      if (count === 0) return false;
      const configVersion = await bumpConfigVersion(tx);
      await audit(tx, {
        actor,
        action: "integration.reseal_secret",
        targetType: "integration",
        targetId: row.registrationId,
        details: { fromKeyId: from, keyId: keys.current.id, configVersion },
      });
      return true;
    });
    (written ? report.resealed : report.current).push(row.registrationId);
  }
  return report;
}
