// The red team's second pass, end to end against the production build with real IdPs: a less privileged integration
// writer repointing an admin's integration at an impostor IdP (same issuer string, another port) never gets the
// admin's session; a kept client secret never travels to a new Token URI host; sessions end with the link or
// integration they were opened through; user managers cannot cut a mightier admin's links.
// Self-contained: its own integrations (corp-sso, rival-sso, zone-sso) and users.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { type RunningIdp, startIdp } from "../tools/test-idp/server";
import { ADMIN, APP_ENV, APP_PORT, AUTH_STATE, IDP_CLIENTS, IDP_URL } from "./support/env";
import {
  closeContexts,
  createIntegrationViaApi,
  createUserViaApi,
  expectSignedInAs,
  freshPage,
  gotoHydrated,
  loginAtIdp,
  signInWithPassword,
} from "./support/fixtures";

test.describe.configure({ mode: "serial", timeout: 300_000 });
test.afterEach(closeContexts);

const ADMIN_STATE = AUTH_STATE.admin;
const CORP = { registrationId: "corp-sso", button: "Sign in with Corp" };
// Not sso.spec.ts's unknown mallory@example.test: this one has an account.
const MALLORY = "mallory@red-team.test";
const REAL_ENDPOINTS = {
  authorizationUrl: `${IDP_URL}/auth`,
  tokenUri: `${IDP_URL}/token`,
  jwksUri: `${IDP_URL}/jwks`,
  userInfoUri: `${IDP_URL}/me`,
};
// An IdP the attacker runs: it claims the real IdP's issuer string but listens on another port, with its own secret.
const IMPOSTOR_PORT = APP_PORT + 5;
const IMPOSTOR_SECRET = "impostor-own-secret-7Qp!";
let impostor: RunningIdp;

test.beforeAll(async () => {
  impostor = await startIdp({
    port: IMPOSTOR_PORT,
    issuer: IDP_URL,
    clients: [{ ...IDP_CLIENTS.post, clientSecret: IMPOSTOR_SECRET }],
  });
});
test.afterAll(async () => {
  await impostor?.close();
});

async function ssoSignIn(page: Page, button: string, login: string, idpUrl = IDP_URL) {
  await page.goto("/signin");
  await page.getByRole("button", { name: button, exact: true }).click();
  if (idpUrl === IDP_URL) return loginAtIdp(page, login);
  await page.waitForURL(new RegExp(`^${idpUrl}/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any-password");
  await page.locator('button[type="submit"]').click();
  await page.locator('button[type="submit"]', { hasText: "Continue" }).click();
}

/** Password sign-in, waiting for the console (this machine is shared: a sign-in can take longer than 10 s). */
async function passwordSignIn(page: Page, email: string, password: string) {
  await signInWithPassword(page, email, password);
  await page.waitForURL((url) => !url.pathname.startsWith("/signin"), { timeout: 45_000 });
  await expectSignedInAs(page, email);
}

async function expectRefused(page: Page, code: string) {
  await expect(page.getByText(`Error code: ${code}`)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Sign-in refused" })).toBeVisible();
  await page.goto("/settings/oauth-integrations");
  await expect(page).toHaveURL(/\/signin/);
}

async function userId(page: Page, email: string): Promise<string> {
  const { users } = await (await page.request.get("/api/v1/users")).json();
  const user = (users as { id: string; email: string }[]).find((u) => u.email === email);
  expect(user, `${email} exists`).toBeTruthy();
  return user!.id;
}

async function integrationVersion(page: Page, registrationId: string): Promise<number> {
  const res = await page.request.get(`/api/v1/oauth-integrations/${registrationId}`);
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).integration.version;
}

async function patchIntegration(page: Page, registrationId: string, body: Record<string, unknown>) {
  const version = await integrationVersion(page, registrationId);
  return page.request.patch(`/api/v1/oauth-integrations/${registrationId}`, { data: { version, ...body } });
}

test("a GUEST holding OAUTH_INTEGRATION_WRITE repoints the admin's integration at an impostor IdP: no admin session", async ({
  browser,
}) => {
  const admin = await freshPage(browser, ADMIN_STATE);
  const mallory = await freshPage(browser);

  await test.step("the admin's integration links the admin (by verified email) and signs them in", async () => {
    await createIntegrationViaApi(admin.request, { ...CORP, client: "post" });
    const page = await freshPage(browser);
    await ssoSignIn(page, CORP.button, ADMIN.email);
    await expectSignedInAs(page, ADMIN.email);
  });

  await test.step("Mallory, a GUEST with the integration authorities and USER_READ, reads the admin's sub", async () => {
    await createUserViaApi(admin.request, { email: MALLORY, name: "Mallory" });
    const granted = await admin.request.patch(`/api/v1/users/${await userId(admin, MALLORY)}`, {
      data: { authorities: ["OAUTH_INTEGRATION_READ", "OAUTH_INTEGRATION_WRITE", "USER_READ"] },
    });
    expect(granted.status(), await granted.text()).toBe(200);
    await ssoSignIn(mallory, CORP.button, MALLORY);
    await expectSignedInAs(mallory, MALLORY);
    await mallory.goto(`/settings/users/${await userId(mallory, ADMIN.email)}`);
    await expect(mallory.getByRole("region", { name: "Single sign-on links" })).toContainText(ADMIN.email);
  });

  await test.step("she points every endpoint at her IdP, Issuer unchanged; her IdP asserts the admin's sub", async () => {
    const res = await patchIntegration(mallory, CORP.registrationId, {
      authorizationUrl: impostor.authorizationUrl,
      tokenUri: impostor.tokenUrl,
      jwksUri: impostor.jwksUri,
      userInfoUri: impostor.userinfoUrl,
      clientSecret: IMPOSTOR_SECRET,
    });
    expect(res.status(), await res.text()).toBe(200);
    expect((await res.json()).integration.issuer).toBe(IDP_URL);
    const attacker = await freshPage(browser);
    await ssoSignIn(attacker, CORP.button, ADMIN.email, `http://127.0.0.1:${IMPOSTOR_PORT}`);
    await attacker.waitForURL((url) => url.port === String(APP_PORT));
    await expect(attacker.getByTestId("signed-in-as")).toHaveCount(0);
    await attacker.screenshot({ path: path.join(".tmp", "screenshots", "linked-account-needs-relink.png") });
    await expectRefused(attacker, "LINKED_ACCOUNT_NEEDS_RELINK");
    expect(impostor.tokenRequests().length, "the impostor did issue the tokens").toBeGreaterThan(0);
  });

  await test.step("once an admin holding every authority restores the settings, the admin's link signs in again", async () => {
    const res = await patchIntegration(admin, CORP.registrationId, {
      ...REAL_ENDPOINTS,
      clientSecret: IDP_CLIENTS.post.clientSecret,
    });
    expect(res.status(), await res.text()).toBe(200);
    const page = await freshPage(browser);
    await ssoSignIn(page, CORP.button, ADMIN.email);
    await expectSignedInAs(page, ADMIN.email);
  });
});

test("a less privileged writer's benign change pauses the admin's link until the admin re-links from Your profile", async ({
  browser,
}) => {
  const mallory = await freshPage(browser);
  await ssoSignIn(mallory, CORP.button, MALLORY);
  await expectSignedInAs(mallory, MALLORY);
  await test.step("Mallory re-enters the client secret (a rotation); her own link still works", async () => {
    const res = await patchIntegration(mallory, CORP.registrationId, { clientSecret: IDP_CLIENTS.post.clientSecret });
    expect(res.status(), await res.text()).toBe(200);
    const again = await freshPage(browser);
    await ssoSignIn(again, CORP.button, MALLORY);
    await expectSignedInAs(again, MALLORY);
  });
  await test.step("the admin's SSO sign-in is refused with a named code", async () => {
    const page = await freshPage(browser);
    await ssoSignIn(page, CORP.button, ADMIN.email);
    await expectRefused(page, "LINKED_ACCOUNT_NEEDS_RELINK");
  });
  await test.step("signed in by password, Your profile > Link single sign-on re-links; SSO works again", async () => {
    const page = await freshPage(browser);
    await passwordSignIn(page, ADMIN.email, ADMIN.password);
    await page.goto("/profile");
    await page.getByRole("button", { name: `Link single sign-on again: ${CORP.button}` }).click();
    await loginAtIdp(page, ADMIN.email);
    await expect(page).toHaveURL(new RegExp(`/profile\\?linked=${CORP.registrationId}`));
    const sso = await freshPage(browser);
    await ssoSignIn(sso, CORP.button, ADMIN.email);
    await expectSignedInAs(sso, ADMIN.email);
  });
});

test("the saved client secret never goes to a new Token URI host: the API and the form ask for it again", async ({
  browser,
}) => {
  const admin = await freshPage(browser, ADMIN_STATE);
  const before = impostor.tokenRequests().length;
  await test.step("PATCH of only the Token URI to another origin with an empty secret: 400 on clientSecret", async () => {
    const res = await patchIntegration(admin, CORP.registrationId, { tokenUri: impostor.tokenUrl, clientSecret: "" });
    expect(res.status(), await res.text()).toBe(400);
    const body = await res.json();
    expect(body.error.fields.clientSecret).toContain("Enter the Client Secret again");
    const check = await admin.request.post(`/api/v1/oauth-integrations/${CORP.registrationId}/check`, { data: {} });
    expect(check.status()).toBe(200);
    expect(impostor.tokenRequests().length, "nothing was sent to the new host").toBe(before);
  });
  await test.step("a Token URI on the same origin keeps the secret", async () => {
    const res = await patchIntegration(admin, CORP.registrationId, { tokenUri: REAL_ENDPOINTS.tokenUri });
    expect(res.status(), await res.text()).toBe(200);
  });
  await test.step("the form says so next to Client Secret before anything is sent", async () => {
    await gotoHydrated(admin, `/settings/oauth-integrations/${CORP.registrationId}/edit`);
    await admin.getByLabel("Token URI").fill(impostor.tokenUrl);
    await admin.getByRole("button", { name: "Save", exact: true }).click();
    const secret = admin.getByLabel("Client Secret", { exact: true });
    await expect(secret).toHaveAttribute("aria-invalid", "true");
    await expect(
      admin.getByText("The Token URI now points to another host: Enter the Client Secret again"),
    ).toBeVisible();
    await admin.screenshot({ path: path.join(".tmp", "screenshots", "secret-needed-for-new-token-host.png") });
    await expect(admin).toHaveURL(/\/edit$/);
    expect(impostor.tokenRequests().length).toBe(before);
  });
});

const ZONE = { registrationId: "zone-sso", button: "Sign in with Zone" };
const MALLORY_PASSWORD = "mallory-password-4821";

/** Passwords are set by operators only (no API): the real CLI against the e2e database. */
function setPasswordWithCli(email: string, password: string) {
  const res = spawnSync(
    process.execPath,
    [
      "--conditions=react-server",
      "--import",
      "tsx",
      "scripts/keyway.ts",
      "user:set-password",
      "--email",
      email,
      "--password-stdin",
    ],
    { input: password, env: { ...process.env, ...APP_ENV }, encoding: "utf8" },
  );
  expect(res.status, res.stderr).toBe(0);
}
const URSULA = "ursula@example.test";
const ADA = "ada@example.test";
const SUE = "sue@example.test";

async function grant(admin: Page, email: string, body: Record<string, unknown>) {
  const res = await admin.request.patch(`/api/v1/users/${await userId(admin, email)}`, { data: body });
  expect(res.status(), await res.text()).toBe(200);
}

test("a USER_WRITE holder cannot remove a more privileged admin's single sign-on links", async ({ browser }) => {
  const admin = await freshPage(browser, ADMIN_STATE);
  await createIntegrationViaApi(admin.request, { ...ZONE, client: "post" });
  await createUserViaApi(admin.request, { email: URSULA, name: "Ursula" });
  await grant(admin, URSULA, { authorities: ["USER_READ", "USER_WRITE"] });
  const adminSso = await freshPage(browser);
  await ssoSignIn(adminSso, ZONE.button, ADMIN.email);
  await expectSignedInAs(adminSso, ADMIN.email);
  const ursula = await freshPage(browser);
  await ssoSignIn(ursula, ZONE.button, URSULA);
  await expectSignedInAs(ursula, URSULA);

  const adminId = await userId(ursula, ADMIN.email);
  await test.step("the API answers 403 for any link of the admin", async () => {
    const res = await ursula.request.delete(`/api/v1/users/${adminId}/links/any-link`);
    expect(res.status(), await res.text()).toBe(403);
    expect((await res.json()).error.message).toBe(
      "You cannot change this user: they hold authorities you do not hold yourself.",
    );
  });
  await test.step("the console offers no Remove button, and the admin's link stays", async () => {
    await ursula.goto(`/settings/users/${adminId}`);
    const links = ursula.getByRole("region", { name: "Single sign-on links" });
    await expect(links).toContainText(ZONE.registrationId);
    await expect(links.getByRole("button", { name: `Remove link ${ZONE.registrationId}` })).toHaveCount(0);
    const again = await freshPage(browser);
    await ssoSignIn(again, ZONE.button, ADMIN.email);
    await expectSignedInAs(again, ADMIN.email);
  });
});

test("an integration writer cannot lock the admins out: Require SSO, break-glass and the last integration", async ({
  browser,
}) => {
  const admin = await freshPage(browser, ADMIN_STATE);
  const rival = { registrationId: "rival-sso", button: "Sign in with Rival" };
  const mallory = await freshPage(browser);
  await test.step("Mallory (with a password) creates her own integration and signs in through it", async () => {
    setPasswordWithCli(MALLORY, MALLORY_PASSWORD);
    const withPassword = await freshPage(browser);
    await passwordSignIn(withPassword, MALLORY, MALLORY_PASSWORD);
    await createIntegrationViaApi(withPassword.request, { ...rival, client: "post" });
    // Her own integration links her by email (she configured it): an SSO sign-in by an integration writer.
    await ssoSignIn(mallory, rival.button, MALLORY);
    await expectSignedInAs(mallory, MALLORY);
  });
  await test.step("she cannot require single sign-on with herself as the only break-glass account", async () => {
    const me = await userId(mallory, MALLORY);
    const res = await mallory.request.put("/api/v1/sign-in-policy", {
      data: { requireSso: true, breakGlassUserIds: [me] },
    });
    expect(res.status(), await res.text()).toBe(403);
    expect((await (await admin.request.get("/api/v1/sign-in-policy")).json()).requireSso).toBe(false);
  });
  await test.step("she cannot disable the last integration an SSO-only admin signs in with", async () => {
    await createUserViaApi(admin.request, { email: ADA, name: "Ada", role: "ADMIN" });
    const ada = await freshPage(browser);
    await ssoSignIn(ada, ZONE.button, ADA);
    await expectSignedInAs(ada, ADA);
    const res = await patchIntegration(mallory, ZONE.registrationId, { enabled: false });
    expect(res.status(), await res.text()).toBe(403);
    expect((await res.json()).error.message).toContain(ADA);
    expect(
      (await (await admin.request.get(`/api/v1/oauth-integrations/${ZONE.registrationId}`)).json()).integration.enabled,
    ).toBe(true);
  });
});

test("sessions opened through a link or an integration end when it is removed, disabled, re-issued or deleted", async ({
  browser,
}) => {
  const admin = await freshPage(browser, ADMIN_STATE);
  await createUserViaApi(admin.request, { email: SUE, name: "Sue" });
  const sueId = await userId(admin, SUE);
  async function sueSignsIn() {
    const page = await freshPage(browser);
    await ssoSignIn(page, ZONE.button, SUE);
    await expectSignedInAs(page, SUE);
    return page;
  }
  async function expectEnded(page: Page) {
    await page.goto("/settings/oauth-integrations");
    await expect(page).toHaveURL(/\/signin/);
  }
  const password = await freshPage(browser, ADMIN_STATE);

  await test.step("removing the link ends Sue's session", async () => {
    const sue = await sueSignsIn();
    await admin.goto(`/settings/users/${sueId}`);
    const links = admin.getByRole("region", { name: "Single sign-on links" });
    await links.getByRole("button", { name: `Remove link ${ZONE.registrationId}` }).click();
    await expect(links).not.toContainText(ZONE.registrationId);
    await expectEnded(sue);
  });
  await test.step("disabling the integration ends it", async () => {
    const sue = await sueSignsIn();
    expect((await patchIntegration(admin, ZONE.registrationId, { enabled: false })).status()).toBe(200);
    await expectEnded(sue);
    expect((await patchIntegration(admin, ZONE.registrationId, { enabled: true })).status()).toBe(200);
  });
  await test.step("changing its issuer ends it", async () => {
    const sue = await sueSignsIn();
    const res = await patchIntegration(admin, ZONE.registrationId, { issuer: `${IDP_URL}/elsewhere` });
    expect(res.status(), await res.text()).toBe(200);
    await expectEnded(sue);
    expect((await patchIntegration(admin, ZONE.registrationId, { issuer: IDP_URL })).status()).toBe(200);
  });
  await test.step("deleting the integration ends it; password sessions are untouched", async () => {
    const sue = await sueSignsIn();
    const res = await admin.request.delete(`/api/v1/oauth-integrations/${ZONE.registrationId}`, {
      data: { confirmation: ZONE.registrationId },
    });
    expect(res.status(), await res.text()).toBe(200);
    await expectEnded(sue);
    await password.goto("/settings/oauth-integrations");
    await expectSignedInAs(password, ADMIN.email);
  });
});

test("a person refused by the linking rules does not turn the health badge to Failing", async ({ browser }) => {
  const admin = await freshPage(browser, ADMIN_STATE);
  const badge = { registrationId: "badge-sso", button: "Sign in with Badge" };
  await createIntegrationViaApi(admin.request, { ...badge, client: "post" });
  expect((await patchIntegration(admin, badge.registrationId, { emailDomains: ["badge.test"] })).status()).toBe(200);
  await createUserViaApi(admin.request, { email: "bea@badge.test", name: "Bea" });
  const bea = await freshPage(browser);
  await ssoSignIn(bea, badge.button, "bea@badge.test");
  await expectSignedInAs(bea, "bea@badge.test");
  const outsider = await freshPage(browser);
  await ssoSignIn(outsider, badge.button, "stranger@elsewhere.test");
  await expectRefused(outsider, "DOMAIN_NOT_ALLOWED");
  await admin.goto(`/settings/oauth-integrations/${badge.registrationId}`);
  await expect(admin.getByTestId("health-last-failure")).toContainText("DOMAIN_NOT_ALLOWED");
  await expect(admin.getByRole("definition").filter({ hasText: /^(Healthy|Failing)$/ })).toHaveText("Healthy");
  // Its Email domain would add Continue with SSO to the sign-in screen of the journeys that follow.
  const removed = await admin.request.delete(`/api/v1/oauth-integrations/${badge.registrationId}`, {
    data: { confirmation: badge.registrationId },
  });
  expect(removed.status(), await removed.text()).toBe(200);
});

test("Login Button Text refuses invisible format characters (zero-width space, soft hyphen)", async ({ browser }) => {
  const admin = await freshPage(browser, ADMIN_STATE);
  for (const text of ["Sign in\u200bwith Corp", "Sign in with Co\u00adrp", "Corp\u2060"]) {
    const res = await patchIntegration(admin, CORP.registrationId, { loginButtonText: text });
    expect(res.status(), `${JSON.stringify(text)}: ${await res.text()}`).toBe(400);
    expect((await res.json()).error.fields.loginButtonText).toBe(
      "Login Button Text must not contain control, text-direction or invisible formatting characters.",
    );
  }
  await admin.goto(`/settings/oauth-integrations/${CORP.registrationId}/edit`);
  await admin.getByLabel("Login Button Text").fill("Sign in\u200bwith Corp");
  await admin.getByRole("button", { name: "Save", exact: true }).click();
  await expect(
    admin.getByText("Login Button Text must not contain control, text-direction or invisible formatting characters."),
  ).toBeVisible();
});
