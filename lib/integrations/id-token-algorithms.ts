// The JWS algorithms Keyway accepts on an id_token: one list for the sign-in's verification (lib/auth/id-token.ts)
// and for Check connection's JWK Set check, so a key the check calls usable is one a sign-in can verify with.
/** Asymmetric algorithms only. Why: HS* would verify with the client secret, and "none" verifies nothing. */
export const ID_TOKEN_ALGORITHMS = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
];
