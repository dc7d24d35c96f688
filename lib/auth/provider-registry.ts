// Built sign-in providers and each integration's linking settings, cached by the config version that every
// integration write bumps (in the write's transaction): one cheap version read per request; secrets are unsealed
// only when something changed. Several instances stay coherent because each reads the shared version.
import "server-only";
import type { Provider } from "next-auth/providers/index";
import { unseal } from "@/lib/crypto/seal";
import { currentConfigVersion, loadEnabledIntegrationsForAuth } from "@/lib/integrations/queries";
import { rotationFor } from "@/lib/integrations/rotation/for-auth";
import { logLine } from "@/lib/log";
import { noteServedConfig } from "@/lib/ops/process-state";
import { type LinkingSettings, linkingSettingsOf } from "./linking-rules";
import { buildOidcProvider, groupsUsedBy } from "./oidc-provider";

type Built = { version: number; providers: Map<string, Provider>; linking: Map<string, LinkingSettings> };

let cache: Built | null = null;
let building: Promise<Built> | null = null;
let builds = 0;

async function build(version: number): Promise<Built> {
  const [rows, rotation] = await Promise.all([loadEnabledIntegrationsForAuth(), rotationFor()]);
  const providers = new Map<string, Provider>();
  const linking = new Map<string, LinkingSettings>();
  for (const row of rows) {
    try {
      const config = { ...row, groupsUsed: groupsUsedBy(row, row.groupMappings.length) };
      providers.set(row.registrationId, buildOidcProvider(config, unseal(row.clientSecretSealed), rotation(row)));
      linking.set(row.registrationId, linkingSettingsOf(row));
    } catch (error) {
      // One undecryptable row (e.g. a rotated-away key) must not take every other integration down.
      console.error(logLine`[keyway] integration ${row.registrationId} skipped: ${(error as Error).message}`);
    }
  }
  builds += 1;
  noteServedConfig(version, providers.size, rows.length - providers.size);
  return { version, providers, linking };
}

/** The providers loaded for exactly `version` (a restored database may go back to a lower version). */
async function loadedFor(version: number): Promise<Built> {
  // Bounded: a pass returns, or waits out a build in flight for another version and then starts its own.
  for (let pass = 0; pass < 3; pass += 1) {
    if (cache?.version === version) return cache;
    building ??= build(version).finally(() => {
      building = null;
    });
    const built = await building;
    if (built.version === version) return (cache = built);
  }
  return build(version);
}

export async function ssoProviders(): Promise<Map<string, Provider>> {
  return (await loadedFor(await currentConfigVersion())).providers;
}

/** The provider for one Registration ID (used to resolve a callback), or undefined. */
export async function ssoProvider(registrationId: string) {
  return (await ssoProviders()).get(registrationId);
}

/**
 * The linking settings of an enabled integration as of the providers this instance last loaded, without a version
 * read: for the sign-in callback, whose request has just read the version to resolve its provider. Undefined when
 * not loaded (callers then read the database).
 */
export function loadedLinkingSettings(registrationId: string): LinkingSettings | undefined {
  return cache?.linking.get(registrationId);
}

/** For tests and the benchmark: how many times providers were rebuilt. */
export function registryStats() {
  return { builds, cachedVersion: cache?.version ?? null };
}
