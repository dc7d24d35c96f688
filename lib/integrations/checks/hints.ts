// Fix hints shared by Check connection and Test sign-in, so a failure reads the same wherever it is seen.
// Client-safe.
import type { CheckId } from "./types";

export const FIX_HINTS = {
  unreachable: "Check the URL, and that Keyway's server can reach the IdP (DNS, firewall, proxy).",
  internalAddress:
    "This host name resolves into Keyway's own network (loopback, private, link-local or metadata), which Keyway refuses to call. Use the IdP's public host name; if the IdP is internal on purpose, the operator allows it with KEYWAY_OUTBOUND_ALLOW (its address range or host name).",
  issuer:
    "Set Issuer to exactly the value in the IdP's discovery document (same scheme, host, path and trailing slash).",
  redirectUri: "Register Keyway's Redirect URI exactly (scheme, host, port and path) in the IdP's client settings.",
  clientUnknown: "Check the Client ID: the IdP does not know it.",
  jwks: "Set JWK Set URI to the IdP's jwks_uri (from its discovery document); it must publish an RS/ES/PS or EdDSA signing key.",
  clientAuth:
    "Check the Client ID and Client Secret (copy the secret again; it may have expired or been rotated). With Private key JWT: check that the IdP has Keyway's Client JWKS URL or the signing key's certificate.",
  userinfo: "Set User Info URI to the IdP's userinfo_endpoint (from its discovery document).",
  clock: "Synchronise the clocks (NTP) of Keyway's server and the IdP.",
} as const;

/** The Check connection step that explains a sign-in failure code, and its hint. */
const HINT_BY_CODE: Record<string, { check: CheckId; fix: string }> = {
  CLIENT_AUTH_FAILED: { check: "token", fix: FIX_HINTS.clientAuth },
  ID_TOKEN_SIGNATURE: { check: "jwks", fix: FIX_HINTS.jwks },
  ID_TOKEN_ISSUER: { check: "discovery", fix: FIX_HINTS.issuer },
  ID_TOKEN_EXPIRED: { check: "clock", fix: FIX_HINTS.clock },
  USERINFO_FAILED: { check: "userinfo", fix: FIX_HINTS.userinfo },
  IDP_UNREACHABLE: { check: "discovery", fix: FIX_HINTS.unreachable },
  IDP_TIMEOUT: { check: "discovery", fix: FIX_HINTS.unreachable },
  REDIRECT_URI_REFUSED: { check: "redirectUri", fix: FIX_HINTS.redirectUri },
};

export function fixHintFor(code: string): { check: CheckId; fix: string } | null {
  return HINT_BY_CODE[code] ?? null;
}
