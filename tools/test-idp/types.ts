// Public types of the test/demo identity provider.

export type ClientAuthMethod = "client_secret_post" | "client_secret_basic" | "private_key_jwt";

/** The JWS algorithms the test IdP can sign id_tokens with (one per IdP, as an IdP with one signing key does). */
export const SIGNING_ALGS = ["RS256", "ES256", "EdDSA"] as const;
export type SigningAlg = (typeof SIGNING_ALGS)[number];

export type IdpClient = {
  clientId: string;
  clientSecret: string;
  authMethod: ClientAuthMethod;
  redirectUris: string[];
  /** private_key_jwt: where the IdP fetches the client's public keys (Keyway's JWKS URL for the integration). */
  jwksUri?: string;
  /** Where RP-initiated logout may send the browser back (post_logout_redirect_uris). */
  postLogoutRedirectUris?: string[];
  /** Where the IdP POSTs back-channel logout tokens (with `sid`: backchannel_logout_session_required). */
  backchannelLogoutUri?: string;
};

export type IdpOptions = {
  /** 0 picks a free port; the issuer then carries the port actually bound. */
  port: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  clients: IdpClient[];
  /** Serve GET/DELETE /__test/token-requests and GET/PUT /__test/hostile for tests in another process. */
  exposeTestApi?: boolean;
  /** Refuse a token request whose client authentication is not the client's registered method (as real IdPs do). */
  strictClientAuth?: boolean;
  /** Serve a JWK Set without any key usable to verify id_tokens (connection-check tests). */
  unusableJwks?: boolean;
  /**
   * The issuer this IdP claims (`iss`), when not its own URL: an impostor that names another IdP's issuer while
   * listening elsewhere (security tests). Its pages and endpoints stay on the port it listens on.
   */
  issuer?: string;
  /** How id_tokens are signed; RS256 unless told (ES256: P-256, EdDSA: Ed25519). */
  signingAlg?: SigningAlg;
};

export type TokenRequestMethod = ClientAuthMethod | "none";

export type TokenRequestRecord = {
  clientId: string;
  method: TokenRequestMethod;
  /** private_key_jwt: the client assertion's key names (header), as sent. */
  assertion?: { kid?: string; x5t?: string; "x5t#S256"?: string };
  /** ISO 8601 time the request reached the IdP. */
  at: string;
};

export type RunningIdp = {
  issuer: string;
  jwksUri: string;
  authorizationUrl: string;
  tokenUrl: string;
  userinfoUrl: string;
  /** The end_session_endpoint (RP-initiated logout; also where a person signs out at the IdP itself). */
  endSessionUrl: string;
  tokenRequests(): TokenRequestRecord[];
  /**
   * The benchmark's stand-in for an IdP across a network: every request (not the test API) is answered this many
   * milliseconds later. 0 (the default) answers at once.
   */
  setLatency(ms: number): void;
  close(): Promise<void>;
};
