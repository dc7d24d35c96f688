// Test sign-in runs a real sign-in through the test IdP in the admin's browser — through the integration's own
// Redirect URI, the only one its IdP client registers — and shows what would happen: for a known user, an unknown
// one, and a disabled integration. It changes nothing: the admin's own session and every link stay as they were.
import Database from "better-sqlite3";
import { expect, type Page, test } from "@playwright/test";
import { generators } from "openid-client";
import { parseSealingKey, seal } from "../lib/crypto/seal";
import {
  APP_ENV,
  APP_URL,
  AUTH_STATE,
  DATABASE_URL,
  IDP_CLIENTS,
  IDP_URL,
  TEST_SIGN_IN_REDIRECT_URI,
  redirectUriOf,
} from "./support/env";
import { closeContexts, createUserViaApi, freshPage, loginAtIdp, createIntegrationViaApi } from "./support/fixtures";

test.describe.configure({ mode: "serial" });
test.afterEach(closeContexts);

const TRIAL = "trial-sso";
const dbFile = DATABASE_URL.replace(/^file:/, "");

function accountLinks(): number {
  const db = new Database(dbFile, { readonly: true });
  try {
    return (db.prepare("SELECT COUNT(*) AS n FROM Account").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Who the browser's session names (next-auth re-issues the cookie on every read, so compare the identity). */
async function sessionOf(page: Page) {
  const session = await (await page.request.get("/api/auth/session")).json();
  return session.user as { id: string; email: string; name: string };
}

/** Every Set-Cookie the test sign-in's start and callback send: none may touch next-auth's cookies. */
function watchTestSignInCookies(page: Page): string[] {
  const seen: string[] = [];
  page.on("response", async (response) => {
    const url = response.url();
    if (!url.includes("/api/integrations/test-sign-in/") && !url.startsWith(redirectUriOf(TRIAL))) return;
    for (const header of await response.headersArray())
      if (header.name.toLowerCase() === "set-cookie") seen.push(header.value.split("=")[0]);
  });
  return seen;
}

async function testSignIn(page: Page, login: string) {
  await page.goto(`/settings/oauth-integrations/${TRIAL}`);
  await page.getByRole("button", { name: "Test sign-in", exact: true }).click();
  await loginAtIdp(page, login);
  await expect(page.getByRole("heading", { level: 1, name: "Test sign-in result" })).toBeVisible();
}

test.beforeAll(async ({ browser }) => {
  const admin = await freshPage(browser, AUTH_STATE.admin);
  await createIntegrationViaApi(admin.request, { registrationId: TRIAL, client: "post", button: "Sign in with Trial" });
  await createUserViaApi(admin.request, { email: "trial-user@example.test", name: "Trial User" });
  await closeContexts();
});

test("a known user: would sign in as their Keyway account; nothing changes", async ({ browser }) => {
  const page = await freshPage(browser, AUTH_STATE.admin);
  const before = await sessionOf(page);
  const links = accountLinks();
  const setCookies = watchTestSignInCookies(page);
  const callbacks: string[] = [];
  page.on("request", (request) => {
    if (request.url().startsWith(APP_URL) && request.url().includes("callback")) callbacks.push(request.url());
  });
  await page.goto(`/settings/oauth-integrations/${TRIAL}`);
  // One Redirect URI, for sign-ins and Test sign-in alike: nothing else to register at the IdP.
  await expect(page.getByTestId("redirect-uri")).toHaveText(redirectUriOf(TRIAL));
  await expect(page.getByTestId("test-sign-in-redirect-uri")).toHaveCount(0);
  await testSignIn(page, "trial-user@example.test");
  expect(callbacks.map((url) => url.split("?")[0])).toEqual([redirectUriOf(TRIAL)]);
  expect(IDP_CLIENTS.post.redirectUris.some((uri) => uri.includes("test-sign-in"))).toBe(false);
  await expect(page.getByTestId("would-sign-in-as")).toHaveText("trial-user@example.test");
  await expect(page.getByTestId("mapped-email")).toContainText("trial-user@example.test — from id_token claim “email”");
  await expect(page.getByTestId("mapped-sub")).toContainText("trial-user@example.test");
  await expect(page.getByTestId("email-verified")).toContainText("email_verified is true: it allowed linking");
  await expect(
    page
      .getByRole("definition")
      .filter({ hasText: /^trial-user@example\.test$/ })
      .first(),
  ).toBeVisible();
  await expect(page.getByLabel("id_token claims (verified)")).toContainText("nonce");
  await expect(page.getByLabel("userinfo claims")).toContainText("email_verified");
  await expect(page.locator("body")).not.toContainText(IDP_CLIENTS.post.clientSecret);
  await page.screenshot({ path: ".tmp/screens/i8-test-sign-in-result.png", fullPage: true });

  await test.step("the admin's own session and every link are unchanged; the test is audited, not counted as a sign-in", async () => {
    expect(await sessionOf(page)).toEqual(before);
    expect(before.email).toBe("admin@e2e.test");
    expect(setCookies.length).toBeGreaterThan(0);
    expect(setCookies.filter((name) => name.includes("next-auth"))).toEqual([]);
    expect(accountLinks()).toBe(links);
    await page.goto(`/settings/oauth-integrations/${TRIAL}`);
    await expect(page.getByText("No sign-in attempts yet.")).toBeVisible();
    const cookies = (await page.context().cookies()).map((c) => c.name);
    expect(cookies).not.toContain("keyway.test-sign-in");
  });
});

test("an unknown user: shows the refusal a real sign-in would get", async ({ browser }) => {
  const page = await freshPage(browser, AUTH_STATE.admin);
  const before = await sessionOf(page);
  await testSignIn(page, "nobody@example.test");
  await expect(page.getByText("A real sign-in would be refused: NO_ACCOUNT")).toBeVisible();
  await expect(
    page.getByText("No Keyway account exists for nobody@example.test; ask an administrator to add you."),
  ).toBeVisible();
  expect(await sessionOf(page)).toEqual(before);
});

test("a disabled integration can be tested before it is enabled; real sign-ins through it get INTEGRATION_DISABLED", async ({
  browser,
}) => {
  // Someone is already at the IdP when the admin disables the integration (their browser holds the state cookie).
  const visitor = await freshPage(browser);
  await visitor.goto("/signin");
  await visitor.getByRole("button", { name: "Sign in with Trial", exact: true }).click();
  await visitor.waitForURL(new RegExp(`^${IDP_URL}/`));
  const page = await freshPage(browser, AUTH_STATE.admin);
  await page.goto(`/settings/oauth-integrations/${TRIAL}`);
  await page.getByRole("button", { name: "Disable", exact: true }).click();
  await expect(page.getByText("Disabled", { exact: true }).first()).toBeVisible();
  await testSignIn(page, "trial-user@example.test");
  await expect(page.getByTestId("would-sign-in-as")).toHaveText("trial-user@example.test");

  // A bare callback URL (no state cookie) is refused with the clear page but writes nothing (issue 6, finding 7).
  const stranger = await freshPage(browser);
  await stranger.goto(`/api/auth/callback/${TRIAL}?code=x&state=y`);
  await expect(stranger).toHaveURL(/\/error\?error=INTEGRATION_DISABLED$/);
  // The in-flight sign-in comes back: the same clear page, and it is recorded in the integration's health.
  await loginAtIdp(visitor, "trial-user@example.test");
  await expect(visitor).toHaveURL(/\/error\?error=INTEGRATION_DISABLED$/);
  await expect(visitor.getByText("This sign-in option is switched off or no longer exists.")).toBeVisible();
  await expect(visitor.getByText("Error code: INTEGRATION_DISABLED")).toBeVisible();
  await page.goto(`/settings/oauth-integrations/${TRIAL}`);
  await expect(page.getByTestId("health-last-failure")).toContainText("INTEGRATION_DISABLED");
  await expect(page.getByRole("table", { name: "Recent sign-in attempts" }).getByRole("row")).toHaveCount(2);

  await test.step("the list shows the same health: Disabled badge, last failure code, 24 h counts", async () => {
    await page.goto("/settings/oauth-integrations");
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: TRIAL, exact: true }) });
    await expect(row.getByRole("cell").nth(5)).toContainText("Disabled");
    await expect(row).toContainText("(INTEGRATION_DISABLED)");
    await expect(row).toContainText("0 ok / 1 failed");
  });
});

test("a guest cannot start a test sign-in, nor can another site", async ({ browser }) => {
  const guest = await freshPage(browser, AUTH_STATE.guest);
  const asGuest = await guest.request.post("/api/integrations/test-sign-in/start", {
    form: { registrationId: TRIAL },
    headers: { origin: APP_URL },
    maxRedirects: 0,
  });
  expect([401, 403]).toContain(asGuest.status());
  const admin = await freshPage(browser, AUTH_STATE.admin);
  const crossSite = await admin.request.post("/api/integrations/test-sign-in/start", {
    form: { registrationId: TRIAL },
    headers: { origin: "https://evil.example" },
    maxRedirects: 0,
  });
  expect(crossSite.status()).toBe(403);
});

test("a failing test sign-in names the code and gives the Check connection hint", async ({ browser }) => {
  const page = await freshPage(browser, AUTH_STATE.admin);
  const set = (mode: string) => page.request.put(`${IDP_URL}/__test/hostile`, { data: { mode } });
  expect((await set("wrong-issuer")).status()).toBe(200);
  try {
    await testSignIn(page, "trial-user@example.test");
    // (Next's route announcer is an empty alert too: pick Keyway's by its text.)
    const alert = page.getByRole("alert").filter({ hasText: "Test sign-in failed" });
    await expect(alert).toContainText("Test sign-in failed: ID_TOKEN_ISSUER");
    await expect(alert).toContainText("How to fix (see Check connection, Discovery): Set Issuer to exactly the value");
    await expect(page.getByTestId("would-sign-in-as")).toHaveCount(0);
  } finally {
    await set("none");
  }
});

test("a test sign-in begun before the upgrade still completes at the deprecated callback URL", async ({ browser }) => {
  const page = await freshPage(browser, AUTH_STATE.admin);
  await createIntegrationViaApi(page.request, {
    registrationId: "legacy-sso",
    client: "legacy",
    button: "Sign in with Legacy Co",
  });
  // What the previous release left in the admin's browser: its sealed pending cookie, scoped to the old callback,
  // and an authorization request whose redirect_uri is the old callback (registered only by the `legacy` client).
  const { id: adminId } = await sessionOf(page);
  const pending = {
    registrationId: "legacy-sso",
    adminId,
    state: generators.state(),
    nonce: generators.nonce(),
    codeVerifier: generators.codeVerifier(),
    expiresAt: Date.now() + 10 * 60 * 1000,
  };
  const key = parseSealingKey(APP_ENV.KEYWAY_SEALING_KEY);
  await page.context().addCookies([
    {
      name: "keyway.test-sign-in",
      value: seal(JSON.stringify(pending), { current: key, all: [key] }),
      domain: "127.0.0.1",
      path: "/api/integrations/test-sign-in",
      httpOnly: true,
      sameSite: "Lax",
    },
  ]);
  const authorize = new URL(`${IDP_URL}/auth`);
  authorize.search = new URLSearchParams({
    client_id: IDP_CLIENTS.legacy.clientId,
    response_type: "code",
    scope: "openid email profile",
    redirect_uri: TEST_SIGN_IN_REDIRECT_URI,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: generators.codeChallenge(pending.codeVerifier),
    code_challenge_method: "S256",
  }).toString();
  await page.goto(authorize.href);
  await loginAtIdp(page, "trial-user@example.test");
  await expect(page.getByRole("heading", { level: 1, name: "Test sign-in result" })).toBeVisible();
  await expect(page.getByTestId("would-sign-in-as")).toHaveText("trial-user@example.test");
});
