// Attacks on SSO sign-in, with real redirects, tokens and signatures: a hostile IdP (tools/test-idp/hostile.ts) hands out
// defective id_tokens, and the browser tampers with or replays the IdP's redirect back to Keyway. Every attack must
// leave the user signed out, show a clear page, and be recorded with a named code in the integration's health.
// Self-contained (own integration and user): it must not depend on sso.spec.ts.
import { type APIRequestContext, type Browser, type Cookie, expect, type Page, test } from "@playwright/test";
import { APP_URL, AUTH_STATE, IDP_CLIENTS, IDP_URL } from "./support/env";
import {
  closeContexts,
  createUserViaApi,
  expectSignedInAs,
  freshPage,
  idpTokenRequests,
  loginAtIdp,
  createIntegrationViaApi,
} from "./support/fixtures";

test.describe.configure({ mode: "serial" });

const SEC = { registrationId: "sec-sso", button: "Sign in with Security Co" };
const USER = "sec-user@example.test";
const ADMIN_STATE = AUTH_STATE.admin;
const CALLBACK_URL = `${APP_URL}/api/auth/callback/${SEC.registrationId}`;

const HOSTILE_MODES = [
  { mode: "rogue-signature", code: "ID_TOKEN_SIGNATURE" },
  { mode: "wrong-audience", code: "ID_TOKEN_AUDIENCE" },
  { mode: "expired", code: "ID_TOKEN_EXPIRED" },
  { mode: "wrong-issuer", code: "ID_TOKEN_ISSUER" },
  { mode: "bad-nonce", code: "NONCE_MISMATCH" },
  // An unsecured token is a signature failure: openid-client expects RS256 and refuses any other alg.
  { mode: "alg-none", code: "ID_TOKEN_SIGNATURE" },
] as const;

type Health = { lastFailureAt: string | null; lastFailureCode: string | null; lastSignInAt: string | null };

async function setHostileMode(request: APIRequestContext, mode: string) {
  const res = await request.put(`${IDP_URL}/__test/hostile`, { data: { mode } });
  expect(res.status(), "the test IdP serves the hostile-mode switch").toBe(200);
  expect(await res.json()).toEqual({ mode });
}

async function health(admin: Page): Promise<Health> {
  const res = await admin.request.get("/api/v1/oauth-integrations");
  expect(res.status()).toBe(200);
  const { integrations } = (await res.json()) as { integrations: (Health & { registrationId: string })[] };
  const row = integrations.find((i) => i.registrationId === SEC.registrationId);
  expect(row, `${SEC.registrationId} exists`).toBeTruthy();
  return { lastFailureAt: row!.lastFailureAt, lastFailureCode: row!.lastFailureCode, lastSignInAt: row!.lastSignInAt };
}

/** A new failure was recorded after `before`, named `code`, shown on the details page; no sign-in was counted. */
async function expectRecordedFailure(admin: Page, before: Health, code: string) {
  // The failure is written by next-auth's logger without awaiting, so wait for it.
  await expect.poll(async () => (await health(admin)).lastFailureAt).not.toBe(before.lastFailureAt);
  const after = await health(admin);
  expect(after.lastFailureCode).toBe(code);
  expect(after.lastSignInAt).toBe(before.lastSignInAt);
  await admin.goto(`/settings/oauth-integrations/${SEC.registrationId}`);
  await expect(admin.getByTestId("health-last-failure")).toContainText(code);
}

/** Refused: the refusal page names the code (never next-auth's generic OAuthCallback), no session, console sends us to sign in. */
async function expectRefused(page: Page, code: string) {
  await expect(page).toHaveURL(`${APP_URL}/error?error=${code}`);
  await expect(page.getByRole("heading", { name: "Sign-in refused" })).toBeVisible();
  await expect(page.getByText(`Error code: ${code}`)).toBeVisible();
  expect((await page.context().cookies()).map((c) => c.name)).not.toContain("next-auth.session-token");
  expect(await (await page.request.get("/api/auth/session")).json()).toEqual({});
  await page.goto("/settings/oauth-integrations");
  await expect(page).toHaveURL(/\/signin/);
}

async function ssoSignIn(page: Page) {
  await page.goto("/signin");
  await page.getByRole("button", { name: SEC.button, exact: true }).click();
  await loginAtIdp(page, USER);
}

/**
 * Takes over the IdP's redirect back to Keyway. Playwright routes only the first URL of a redirect chain, so the
 * consent form's POST is sent from here and its redirects followed (with the browser's cookies) up to Keyway's
 * callback URL; `onCallback` sees (and may change) that URL before the browser is sent there.
 */
async function interceptRedirectBack(page: Page, onCallback: (callbackUrl: URL) => Promise<void>) {
  await page.route(`${IDP_URL}/interaction/*`, async (route) => {
    const request = route.request();
    if (request.method() !== "POST" || !/(^|&)prompt=consent(&|$)/.test(request.postData() ?? ""))
      return route.continue();
    let response = await route.fetch({ maxRedirects: 0 });
    for (let hop = 0; hop < 5; hop += 1) {
      const location = response.headers()["location"];
      if (!location) break;
      const next = new URL(location, response.url());
      if (`${next.origin}${next.pathname}` === CALLBACK_URL) {
        await onCallback(next);
        return route.fulfill({ status: 303, headers: { location: next.href } });
      }
      response = await page.request.get(next.href, { maxRedirects: 0 });
    }
    throw new Error(`the IdP did not redirect to ${CALLBACK_URL}`);
  });
}

async function adminPage(browser: Browser) {
  return freshPage(browser, ADMIN_STATE);
}

test.beforeAll(async ({ browser }) => {
  const admin = await adminPage(browser);
  await createIntegrationViaApi(admin.request, {
    registrationId: SEC.registrationId,
    client: "post",
    button: SEC.button,
  });
  await createUserViaApi(admin.request, { email: USER, name: "Sec User" });
  await closeContexts();
});

test.afterEach(async ({ request }) => {
  // Why: the IdP is shared with every other journey; never leave it hostile.
  await setHostileMode(request, "none");
  await closeContexts();
});

for (const { mode, code } of HOSTILE_MODES) {
  test(`hostile IdP, ${mode}: the id_token is refused and recorded as ${code}`, async ({ browser }) => {
    const admin = await adminPage(browser);
    const before = await health(admin);
    await setHostileMode(admin.request, mode);
    await admin.request.delete(`${IDP_URL}/__test/token-requests`);

    const page = await freshPage(browser);
    await ssoSignIn(page);
    await expectRefused(page, code);
    // The code was exchanged: the refusal is Keyway's verdict on the id_token, not an earlier failure.
    expect((await idpTokenRequests(admin.request)).map((r) => r.clientId)).toEqual([IDP_CLIENTS.post.clientId]);
    await expectRecordedFailure(admin, before, code);
  });
}

test("a state changed on the IdP's redirect back is refused (STATE_MISMATCH)", async ({ browser }) => {
  const admin = await adminPage(browser);
  const before = await health(admin);
  const page = await freshPage(browser);
  let tampered = 0;
  await interceptRedirectBack(page, async (callbackUrl) => {
    expect(callbackUrl.searchParams.get("state")).toBeTruthy();
    callbackUrl.searchParams.set("state", "tampered-state");
    tampered += 1;
  });
  await ssoSignIn(page);
  await expectRefused(page, "STATE_MISMATCH");
  expect(tampered).toBe(1);
  await expectRecordedFailure(admin, before, "STATE_MISMATCH");
});

test("a callback URL replayed after sign-in and sign-out signs no one in", async ({ browser }) => {
  const admin = await adminPage(browser);
  const victim = await freshPage(browser);
  let callbackUrl = "";
  let checkCookies: Cookie[] = [];
  await interceptRedirectBack(victim, async (url) => {
    callbackUrl = url.href;
    // The state, PKCE and nonce cookies as they are just before the callback consumes them.
    checkCookies = await victim.context().cookies(APP_URL);
  });
  await ssoSignIn(victim);
  await expectSignedInAs(victim, USER);
  expect(callbackUrl).toMatch(/[?&]code=/);
  // The button only works once React has hydrated the page: click again until the sign-out has happened.
  await expect(async () => {
    await victim.getByRole("button", { name: "Sign out" }).click();
    await expect(victim).toHaveURL(/\/signin/, { timeout: 2_000 });
  }).toPass();
  expect(await (await victim.request.get("/api/auth/session")).json()).toEqual({});

  await test.step("the URL alone, in a fresh browser: no state cookie, refused, and nothing recorded", async () => {
    const before = await health(admin);
    const thief = await freshPage(browser);
    await thief.goto(callbackUrl);
    await expectRefused(thief, "STATE_MISMATCH");
    // Health is written only by callbacks that carry this browser's state cookie (issue 6, finding 7).
    const denied = await thief.request.get(`${CALLBACK_URL}?error=access_denied`, { maxRedirects: 0 });
    expect(denied.status()).toBeLessThan(500);
    await thief.waitForTimeout(500);
    expect(await health(admin)).toEqual(before);
  });

  await test.step("the URL with the victim's pre-callback cookies: the IdP refuses the spent code", async () => {
    expect(checkCookies.map((c) => c.name)).toEqual(
      expect.arrayContaining(["next-auth.state", "next-auth.pkce.code_verifier", "next-auth.nonce"]),
    );
    const before = await health(admin);
    const thief = await freshPage(browser);
    await thief.context().addCookies(checkCookies);
    await thief.goto(callbackUrl);
    await expectRefused(thief, "IDP_ERROR");
    await expectRecordedFailure(admin, before, "IDP_ERROR");
  });
});

test("with the IdP honest again, the same user signs in normally", async ({ browser }) => {
  const admin = await adminPage(browser);
  const before = await health(admin);
  const res = await admin.request.get(`${IDP_URL}/__test/hostile`);
  expect(await res.json()).toEqual({ mode: "none" });

  const page = await freshPage(browser);
  await ssoSignIn(page);
  await expect(page).toHaveURL(new RegExp(`^${APP_URL}/settings/oauth-integrations`));
  await expectSignedInAs(page, USER);
  await expect.poll(async () => (await health(admin)).lastSignInAt).not.toBe(before.lastSignInAt);
  expect((await health(admin)).lastFailureAt).toBe(before.lastFailureAt);
});
