// One real single sign-on through a running Keyway, over plain HTTP with a cookie jar (no browser): the bootstrap
// admin signs in with the password, creates a Custom SSO integration at the test IdP through the JSON API, then
// signs in through it (csrf → signin/<id> → IdP login and consent → callback with code, PKCE, state, nonce → session).
// Used by the deployment checks (other Node.js versions, the container image).
import { Client } from "../../bench/http";
import { walkToCallback } from "../../tools/test-idp/login-flow";
import type { IdpClient } from "../../tools/test-idp/types";

export const SMOKE_REGISTRATION_ID = "smoke-sso";

/** The IdP client the smoke sign-in uses: it accepts Keyway's callback at `publicUrl`. */
export function smokeIdpClient(publicUrl: string): IdpClient {
  return {
    clientId: "keyway-smoke",
    clientSecret: "keyway-smoke-secret-0a9f",
    authMethod: "client_secret_post",
    redirectUris: [`${publicUrl}/api/auth/callback/${SMOKE_REGISTRATION_ID}`],
  };
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Waits (bounded) until `url` answers 200; `alive()` false stops at once (the server exited). */
export async function waitForOk(url: string, alive: () => boolean, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`the server exited before ${url} answered (last: ${last})`);
    try {
      const res = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s (last: ${last})`);
}

export type SmokeResult = { signedInAs: string; integrationCreated: boolean };

/**
 * Signs the admin in with the password, creates the smoke integration at `idpIssuer` (unless it exists), and signs
 * the admin in through it. Throws with the step that failed.
 */
export async function ssoSmoke(
  publicUrl: string,
  idpIssuer: string,
  admin: { email: string; password: string },
): Promise<SmokeResult> {
  const console_ = new Client(publicUrl);
  const login = await console_.form("/api/auth/callback/credentials", admin);
  check(
    console_.jar.header().includes("session-token"),
    `password sign-in of ${admin.email} failed: HTTP ${login.status} ${await login.text()}`,
  );
  const client = smokeIdpClient(publicUrl);
  const created = await console_.send("/api/v1/oauth-integrations", {
    method: "POST",
    headers: { "content-type": "application/json", origin: publicUrl },
    body: JSON.stringify({
      provider: "custom-sso",
      registrationId: SMOKE_REGISTRATION_ID,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      authorizationUrl: `${idpIssuer}/auth`,
      jwksUri: `${idpIssuer}/jwks`,
      tokenUri: `${idpIssuer}/token`,
      userInfoUri: `${idpIssuer}/me`,
      issuer: idpIssuer,
      clientAuthMethod: client.authMethod,
      loginButtonText: "Sign in with Smoke IdP",
    }),
  });
  check(
    created.status === 201 || created.status === 409,
    `creating ${SMOKE_REGISTRATION_ID}: HTTP ${created.status} ${await created.text()}`,
  );

  const browser = new Client(publicUrl);
  const start = await browser.form(`/api/auth/signin/${SMOKE_REGISTRATION_ID}`, {});
  const { url } = (await start.json()) as { url?: string };
  if (!url?.startsWith(`${idpIssuer}/auth?`))
    throw new Error(`signin/${SMOKE_REGISTRATION_ID} did not send to the IdP: ${url}`);
  const redirectUri = client.redirectUris[0]!;
  const { callbackUrl } = await walkToCallback(url, redirectUri, admin.email);
  const callback = await browser.send(callbackUrl);
  const location = callback.headers.get("location") ?? "";
  check(
    callback.status === 302 && !/[?&]error=/.test(location),
    `callback refused: HTTP ${callback.status} → ${location}`,
  );
  const session = (await (await browser.send("/api/auth/session")).json()) as { user?: { email?: string } };
  const email = session.user?.email;
  check(email === admin.email, `no session for ${admin.email} after the callback`);
  return { signedInAs: email, integrationCreated: created.status === 201 };
}
