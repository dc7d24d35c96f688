// What Keyway accepts on an id_token, in one place for the sign-in's verification (lib/auth/id-token.ts, which Test
// sign-in runs too) and for Check connection: the JWS algorithms (the JWK Set check calls a key usable only when a
// sign-in can verify with it) and the clock tolerance (the Clock check judges skew against the same number).
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

/**
 * Seconds of clock skew a sign-in tolerates: exp and nbf are judged with this leeway, and iat must lie within it of
 * Keyway's clock (the id_token is minted by the token request Keyway just made, so a larger gap is a skewed clock).
 * Check connection's Clock check warns from half of it and fails beyond it.
 */
export const ID_TOKEN_CLOCK_TOLERANCE_S = 10;
