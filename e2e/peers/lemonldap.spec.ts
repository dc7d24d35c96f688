// A second, independent OpenID Provider: LemonLDAP::NG 2.16 from Debian's packages (e2e/support/lemonldap.ts starts
// it). An admin adds it as Custom SSO by Fetch configuration (RP-initiated logout switched on from its discovery),
// Demo user dwho signs in through its login page, and Sign out ends the session at LemonLDAP too: its end-session
// endpoint gets id_token_hint and sends the browser back to Keyway's "You are signed out".
import { expect, type Page, test } from "@playwright/test";
import { decodeJwt } from "jose";
import { APP_URL, AUTH_STATE, redirectUriOf } from "../support/env";
import { closeContexts, createUserViaApi, expectSignedInAs, freshPage, gotoHydrated } from "../support/fixtures";
import { type LemonLdap, LLNG_URL, startLemonLdap } from "../support/lemonldap";

test.describe.configure({ mode: "serial" });
test.afterEach(closeContexts);

const LLNG = { registrationId: "llng-sso", button: "Sign in with LemonLDAP" };
const POST_LOGOUT_URI = `${APP_URL}/signin?signed_out=1`;
const CLIENT = {
  clientId: "keyway-e2e",
  clientSecret: "keyway-e2e-llng-secret-Rt5!",
  redirectUris: [redirectUriOf(LLNG.registrationId)],
  postLogoutRedirectUris: [POST_LOGOUT_URI],
};
// LemonLDAP's Demo backend: login = password.
const DWHO = { login: "dwho", email: "dwho@badwolf.org" };

let llng: LemonLdap | undefined;

test.beforeAll(async () => {
  // The first run on a fresh machine installs Debian's packages (as root) before LemonLDAP starts.
  test.setTimeout(300_000);
  llng = await startLemonLdap(CLIENT);
});
test.afterAll(async () => {
  await llng?.stop();
});

async function loginAtLemonLdap(page: Page) {
  await page.waitForURL(new RegExp(`^${LLNG_URL}/`));
  await page.locator('input[name="user"]').fill(DWHO.login);
  await page.locator('input[name="password"]').fill(DWHO.login);
  await page.locator('button[type="submit"]').click();
}

test("RP-initiated logout at LemonLDAP::NG: Sign out ends its session and lands on Keyway's sign-in page", async ({
  browser,
}) => {
  await test.step("an admin adds LemonLDAP by Fetch configuration; RP-initiated logout is switched on", async () => {
    const admin = await freshPage(browser, AUTH_STATE.admin);
    await admin.goto("/settings/oauth-integrations/new");
    await admin.getByLabel("Provider").selectOption({ label: "Custom SSO" });
    await admin.getByLabel("Issuer or discovery URL").fill(LLNG_URL);
    await admin.getByRole("button", { name: "Fetch configuration" }).click();
    await expect(admin.getByRole("status").filter({ hasText: "Filled from" })).toBeVisible();
    await expect(admin.getByLabel("End Session URI")).toHaveValue(`${LLNG_URL}/oauth2/logout`);
    await expect(admin.getByRole("checkbox", { name: "RP-initiated logout" })).toBeChecked();
    await admin.getByLabel("Registration ID").fill(LLNG.registrationId);
    await admin.getByLabel("Client ID").fill(CLIENT.clientId);
    await admin.getByLabel("Client Secret", { exact: true }).fill(CLIENT.clientSecret);
    await admin.getByLabel("Login Button Text").fill(LLNG.button);
    // LemonLDAP 2.16 cannot send email_verified as a boolean: its directory's addresses are trusted instead.
    await admin.getByRole("checkbox", { name: "Trust email addresses from this IdP" }).check();
    await admin.getByRole("button", { name: "Create" }).click();
    await expect(admin).toHaveURL(new RegExp(`/settings/oauth-integrations/${LLNG.registrationId}\\?created=1$`));
    await createUserViaApi(admin.request, { email: DWHO.email, name: "Doctor Who" });
  });

  const page = await freshPage(browser);
  await test.step("dwho signs in through LemonLDAP's login page", async () => {
    await gotoHydrated(page, "/signin");
    await page.getByRole("button", { name: LLNG.button, exact: true }).click();
    await loginAtLemonLdap(page);
    await expectSignedInAs(page, DWHO.email);
  });

  await test.step("Sign out: LemonLDAP's end-session endpoint gets id_token_hint, then Keyway says signed out", async () => {
    const seenByBrowser = JSON.stringify(await page.context().cookies()) + (await page.content());
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(new RegExp(`^${LLNG_URL}/oauth2/logout\\?`));
    const url = new URL(page.url());
    const hint = url.searchParams.get("id_token_hint") ?? "";
    expect(decodeJwt(hint)).toMatchObject({ iss: LLNG_URL, aud: [CLIENT.clientId], sub: DWHO.login });
    // The id_token travels only to the IdP in this one redirect: it was never in a Keyway cookie or page.
    expect(seenByBrowser).not.toContain(hint);
    expect(url.searchParams.get("post_logout_redirect_uri")).toBe(POST_LOGOUT_URI);
    await expect(page.getByRole("heading", { name: "Do you want to logout?" })).toBeVisible();
    await page.getByRole("button", { name: "Accept" }).click();
    await expect(page).toHaveURL(new RegExp(`^${APP_URL}/signin\\?signed_out=1`));
    await expect(page.getByRole("status").filter({ hasText: "You are signed out." })).toBeVisible();
  });

  await test.step("LemonLDAP's session is over: the SSO button shows its login form again", async () => {
    await expect(page.locator("html[data-hydrated]")).toBeAttached();
    await page.getByRole("button", { name: LLNG.button, exact: true }).click();
    await page.waitForURL(new RegExp(`^${LLNG_URL}/`));
    await expect(page.locator('input[name="user"]')).toBeVisible();
    await expect(page.locator('input[name="password"]')).toBeVisible();
  });
});
