import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { classifyCallbackError, errorPageUrl, SignInCheckError, signInErrorMessage } from "./sign-in-errors";

// Exact messages seen from openid-client 5.7 / next-auth 4.24 when the test IdP's hostile modes and the
// browser-side tampering in e2e/security.spec.ts hit Keyway's callback.
const OBSERVED: [string, string][] = [
  ["failed to validate JWT signature", "ID_TOKEN_SIGNATURE"],
  ["unexpected JWT alg received, expected RS256, got: none", "ID_TOKEN_SIGNATURE"],
  ["aud mismatch, expected e2e-post, got: someone-else", "ID_TOKEN_AUDIENCE"],
  ["JWT expired, now 1795412231, exp 1795408641", "ID_TOKEN_EXPIRED"],
  ["unexpected iss value, expected http://127.0.0.1:3301, got: http://127.0.0.1:3301/evil", "ID_TOKEN_ISSUER"],
  ["nonce mismatch, expected xxKXN5Cwsy6PDqRR0GZU96eXWqmJ5KTeX7CHVB3oo68, got: tampered", "NONCE_MISMATCH"],
  ["state mismatch, expected KMOYFapHSDfo51dodV2PxGhOZwGL6S018hZNZM3Is7s, got: tampered-state", "STATE_MISMATCH"],
  ["State cookie was missing.", "STATE_MISMATCH"],
  ["invalid_grant (grant request is invalid)", "IDP_ERROR"],
];

// Other messages the same libraries produce on a refused callback.
const LIBRARY: [string, string][] = [
  ['no valid key found in issuer\'s jwks_uri for key parameters {"kid":"x","alg":"RS256"}', "ID_TOKEN_SIGNATURE"],
  ["failed to decode JWT (JWTMalformed: JWTs must have three components)", "ID_TOKEN_SIGNATURE"],
  ["iss mismatch, expected https://idp.example.com, got: https://evil.example.com", "ID_TOKEN_ISSUER"],
  ['aud is missing the client_id, expected acme to be included in ["a","b"]', "ID_TOKEN_AUDIENCE"],
  ["azp mismatch, got: other", "ID_TOKEN_AUDIENCE"],
  ["JWT not active yet, now 1, nbf 2", "ID_TOKEN_EXPIRED"],
  ["Nonce cookie was missing.", "NONCE_MISMATCH"],
  ["next-auth.nonce cookie was created for a different provider than the one handling the callback.", "NONCE_MISMATCH"],
  ["State value could not be parsed.", "STATE_MISMATCH"],
  ["connect ECONNREFUSED 127.0.0.1:3501", "IDP_UNREACHABLE"],
  ["getaddrinfo ENOTFOUND idp.example.com", "IDP_UNREACHABLE"],
  [
    "__Secure-next-auth.state cookie was created for a different provider than the one handling the callback.",
    "STATE_MISMATCH",
  ],
  ["PKCE code_verifier cookie was missing.", "PKCE_FAILED"],
  [
    "next-auth.pkce.code_verifier cookie was created for a different provider than the one handling the callback.",
    "PKCE_FAILED",
  ],
  ["invalid_client (client authentication failed)", "CLIENT_AUTH_FAILED"],
  ["outgoing request timed out after 10000ms", "IDP_TIMEOUT"],
  ["access_denied", "IDP_ERROR"],
];

describe("classifyCallbackError", () => {
  for (const [message, code] of [...OBSERVED, ...LIBRARY]) {
    it(`${code} ← ${message}`, () => assert.equal(classifyCallbackError(message), code));
  }

  it("never lets attacker-chosen values after the message head pick the code", () => {
    // The values after "expected"/"got:" are random (state, nonce) or chosen by the attacker (token claims, query).
    assert.equal(classifyCallbackError("state mismatch, expected abc, got: signature"), "STATE_MISMATCH");
    assert.equal(classifyCallbackError("nonce mismatch, expected abc, got: iss-expired-aud"), "NONCE_MISMATCH");
    assert.equal(classifyCallbackError("aud mismatch, expected acme, got: signature"), "ID_TOKEN_AUDIENCE");
    assert.equal(classifyCallbackError("unexpected iss value, expected a, got: jwt expired"), "ID_TOKEN_ISSUER");
    assert.equal(classifyCallbackError("nonce mismatch, expected xIssAudIat, got: x"), "NONCE_MISMATCH");
  });
});

describe("classifyCallbackError with Keyway's own checks", () => {
  it("takes the code a SignInCheckError carries (kept by next-auth's OAuthCallbackError as `code`)", () => {
    for (const code of [
      "JWKS_UNAVAILABLE",
      "ID_TOKEN_SIGNATURE",
      "STATE_MISMATCH",
      "CLIENT_AUTH_FAILED",
      "IDP_TIMEOUT",
    ] as const) {
      const error = new SignInCheckError(code, "detail");
      assert.equal(error.message, `${code}: detail`);
      assert.equal(classifyCallbackError(error.message, error.code), code);
    }
  });

  it("never takes a code from message text alone: a callback's ?error= value cannot pick one", () => {
    assert.equal(classifyCallbackError("ID_TOKEN_SIGNATURE: forged by the query"), "IDP_ERROR");
    assert.equal(classifyCallbackError("x", "ECONNREFUSED"), "IDP_ERROR");
    assert.equal(classifyCallbackError("x", "Default"), "IDP_ERROR");
  });
});

describe("sign-in error messages", () => {
  it("names every code a refused callback can record, and falls back for unknown ones", () => {
    for (const [, code] of [...OBSERVED, ...LIBRARY])
      assert.notEqual(signInErrorMessage(code), signInErrorMessage("Default"));
    assert.equal(signInErrorMessage("nonsense"), "Sign-in failed.");
    // The email never travels in the URL (issue 6, finding 8).
    assert.equal(errorPageUrl("NO_ACCOUNT"), "/error?error=NO_ACCOUNT");
  });
});
