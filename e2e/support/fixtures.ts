// Shared steps of the journeys: password sign-in, the IdP's login + consent pages, and API helpers.
import { type APIRequestContext, type BrowserContext, expect, type Page } from "@playwright/test";
import { IDP_URL } from "./env";

/** The IdP's built-in pages link a web font; nothing off this machine may be requested. */
export async function blockOutsideRequests(context: BrowserContext) {
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
}

export async function signInWithPassword(page: Page, email: string, password: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** At the test IdP: log in as `login` (any password works there) and consent. */
export async function loginAtIdp(page: Page, login: string) {
  await page.waitForURL(new RegExp(`^${IDP_URL}/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any-password");
  await page.locator('button[type="submit"]').click();
  await page.locator('button[type="submit"]', { hasText: "Continue" }).click();
}

export async function expectSignedInAs(page: Page, email: string) {
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
}

export async function createUserViaApi(request: APIRequestContext, user: { email: string; name: string; role?: string }) {
  const res = await request.post("/api/v1/users", { data: { role: "GUEST", authorities: [], ...user } });
  expect(res.status(), await res.text()).toBe(201);
}

export type TokenRequest = { clientId: string; method: string; at: string };

export async function idpTokenRequests(request: APIRequestContext): Promise<TokenRequest[]> {
  const res = await request.get(`${IDP_URL}/__test/token-requests`);
  expect(res.ok()).toBeTruthy();
  return res.json();
}
