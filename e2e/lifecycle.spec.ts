// Issue 7 journeys: an integration an admin can live with — Fetch configuration, edit (secret kept or replaced,
// stale saves refused), disable/enable, audit log, delete — against the real test IdP.
import { expect, type Page, test } from "@playwright/test";
import { APP_URL, AUTH_STATE, GUEST, IDP_CLIENTS, IDP_URL } from "./support/env";
import {
  type CapturedAction,
  captureServerAction,
  closeContexts,
  expectSignedInAs,
  freshPage,
  loginAtIdp,
  replayServerAction,
  signInWithPassword,
} from "./support/fixtures";

test.describe.configure({ mode: "serial" });
test.afterEach(closeContexts);

const LIFE = { registrationId: "life-sso", button: "Sign in with Life Co" };
const PAGE = `/settings/oauth-integrations/${LIFE.registrationId}`;
const WRONG_SECRET = "wrong-secret-Tq9!-not-the-real-one";
const SCREENS = ".tmp/screens";
const captured: Record<string, CapturedAction> = {};

async function ssoSignIn(page: Page, login: string) {
  await page.goto("/signin");
  await page.getByRole("button", { name: LIFE.button, exact: true }).click();
  await loginAtIdp(page, login);
}

async function integration(page: Page) {
  const res = await page.request.get(`/api/v1/oauth-integrations/${LIFE.registrationId}`);
  return res.ok() ? ((await res.json()).integration as Record<string, unknown> & { version: number }) : null;
}

async function expectDisabledRefusal(page: Page) {
  await expect(page).toHaveURL(new RegExp(`^${APP_URL}/error\\?error=INTEGRATION_DISABLED$`));
  await expect(page.getByRole("heading", { name: "Sign-in refused" })).toBeVisible();
  await expect(
    page.getByRole("alert").filter({ hasText: "This sign-in option is switched off or no longer exists" }),
  ).toBeVisible();
  await expect(page.getByText("Error code: INTEGRATION_DISABLED")).toBeVisible();
}

test("Fetch configuration fills every field from the test IdP; a trailing-slash issuer gets its message", async ({
  browser,
}) => {
  const page = await freshPage(browser, AUTH_STATE.admin);
  await page.goto("/settings/oauth-integrations/new");
  await page.getByLabel("Provider").selectOption({ label: "Custom SSO" });
  const box = page.getByLabel("Issuer or discovery URL");

  await test.step("trailing slash: the exact message and what to type", async () => {
    await box.fill(`${IDP_URL}/`);
    await page.getByRole("button", { name: "Fetch configuration" }).click();
    const message = `The IdP's issuer is "${IDP_URL}" but you typed "${IDP_URL}/": they differ only by a trailing slash. Issuers must match exactly — enter "${IDP_URL}" and fetch again.`;
    await expect(page.getByRole("alert").filter({ hasText: message })).toHaveText(message);
    await expect(page.getByLabel("Authorization URL")).toHaveValue("");
  });

  await test.step("the issuer fills Authorization URL, Token URI, User Info URI, JWK Set URI, Issuer and Post", async () => {
    await page.getByRole("radio", { name: "Basic" }).check();
    await box.fill(IDP_URL);
    captured.fetchConfiguration = await captureServerAction(page, () =>
      page.getByRole("button", { name: "Fetch configuration" }).click(),
    );
    await expect(page.getByRole("status").filter({ hasText: "Filled from" })).toBeVisible();
    await expect(page.getByLabel("Authorization URL")).toHaveValue(`${IDP_URL}/auth`);
    await expect(page.getByLabel("Token URI")).toHaveValue(`${IDP_URL}/token`);
    await expect(page.getByLabel("User Info URI")).toHaveValue(`${IDP_URL}/me`);
    await expect(page.getByLabel("JWK Set URI")).toHaveValue(`${IDP_URL}/jwks`);
    await expect(page.getByLabel("Issuer", { exact: true })).toHaveValue(IDP_URL);
    await expect(page.getByRole("radio", { name: "Post" })).toBeChecked();
  });

  await test.step("the rest by hand, then Create", async () => {
    await page.getByLabel("Registration ID").fill(LIFE.registrationId);
    await page.getByLabel("Client ID").fill(IDP_CLIENTS.post.clientId);
    await page.getByLabel("Client Secret", { exact: true }).fill(IDP_CLIENTS.post.clientSecret);
    await page.getByLabel("Login Button Text").fill(LIFE.button);
    await page.getByRole("button", { name: "Create" }).click();
    await expect(page).toHaveURL(new RegExp(`${PAGE}\\?created=1$`));
  });
});

test("the guest links by SSO; a wrong secret fails clearly and is recorded; back → works; an empty secret keeps it", async ({
  browser,
}) => {
  const admin = await freshPage(browser, AUTH_STATE.admin);
  await test.step("guest signs in through the IdP (linked by verified email)", async () => {
    const guest = await freshPage(browser);
    await ssoSignIn(guest, GUEST.email);
    await expectSignedInAs(guest, GUEST.email);
  });

  await test.step("Edit: prefilled, Registration ID read-only, empty secret with its help; save a wrong secret", async () => {
    await admin.goto(PAGE);
    await admin.getByRole("link", { name: "Edit", exact: true }).click();
    await expect(admin.getByRole("heading", { level: 1, name: `Edit ${LIFE.registrationId}` })).toBeVisible();
    await expect(admin.getByLabel("Registration ID")).toHaveValue(LIFE.registrationId);
    await expect(admin.getByLabel("Registration ID")).toHaveAttribute("readonly", "");
    await expect(admin.getByLabel("Client ID")).toHaveValue(IDP_CLIENTS.post.clientId);
    await expect(admin.getByLabel("Client Secret", { exact: true })).toHaveValue("");
    await expect(admin.getByText(/^Leave empty to keep the current secret/)).toBeVisible();
    await expect(admin.getByLabel("Login Button Text")).toHaveValue(LIFE.button);
    // Changing the Issuer warns, before Save, how many linked accounts stop matching.
    const warning = admin.getByRole("status").filter({ hasText: "Changing the Issuer" });
    await admin.getByLabel("Issuer", { exact: true }).fill(`${IDP_URL}/elsewhere`);
    await expect(warning).toContainText(
      "This affects 1 linked account: links made with the current Issuer stop matching",
    );
    await admin.getByLabel("Issuer", { exact: true }).fill(IDP_URL);
    await expect(warning).toHaveCount(0);
    await admin.screenshot({ path: `${SCREENS}/i7-edit-form.png`, fullPage: true });
    await admin.getByLabel("Client Secret", { exact: true }).fill(WRONG_SECRET);
    captured.update = await captureServerAction(admin, () =>
      admin.getByRole("button", { name: "Save", exact: true }).click(),
    );
    await expect(admin).toHaveURL(new RegExp(`${PAGE}\\?saved=1$`));
    await expect(admin.getByText("Changes saved")).toBeVisible();
  });

  await test.step("sign-in now fails with a clear page, recorded on the integration and in the audit log", async () => {
    const before = await integration(admin);
    const guest = await freshPage(browser);
    await ssoSignIn(guest, GUEST.email);
    // The person sees the named code and a plain sentence, never next-auth's generic OAuthCallback (issue 8).
    await expect(guest).toHaveURL(`${APP_URL}/error?error=CLIENT_AUTH_FAILED`);
    await expect(guest.getByRole("alert").filter({ hasText: "rejected Keyway's client credentials" })).toBeVisible();
    await expect.poll(async () => (await integration(admin))?.lastFailureAt).not.toBe(before?.lastFailureAt);
    expect((await integration(admin))?.lastFailureCode).toBe("CLIENT_AUTH_FAILED");
    await admin.goto(`/settings/audit-log?action=auth.sso_refused&target=integration:${LIFE.registrationId}`);
    await expect(
      admin.getByRole("table", { name: "Audit events" }).getByText("Code: CLIENT_AUTH_FAILED").first(),
    ).toBeVisible();
  });

  await test.step("edit the secret back → sign-in works", async () => {
    await admin.goto(`${PAGE}/edit`);
    await admin.getByLabel("Client Secret", { exact: true }).fill(IDP_CLIENTS.post.clientSecret);
    await admin.getByRole("button", { name: "Save", exact: true }).click();
    await expect(admin).toHaveURL(new RegExp(`${PAGE}\\?saved=1$`));
    const guest = await freshPage(browser);
    await ssoSignIn(guest, GUEST.email);
    await expectSignedInAs(guest, GUEST.email);
  });

  await test.step("save with the secret left empty (button text changed) → the secret is kept", async () => {
    await admin.goto(`${PAGE}/edit`);
    await admin.getByLabel("Login Button Text").fill("Sign in with Life Company");
    await admin.getByRole("button", { name: "Save", exact: true }).click();
    await expect(admin).toHaveURL(new RegExp(`${PAGE}\\?saved=1$`));
    const guest = await freshPage(browser);
    await guest.goto("/signin");
    await guest.getByRole("button", { name: "Sign in with Life Company", exact: true }).click();
    await loginAtIdp(guest, GUEST.email);
    await expectSignedInAs(guest, GUEST.email);
    await admin.goto(`${PAGE}/edit`);
    await admin.getByLabel("Login Button Text").fill(LIFE.button);
    await admin.getByRole("button", { name: "Save", exact: true }).click();
    await expect(admin).toHaveURL(new RegExp(`${PAGE}\\?saved=1$`));
  });
});

test("two admins edit at once: the second Save gets the stale message; the API's PATCH gets 409", async ({
  browser,
}) => {
  const first = await freshPage(browser, AUTH_STATE.admin);
  const second = await freshPage(browser, AUTH_STATE.admin);
  await first.goto(`${PAGE}/edit`);
  await second.goto(`${PAGE}/edit`);
  const stale = await integration(first);
  await first.getByLabel("Login Button Text").fill("Sign in with Life (first)");
  await first.getByRole("button", { name: "Save", exact: true }).click();
  await expect(first).toHaveURL(new RegExp(`${PAGE}\\?saved=1$`));
  await second.getByLabel("Login Button Text").fill("Sign in with Life (second)");
  await second.getByRole("button", { name: "Save", exact: true }).click();
  const staleMessage = "This integration was changed by someone else. Reload to see the changes.";
  await expect(second.getByRole("alert").filter({ hasText: staleMessage })).toHaveText(staleMessage);
  expect((await integration(first))?.loginButtonText).toBe("Sign in with Life (first)");

  const patch = await first.request.patch(`/api/v1/oauth-integrations/${LIFE.registrationId}`, {
    data: { version: stale!.version, loginButtonText: "Overwritten by API" },
  });
  expect(patch.status()).toBe(409);
  expect((await patch.json()).error.message).toBe(
    "This integration was changed by someone else. Reload to see the changes.",
  );
  const fresh = await integration(first);
  const ok = await first.request.patch(`/api/v1/oauth-integrations/${LIFE.registrationId}`, {
    data: { version: fresh!.version, loginButtonText: LIFE.button },
  });
  expect(ok.status(), await ok.text()).toBe(200);
  expect((await ok.json()).integration.loginButtonText).toBe(LIFE.button);
});

test("Disable: button gone, sign-in start and callback URLs refused with a clear page; an in-flight sign-in recorded; Enable: works again", async ({
  browser,
}) => {
  const admin = await freshPage(browser, AUTH_STATE.admin);
  // next-auth's provider list (kept per provider set, lib/auth/providers-listing.ts) follows every change at once.
  const listed = async () => Object.keys(await (await admin.request.get("/api/auth/providers")).json());
  expect(await listed()).toContain(LIFE.registrationId);
  // A person already at the IdP when the admin disables the integration (their browser holds the state cookie).
  const inFlight = await freshPage(browser);
  await inFlight.goto("/signin");
  await inFlight.getByRole("button", { name: LIFE.button, exact: true }).click();
  await inFlight.waitForURL(new RegExp(`^${IDP_URL}/`));
  await admin.goto(PAGE);
  captured.disable = await captureServerAction(admin, () =>
    admin.getByRole("button", { name: "Disable", exact: true }).click(),
  );
  await expect(admin.getByRole("button", { name: "Enable", exact: true })).toBeVisible();
  await expect(admin.getByTestId("detail-State")).toContainText("Disabled");
  await admin.goto("/settings/oauth-integrations");
  await expect(admin.getByRole("row").filter({ hasText: LIFE.registrationId })).toContainText("Disabled");
  expect(await listed()).not.toContain(LIFE.registrationId);

  const visitor = await freshPage(browser);
  await visitor.goto("/signin");
  await expect(
    visitor.getByRole("button", { name: "Email and password" }).or(visitor.getByLabel("Email", { exact: true })),
  ).toBeVisible();
  await expect(visitor.getByRole("button", { name: LIFE.button })).toHaveCount(0);
  const before = (await integration(admin))?.lastFailureAt;
  await visitor.goto(`/api/auth/signin/${LIFE.registrationId}`);
  await expectDisabledRefusal(visitor);
  await visitor.goto(`/api/auth/callback/${LIFE.registrationId}?code=abc&state=def&iss=${encodeURIComponent(IDP_URL)}`);
  await expectDisabledRefusal(visitor);
  // Bare URLs (no state cookie) are refused but write nothing: anyone can send them (issue 6, finding 7).
  expect((await integration(admin))?.lastFailureAt).toBe(before);
  // The in-flight sign-in comes back to a disabled integration: the same clear page, and it is recorded.
  await loginAtIdp(inFlight, GUEST.email);
  await expectDisabledRefusal(inFlight);
  expect((await integration(admin))?.lastFailureCode).toBe("INTEGRATION_DISABLED");
  await admin.goto(`/settings/audit-log?action=auth.sso_refused&target=integration:${LIFE.registrationId}`);
  await expect(admin.getByText("Code: INTEGRATION_DISABLED").first()).toBeVisible();

  await admin.goto(PAGE);
  await admin.getByRole("button", { name: "Enable", exact: true }).click();
  await expect(admin.getByRole("button", { name: "Disable", exact: true })).toBeVisible();
  expect(await listed()).toContain(LIFE.registrationId);
  const guest = await freshPage(browser);
  await ssoSignIn(guest, GUEST.email);
  await expectSignedInAs(guest, GUEST.email);
});

test("the Audit Log shows an edit's field diff, the secret only as changed, linked from the integration", async ({
  browser,
}) => {
  const admin = await freshPage(browser, AUTH_STATE.admin);
  await admin.goto(PAGE);
  await admin.getByRole("link", { name: "View audit log" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "Audit Log" })).toBeVisible();
  await expect(admin.getByLabel("Target")).toHaveValue(`integration:${LIFE.registrationId}`);
  const table = admin.getByRole("table", { name: "Audit events" });
  await expect(table.getByText("Client Secret: changed").first()).toBeVisible();
  await expect(table.getByText(`Login Button Text: ${LIFE.button} → Sign in with Life Company`)).toBeVisible();
  const rows = table.getByRole("row");
  await expect(table.getByText("integration.enable")).toBeVisible();
  const html = await admin.content();
  expect(html).not.toContain(WRONG_SECRET);
  expect(html).not.toContain(IDP_CLIENTS.post.clientSecret);
  await admin.screenshot({ path: `${SCREENS}/i7-audit-log.png`, fullPage: true });
  await admin.getByLabel("Action").selectOption("integration.update");
  await admin.getByRole("button", { name: "Filter" }).click();
  await expect(rows.nth(1)).toContainText("integration.update");
  await expect(table.getByText("integration.enable")).toHaveCount(0);
});

test("a user without OAUTH_INTEGRATION_WRITE gets 403 from each new action and API route", async ({ browser }) => {
  const guest = await freshPage(browser, AUTH_STATE.guest);
  const before = await integration(await freshPage(browser, AUTH_STATE.admin));
  const url = `/api/v1/oauth-integrations/${LIFE.registrationId}`;
  expect(
    (await guest.request.patch(url, { data: { version: before!.version, loginButtonText: "Hacked" } })).status(),
  ).toBe(403);
  expect((await guest.request.patch(url, { data: { version: before!.version, enabled: false } })).status()).toBe(403);
  expect((await guest.request.delete(url, { data: { confirmation: LIFE.registrationId } })).status()).toBe(403);
  for (const [name, action] of Object.entries(captured)) {
    const replay = await replayServerAction(guest, PAGE, action, action.body);
    expect(replay, name).toContain("FORBIDDEN");
  }
  const after = await integration(await freshPage(browser, AUTH_STATE.admin));
  expect(after).toEqual(before);
});

test("Delete with the typed Registration ID: gone from list and sign-in screen; the user still signs in by password", async ({
  browser,
}) => {
  const admin = await freshPage(browser, AUTH_STATE.admin);
  await admin.goto(PAGE);
  await admin.getByRole("button", { name: "Delete", exact: true }).click();
  const dialog = admin.getByRole("dialog", { name: `Delete the integration ${LIFE.registrationId}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(LIFE.button);
  const confirm = dialog.getByLabel("Type the Registration ID to confirm");
  await confirm.fill("life");
  await expect(dialog.getByRole("button", { name: "Delete integration" })).toBeDisabled();
  await confirm.fill(LIFE.registrationId);
  await admin.screenshot({ path: `${SCREENS}/i7-delete-dialog.png` });
  const deleteAction = await captureServerAction(admin, () =>
    dialog.getByRole("button", { name: "Delete integration" }).click(),
  );
  await expect(admin).toHaveURL(/\/settings\/oauth-integrations\?deleted=life-sso$/);
  await expect(admin.getByText("Integration deleted")).toBeVisible();
  await expect(admin.getByRole("row").filter({ hasText: LIFE.registrationId })).toHaveCount(0);

  const visitor = await freshPage(browser);
  await visitor.goto("/signin");
  await expect(visitor.getByLabel("Email", { exact: true })).toBeVisible();
  await expect(visitor.getByRole("button", { name: LIFE.button })).toHaveCount(0);
  await visitor.goto(`/api/auth/callback/${LIFE.registrationId}?code=abc&state=def`);
  await expectDisabledRefusal(visitor);
  await signInWithPassword(visitor, GUEST.email, GUEST.password);
  await expectSignedInAs(visitor, GUEST.email);
  // The delete action, replayed by the guest: the authority check comes before anything else.
  expect(await replayServerAction(visitor, PAGE, deleteAction, deleteAction.body)).toContain("FORBIDDEN");
});
