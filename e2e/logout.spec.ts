// Logout that reaches the IdP, with the real test IdP (oidc-provider): Sign out ends the Keyway session and the
// IdP's (RP-initiated logout, back on Keyway's sign-in page); signing out at the IdP ends the Keyway session through
// back-channel logout within a second; hand-made hostile logout tokens are refused with a clear JSON error and end
// nothing.
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { decodeJwt } from "jose";
import { APP_URL, AUTH_STATE, IDP_CLIENTS, IDP_URL } from "./support/env";
import { closeContexts, createUserViaApi, expectSignedInAs, freshPage, loginAtIdp } from "./support/fixtures";

test.describe.configure({ mode: "serial" });
test.afterEach(closeContexts);

const LOGOUT = { registrationId: "logout-sso", button: "Sign in with Logout Co" };
const PERSON = "lou.logout@example.test";
const BACKCHANNEL_URI = `${APP_URL}/api/auth/backchannel-logout/${LOGOUT.registrationId}`;
const POST_LOGOUT_URI = `${APP_URL}/signin?signed_out=1`;

test.beforeAll(async ({ browser }) => {
  const admin = await freshPage(browser, AUTH_STATE.admin);
  const client = IDP_CLIENTS.logout;
  const res = await admin.request.post("/api/v1/oauth-integrations", {
    data: {
      provider: "custom-sso",
      registrationId: LOGOUT.registrationId,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      authorizationUrl: `${IDP_URL}/auth`,
      jwksUri: `${IDP_URL}/jwks`,
      tokenUri: `${IDP_URL}/token`,
      userInfoUri: `${IDP_URL}/me`,
      issuer: IDP_URL,
      clientAuthMethod: client.authMethod,
      loginButtonText: LOGOUT.button,
      endSessionUri: `${IDP_URL}/session/end`,
      rpInitiatedLogout: true,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  await createUserViaApi(admin.request, { email: PERSON, name: "Lou Logout" });
  await closeContexts();
});

async function ssoSignIn(page: Page) {
  await page.goto("/signin");
  await page.getByRole("button", { name: LOGOUT.button, exact: true }).click();
  await loginAtIdp(page, PERSON);
  await expectSignedInAs(page, PERSON);
}

/** The email /api/auth/session answers for this context's cookies, or null when signed out. */
async function sessionEmail(request: APIRequestContext): Promise<string | null> {
  const body = (await (await request.get(`${APP_URL}/api/auth/session`)).json()) as { user?: { email?: string } };
  return body.user?.email ?? null;
}

test("Discovery offers the End Session URI and switches RP-initiated logout on; the page shows both logout URIs", async ({
  browser,
}) => {
  const page = await freshPage(browser, AUTH_STATE.admin);
  await test.step("Fetch configuration fills End Session URI and ticks RP-initiated logout", async () => {
    await page.goto("/settings/oauth-integrations/new");
    await page.getByLabel("Provider").selectOption("custom-sso");
    await page.getByLabel("Issuer or discovery URL").fill(IDP_URL);
    await page.getByRole("button", { name: "Fetch configuration" }).click();
    await expect(page.getByLabel("End Session URI")).toHaveValue(`${IDP_URL}/session/end`);
    await expect(page.getByRole("checkbox", { name: "RP-initiated logout" })).toBeChecked();
  });
  await test.step("the integration's page: post-logout redirect and back-channel logout URIs to copy", async () => {
    await page.goto(`/settings/oauth-integrations/${LOGOUT.registrationId}`);
    await expect(page.getByTestId("post-logout-redirect-uri")).toHaveText(POST_LOGOUT_URI);
    await expect(page.getByTestId("backchannel-logout-uri")).toHaveText(BACKCHANNEL_URI);
    await expect(page.getByRole("button", { name: "Copy Post-logout redirect URI" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Copy Back-channel logout URI" })).toBeVisible();
  });
});

test("Sign out ends the session at the IdP too and lands on Keyway's sign-in page", async ({ browser }) => {
  const page = await freshPage(browser);
  await ssoSignIn(page);
  const copied = await page.context().cookies(APP_URL);

  await test.step("Sign out: the IdP asks to confirm, then sends the browser back to Keyway", async () => {
    const seenByBrowser = JSON.stringify(await page.context().cookies()) + (await page.content());
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(new RegExp(`^${IDP_URL}/session/end`));
    const url = new URL(page.url());
    const hint = url.searchParams.get("id_token_hint") ?? "";
    expect(decodeJwt(hint)).toMatchObject({ aud: IDP_CLIENTS.logout.clientId, sub: PERSON });
    expect(url.searchParams.get("post_logout_redirect_uri")).toBe(POST_LOGOUT_URI);
    expect(url.searchParams.get("client_id")).toBe(IDP_CLIENTS.logout.clientId);
    // The id_token travels only to the IdP in this one redirect: it was never in a Keyway cookie or page.
    expect(seenByBrowser).not.toContain(hint);
    await page.getByRole("button", { name: "Yes, sign me out" }).click();
    await expect(page).toHaveURL(new RegExp(`^${APP_URL}/signin\\?signed_out=1`));
    await expect(page.getByRole("status").filter({ hasText: "You are signed out." })).toBeVisible();
  });

  await test.step("the Keyway session is over, even for a copied cookie", async () => {
    expect(await sessionEmail(page.request)).toBeNull();
    const thief = await freshPage(browser);
    await thief.context().addCookies(copied);
    expect(await sessionEmail(thief.request)).toBeNull();
  });

  await test.step("the IdP session is over: the SSO button asks for credentials again", async () => {
    await page.getByRole("button", { name: LOGOUT.button, exact: true }).click();
    await page.waitForURL(new RegExp(`^${IDP_URL}/`));
    await expect(page.locator('input[name="login"]')).toBeVisible();
  });
});

test("Signing out at the IdP ends the Keyway session within 1 s (back-channel logout)", async ({ browser }) => {
  const page = await freshPage(browser);
  await ssoSignIn(page);
  expect(await sessionEmail(page.request)).toBe(PERSON);

  await page.goto(`${IDP_URL}/session/end`);
  const started = Date.now();
  await page.getByRole("button", { name: "Yes, sign me out" }).click();
  await expect.poll(() => sessionEmail(page.request), { timeout: 1_000, intervals: [50] }).toBeNull();
  expect(Date.now() - started).toBeLessThan(1_000);
  await page.goto("/settings/oauth-integrations");
  await expect(page).toHaveURL(/\/signin/);

  await test.step("recorded in the audit log", async () => {
    const admin = await freshPage(browser, AUTH_STATE.admin);
    await admin.goto(`/settings/audit-log?action=session.backchannel_logout`);
    const row = admin
      .getByRole("row")
      .filter({ hasText: "session.backchannel_logout" })
      .filter({ hasText: LOGOUT.registrationId });
    await expect(row.first()).toBeVisible();
  });
});

test("hostile logout tokens are refused with a clear JSON error and end nothing", async ({ browser, playwright }) => {
  const page = await freshPage(browser);
  await ssoSignIn(page);
  const http = await playwright.request.newContext();
  const clientId = IDP_CLIENTS.logout.clientId;
  const mint = async (claims: Record<string, unknown> = {}, omit: string[] = []) => {
    const res = await http.post(`${IDP_URL}/__test/logout-token`, {
      data: { clientId, claims: { sub: PERSON, ...claims }, omit },
    });
    expect(res.ok()).toBeTruthy();
    return ((await res.json()) as { logout_token: string }).logout_token;
  };
  const send = (logoutToken: string) => http.post(BACKCHANNEL_URI, { form: { logout_token: logoutToken } });
  const expectRefused = async (logoutToken: string, description: RegExp) => {
    const res = await send(logoutToken);
    expect(res.status()).toBe(400);
    const body = (await res.json()) as { error: string; error_description: string };
    expect(body.error).toBe("invalid_request");
    expect(body.error_description).toMatch(description);
  };

  await test.step("bad signature, wrong aud, a nonce, no events: 400 each", async () => {
    const [header, payload] = (await mint()).split(".");
    const otherSignature = (await mint({ sub: "someone-else@example.test" })).split(".")[2];
    await expectRefused(`${header}.${payload}.${otherSignature}`, /signature/);
    await expectRefused(await mint({ aud: "someone-else" }), /audience/);
    await expectRefused(await mint({ nonce: "n-0S6_WzA2Mj" }), /nonce/);
    await expectRefused(await mint({}, ["events"]), /events/);
  });

  await test.step("a replayed jti: the first is accepted (it names nobody), the replay refused", async () => {
    const once = await mint({ sub: "nobody@example.test" });
    expect((await send(once)).status()).toBe(200);
    await expectRefused(once, /already used/);
  });

  await test.step("the session is still alive", async () => {
    expect(await sessionEmail(page.request)).toBe(PERSON);
    await page.goto("/settings/oauth-integrations");
    await expectSignedInAs(page, PERSON);
  });
  await http.dispose();
});
