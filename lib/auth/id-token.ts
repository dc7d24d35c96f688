// Verifies an id_token that Keyway's own token exchange received: signature (jose, with a key from the cached
// JWKS whose alg is on the allow-list), iss, aud, azp, exp/iat/nbf with a stated clock tolerance, and the nonce.
import { errors, type JWTPayload, jwtVerify } from "jose";
import { ID_TOKEN_ALGORITHMS } from "@/lib/integrations/id-token-algorithms";
import { SignInCheckError } from "./sign-in-errors";
import { signingKeys, type SigningKeyCache } from "./signing-keys";

/** Seconds of clock skew allowed on exp/nbf/iat: the same 10 s next-auth v4 gives openid-client. */
export const CLOCK_TOLERANCE_S = 10;

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

export async function verifyIdToken(
  idToken: string,
  expect: IdTokenExpectations,
  keys: SigningKeyCache = signingKeys(),
): Promise<JWTPayload & { sub: string }> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, keys.resolver(expect.integrationId, expect.jwksUri), {
      // Why: the expected issuer comes from configuration, never from the token (mix-up protection).
      issuer: expect.issuer,
      audience: expect.clientId,
      algorithms: ID_TOKEN_ALGORITHMS,
      clockTolerance: CLOCK_TOLERANCE_S,
      requiredClaims: ["iss", "sub", "aud", "exp", "iat"],
    }));
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
  return payload as JWTPayload & { sub: string };
}
