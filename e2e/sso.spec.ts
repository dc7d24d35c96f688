// Issue 3 journeys: an admin adds a Custom SSO integration through the form; its button appears on the sign-in
// screen at once; existing users sign in through the real test IdP; everyone else is refused.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { ADMIN, APP_URL, AUTH_STATE, E2E_DIR, GUEST, IDP_CLIENTS, IDP_URL } from "./support/env";
import {
  type CapturedAction,
  captureServerAction,
  closeContexts,
  createUserViaApi,
  expectSignedInAs,
  freshPage,
  idpTokenRequests,
  loginAtIdp,
  signInWithPassword,
  replayServerAction,
  createIntegrationViaApi,
} from "./support/fixtures";

test.describe.configure({ mode: "serial" });

const ACME = { registrationId: "acme-sso", button: "Sign in with Acme" };
const BASIC = { registrationId: "basic-sso", button: "Sign in with Basic Co" };
let capturedAction: CapturedAction | null = null;

test.afterEach(closeContexts);

async function ssoSignIn(page: Page, button: string, login: string) {
  await page.goto("/signin");
  await page.getByRole("button", { name: button, exact: true }).click();
  await loginAtIdp(page, login);
}

test("admin adds a Custom SSO integration through the form, sees it listed, and its button appears", async ({
  browser,
}) => {
  const page = await freshPage(browser, AUTH_STATE.admin);
  await createUserViaApi(page.request, { email: "alice@example.test", name: "Alice Example" });

  await test.step("open Settings > OAuth Integrations > Add Integration > Custom SSO", async () => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "OAuth Integrations" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "OAuth Integrations" })).toBeVisible();
    await page.getByRole("link", { name: "Add Integration" }).click();
    await page.getByLabel("Provider").selectOption({ label: "Custom SSO" });
  });

  await test.step("bad input gets clear messages under the fields", async () => {
    await page.getByLabel("Registration ID").fill("Acme SSO");
    await page.getByRole("button", { name: "Create" }).click();
    await expect(page.getByText("Use only lower-case letters a–z, digits and hyphens.")).toBeVisible();
    await expect(page.getByText("Enter the Client ID.")).toBeVisible();
    await expect(page.getByText("Enter the Client Secret.")).toBeVisible();
    await expect(page.getByText("Enter the Login Button Text.")).toBeVisible();
    await page.getByLabel("Authorization URL").fill("not a url");
    await page.getByLabel("Token URI").click();
    await expect(
      page.getByText("The Authorization URL must be an absolute http(s) URL", { exact: false }),
    ).toBeVisible();
  });

  await test.step("fill every field; the Redirect URI follows the Registration ID", async () => {
    await page.getByLabel("Registration ID").fill(ACME.registrationId);
    await expect(page.getByTestId("redirect-uri")).toHaveText(`${APP_URL}/api/auth/callback/${ACME.registrationId}`);
    await page.getByLabel("Client ID").fill(IDP_CLIENTS.post.clientId);
    await page.getByLabel("Client Secret", { exact: true }).fill(IDP_CLIENTS.post.clientSecret);
    await page.getByLabel("Authorization URL").fill(`${IDP_URL}/auth`);
    await page.getByLabel("JWK Set URI").fill(`${IDP_URL}/jwks`);
    await page.getByLabel("Token URI").fill(`${IDP_URL}/token`);
    await page.getByLabel("User Info URI").fill(`${IDP_URL}/me`);
    // Issuer left empty on purpose: Keyway discovers it from the IdP.
    await expect(page.getByRole("radio", { name: "Post" })).toBeChecked();
    await expect(page.getByText("Post is recommended.")).toBeVisible();
    await page.getByLabel("Login Button Text").fill(ACME.button);
    await page.screenshot({ path: path.join(".tmp", "screenshots", "add-integration.png"), fullPage: true });
  });

  await test.step("Create: the integration is saved with the discovered issuer", async () => {
    capturedAction = await captureServerAction(page, () => page.getByRole("button", { name: "Create" }).click());
    await expect(page).toHaveURL(new RegExp(`/settings/oauth-integrations/${ACME.registrationId}\\?created=1$`));
    await expect(page.getByText("Integration created")).toBeVisible();
    await expect(page.getByTestId("detail-Issuer")).toHaveText(IDP_URL);
    await expect(page.getByTestId("redirect-uri")).toHaveText(`${APP_URL}/api/auth/callback/${ACME.registrationId}`);
  });

  await test.step("listed on OAuth Integrations", async () => {
    await page.getByRole("link", { name: "Back to OAuth Integrations" }).click();
    const row = page.getByRole("row").filter({ hasText: ACME.registrationId });
    await expect(row).toContainText("Custom SSO");
    await expect(row).toContainText(ACME.button);
    await expect(row).toContainText("Post");
    await expect(row).toContainText("admin@e2e.test");
  });

  await test.step("the same Registration ID again is refused as already in use", async () => {
    const res = await page.request.post("/api/v1/oauth-integrations", {
      data: {
        provider: "custom-sso",
        registrationId: ACME.registrationId,
        clientId: "x",
        clientSecret: "y",
        authorizationUrl: `${IDP_URL}/auth`,
        jwksUri: `${IDP_URL}/jwks`,
        tokenUri: `${IDP_URL}/token`,
        userInfoUri: `${IDP_URL}/me`,
        issuer: IDP_URL,
        clientAuthMethod: "client_secret_post",
        loginButtonText: "Dup",
      },
    });
    expect(res.status()).toBe(409);
    expect((await res.json()).error.fields.registrationId).toMatch(/already in use/);
  });

  await test.step("sign out; the sign-in screen shows the new button", async () => {
    // Signing out ends that session on the server, so sign out a session of its own, not the shared one.
    await page.context().clearCookies();
    await signInWithPassword(page, ADMIN.email, ADMIN.password);
    await expectSignedInAs(page, ADMIN.email);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin/);
    await expect(page.getByRole("button", { name: ACME.button, exact: true })).toBeVisible();
    await page.screenshot({ path: path.join(".tmp", "screenshots", "signin.png"), fullPage: true });
  });
});

test("a pre-existing user clicks the button, logs in at the IdP and lands in Keyway as themselves (Post)", async ({
  browser,
}) => {
  const page = await freshPage(browser);
  await page.request.delete(`${IDP_URL}/__test/token-requests`);
  await ssoSignIn(page, ACME.button, "alice@example.test");
  await expect(page).toHaveURL(new RegExp(`^${APP_URL}/settings/oauth-integrations`));
  await expectSignedInAs(page, "alice@example.test");
  const calls = await idpTokenRequests(page.request);
  expect(calls.map((c) => [c.clientId, c.method])).toEqual([[IDP_CLIENTS.post.clientId, "client_secret_post"]]);
});

test("Basic client authentication, and a user whose email arrives only from userinfo", async ({ browser }) => {
  const admin = await freshPage(browser, AUTH_STATE.admin);
  await createIntegrationViaApi(admin.request, {
    registrationId: BASIC.registrationId,
    client: "basic",
    button: BASIC.button,
  });
  await createUserViaApi(admin.request, { email: "userinfo-only-bob@example.test", name: "Bob" });

  const page = await freshPage(browser);
  await page.request.delete(`${IDP_URL}/__test/token-requests`);
  await ssoSignIn(page, BASIC.button, "userinfo-only-bob@example.test");
  await expectSignedInAs(page, "userinfo-only-bob@example.test");
  const calls = await idpTokenRequests(page.request);
  expect(calls.map((c) => [c.clientId, c.method])).toEqual([[IDP_CLIENTS.basic.clientId, "client_secret_basic"]]);
});

test("an unknown IdP user is refused with a clear page and no account is created", async ({ browser }) => {
  const page = await freshPage(browser);
  await ssoSignIn(page, ACME.button, "mallory@example.test");
  await expect(page).toHaveURL(/\/error\?/);
  await expect(page.getByRole("heading", { name: "Sign-in refused" })).toBeVisible();
  await expect(
    page.getByText("No Keyway account exists for mallory@example.test; ask an administrator to add you."),
  ).toBeVisible();
  await page.screenshot({ path: path.join(".tmp", "screenshots", "refused.png"), fullPage: true });
  await page.goto("/settings/oauth-integrations");
  await expect(page).toHaveURL(/\/signin/);
  const admin = await freshPage(browser, AUTH_STATE.admin);
  const users = await (await admin.request.get("/api/v1/users")).json();
  expect(JSON.stringify(users)).not.toContain("mallory@example.test");
});

test("a disabled user is refused at SSO sign-in", async ({ browser }) => {
  const admin = await freshPage(browser, AUTH_STATE.admin);
  await createUserViaApi(admin.request, { email: "dora@example.test", name: "Dora Disabled" });
  const list = await (await admin.request.get("/api/v1/users")).json();
  const dora = (list.users as { id: string; email: string }[]).find((u) => u.email === "dora@example.test");
  expect(dora).toBeTruthy();
  const res = await admin.request.patch(`/api/v1/users/${dora!.id}`, { data: { disabled: true } });
  expect(res.status(), await res.text()).toBe(200);
  const page = await freshPage(browser);
  await ssoSignIn(page, ACME.button, "dora@example.test");
  await expect(page.getByText("The Keyway account for dora@example.test is disabled", { exact: false })).toBeVisible();
});

test("a user without OAUTH_INTEGRATION_WRITE cannot create: UI hidden, direct POSTs refused", async ({ browser }) => {
  const admin = await freshPage(browser, AUTH_STATE.admin);
  // Compared with the list before, not a fixed one: other journeys (security.spec.ts) add integrations too.
  const integrationIds = async () =>
    (
      (await (await admin.request.get("/api/v1/oauth-integrations")).json()).integrations as {
        registrationId: string;
      }[]
    ).map((i) => i.registrationId);
  const before = await integrationIds();
  expect(before).toEqual(expect.arrayContaining([ACME.registrationId, BASIC.registrationId]));
  const res = await admin.request.post("/api/v1/users", {
    data: { email: "reader@example.test", name: "Rita Reader", role: "GUEST", authorities: ["OAUTH_INTEGRATION_READ"] },
  });
  expect(res.status(), await res.text()).toBe(201);
  const page = await freshPage(browser);
  await ssoSignIn(page, ACME.button, "reader@example.test");
  await expectSignedInAs(page, "reader@example.test");

  await expect(page.getByRole("heading", { level: 1, name: "OAuth Integrations" })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: ACME.registrationId })).toBeVisible();
  await expect(page.getByRole("link", { name: "Add Integration" })).toHaveCount(0);
  await page.goto("/settings/oauth-integrations/new");
  await expect(page.getByText("403 — Not allowed")).toBeVisible();
  await expect(page.getByLabel("Client Secret", { exact: true })).toHaveCount(0);

  const api = await page.request.post("/api/v1/oauth-integrations", {
    data: {
      provider: "custom-sso",
      registrationId: "sneaky",
      clientId: "x",
      clientSecret: "y",
      authorizationUrl: `${IDP_URL}/auth`,
      jwksUri: `${IDP_URL}/jwks`,
      tokenUri: `${IDP_URL}/token`,
      userInfoUri: `${IDP_URL}/me`,
      issuer: IDP_URL,
      clientAuthMethod: "client_secret_post",
      loginButtonText: "Sneaky",
    },
  });
  expect(api.status()).toBe(403);

  expect(capturedAction, "the admin journey captured the Create server action").not.toBeNull();
  const replay = await replayServerAction(
    page,
    "/settings/oauth-integrations/new",
    capturedAction!,
    capturedAction!.body.replaceAll(ACME.registrationId, "sneaky-action"),
  );
  expect(replay).toContain("FORBIDDEN");
  expect(await integrationIds()).toEqual(before);
});

test("secrets (client secrets, passwords, password hashes) appear in no page, RSC payload, API response or log", async ({
  browser,
}) => {
  const admin = await freshPage(browser, AUTH_STATE.admin);
  const secrets = [IDP_CLIENTS.post.clientSecret, IDP_CLIENTS.basic.clientSecret, ADMIN.password, GUEST.password];
  // bcrypt hashes start with $2a$/$2b$/$2y$ and a cost.
  const bcryptHash = /\$2[aby]\$\d\d\$/;
  const { users } = await (await admin.request.get("/api/v1/users")).json();
  const urls = [
    "/signin",
    "/settings/oauth-integrations",
    "/settings/oauth-integrations/new",
    `/settings/oauth-integrations/${ACME.registrationId}`,
    `/settings/oauth-integrations/${BASIC.registrationId}`,
    "/settings/users",
    "/settings/users/new",
    ...(users as { id: string }[]).map((u) => `/settings/users/${u.id}`),
    "/api/v1/oauth-integrations",
    "/api/v1/users",
    "/api/auth/providers",
    "/api/auth/session",
  ];
  for (const url of urls) {
    for (const headers of [{}, { rsc: "1" }] as Record<string, string>[]) {
      const res = await admin.request.get(url, { headers });
      expect(res.status(), url).toBeLessThan(400);
      const body = await res.text();
      for (const secret of secrets) expect(body, `${url} ${JSON.stringify(headers)}`).not.toContain(secret);
      expect(body, url).not.toMatch(bcryptHash);
    }
  }
  const log = readFileSync(path.join(E2E_DIR, "app.log"), "utf8");
  expect(log.length).toBeGreaterThan(0);
  for (const secret of secrets) expect(log).not.toContain(secret);
  expect(log).not.toMatch(bcryptHash);
});
