// Issue 8 journeys: Check connection through the UI, on a saved integration's page and on the Add Integration
// form (unsaved values), against the real test IdP in several misconfigurations and a socket that never answers.
import { createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { expect, type Page, test } from "@playwright/test";
import { APP_URL, AUTH_STATE, IDP_CLIENTS, IDP_URL } from "./support/env";
import { closeContexts, freshPage } from "./support/fixtures";

test.describe.configure({ mode: "serial" });
test.afterEach(closeContexts);

const endpoints = (base: string) => ({
  authorizationUrl: `${base}/auth`,
  jwksUri: `${base}/jwks`,
  tokenUri: `${base}/token`,
  userInfoUri: `${base}/me`,
});

async function createIntegration(page: Page, registrationId: string, overrides: Record<string, string> = {}) {
  const res = await page.request.post("/api/v1/oauth-integrations", {
    data: {
      provider: "custom-sso",
      registrationId,
      clientId: IDP_CLIENTS.post.clientId,
      clientSecret: IDP_CLIENTS.post.clientSecret,
      ...endpoints(IDP_URL),
      issuer: IDP_URL,
      clientAuthMethod: "client_secret_post",
      loginButtonText: `Sign in (${registrationId})`,
      ...overrides,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
}

async function checkOnPage(page: Page, registrationId: string) {
  await page.goto(`/settings/oauth-integrations/${registrationId}`);
  await page.getByRole("button", { name: "Check connection" }).click();
  const list = page.getByRole("list", { name: "Connection check results" });
  await expect(list).toBeVisible({ timeout: 20_000 });
  return list;
}

function item(list: ReturnType<Page["getByRole"]>, name: string) {
  return list.getByRole("listitem").filter({ has: list.page().getByText(name, { exact: true }) });
}

test("Check connection names what is wrong, check by check, with a fix", async ({ browser }) => {
  const page = await freshPage(browser, AUTH_STATE.admin);

  await test.step("healthy: all seven checks pass", async () => {
    await createIntegration(page, "doctor-ok");
    const list = await checkOnPage(page, "doctor-ok");
    await expect(list.getByRole("listitem")).toHaveCount(7);
    await expect(list.getByText("Pass", { exact: true })).toHaveCount(7);
    await expect(page.getByText("All 7 checks passed.")).toBeVisible();
  });

  await test.step("wrong client secret: the token check fails and says to check the secret", async () => {
    await createIntegration(page, "doctor-secret", { clientSecret: "not-the-secret-Qx1!" });
    const list = await checkOnPage(page, "doctor-secret");
    const token = item(list, "Token URI and client authentication");
    await expect(token.getByText("Fail", { exact: true })).toBeVisible();
    await expect(token).toContainText("the IdP refused the client credentials");
    await expect(token).toContainText("Check the Client ID and Client Secret");
    await expect(page.getByText("1 of 7 checks failed.")).toBeVisible();
    await expect(page.locator("body")).not.toContainText("not-the-secret-Qx1!");
  });

  await test.step("Redirect URI not registered at the IdP: says which URI to register", async () => {
    await createIntegration(page, "doctor-unregistered");
    const list = await checkOnPage(page, "doctor-unregistered");
    const redirect = item(list, "Redirect URI registered");
    await expect(redirect.getByText("Fail", { exact: true })).toBeVisible();
    await expect(redirect).toContainText(`Register: ${APP_URL}/api/auth/callback/doctor-unregistered`);
  });

  await test.step("wrong Issuer: discovery names the IdP's real issuer", async () => {
    await createIntegration(page, "doctor-issuer", { issuer: `${IDP_URL}/realms/acme` });
    const list = await checkOnPage(page, "doctor-issuer");
    const discovery = item(list, "Discovery");
    await expect(discovery.getByText("Fail", { exact: true })).toBeVisible();
    await expect(discovery).toContainText(
      `names the issuer ${IDP_URL}; Keyway is configured with ${IDP_URL}/realms/acme`,
    );
    await expect(discovery).toContainText(`Set Issuer to exactly the value in the IdP's discovery document`);
    await page.screenshot({ path: ".tmp/screens/i8-failing-checks.png", fullPage: true });
  });
});

test("an IdP that never answers: the list still comes back in under 15 s", async ({ browser }) => {
  const sockets = new Set<Socket>();
  const silent = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  try {
    const page = await freshPage(browser, AUTH_STATE.admin);
    // Created with an explicit Issuer (no discovery needed to save it).
    await createIntegration(page, "doctor-hang", { ...endpoints(base), issuer: base });
    const started = Date.now();
    const list = await checkOnPage(page, "doctor-hang");
    expect(Date.now() - started).toBeLessThan(15_000);
    await expect(list.getByText("Fail", { exact: true })).toHaveCount(6);
    await expect(item(list, "JWK Set URI")).toContainText("did not answer within 5 s");
  } finally {
    for (const socket of sockets) socket.destroy();
    silent.close();
  }
});

test("Add Integration: Check connection runs on the unsaved form values and saves nothing", async ({ browser }) => {
  const page = await freshPage(browser, AUTH_STATE.admin);
  await page.goto("/settings/oauth-integrations/new");
  await page.getByLabel("Provider").selectOption({ label: "Custom SSO" });
  await page.getByLabel("Registration ID").fill("doctor-draft");
  await page.getByLabel("Client ID").fill(IDP_CLIENTS.post.clientId);
  await page.getByLabel("Client Secret", { exact: true }).fill(IDP_CLIENTS.post.clientSecret);
  await page.getByLabel("Authorization URL").fill(`${IDP_URL}/auth`);
  await page.getByLabel("JWK Set URI").fill(`${IDP_URL}/jwks`);
  await page.getByLabel("Token URI").fill(`${IDP_URL}/token`);
  await page.getByLabel("User Info URI").fill(`${IDP_URL}/me`);
  await page.getByLabel("Issuer", { exact: true }).fill(`${IDP_URL}/`);
  await page.getByRole("button", { name: "Check connection" }).click();
  const list = page.getByRole("list", { name: "Connection check results" });
  await expect(item(list, "Discovery")).toContainText("differ only by a trailing slash");
  await expect(item(list, "Redirect URI registered")).toContainText(
    `Register: ${APP_URL}/api/auth/callback/doctor-draft`,
  );
  await expect(item(list, "Token URI and client authentication").getByText("Pass", { exact: true })).toBeVisible();
  const listed = await (await page.request.get("/api/v1/oauth-integrations")).json();
  expect((listed.integrations as { registrationId: string }[]).map((i) => i.registrationId)).not.toContain(
    "doctor-draft",
  );
});

test("the check API answers the same results, and a guest is refused", async ({ browser }) => {
  const admin = await freshPage(browser, AUTH_STATE.admin);
  const res = await admin.request.post("/api/v1/oauth-integrations/doctor-secret/check", { data: {} });
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body.results.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([
    ["discovery", "pass"],
    ["authorization", "pass"],
    ["redirectUri", "pass"],
    ["jwks", "pass"],
    ["token", "fail"],
    ["userinfo", "pass"],
    ["clock", "pass"],
  ]);
  expect(JSON.stringify(body)).not.toContain("not-the-secret");
  const guest = await freshPage(browser, AUTH_STATE.guest);
  expect((await guest.request.post("/api/v1/oauth-integrations/doctor-secret/check", { data: {} })).status()).toBe(403);
  expect((await admin.request.post("/api/v1/oauth-integrations/nope/check", { data: {} })).status()).toBe(404);
});
