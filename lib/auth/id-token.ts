// Verifies an id_token that Keyway's own token exchange received: signature (jose, with a key from the cached
// JWKS whose alg is on the allow-list), iss, aud, azp, exp/iat/nbf with the one clock tolerance, and the nonce.
import { errors, type JWTPayload, jwtVerify, type JWTVerifyOptions } from "jose";
import { ID_TOKEN_ALGORITHMS, ID_TOKEN_CLOCK_TOLERANCE_S } from "@/lib/integrations/id-token-algorithms";
import { SignInCheckError } from "./sign-in-errors";
import { signingKeys, type SigningKeyCache } from "./signing-keys";

/** Seconds of clock skew allowed on exp/nbf/iat (the same number Check connection's Clock check judges with). */
export const CLOCK_TOLERANCE_S = ID_TOKEN_CLOCK_TOLERANCE_S;

export type IdTokenClaims = JWTPayload & { sub: string };

export type IdTokenExpectations = {
  integrationId: string;
  jwksUri: string;
  issuer: string;
  clientId: string;
  nonce: string | undefined;
};

function named(error: unknown): SignInCheckError {
  if (error instanceof SignInCheckError) return error;
  if (error instanceof errors.JWTExpired) return new SignInCheckError("ID_TOKEN_EXPIRED", error.message);
  if (error instanceof errors.JWTClaimValidationFailed) {
    const code =
      error.claim === "iss"
        ? "ID_TOKEN_ISSUER"
        : error.claim === "aud"
          ? "ID_TOKEN_AUDIENCE"
          : ["exp", "iat", "nbf"].includes(error.claim)
            ? "ID_TOKEN_EXPIRED"
            : "ID_TOKEN_SIGNATURE";
    return new SignInCheckError(code, error.message);
  }
  // Bad or missing signature, unknown key, disallowed alg, malformed token: all mean "not signed by this IdP".
  return new SignInCheckError(
    "ID_TOKEN_SIGNATURE",
    error instanceof Error
      ? `${(error as { code?: string }).code ?? error.name}: ${error.message}`
      : "invalid id_token",
  );
}

/** Which integration's cached keys verify a token (its id and JWK Set URI). */
export type KeySource = { integrationId: string; jwksUri: string };

/**
 * Verifies a JWT signed by an integration's IdP with its cached keys (jose), refetching once — within the cache's
 * cooldown — when a cached key fails the signature. jose's own errors are thrown: callers name them.
 * Shared by id_tokens and back-channel logout tokens.
 */
export async function verifyWithCachedKeys(
  token: string,
  source: KeySource,
  options: JWTVerifyOptions,
  keys: SigningKeyCache = signingKeys(),
): Promise<JWTPayload> {
  const startedAt = keys.now();
  const verify = () =>
    jwtVerify(token, keys.resolver(source.integrationId, source.jwksUri), {
      algorithms: ID_TOKEN_ALGORITHMS,
      clockTolerance: CLOCK_TOLERANCE_S,
      ...options,
    });
  try {
    return (await verify()).payload;
  } catch (error) {
    // A cached key that no longer verifies: the IdP may have replaced its key under the same kid (a restarted
    // development IdP does). Refetch once — within the same cooldown as an unknown kid — and try again.
    const retry =
      error instanceof errors.JWSSignatureVerificationFailed &&
      (await keys.refetchAfterSignatureFailure(source.integrationId, source.jwksUri, startedAt));
    if (!retry) throw error;
    return (await verify()).payload;
  }
}

export async function verifyIdToken(
  idToken: string,
  expect: IdTokenExpectations,
  keys: SigningKeyCache = signingKeys(),
): Promise<IdTokenClaims> {
  let payload: JWTPayload;
  try {
    payload = await verifyWithCachedKeys(
      idToken,
      expect,
      {
        // Why: the expected issuer comes from configuration, never from the token (mix-up protection).
        issuer: expect.issuer,
        audience: expect.clientId,
        // iat within the tolerance of now, either way (OIDC Core 3.1.3.7 step 10): the token was minted by the
        // request Keyway just made, so a larger gap means the clocks disagree — what Check connection reports.
        maxTokenAge: 0,
        requiredClaims: ["iss", "sub", "aud", "exp", "iat"],
      },
      keys,
    );
  } catch (error) {
    throw named(error);
  }
  // OIDC Core 3.1.3.7: with several audiences azp must name us; when present it must always be us.
  if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp === undefined) {
    throw new SignInCheckError("ID_TOKEN_AUDIENCE", "azp missing from a multi-audience id_token");
  }
  if (payload.azp !== undefined && payload.azp !== expect.clientId)
    throw new SignInCheckError("ID_TOKEN_AUDIENCE", "azp mismatch");
  // Why: the nonce binds this id_token to the browser that started the sign-in (replay/injection protection).
  if (!expect.nonce || payload.nonce !== expect.nonce) throw new SignInCheckError("NONCE_MISMATCH", "nonce mismatch");
  if (typeof payload.sub !== "string" || !payload.sub) throw new SignInCheckError("ID_TOKEN_SIGNATURE", "sub missing");
  return payload as IdTokenClaims;
}
