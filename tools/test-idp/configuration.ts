import type { Configuration } from "oidc-provider";
import type { JWK } from "jose";
import { findAccount } from "./accounts";
import { assertEntraLikeClientAssertion } from "./entra-assertion";
import type { IdpClient } from "./types";

// Explicit so the URLs handed out by startIdp cannot drift from what oidc-provider serves.
export const ROUTES = {
  authorization: "/auth",
  token: "/token",
  userinfo: "/me",
  jwks: "/jwks",
  end_session: "/session/end",
} as const;

function clientMetadata(client: IdpClient, idTokenAlg: string) {
  return {
    // Every client's id_tokens are signed with the IdP's one key, in its algorithm (RS256, ES256 or EdDSA).
    id_token_signed_response_alg: idTokenAlg,
    client_id: client.clientId,
    client_secret: client.clientSecret,
    redirect_uris: client.redirectUris,
    token_endpoint_auth_method: client.authMethod,
    ...(client.jwksUri ? { jwks_uri: client.jwksUri } : {}),
    grant_types: ["authorization_code"],
    response_types: ["code"],
    ...(client.postLogoutRedirectUris ? { post_logout_redirect_uris: client.postLogoutRedirectUris } : {}),
    ...(client.backchannelLogoutUri
      ? { backchannel_logout_uri: client.backchannelLogoutUri, backchannel_logout_session_required: true }
      : {}),
  };
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * oidc-provider refuses to reach special-use addresses (SSRF protection); its only outgoing requests here are the
 * back-channel logout POSTs to the clients' registered URIs and the private_key_jwt clients' jwks_uri fetches. Why loopback only: the test IdP's clients (Keyway
 * under test) listen on loopback; anywhere else keeps the protection.
 */
async function loopbackFetch(url: string | URL, options: RequestInit & { dispatcher?: unknown }) {
  if (LOOPBACK_HOSTS.has(new URL(url).hostname)) delete options.dispatcher;
  return globalThis.fetch(url, options);
}

export function buildConfiguration(input: {
  clients: IdpClient[];
  signingJwk: JWK;
  cookieKeys: string[];
}): Configuration {
  return {
    clients: input.clients.map((client) => clientMetadata(client, input.signingJwk.alg ?? "RS256")),
    jwks: { keys: [input.signingJwk] },
    cookies: { keys: input.cookieKeys },
    findAccount,
    routes: ROUTES,
    fetch: loopbackFetch,
    // Why: authorization code flow only; no implicit/hybrid tokens in the front channel.
    responseTypes: ["code"],
    // Why: PKCE for every client (oidc-provider only does S256), as next-auth always sends it.
    pkce: { required: () => true },
    // Why: confidential clients only (no public "none"); private_key_jwt as Entra does it (x5t required).
    clientAuthMethods: ["client_secret_basic", "client_secret_post", "private_key_jwt"],
    assertJwtClientAuthClaimsAndHeader: assertEntraLikeClientAssertion,
    // Why: short-lived artefacts; a dev IdP's sessions should not outlive a working day.
    ttl: {
      AuthorizationCode: 60,
      AccessToken: 60 * 60,
      IdToken: 60 * 60,
      Interaction: 60 * 60,
      Grant: 8 * 60 * 60,
      Session: 8 * 60 * 60,
    },
    scopes: ["openid", "email", "profile", "groups"],
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified", "xms_edov"],
      profile: ["name"],
      // Sent only when asked for (scope `groups`); the overage shape's _claim_names/_claim_sources ride along.
      groups: ["groups", "_claim_names", "_claim_sources"],
    },
    // Why: put scope claims in the id_token too (default v9 keeps them for userinfo only); see accounts.ts for the opt-out.
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: true },
      userinfo: { enabled: true },
      // end_session_endpoint (on by default in v9; explicit here) and back-channel logout to clients that register it.
      rpInitiatedLogout: { enabled: true },
      backchannelLogout: { enabled: true },
      // Why: these make the IdP fetch client-supplied URLs; nothing may leave the machine.
      registration: { enabled: false },
      requestObjects: { enabled: false },
      clientIdMetadataDocument: { enabled: false },
    },
  };
}
