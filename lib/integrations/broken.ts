// Integrations Keyway cannot use as configured: today, one whose client secret cannot be decrypted with the
// configured sealing keys (KEYWAY_SEALING_KEY dropped or replaced before `keyway secrets:reseal` ran). Such an
// integration is shown as Broken (list, page), gets no button on the sign-in screen, and is a reason the readiness
// probe may report. Checked once per config version per instance (a key change needs a restart anyway).
import "server-only";
import { sealingKeys, unseal } from "@/lib/crypto/seal";
import { db } from "@/lib/db";
import { currentConfigVersion } from "./queries";

export const BROKEN_SECRET_REASON = "Broken: cannot decrypt the client secret" as const;
/** What to do about it, shown with the reason. */
export const BROKEN_SECRET_FIX =
  "The client secret was sealed with a key this server no longer has. Put the old key back as KEYWAY_SEALING_KEY_PREVIOUS, run `npm run keyway -- secrets:reseal`, then drop it; or edit the integration and enter the client secret again.";

export type BrokenIntegration = { registrationId: string; enabled: boolean; reason: string };

/** Whether `sealed` opens with the configured keys (current and previous). */
export function canUnseal(sealed: string, keys = sealingKeys()): boolean {
  try {
    unseal(sealed, keys);
    return true;
  } catch {
    return false;
  }
}

let cache: { version: number; broken: BrokenIntegration[] } | null = null;

/** Every integration (enabled or not) whose client secret this instance cannot decrypt. */
export async function brokenIntegrations(): Promise<BrokenIntegration[]> {
  const version = await currentConfigVersion();
  if (cache?.version === version) return cache.broken;
  const rows = await db.integration.findMany({
    select: { registrationId: true, enabled: true, clientSecretSealed: true },
    orderBy: { createdAt: "asc" },
  });
  const broken = rows
    .filter((row) => !canUnseal(row.clientSecretSealed))
    .map((row) => ({ registrationId: row.registrationId, enabled: row.enabled, reason: BROKEN_SECRET_REASON }));
  cache = { version, broken };
  return broken;
}

/** Registration IDs of the broken integrations, for filtering lists. */
export async function brokenRegistrationIds(): Promise<Set<string>> {
  return new Set((await brokenIntegrations()).map((b) => b.registrationId));
}
