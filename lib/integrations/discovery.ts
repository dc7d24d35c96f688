// Learns an IdP's issuer from its OpenID discovery document, found from the Authorization URL: its origin and
// each of its path prefixes (e.g. Keycloak's /realms/<name>). The issuer never comes from a callback or token.
import { fetchJson, OutboundError } from "@/lib/http/outbound";

// Bounded: an admin-entered URL must not become a port scanner with timing (one request per path segment).
export const MAX_DISCOVERY_CANDIDATES = 4;
export const DISCOVERY_DEADLINE_MS = 10_000;

export function discoveryCandidates(authorizationUrl: string): string[] {
  const url = new URL(authorizationUrl);
  const segments = url.pathname.split("/").filter(Boolean);
  const candidates: string[] = [];
  // Issuers sit at the origin or a short prefix (Keycloak /realms/<name>, Okta /oauth2/<server>): prefixes of at
  // most three segments, longest first, then the origin.
  for (let n = Math.min(segments.length - 1, MAX_DISCOVERY_CANDIDATES - 1); n >= 0; n--) {
    const prefix = segments.slice(0, n).join("/");
    candidates.push(`${url.origin}${prefix ? `/${prefix}` : ""}/.well-known/openid-configuration`);
  }
  return candidates;
}

export type DiscoveryResult = { issuer: string; documentUrl: string };

/** Returns the issuer of the first discovery document whose authorization_endpoint is this Authorization URL. */
export async function discoverIssuer(
  authorizationUrl: string,
  fetcher: (url: string, init: object, timeoutMs: number) => Promise<unknown> = fetchJson,
  deadlineMs = DISCOVERY_DEADLINE_MS,
): Promise<DiscoveryResult | null> {
  const giveUpAt = Date.now() + deadlineMs;
  for (const documentUrl of discoveryCandidates(authorizationUrl)) {
    // One overall deadline for all candidates together; each request gets what is left of it.
    const left = giveUpAt - Date.now();
    if (left <= 0) return null;
    let doc: unknown;
    try {
      doc = await fetcher(documentUrl, {}, left);
    } catch (error) {
      if (error instanceof OutboundError) continue;
      throw error;
    }
    const { issuer, authorization_endpoint } = (doc ?? {}) as Record<string, unknown>;
    // Only trust a document that describes this very authorization endpoint, on the same origin.
    if (typeof issuer === "string" && URL.canParse(issuer) && authorization_endpoint === authorizationUrl) {
      return { issuer, documentUrl };
    }
  }
  return null;
}
