// Reads an IdP's OpenID discovery document through the one outbound module and answers either the full
// configuration Keyway needs or one typed error with a message for the admin. The issuer is taken from here
// (or typed by the admin), never from a callback or a token.
import { fetchJson, OutboundError } from "@/lib/http/outbound";
import type { ClientAuthMethod } from "./schema";
import { DISCOVERY_ERROR_MESSAGES, type DiscoveryErrorCode } from "./discovery-errors";

export { DISCOVERY_ERROR_MESSAGES, type DiscoveryErrorCode } from "./discovery-errors";

export const WELL_KNOWN = "/.well-known/openid-configuration";

export type DiscoveredConfig = {
  issuer: string;
  authorizationUrl: string;
  tokenUri: string;
  userInfoUri: string;
  jwksUri: string;
  clientAuthMethod: ClientAuthMethod;
  /** The end_session_endpoint (RP-initiated logout), "" when the document has none. */
  endSessionUri: string;
  documentUrl: string;
};

export type DiscoveryOutcome =
  { ok: true; config: DiscoveredConfig } | { ok: false; code: DiscoveryErrorCode; message: string };

const REQUIRED = {
  issuer: "issuer",
  authorization_endpoint: "authorizationUrl",
  token_endpoint: "tokenUri",
  userinfo_endpoint: "userInfoUri",
  jwks_uri: "jwksUri",
} as const;

const fail = (code: DiscoveryErrorCode, detail = "", expected = ""): DiscoveryOutcome => ({
  ok: false,
  code,
  message: DISCOVERY_ERROR_MESSAGES[code]({ detail, expected }),
});

/** The document URL and the issuer expected in it, from what the admin typed (an issuer or a discovery URL). */
export function discoveryTarget(typed: string): { documentUrl: string; expectedIssuer: string } | null {
  const value = typed.trim();
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) return null;
  const at = value.indexOf(WELL_KNOWN);
  if (at >= 0) return { documentUrl: value, expectedIssuer: value.slice(0, at) };
  return { documentUrl: `${value.replace(/\/+$/, "")}${WELL_KNOWN}`, expectedIssuer: value };
}

/**
 * Post when the IdP supports it (also when it supports both); Private key JWT when it lists that and no secret
 * method; Basic when only Basic or nothing is listed (the spec's default).
 */
export function preferredAuthMethod(supported: unknown): ClientAuthMethod {
  if (!Array.isArray(supported)) return "client_secret_basic";
  if (supported.includes("client_secret_post")) return "client_secret_post";
  if (supported.includes("private_key_jwt") && !supported.includes("client_secret_basic")) return "private_key_jwt";
  return "client_secret_basic";
}

export async function discoverConfiguration(typed: string, fetcher = fetchJson): Promise<DiscoveryOutcome> {
  const target = discoveryTarget(typed);
  if (!target) return fail("INVALID_URL");
  let doc: unknown;
  try {
    doc = await fetcher(target.documentUrl);
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    const byCode: Record<OutboundError["code"], DiscoveryErrorCode> = {
      IDP_TIMEOUT: "TIMEOUT",
      IDP_UNREACHABLE: "UNREACHABLE",
      IDP_BAD_STATUS: "BAD_STATUS",
      IDP_REDIRECT: "REDIRECT",
      IDP_NOT_JSON: "NOT_JSON",
      IDP_BAD_RESPONSE: "NOT_JSON",
      IDP_REFUSED: "REFUSED",
    };
    return fail(byCode[error.code], error.message);
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc))
    return fail("NOT_JSON", "The answer is not a JSON object.");
  const fields = doc as Record<string, unknown>;
  const missing = Object.keys(REQUIRED).filter((key) => typeof fields[key] !== "string" || !fields[key]);
  if (missing.length) return fail("MISSING_FIELDS", missing.join(", "));

  const issuer = fields.issuer as string;
  // Mix-up protection: the document must name exactly the issuer the admin asked for.
  if (/\{[^}]*\}/.test(issuer)) return fail("ISSUER_PLACEHOLDER", issuer);
  if (issuer !== target.expectedIssuer) {
    const trim = (s: string) => s.replace(/\/+$/, "");
    const code = trim(issuer) === trim(target.expectedIssuer) ? "ISSUER_TRAILING_SLASH" : "ISSUER_MISMATCH";
    return fail(code, issuer, target.expectedIssuer);
  }
  return {
    ok: true,
    config: {
      issuer,
      authorizationUrl: fields.authorization_endpoint as string,
      tokenUri: fields.token_endpoint as string,
      userInfoUri: fields.userinfo_endpoint as string,
      jwksUri: fields.jwks_uri as string,
      clientAuthMethod: preferredAuthMethod(fields.token_endpoint_auth_methods_supported),
      endSessionUri: typeof fields.end_session_endpoint === "string" ? fields.end_session_endpoint : "",
      documentUrl: target.documentUrl,
    },
  };
}

// Bounded: an admin-entered URL must not become a port scanner with timing (one request per path segment).
export const MAX_DISCOVERY_CANDIDATES = 4;
export const DISCOVERY_DEADLINE_MS = 10_000;

/**
 * Where an IdP's discovery document may live, from its Authorization URL. Issuers sit at the origin or a short
 * prefix (Keycloak /realms/<name>, Okta /oauth2/<server>): prefixes of at most three segments, longest first.
 */
export function discoveryCandidates(authorizationUrl: string): string[] {
  const url = new URL(authorizationUrl);
  const segments = url.pathname.split("/").filter(Boolean);
  const candidates: string[] = [];
  for (let n = Math.min(segments.length - 1, MAX_DISCOVERY_CANDIDATES - 1); n >= 0; n--) {
    const prefix = segments.slice(0, n).join("/");
    candidates.push(`${url.origin}${prefix ? `/${prefix}` : ""}${WELL_KNOWN}`);
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
