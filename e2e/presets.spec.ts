// Issue 16, "Presets with guides": from the Provider list to a working sign-in. The Okta preset asks only for the org
// URL and the authorization server (empty: the org server, whose issuer is the org URL, as the test IdP's is), fills
// every endpoint by discovery and its scopes, shows its guide with this Keyway's Redirect URI to copy, and the
// integration it saves signs people in through the real IdP.
import { expect, test } from "@playwright/test";
import { APP_URL, AUTH_STATE, IDP_CLIENTS, IDP_URL } from "./support/env";
import { closeContexts, expectSignedInAs, freshPage, gotoHydrated, loginAtIdp } from "./support/fixtures";

test.describe.configure({ mode: "serial" });
test.afterEach(closeContexts);

const PRESET = { registrationId: "preset-sso", button: "Sign in with Okta Co" };
const PERSON = "preset.person@example.test";

test("an Okta preset: guide, Fill from Okta, Create, then a real sign-in", async ({ browser }) => {
  const admin = await freshPage(browser, AUTH_STATE.admin);
  const created = await admin.request.post("/api/v1/users", {
    data: { email: PERSON, name: "Preset Person", role: "GUEST", authorities: [] },
  });
  expect(created.status(), await created.text()).toBe(201);

  await gotoHydrated(admin, "/settings/oauth-integrations/new");
  await admin.getByLabel("Provider").selectOption({ label: "Okta" });
  await admin.getByLabel("Registration ID").fill(PRESET.registrationId);

  await test.step("the guide shows this Keyway's Redirect URI to paste, with a copy button", async () => {
    const guide = admin.getByRole("complementary", { name: "Setup guide: Okta" });
    await expect(guide.getByRole("heading", { name: "Set up Okta" })).toBeVisible();
    await expect(
      guide.locator("code", { hasText: `${APP_URL}/api/auth/callback/${PRESET.registrationId}` }),
    ).toBeVisible();
    await expect(guide.getByRole("button", { name: "Copy Sign-in redirect URI" })).toBeVisible();
    await expect(guide.getByText("CLIENT_AUTH_FAILED").or(guide.getByText("ID_TOKEN_ISSUER")).first()).toBeVisible();
  });

  await test.step("a malformed org URL is refused in place; the org URL fills every endpoint by discovery", async () => {
    await admin.getByLabel("Okta org URL").fill("not a url at all");
    await admin.getByRole("button", { name: "Fill from Okta" }).click();
    await expect(admin.getByRole("alert").filter({ hasText: "Okta org URL must be a URL" })).toBeVisible();
    await admin.getByLabel("Okta org URL").fill(IDP_URL);
    await admin.getByRole("button", { name: "Fill from Okta" }).click();
    await expect(admin.getByRole("status").filter({ hasText: "Filled from" })).toBeVisible();
    await expect(admin.getByLabel("Authorization URL")).toHaveValue(`${IDP_URL}/auth`);
    await expect(admin.getByLabel("Token URI")).toHaveValue(`${IDP_URL}/token`);
    await expect(admin.getByLabel("Issuer", { exact: true })).toHaveValue(IDP_URL);
    await expect(admin.getByLabel("Scopes")).toHaveValue("openid email profile groups");
    await admin.screenshot({ path: ".tmp/screens/preset-okta.png", fullPage: true });
  });

  await test.step("Create stores it as an Okta integration", async () => {
    await admin.getByLabel("Client ID").fill(IDP_CLIENTS.post.clientId);
    await admin.getByLabel("Client Secret", { exact: true }).fill(IDP_CLIENTS.post.clientSecret);
    await admin.getByLabel("Login Button Text").fill(PRESET.button);
    await admin.getByRole("button", { name: "Create" }).click();
    await expect(admin).toHaveURL(new RegExp(`/settings/oauth-integrations/${PRESET.registrationId}\\?created=1`));
    await expect(admin.getByRole("definition").filter({ hasText: /^Okta$/ })).toBeVisible();
  });

  await test.step("its button signs a person in through the IdP", async () => {
    const page = await freshPage(browser);
    await page.goto("/signin");
    await page.getByRole("button", { name: PRESET.button, exact: true }).click();
    await loginAtIdp(page, PERSON);
    await expectSignedInAs(page, PERSON);
  });
});
