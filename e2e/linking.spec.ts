// Issue 6, finding 1 and "Linking rules", end to end with the real test IdP: a GUEST holding only the integration
// authorities cannot reach the admin through an integration they set up, with or without email_verified; an
// admin's integration links the admin only on a verified email (never a userinfo/id_token mix); the admin links
// the GUEST's integration to themselves from Your profile; an admin removes that link on the user's page.
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { ADMIN, AUTH_STATE, IDP_CLIENTS, IDP_URL } from "./support/env";
import {
  closeContexts,
  createUserViaApi,
  expectSignedInAs,
  freshPage,
  loginAtIdp,
  signInWithPassword,
} from "./support/fixtures";

test.describe.configure({ mode: "serial" });
test.afterEach(closeContexts);

const BY_ADMIN = { registrationId: "adm-sso", button: "Sign in with Admin IdP" };
const BY_GUEST = { registrationId: "guest-sso", button: "Sign in with Guest IdP" };
const INTEGRATOR = "integrator@example.test";

const integration = (target: { registrationId: string; button: string }) => ({
  provider: "custom-sso",
  registrationId: target.registrationId,
  clientId: IDP_CLIENTS.post.clientId,
  clientSecret: IDP_CLIENTS.post.clientSecret,
  authorizationUrl: `${IDP_URL}/auth`,
  jwksUri: `${IDP_URL}/jwks`,
  tokenUri: `${IDP_URL}/token`,
  userInfoUri: `${IDP_URL}/me`,
  issuer: IDP_URL,
  clientAuthMethod: "client_secret_post",
  loginButtonText: target.button,
});

async function ssoSignIn(page: Page, button: string, login: string) {
  await page.goto("/signin");
  await page.getByRole("button", { name: button, exact: true }).click();
  await loginAtIdp(page, login);
}

async function expectRefused(page: Page, code: string) {
  await expect(page.getByRole("heading", { name: "Sign-in refused" })).toBeVisible();
  await expect(page.getByText(`Error code: ${code}`)).toBeVisible();
  await page.goto("/settings/oauth-integrations");
  await expect(page).toHaveURL(/\/signin/);
}

async function lastFailureCode(page: Page, registrationId: string) {
  const { integrations } = await (await page.request.get("/api/v1/oauth-integrations")).json();
  return (integrations as { registrationId: string; lastFailureCode: string | null }[]).find(
    (i) => i.registrationId === registrationId,
  )?.lastFailureCode;
}

async function openAdminUserPage(page: Page) {
  const { users } = await (await page.request.get("/api/v1/users")).json();
  const admin = (users as { id: string; email: string }[]).find((u) => u.email === ADMIN.email)!;
  await page.goto(`/settings/users/${admin.id}`);
  return page.getByRole("region", { name: "Single sign-on links" });
}

test("an admin's integration links the admin only on a verified email from one source", async ({ browser }) => {
  const admin = await freshPage(browser, AUTH_STATE.admin);
  const res = await admin.request.post("/api/v1/oauth-integrations", { data: integration(BY_ADMIN) });
  expect(res.status(), await res.text()).toBe(201);

  for (const login of [`no-verified:${ADMIN.email}`, `split:${ADMIN.email}`]) {
    await test.step(`${login}: refused, code recorded, nothing linked`, async () => {
      const page = await freshPage(browser);
      await ssoSignIn(page, BY_ADMIN.button, login);
      await expectRefused(page, "EMAIL_UNVERIFIED");
      expect(await lastFailureCode(admin, BY_ADMIN.registrationId)).toBe("EMAIL_UNVERIFIED");
      await expect(await openAdminUserPage(admin)).not.toContainText(BY_ADMIN.registrationId);
    });
  }

  await test.step("a verified email signs the admin in and links", async () => {
    const page = await freshPage(browser);
    await ssoSignIn(page, BY_ADMIN.button, ADMIN.email);
    await expectSignedInAs(page, ADMIN.email);
    await expect(await openAdminUserPage(admin)).toContainText(BY_ADMIN.registrationId);
  });
});

test("finding 1: a GUEST with only the integration authorities cannot become the admin through their own integration", async ({
  browser,
}) => {
  const admin = await freshPage(browser, AUTH_STATE.admin);
  await createUserViaApi(admin.request, { email: INTEGRATOR, name: "Ivy Integrator" });
  const { users } = await (await admin.request.get("/api/v1/users")).json();
  const ivy = (users as { id: string; email: string }[]).find((u) => u.email === INTEGRATOR)!;
  const granted = await admin.request.patch(`/api/v1/users/${ivy.id}`, {
    data: { authorities: ["OAUTH_INTEGRATION_READ", "OAUTH_INTEGRATION_WRITE"] },
  });
  expect(granted.status(), await granted.text()).toBe(200);

  const guest = await freshPage(browser);
  await test.step("the GUEST signs in (through the admin's integration) and creates an integration at an IdP they control", async () => {
    await ssoSignIn(guest, BY_ADMIN.button, INTEGRATOR);
    await expectSignedInAs(guest, INTEGRATOR);
    const res = await guest.request.post("/api/v1/oauth-integrations", { data: integration(BY_GUEST) });
    expect(res.status(), await res.text()).toBe(201);
    await admin.goto(`/settings/oauth-integrations/${BY_GUEST.registrationId}`);
    await expect(admin.getByTestId("detail-Links by email")).toContainText(
      `Only to accounts whose authorities ${INTEGRATOR} holds`,
    );
  });

  for (const [login, code] of [
    [`no-verified:${ADMIN.email}`, "EMAIL_UNVERIFIED"],
    [ADMIN.email, "PRIVILEGED_ACCOUNT_NEEDS_SELF_LINK"],
  ] as const) {
    await test.step(`their IdP asserts ${login}: no session, ${code} recorded, no link`, async () => {
      const page = await freshPage(browser);
      await ssoSignIn(page, BY_GUEST.button, login);
      await expect(page.getByText(`Error code: ${code}`)).toBeVisible();
      await page.screenshot({ path: path.join(".tmp", "screenshots", `refused-${code}.png`), fullPage: true });
      await expectRefused(page, code);
      expect(await lastFailureCode(admin, BY_GUEST.registrationId)).toBe(code);
      await expect(await openAdminUserPage(admin)).not.toContainText(BY_GUEST.registrationId);
    });
  }
  await expect(guest.getByText("Sign-in refused")).toHaveCount(0);
});

test("the admin links the GUEST's integration from Your profile; removing the link on the user's page refuses again", async ({
  browser,
}) => {
  const page = await freshPage(browser);
  await test.step("signed in by password, Your profile > Link single sign-on runs the IdP flow and links this user", async () => {
    await signInWithPassword(page, ADMIN.email, ADMIN.password);
    await expectSignedInAs(page, ADMIN.email);
    await page.getByRole("link", { name: "Your profile" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Your profile" })).toBeVisible();
    await page.getByRole("button", { name: `Link single sign-on: ${BY_GUEST.button}` }).click();
    await loginAtIdp(page, ADMIN.email);
    await expect(page).toHaveURL(/\/profile\?linked=guest-sso/);
    await expect(page.getByText("Single sign-on linked: you can now sign in with it.")).toBeVisible();
    // The link intent is one-use: the callback removed its cookie.
    expect((await page.context().cookies()).map((c) => c.name)).not.toContain("keyway.link-intent");
    await expectSignedInAs(page, ADMIN.email);
    await expect(page.getByRole("region", { name: "Single sign-on links" })).toContainText(BY_GUEST.registrationId);
    await page.screenshot({ path: path.join(".tmp", "screenshots", "profile-linked.png"), fullPage: true });
  });

  await test.step("the linked identity now signs the admin in through that integration", async () => {
    const sso = await freshPage(browser);
    await ssoSignIn(sso, BY_GUEST.button, ADMIN.email);
    await expectSignedInAs(sso, ADMIN.email);
  });

  await test.step("an admin removes the link on Settings > Users > the user; the identity is refused again", async () => {
    // From the admin's password session: the browser above now holds the session the link callback opened.
    const admin = await freshPage(browser, AUTH_STATE.admin);
    const links = await openAdminUserPage(admin);
    await links.getByRole("button", { name: `Remove link ${BY_GUEST.registrationId}` }).click();
    await expect(links).not.toContainText(BY_GUEST.registrationId);
    await expect(links).toContainText(BY_ADMIN.registrationId);
    // The session opened through the removed link has ended with it.
    await page.goto("/settings/oauth-integrations");
    await expect(page).toHaveURL(/\/signin/);
    // The JSON API answers through the same wrapper: 403 without USER_WRITE, 404 for a link that is gone.
    const adminId = new URL(admin.url()).pathname.split("/").pop();
    const guest = await freshPage(browser, AUTH_STATE.guest);
    expect((await guest.request.delete(`/api/v1/users/${adminId}/links/any`)).status()).toBe(403);
    expect((await admin.request.delete(`/api/v1/users/${adminId}/links/no-such-link`)).status()).toBe(404);
    const sso = await freshPage(browser);
    await ssoSignIn(sso, BY_GUEST.button, ADMIN.email);
    await expectRefused(sso, "PRIVILEGED_ACCOUNT_NEEDS_SELF_LINK");
  });
});
