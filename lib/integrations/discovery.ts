// Learns an IdP's issuer from its OpenID discovery document, found from the Authorization URL: its origin and
// each of its path prefixes (e.g. Keycloak's /realms/<name>). The issuer never comes from a callback or token.
import { fetchJson, OutboundError } from "@/lib/http/outbound";

export function discoveryCandidates(authorizationUrl: string): string[] {
  const url = new URL(authorizationUrl);
  const segments = url.pathname.split("/").filter(Boolean);
  const candidates: string[] = [];
  for (let n = segments.length - 1; n >= 0; n--) {
    const prefix = segments.slice(0, n).join("/");
    candidates.push(`${url.origin}${prefix ? `/${prefix}` : ""}/.well-known/openid-configuration`);
  }
  return candidates;
}

export type DiscoveryResult = { issuer: string; documentUrl: string };

/** Returns the issuer of the first discovery document whose authorization_endpoint is this Authorization URL. */
export async function discoverIssuer(authorizationUrl: string, fetcher = fetchJson): Promise<DiscoveryResult | null> {
  for (const documentUrl of discoveryCandidates(authorizationUrl)) {
    let doc: unknown;
    try {
      doc = await fetcher(documentUrl);
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
