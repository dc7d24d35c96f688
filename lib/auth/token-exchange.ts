// Keyway's side of the authorization-code exchange, run from next-auth's `token.request` hook so that signing
// keys come from the shared cache. next-auth then skips openid-client's callback() checks, so every one of them
// is here: state, the RFC 9207 `iss` parameter, PKCE, client authentication as configured, the id_token.
import { OutboundError, postForm } from "@/lib/http/outbound";
import { clientAssertionParams, NoClientKeyError } from "@/lib/integrations/client-keys/assertion";
import { type IdTokenClaims, verifyIdToken } from "./id-token";
import { SignInCheckError } from "./sign-in-errors";
import type { SigningKeyCache } from "./signing-keys";

export type ExchangeConfig = {
  registrationId: string;
  clientId: string;
  clientAuthMethod: string;
  tokenUri: string;
  jwksUri: string;
  issuer: string;
};

export type ExchangeInput = {
  config: ExchangeConfig;
  clientSecret: string;
  /**
   * During a secret rotation: the next client secret, tried once when the IdP refuses `clientSecret` with
   * invalid_client (the authorization code is not spent by a refused client authentication).
   */
  nextClientSecret?: string;
  /** Told, in order, what the IdP said to each secret this exchange sent (rotation bookkeeping). */
  onClientAuth?: (outcomes: { slot: "current" | "next"; accepted: boolean }[]) => void;
  redirectUri: string;
  /** The callback's query (or form_post body) parameters. */
  params: Record<string, unknown>;
  /** What next-auth read from its signed state / PKCE / nonce cookies. */
  checks: { state?: string; code_verifier?: string; nonce?: string };
};

export type TokenResponse = Record<string, unknown> & { access_token: string; id_token: string; token_type?: string };
/** The token response and the verified id_token's claims. */
export type ExchangeResult = { tokens: TokenResponse; claims: IdTokenClaims };

/** RFC 6749 §2.3.1: client_id and secret are form-urlencoded before they are joined and base64-encoded. */
function basicAuth(clientId: string, secret: string): string {
  const encode = (v: string) => encodeURIComponent(v).replace(/%20/g, "+");
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString("base64")}`;
}

function checkCallback(input: ExchangeInput): string {
  const { params, checks, config } = input;
  // The IdP refused at the authorization step (next-auth answers these before token.request; Test sign-in does not).
  if (typeof params.error === "string") {
    const described = typeof params.error_description === "string" ? ` (${params.error_description})` : "";
    throw new SignInCheckError("IDP_ERROR", `${params.error}${described}`.replace(/[^\x20-\x7e]/g, "").slice(0, 300));
  }
  // Why: state ties the callback to the browser that started sign-in (CSRF / login injection).
  if (!checks.state || params.state !== checks.state) throw new SignInCheckError("STATE_MISMATCH", "state mismatch");
  // RFC 9207: when the IdP names itself on the redirect, it must be the configured issuer (mix-up protection).
  if (params.iss !== undefined && params.iss !== config.issuer)
    throw new SignInCheckError("ID_TOKEN_ISSUER", "iss parameter mismatch");
  if (typeof params.code !== "string" || !params.code)
    throw new SignInCheckError("IDP_ERROR", "no authorization code in the callback");
  if (!checks.code_verifier) throw new SignInCheckError("PKCE_FAILED", "PKCE code_verifier missing");
  return params.code;
}

/** One token request with `clientSecret`, authenticated exactly as configured; IdP errors stay OutboundErrors. */
async function postTokenRequest(input: ExchangeInput, code: string, clientSecret: string): Promise<unknown> {
  const { config } = input;
  const form: Record<string, string> = {
    grant_type: "authorization_code",
    code,
    redirect_uri: input.redirectUri,
    code_verifier: input.checks.code_verifier!,
  };
  const headers: Record<string, string> = {};
  // Exactly the method configured: the IdP may accept either, but the admin chose one.
  if (config.clientAuthMethod === "private_key_jwt") {
    // The audience is the Token URI (RFC 7523 3): the endpoint the assertion is for, accepted by every IdP tried.
    const { registrationId, clientId, tokenUri } = config;
    Object.assign(form, await clientAssertionParams({ registrationId, clientId, audience: tokenUri }));
  } else if (config.clientAuthMethod === "client_secret_basic")
    headers.authorization = basicAuth(config.clientId, clientSecret);
  else Object.assign(form, { client_id: config.clientId, client_secret: clientSecret });
  return postForm(config.tokenUri, form, headers);
}

const refusedClient = (error: unknown) =>
  error instanceof OutboundError && error.oauthError?.error === "invalid_client";

/** The current secret first; on invalid_client the next one, once. Reports what the IdP said to each. */
async function authenticatedTokenRequest(input: ExchangeInput, code: string): Promise<unknown> {
  // Private key JWT: the IdP knows every published key from the JWKS, so there is no other credential to retry with.
  if (input.config.clientAuthMethod === "private_key_jwt") return postTokenRequest(input, code, "");
  const outcomes: { slot: "current" | "next"; accepted: boolean }[] = [];
  try {
    const body = await postTokenRequest(input, code, input.clientSecret);
    outcomes.push({ slot: "current", accepted: true });
    return body;
  } catch (error) {
    if (!refusedClient(error)) throw error;
    outcomes.push({ slot: "current", accepted: false });
    if (!input.nextClientSecret) throw error;
    try {
      const body = await postTokenRequest(input, code, input.nextClientSecret);
      outcomes.push({ slot: "next", accepted: true });
      return body;
    } catch (retryError) {
      if (refusedClient(retryError)) outcomes.push({ slot: "next", accepted: false });
      throw retryError;
    }
  } finally {
    if (outcomes.length > 0) input.onClientAuth?.(outcomes);
  }
}

async function requestTokens(input: ExchangeInput, code: string): Promise<TokenResponse> {
  let body: unknown;
  try {
    body = await authenticatedTokenRequest(input, code);
  } catch (error) {
    if (error instanceof NoClientKeyError) throw new SignInCheckError("CLIENT_AUTH_FAILED", error.message);
    if (!(error instanceof OutboundError)) throw error;
    const oauth = error.oauthError;
    if (oauth) {
      const code = oauth.error === "invalid_client" ? "CLIENT_AUTH_FAILED" : "IDP_ERROR";
      throw new SignInCheckError(code, `${oauth.error}${oauth.description ? ` (${oauth.description})` : ""}`);
    }
    throw new SignInCheckError(error.code === "IDP_TIMEOUT" ? "IDP_TIMEOUT" : "IDP_ERROR", error.message);
  }
  const tokens = body as Partial<TokenResponse> | null;
  if (!tokens || typeof tokens.access_token !== "string" || typeof tokens.id_token !== "string") {
    throw new SignInCheckError("IDP_ERROR", "the token response has no access_token or id_token");
  }
  return tokens as TokenResponse;
}

/**
 * Checks the callback, exchanges the code and verifies the id_token: the one path for sign-ins (next-auth's
 * token.request) and Test sign-in. Returns the token response and the verified claims.
 */
export async function exchangeCode(input: ExchangeInput, keys?: SigningKeyCache): Promise<ExchangeResult> {
  const code = checkCallback(input);
  const tokens = await requestTokens(input, code);
  const claims = await verifyIdToken(
    tokens.id_token,
    {
      integrationId: input.config.registrationId,
      jwksUri: input.config.jwksUri,
      issuer: input.config.issuer,
      clientId: input.config.clientId,
      nonce: input.checks.nonce,
    },
    keys,
  );
  // at_hash is not checked: OIDC Core 3.1.3.8 makes it optional in the code flow, where the access token comes
  // straight from the token endpoint over the back channel rather than through the browser.
  return { tokens, claims };
}
