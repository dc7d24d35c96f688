import { generators, Issuer, type TokenSet, type UserinfoResponse } from "openid-client";
import { CookieJar } from "./cookie-jar";
import type { IdpClient } from "./types";

// Test support: a full authorization-code + PKCE sign-in against the IdP, the way next-auth v4
// does it (openid-client 5), with fetch standing in for the browser on the dev login pages.

const MAX_STEPS = 12;

export type SignInResult = {
  tokenSet: TokenSet;
  userinfo: UserinfoResponse;
  /** HTML of every IdP page shown on the way (login, consent). */
  pages: string[];
};

function decodeHtml(value: string): string {
  return value
    .replace(/&amp;/g, "&")
    .replace(/&#x2F;/gi, "/")
    .replace(/&quot;/g, '"');
}

/** The devInteractions form: action URL and its hidden `prompt` value ("login" or "consent"). */
export function readInteractionForm(html: string, base: string): { action: URL; prompt: string } {
  const action = /<form[^>]*\baction="([^"]+)"/.exec(html)?.[1];
  const prompt = /<input[^>]*name="prompt"[^>]*value="([^"]+)"/.exec(html)?.[1];
  if (!action || !prompt) throw new Error(`no interaction form on page:\n${html}`);
  return { action: new URL(decodeHtml(action), base), prompt };
}

/** Walks redirects and the login + consent forms until the IdP redirects to `redirectUri`. */
export async function walkToCallback(
  startUrl: string,
  redirectUri: string,
  login: string,
): Promise<{ callbackUrl: string; pages: string[] }> {
  const jar = new CookieJar();
  const pages: string[] = [];
  let request: { url: URL; init?: RequestInit } = { url: new URL(startUrl) };

  for (let step = 0; step < MAX_STEPS; step += 1) {
    const response = await fetch(request.url, {
      ...request.init,
      redirect: "manual",
      headers: { ...(request.init?.headers as Record<string, string>), cookie: jar.header() },
    });
    jar.store(response);
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, request.url);
      if (next.href.startsWith(redirectUri)) return { callbackUrl: next.href, pages };
      request = { url: next };
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`IdP answered ${response.status} at ${request.url}:\n${html}`);
    pages.push(html);
    const form = readInteractionForm(html, request.url.href);
    // devInteractions fields: login page posts prompt=login, login, password; consent posts prompt=consent.
    const fields: Record<string, string> =
      form.prompt === "login" ? { prompt: "login", login, password: "any-password" } : { prompt: form.prompt };
    request = {
      url: form.action,
      init: {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields).toString(),
      },
    };
  }
  throw new Error(`no redirect to ${redirectUri} after ${MAX_STEPS} steps`);
}

/** Signs `login` in with `client` and returns the tokens and the userinfo response (id_tokens RS256 unless told). */
export async function signIn(
  issuerUrl: string,
  client: IdpClient,
  login: string,
  { idTokenAlg = "RS256" }: { idTokenAlg?: string } = {},
): Promise<SignInResult> {
  const issuer = await Issuer.discover(issuerUrl);
  const rp = new issuer.Client({
    client_id: client.clientId,
    client_secret: client.clientSecret,
    redirect_uris: client.redirectUris,
    response_types: ["code"],
    token_endpoint_auth_method: client.authMethod,
    id_token_signed_response_alg: idTokenAlg,
  });
  const [redirectUri] = client.redirectUris;
  if (!redirectUri) throw new Error(`client ${client.clientId} has no redirect URI`);
  const codeVerifier = generators.codeVerifier();
  const state = generators.state();
  const nonce = generators.nonce();
  const authorizationUrl = rp.authorizationUrl({
    scope: "openid email profile",
    redirect_uri: redirectUri,
    code_challenge: generators.codeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });

  const { callbackUrl, pages } = await walkToCallback(authorizationUrl, redirectUri, login);
  // openid-client checks state, iss, nonce and the id_token signature (against jwks_uri) here.
  const tokenSet = await rp.callback(redirectUri, rp.callbackParams(callbackUrl), {
    code_verifier: codeVerifier,
    state,
    nonce,
  });
  const userinfo = await rp.userinfo(tokenSet);
  return { tokenSet, userinfo, pages };
}
