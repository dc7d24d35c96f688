// The IdPs' signing keys, cached per integration and shared by every request of this instance: fetched once,
// kept for a TTL, refetched when a token names an unknown `kid` (at most once per cooldown per integration, so a
// flood of forged tokens cannot make Keyway hammer the IdP), and the last good keys kept while the JWKS is
// briefly unreachable. A changed JWK Set URI starts a fresh entry. Key selection and checks are jose's.
import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";
import { fetchJson } from "@/lib/http/outbound";
import { type JwksFetchReason, metrics } from "@/lib/ops/metrics";
import { SignInCheckError } from "./sign-in-errors";

export type KeyCacheOptions = {
  /** Keys older than this are refetched before use. */
  ttlMs: number;
  /** At most one unknown-`kid` refetch per integration in this window. */
  refetchCooldownMs: number;
  /** While the JWKS cannot be fetched, keys up to ttlMs + maxStaleMs old are still used. */
  maxStaleMs: number;
  now: () => number;
  fetchJwks: (uri: string) => Promise<unknown>;
};

type Entry = {
  integrationId: string;
  uri: string;
  keys: JWTVerifyGetKey | null;
  fetchedAt: number;
  lastKidRefetchAt: number | null;
  inflight: Promise<void> | null;
};

export const DEFAULT_KEY_CACHE: KeyCacheOptions = {
  ttlMs: 10 * 60_000,
  refetchCooldownMs: 30_000,
  maxStaleMs: 60 * 60_000,
  now: Date.now,
  fetchJwks: (uri) => fetchJson(uri),
};

export function createSigningKeyCache(options: KeyCacheOptions = DEFAULT_KEY_CACHE) {
  const entries = new Map<string, Entry>();
  let fetches = 0;

  /** One fetch at a time per integration: concurrent callers wait for the same request. */
  function refresh(entry: Entry, reason: JwksFetchReason): Promise<void> {
    entry.inflight ??= (async () => {
      fetches += 1;
      metrics().jwksFetches.inc({ integration: entry.integrationId, reason });
      const jwks = await options.fetchJwks(entry.uri);
      // createLocalJWKSet validates the shape; a malformed answer counts as a failed fetch.
      entry.keys = createLocalJWKSet(jwks as JSONWebKeySet);
      entry.fetchedAt = options.now();
    })().finally(() => {
      entry.inflight = null;
    });
    return entry.inflight;
  }

  function entryFor(integrationId: string, uri: string): Entry {
    const existing = entries.get(integrationId);
    if (existing?.uri === uri) return existing;
    // Why: keys fetched from an old URI must never verify tokens for the new configuration.
    const fresh: Entry = { integrationId, uri, keys: null, fetchedAt: 0, lastKidRefetchAt: null, inflight: null };
    entries.set(integrationId, fresh);
    return fresh;
  }

  async function usableKeys(entry: Entry): Promise<JWTVerifyGetKey> {
    const age = options.now() - entry.fetchedAt;
    if (entry.keys && age <= options.ttlMs) return entry.keys;
    try {
      await refresh(entry, entry.keys ? "expired" : "first");
    } catch (error) {
      if (entry.keys && age <= options.ttlMs + options.maxStaleMs) return entry.keys;
      throw new SignInCheckError(
        "JWKS_UNAVAILABLE",
        `signing keys could not be fetched from ${entry.uri}: ${(error as Error).message}`,
      );
    }
    return entry.keys!;
  }

  return {
    /** A jose key resolver for one integration's tokens. */
    resolver(integrationId: string, jwksUri: string): JWTVerifyGetKey {
      return async (header, token) => {
        const entry = entryFor(integrationId, jwksUri);
        const keys = await usableKeys(entry);
        try {
          return await keys(header, token);
        } catch (error) {
          if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
          const now = options.now();
          // Why: a refetch per unknown kid would let anyone with a forged token make Keyway flood the IdP.
          if (entry.lastKidRefetchAt !== null && now - entry.lastKidRefetchAt < options.refetchCooldownMs) throw error;
          entry.lastKidRefetchAt = now;
          try {
            await refresh(entry, "unknown_kid");
          } catch {
            throw error;
          }
          return entry.keys!(header, token);
        }
      };
    },
    stats: () => ({ fetches, integrations: entries.size }),
  };
}

export type SigningKeyCache = ReturnType<typeof createSigningKeyCache>;

// One cache per process, also across Next.js route bundles and dev reloads.
const GLOBAL_KEY = Symbol.for("keyway.signingKeys");
export function signingKeys(): SigningKeyCache {
  const holder = globalThis as { [GLOBAL_KEY]?: SigningKeyCache };
  return (holder[GLOBAL_KEY] ??= createSigningKeyCache());
}
