// Client authentication with private_key_jwt: the admin picks Private key JWT on Add Integration (no secret), Keyway
// generates the key pair and shows its certificate thumbprints, the test IdP fetches Keyway's JWKS and (like Entra)
// accepts only an assertion carrying x5t; a real sign-in through Chromium → IdP → Keyway; then a key rotation
// (next key published before use, promoted) with a sign-in signed by the new key; Test sign-in; Check connection.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { APP_URL, AUTH_STATE, IDP_CLIENTS, IDP_URL } from "./support/env";
import {
  closeContexts,
  createUserViaApi,
  expectSignedInAs,
  freshPage,
  gotoHydrated,
  loginAtIdp,
} from "./support/fixtures";

test.describe.configure({ mode: "serial" });
test.afterEach(closeContexts);

const PKJWT = { registrationId: "pkjwt-sso", button: "Sign in with Keyed Co" };
const USER = "keyed.person@example.test";
const JWKS_URL = `${APP_URL}/api/integrations/${PKJWT.registrationId}/jwks`;
const PAGE = `/settings/oauth-integrations/${PKJWT.registrationId}`;

type Jwk = Record<string, unknown> & { kid: string; x5t: string; "x5t#S256": string; x5c: string[] };
type Assertion = { kid?: string; x5t?: string; "x5t#S256"?: string };
type LoggedRequest = { clientId: string; method: string; assertion?: Assertion };

async function jwks(page: Page): Promise<Jwk[]> {
  const res = await page.request.get(JWKS_URL);
  expect(res.status()).toBe(200);
  expect(res.headers()["cache-control"]).toMatch(/max-age=\d+/);
  return (await res.json()).keys;
}

async function pkjwtTokenRequests(page: Page): Promise<LoggedRequest[]> {
  const res = await page.request.get(`${IDP_URL}/__test/token-requests`);
  const all: LoggedRequest[] = await res.json();
  return all.filter((r) => r.clientId === IDP_CLIENTS.pkjwt.clientId);
}

async function signInThroughIdp(page: Page) {
  await page.goto("/signin");
  await page.getByRole("button", { name: PKJWT.button, exact: true }).click();
  await loginAtIdp(page, USER);
  await expect(page).toHaveURL(new RegExp(`^${APP_URL}/settings/oauth-integrations`));
  await expectSignedInAs(page, USER);
}

const shown = (page: Page, slot: string, what: string) => page.getByTestId(`client-key-${slot}-${what}`);

test("Private key JWT: create with the form, sign in, rotate the key, sign in with the new one, Test sign-in, Check connection", async ({
  browser,
}) => {
  const admin = await freshPage(browser, AUTH_STATE.admin);
  await createUserViaApi(admin.request, { email: USER, name: "Keyed Person" });
  let firstKid = "";
  let nextKid = "";

  await test.step("Add Integration with Private key JWT: no Client Secret asked", async () => {
    await gotoHydrated(admin, "/settings/oauth-integrations/new");
    await admin.getByLabel("Provider").selectOption({ label: "Custom SSO" });
    await admin.getByLabel("Registration ID").fill(PKJWT.registrationId);
    await admin.getByLabel("Client ID").fill(IDP_CLIENTS.pkjwt.clientId);
    await admin.getByRole("radio", { name: "Private key JWT" }).check();
    await expect(admin.getByText("Not used with Private key JWT", { exact: false })).toBeVisible();
    await admin.getByLabel("Authorization URL").fill(`${IDP_URL}/auth`);
    await admin.getByLabel("JWK Set URI").fill(`${IDP_URL}/jwks`);
    await admin.getByLabel("Token URI").fill(`${IDP_URL}/token`);
    await admin.getByLabel("User Info URI").fill(`${IDP_URL}/me`);
    await admin.getByLabel("Issuer", { exact: true }).fill(IDP_URL);
    await admin.getByLabel("Login Button Text").fill(PKJWT.button);
    await admin.getByRole("button", { name: "Create" }).click();
    await expect(admin).toHaveURL(new RegExp(`${PAGE}\\?created=1$`));
  });

  await test.step("the page shows the JWKS URL and the signing key's certificate thumbprints", async () => {
    await expect(admin.getByTestId("detail-Client Authentication Method")).toHaveText("Private key JWT");
    await expect(admin.getByTestId("client-jwks-uri")).toHaveText(JWKS_URL);
    firstKid = (await shown(admin, "current", "kid").textContent()) ?? "";
    const x5t = (await shown(admin, "current", "x5t").textContent()) ?? "";
    expect(x5t).toMatch(/^[A-Za-z0-9_-]{27}$/);
    await expect(shown(admin, "current", "x5t-s256")).toHaveText(firstKid);
    await expect(shown(admin, "current", "sha1")).toHaveText(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
    await expect(shown(admin, "current", "sha256")).toHaveText(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    await expect(shown(admin, "current", "certificate")).toContainText("-----BEGIN CERTIFICATE-----");
    await expect(shown(admin, "current", "public-key")).toContainText("-----BEGIN PUBLIC KEY-----");
    // The private key never leaves the server: not in the page's HTML (with its RSC payload), not in the API.
    for (const url of [PAGE, `/api/v1/oauth-integrations/${PKJWT.registrationId}`, JWKS_URL]) {
      const body = await (await admin.request.get(url)).text();
      expect(body, url).not.toContain("PRIVATE KEY");
      expect(body, url).not.toMatch(/"d"\s*:/);
    }
    const keys = await jwks(admin);
    expect(keys.map((k) => [k.kid, k.x5t, k.use, k.alg])).toEqual([[firstKid, x5t, "sig", "RS256"]]);
    expect(keys[0]).not.toHaveProperty("d");
  });

  await test.step("Add next key: published in the JWKS at once, before it signs anything", async () => {
    await gotoHydrated(admin, PAGE);
    await admin.getByRole("button", { name: "Add next key" }).click();
    await expect(admin.getByRole("heading", { name: "Next key" })).toBeVisible();
    nextKid = (await shown(admin, "next", "kid").textContent()) ?? "";
    expect(nextKid).not.toBe(firstKid);
    expect((await jwks(admin)).map((k) => k.kid)).toEqual([firstKid, nextKid]);
  });

  await test.step("a real sign-in: the IdP fetched the JWKS and accepted the assertion signed by the current key", async () => {
    await admin.request.delete(`${IDP_URL}/__test/token-requests`);
    const person = await freshPage(browser);
    await signInThroughIdp(person);
    const calls = await pkjwtTokenRequests(admin);
    expect(calls.map((c) => [c.method, c.assertion?.kid])).toEqual([["private_key_jwt", firstKid]]);
    expect(calls[0]?.assertion?.x5t).toMatch(/^[A-Za-z0-9_-]{27}$/);
    expect(calls[0]?.assertion?.["x5t#S256"]).toBe(firstKid);
  });

  await test.step("Promote next key: it signs from now on; the old key stays published as the previous key", async () => {
    await gotoHydrated(admin, PAGE);
    await admin.getByRole("button", { name: "Promote next key" }).click();
    await expect(admin.getByRole("heading", { name: "Previous key" })).toBeVisible();
    await expect(shown(admin, "current", "kid")).toHaveText(nextKid);
    await expect(shown(admin, "previous", "kid")).toHaveText(firstKid);
    expect((await jwks(admin)).map((k) => k.kid)).toEqual([nextKid, firstKid]);
  });

  await test.step("a sign-in still works, and its assertion names the new key", async () => {
    await admin.request.delete(`${IDP_URL}/__test/token-requests`);
    const person = await freshPage(browser);
    await signInThroughIdp(person);
    const calls = await pkjwtTokenRequests(admin);
    expect(calls.map((c) => [c.method, c.assertion?.kid])).toEqual([["private_key_jwt", nextKid]]);
  });

  await test.step("Test sign-in runs the same signed exchange", async () => {
    await admin.request.delete(`${IDP_URL}/__test/token-requests`);
    await gotoHydrated(admin, PAGE);
    await admin.getByRole("button", { name: "Test sign-in", exact: true }).click();
    await loginAtIdp(admin, USER);
    await expect(admin.getByRole("heading", { level: 1, name: "Test sign-in result" })).toBeVisible();
    await expect(admin.getByTestId("would-sign-in-as")).toHaveText(USER);
    const calls = await pkjwtTokenRequests(admin);
    expect(calls.map((c) => [c.method, c.assertion?.kid])).toEqual([["private_key_jwt", nextKid]]);
  });

  await test.step("Check connection: the token probe passes with the signed assertion", async () => {
    await gotoHydrated(admin, PAGE);
    await admin.getByRole("button", { name: "Check connection" }).click();
    const list = admin.getByRole("list", { name: "Connection check results" });
    await expect(list).toBeVisible({ timeout: 20_000 });
    const token = list
      .getByRole("listitem")
      .filter({ has: admin.getByText("Token URI and client authentication", { exact: true }) });
    await expect(token).toContainText("signed client assertion was accepted");
  });

  await test.step("the keys card passes axe (serious and critical), with its PEM sections open", async () => {
    for (const summary of await admin.locator("summary").all()) await summary.click();
    const { violations } = await new AxeBuilder({ page: admin }).analyze();
    expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  });

  await test.step("Remove previous key: it leaves the JWKS", async () => {
    await admin.getByRole("button", { name: "Remove previous key" }).click();
    await expect(admin.getByRole("heading", { name: "Previous key" })).toHaveCount(0);
    expect((await jwks(admin)).map((k) => k.kid)).toEqual([nextKid]);
  });

  await test.step("the JWKS URL answers 404 for an unknown integration", async () => {
    const res = await admin.request.get(`${APP_URL}/api/integrations/no-such-sso/jwks`);
    expect(res.status()).toBe(404);
  });
});
