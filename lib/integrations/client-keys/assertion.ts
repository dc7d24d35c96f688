// The private_key_jwt client assertion (RFC 7523, OIDC Core 9): signed with the integration's current key, and
// naming that key's certificate by its thumbprints, because Entra accepts an assertion only with `x5t`.
import "server-only";
import { createPrivateKey, randomBytes } from "node:crypto";
import { SignJWT } from "jose";
import { certificateFacts } from "./certificate";
import { currentSigningKey } from "./keys";

export const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/** Why short: the assertion is a bearer credential for the token endpoint; one request needs seconds. */
export const CLIENT_ASSERTION_LIFETIME_S = 60;

export class NoClientKeyError extends Error {
  constructor(registrationId: string) {
    super(`the integration ${registrationId} has no private_key_jwt signing key (save it to generate one)`);
  }
}

/** Form parameters that authenticate `clientId` at `audience` (the Token URI) with the integration's signing key. */
export async function clientAssertionParams(input: {
  registrationId: string;
  clientId: string;
  audience: string;
}): Promise<{ client_id: string; client_assertion_type: string; client_assertion: string }> {
  const signing = await currentSigningKey(input.registrationId);
  if (!signing) throw new NoClientKeyError(input.registrationId);
  const facts = certificateFacts(signing.certificatePem);
  const now = Math.floor(Date.now() / 1000);
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: facts.kid, x5t: facts.x5t, "x5t#S256": facts.x5tS256 })
    .setIssuer(input.clientId)
    .setSubject(input.clientId)
    .setAudience(input.audience)
    // Why a random jti: IdPs refuse a replayed assertion by it.
    .setJti(randomBytes(16).toString("base64url"))
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + CLIENT_ASSERTION_LIFETIME_S)
    .sign(createPrivateKey(signing.privateKeyPem));
  return { client_id: input.clientId, client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: assertion };
}
