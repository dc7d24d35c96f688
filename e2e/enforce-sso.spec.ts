// Issue 6, "Enforce single sign-on without locking anyone out": Settings > Sign-in policy cannot require SSO before
// an integration admin has signed in through SSO; when required, password sign-in is refused except for
// break-glass accounts (audited, shown to admins); switching it off restores passwords.
// Runs first of the journeys (file order) on purpose: its first step needs a database where no integration admin
// has signed in through SSO yet. It always switches the policy off again (afterAll), so later journeys use passwords.
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { ADMIN, AUTH_STATE, GUEST } from "./support/env";
import { closeContexts, expectSignedInAs, freshPage, loginAtIdp, createIntegrationViaApi } from "./support/fixtures";

test.describe.configure({ mode: "serial" });
test.afterEach(closeContexts);

const POLICY = { registrationId: "policy-sso", button: "Sign in with Policy Co" };
const REFUSED = "Single sign-on is required: use your organisation's sign-in button.";

test.afterAll(async ({ browser }) => {
  const admin = await freshPage(browser, AUTH_STATE.admin);
  await admin.request.put("/api/v1/sign-in-policy", { data: { requireSso: false, breakGlassUserIds: [] } });
  await closeContexts();
});

async function openPolicy(page: Page) {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign-in policy" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sign-in policy" })).toBeVisible();
}

async function savePolicy(page: Page, requireSso: boolean, breakGlass: string[]) {
  await page.getByRole("checkbox", { name: "Require single sign-on" }).setChecked(requireSso);
  for (const email of [ADMIN.email, GUEST.email])
    await page.getByRole("checkbox", { name: email }).setChecked(breakGlass.includes(email));
  await page.getByRole("button", { name: "Save policy" }).click();
}

async function passwordSignIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("Require single sign-on: refused without a recent SSO admin sign-in; then on, break-glass only; then off", async ({
  browser,
}) => {
  const admin = await freshPage(browser, AUTH_STATE.admin);

  await test.step("cannot be switched on before an integration admin has signed in through SSO", async () => {
    await openPolicy(admin);
    await savePolicy(admin, true, [ADMIN.email]);
    await expect(
      admin.getByText(
        "Single sign-on can be required only after an administrator holding every authority has signed in",
      ),
    ).toBeVisible();
    const api = await admin.request.get("/api/v1/sign-in-policy");
    expect((await api.json()).requireSso).toBe(false);
  });

  const sso = await freshPage(browser);
  await test.step("the admin signs in through an enabled integration; the console notes the bootstrap password", async () => {
    await createIntegrationViaApi(admin.request, {
      registrationId: POLICY.registrationId,
      client: "post",
      button: POLICY.button,
    });
    await sso.goto("/signin");
    await sso.getByRole("button", { name: POLICY.button, exact: true }).click();
    await loginAtIdp(sso, ADMIN.email);
    await expectSignedInAs(sso, ADMIN.email);
    await expect(sso.getByText("The bootstrap admin still signs in with a password")).toBeVisible();
  });

  await test.step("never without a break-glass account; with one, it switches on", async () => {
    await openPolicy(sso);
    await savePolicy(sso, true, []);
    await expect(
      sso.getByText("Choose at least one break-glass account before requiring single sign-on."),
    ).toBeVisible();
    await savePolicy(sso, true, [ADMIN.email]);
    await expect(sso.getByRole("status").filter({ hasText: "Sign-in policy saved." })).toBeVisible();
  });

  await test.step("the sign-in screen hides the password form; a non-break-glass password is refused with the message", async () => {
    const page = await freshPage(browser);
    await page.goto("/signin");
    await expect(page.getByRole("button", { name: POLICY.button, exact: true })).toBeVisible();
    await expect(page.getByLabel("Password")).toHaveCount(0);
    await page.screenshot({ path: path.join(".tmp", "screenshots", "signin-sso-required.png"), fullPage: true });
    await page.getByRole("link", { name: "Break-glass sign-in" }).click();
    await passwordSignIn(page, GUEST.email, GUEST.password);
    await expect(page.getByRole("alert").filter({ hasText: REFUSED })).toBeVisible();
    await page.goto("/settings/oauth-integrations");
    await expect(page).toHaveURL(/\/signin/);
  });

  await test.step("a break-glass password sign-in works, and every admin sees the warning banner", async () => {
    const page = await freshPage(browser);
    await page.goto("/signin?break-glass=1");
    await passwordSignIn(page, ADMIN.email, ADMIN.password);
    await expectSignedInAs(page, ADMIN.email);
    await expect(page.getByRole("status").filter({ hasText: "Break-glass sign-in" })).toContainText(
      `${ADMIN.email} signed in with a password`,
    );
    await sso.reload();
    await expect(sso.getByRole("status").filter({ hasText: "Break-glass sign-in" })).toBeVisible();
    await sso.screenshot({ path: path.join(".tmp", "screenshots", "sign-in-policy.png"), fullPage: true });
  });

  await test.step("switching it off restores password sign-in", async () => {
    await openPolicy(sso);
    await savePolicy(sso, false, [ADMIN.email]);
    await expect(sso.getByRole("status").filter({ hasText: "Sign-in policy saved." })).toBeVisible();
    const page = await freshPage(browser);
    await page.goto("/signin");
    await passwordSignIn(page, GUEST.email, GUEST.password);
    await expectSignedInAs(page, GUEST.email);
  });
});
