// Built sign-in providers, cached by the config version that every integration write bumps: one cheap version
// read per request; secrets are unsealed only when something changed. Several instances stay coherent because
// each reads the shared version.
import "server-only";
import type { Provider } from "next-auth/providers/index";
import { unseal } from "@/lib/crypto/seal";
import { currentConfigVersion, loadEnabledIntegrationsForAuth } from "@/lib/integrations/queries";
import { logLine } from "@/lib/log";
import { buildOidcProvider } from "./oidc-provider";

type Built = { version: number; providers: Map<string, Provider> };

let cache: Built | null = null;
let building: Promise<Built> | null = null;
let builds = 0;

async function build(version: number): Promise<Built> {
  const rows = await loadEnabledIntegrationsForAuth();
  const providers = new Map<string, Provider>();
  for (const row of rows) {
    try {
      providers.set(row.registrationId, buildOidcProvider(row, unseal(row.clientSecretSealed)));
    } catch (error) {
      // One undecryptable row (e.g. a rotated-away key) must not take every other integration down.
      console.error(logLine`[keyway] integration ${row.registrationId} skipped: ${(error as Error).message}`);
    }
  }
  builds += 1;
  return { version, providers };
}

export async function ssoProviders(): Promise<Map<string, Provider>> {
  const version = await currentConfigVersion();
  if (cache?.version === version) return cache.providers;
  if (!building) {
    building = build(version).finally(() => {
      building = null;
    });
  }
  const built = await building;
  // A concurrent build may have read an older version; the next request rebuilds if so.
  if (built.version === version) cache = built;
  return built.providers;
}

/** The provider for one Registration ID (used to resolve a callback), or undefined. */
export async function ssoProvider(registrationId: string) {
  return (await ssoProviders()).get(registrationId);
}

/** For tests and the benchmark: how many times providers were rebuilt. */
export function registryStats() {
  return { builds, cachedVersion: cache?.version ?? null };
}
