// Shared steps of the journeys: password sign-in, the IdP's login + consent pages, and API helpers.
import { type APIRequestContext, type Browser, type BrowserContext, expect, type Page } from "@playwright/test";
import { APP_URL, IDP_CLIENTS, IDP_URL } from "./env";

/** The IdP's built-in pages link a web font; nothing off this machine may be requested. */
export async function blockOutsideRequests(context: BrowserContext) {
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
}

export async function signInWithPassword(page: Page, email: string, password: string) {
  await page.goto("/signin");
  // Exact: the sign-in screen may also show "Work email" (Continue with SSO).
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** At the test IdP (the shared one unless `idpUrl` names another): log in as `login` (any password) and consent. */
export async function loginAtIdp(page: Page, login: string, idpUrl = IDP_URL) {
  await page.waitForURL(new RegExp(`^${idpUrl}/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any-password");
  await page.locator('button[type="submit"]').click();
  await page.locator('button[type="submit"]', { hasText: "Continue" }).click();
}

export async function expectSignedInAs(page: Page, email: string) {
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
}

export async function createUserViaApi(
  request: APIRequestContext,
  user: { email: string; name: string; role?: string },
) {
  const res = await request.post("/api/v1/users", { data: { role: "GUEST", authorities: [], ...user } });
  expect(res.status(), await res.text()).toBe(201);
}

/** Adds a Custom SSO integration at the test IdP through the JSON API (the form's own journey is in sso.spec.ts). */
export async function createIntegrationViaApi(
  request: APIRequestContext,
  { registrationId, client, button }: { registrationId: string; client: keyof typeof IDP_CLIENTS; button: string },
  /** Further settings (scopes, claims, requirement…), sent as they are. */
  extra: Record<string, unknown> = {},
) {
  const res = await request.post("/api/v1/oauth-integrations", {
    data: {
      provider: "custom-sso",
      registrationId,
      clientId: IDP_CLIENTS[client].clientId,
      clientSecret: IDP_CLIENTS[client].clientSecret,
      authorizationUrl: `${IDP_URL}/auth`,
      jwksUri: `${IDP_URL}/jwks`,
      tokenUri: `${IDP_URL}/token`,
      userInfoUri: `${IDP_URL}/me`,
      issuer: IDP_URL,
      clientAuthMethod: IDP_CLIENTS[client].authMethod,
      loginButtonText: button,
      ...extra,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
}

export type TokenRequest = { clientId: string; method: string; at: string };

export async function idpTokenRequests(request: APIRequestContext): Promise<TokenRequest[]> {
  const res = await request.get(`${IDP_URL}/__test/token-requests`);
  expect(res.ok()).toBeTruthy();
  return res.json();
}

const openContexts: BrowserContext[] = [];

/** A new browser context (optionally signed in from a saved session) that requests nothing off the machine. */
export async function freshPage(browser: Browser, storageState?: string): Promise<Page> {
  const context = await browser.newContext(storageState ? { storageState } : {});
  openContexts.push(context);
  await blockOutsideRequests(context);
  return context.newPage();
}

/** Opens a Keyway page and waits until React has hydrated it (components/hydration-mark.tsx). */
export async function gotoHydrated(page: Page, url: string) {
  await page.goto(url);
  await expect(page.locator("html[data-hydrated]")).toBeAttached();
}

export async function closeContexts() {
  for (const context of openContexts.splice(0)) await context.close();
}

export type CapturedAction = { id: string; contentType: string; body: string };

/** Clicks `submit` and captures the server-action request it sends, so a test can replay it as someone else. */
export async function captureServerAction(page: Page, submit: () => Promise<void>): Promise<CapturedAction> {
  const request = page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]);
  await submit();
  const sent = await request;
  return {
    id: sent.headers()["next-action"],
    contentType: sent.headers()["content-type"] ?? "text/plain;charset=UTF-8",
    body: sent.postData() ?? "",
  };
}

/** Posts a captured server action directly, with `page`'s cookies, as a forged client would. */
export async function replayServerAction(page: Page, path: string, action: CapturedAction, body: string) {
  const res = await page.request.post(path, {
    headers: {
      "next-action": action.id,
      "content-type": action.contentType,
      origin: APP_URL,
      accept: "text/x-component",
    },
    data: body,
  });
  return res.text();
}

export function expectInvalidCredentials(page: Page) {
  return expect(page.getByRole("alert").filter({ hasText: "Invalid email or password." })).toBeVisible();
}
