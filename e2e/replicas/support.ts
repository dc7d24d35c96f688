// The replicas world for these journeys: ports (from KEYWAY_E2E_PORT: the balancer on +10, replicas on +11…, the
// test IdP on +20), the world's start with the test IdP, and HTTP helpers that talk to one replica directly.
import os from "node:os";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { Client } from "../../bench/http";
import { startReplicaWorld, type ReplicaWorld, type ReplicaWorldOptions } from "../../scripts/lib/replica-world";
import { walkToCallback } from "../../tools/test-idp/login-flow";
import { type RunningIdp, startIdp } from "../../tools/test-idp/server";

export const BASE_PORT = Number(process.env.KEYWAY_E2E_PORT ?? 3100);
export const BALANCER_PORT = BASE_PORT + 10;
export const BALANCER_URL = `http://127.0.0.1:${BALANCER_PORT}`;
export const IDP_PORT = BASE_PORT + 20;
export const IDP_URL = `http://127.0.0.1:${IDP_PORT}`;
export const REPLICA_IDS = ["rep-sso", "rep-two", "rep-probe", "rep-drain", "rep-drift"] as const;
export const IDP_CLIENT = {
  clientId: "replicas",
  clientSecret: "replicas-secret-Vq2!",
  authMethod: "client_secret_post" as const,
  redirectUris: [
    ...REPLICA_IDS.map((id) => `${BALANCER_URL}/api/auth/callback/${id}`),
    `${BALANCER_URL}/api/integrations/test-sign-in/callback`,
  ],
};

export type World = ReplicaWorld & { idp: RunningIdp };

export async function startWorld(
  replicas: number,
  options: Pick<ReplicaWorldOptions, "env" | "replicaEnv"> = {},
): Promise<World> {
  const idp = await startIdp({ port: IDP_PORT, clients: [IDP_CLIENT], exposeTestApi: true });
  try {
    const world = await startReplicaWorld({
      dir: path.join(os.tmpdir(), `keyway-replicas-${BALANCER_PORT}`),
      balancerPort: BALANCER_PORT,
      replicas,
      ...options,
    });
    const stop = world.stop;
    return Object.assign(world, { idp, stop: async () => (await stop(), await idp.close()) });
  } catch (error) {
    await idp.close();
    throw error;
  }
}

/** The admin signed in (password) at `base`: a cookie-carrying HTTP client. */
export async function adminClient(world: World, base = world.balancerUrl): Promise<Client> {
  const client = new Client(base);
  const res = await client.form("/api/auth/callback/credentials", world.admin);
  expect(res.status, "admin password sign-in").toBe(200);
  expect(client.jar.header()).toContain("next-auth.session-token");
  return client;
}

export async function jsonSend(client: Client, path: string, method: string, body?: unknown): Promise<Response> {
  return client.send(path, {
    method,
    headers: { "content-type": "application/json", origin: BALANCER_URL },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

export function integrationBody(registrationId: string, button: string, extra: Record<string, unknown> = {}) {
  return {
    provider: "custom-sso",
    registrationId,
    clientId: IDP_CLIENT.clientId,
    clientSecret: IDP_CLIENT.clientSecret,
    authorizationUrl: `${IDP_URL}/auth`,
    jwksUri: `${IDP_URL}/jwks`,
    tokenUri: `${IDP_URL}/token`,
    userInfoUri: `${IDP_URL}/me`,
    issuer: IDP_URL,
    clientAuthMethod: IDP_CLIENT.authMethod,
    loginButtonText: button,
    ...extra,
  };
}

/**
 * One SSO sign-in over plain HTTP that starts at `startBase` (csrf + signin/<id>) and returns from the IdP to
 * `returnBase` (the callback), carrying the browser's cookies across. Returns the client and the callback answer.
 */
export async function crossSignIn(startBase: string, returnBase: string, registrationId: string, login: string) {
  const client = new Client(startBase);
  const start = await client.form(`/api/auth/signin/${registrationId}`, {});
  const { url } = (await start.json()) as { url: string };
  expect(url, "sign-in start goes to the IdP").toMatch(new RegExp(`^${IDP_URL}/`));
  const { callbackUrl } = await walkToCallback(url, `${BALANCER_URL}/api/auth/callback/${registrationId}`, login);
  const callback = await client.send(callbackUrl.replace(BALANCER_URL, returnBase));
  return { client, callback };
}

/** The signed-in email a session cookie opens at `base`, or null. */
export async function sessionEmail(base: string, cookie: string): Promise<string | null> {
  const res = await fetch(`${base}/api/auth/session`, { headers: { cookie } });
  const body = (await res.json()) as { user?: { email?: string } };
  return body.user?.email ?? null;
}

/** At this world's test IdP (not the main journeys' one): log in as `login` and consent. */
export async function loginAtIdp(page: Page, login: string) {
  await page.waitForURL(new RegExp(`^${IDP_URL}/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any-password");
  await page.locator('button[type="submit"]').click();
  await page.locator('button[type="submit"]', { hasText: "Continue" }).click();
}
