// Zero-downtime client secret rotation, through real sign-ins at the test IdP: the admin adds the IdP's new secret as
// the Next client secret, the IdP switches from the old secret to the new one while people keep signing in (none
// fails: Keyway retries once with the other secret on invalid_client and records which one the IdP accepted), the
// page offers Promote next secret once the IdP accepted it 3 times and refused the current one, and promotion makes
// it current. The same through the JSON API.
import { expect, type APIRequestContext, type Page, test } from "@playwright/test";
import { signInFlow } from "../bench/http";
import { APP_URL, AUTH_STATE, IDP_CLIENTS, IDP_URL, ROTATE_NEXT_SECRET } from "./support/env";
import { closeContexts, createIntegrationViaApi, createUserViaApi, freshPage } from "./support/fixtures";

test.describe.configure({ mode: "serial" });
test.afterEach(closeContexts);

const ID = "rotate-sso";
const OLD = IDP_CLIENTS.rotate.clientSecret;
const NEW = ROTATE_NEXT_SECRET;
const LOGIN = "rot-user@example.test";

async function idpAccepts(request: APIRequestContext, accept: string[] | null) {
  const res = await request.put(`${IDP_URL}/__test/client-secrets`, {
    data: { clientId: IDP_CLIENTS.rotate.clientId, accept },
  });
  expect(res.status(), await res.text()).toBe(200);
}

type Secrets = {
  current: { addedAt: string | null; lastAcceptedAt: string | null; lastRejectedAt: string | null };
  next: { addedAt: string; lastAcceptedAt: string | null; lastRejectedAt: string | null } | null;
  promotionSuggested: boolean;
};

async function readIntegration(request: APIRequestContext) {
  const res = await request.get(`/api/v1/oauth-integrations/${ID}`);
  expect(res.status()).toBe(200);
  const text = await res.text();
  // Why: the API says when each secret was added and accepted, never what it is.
  for (const secret of [OLD, NEW]) expect(text).not.toContain(secret);
  return (JSON.parse(text) as { integration: { version: number; secrets: Secrets } }).integration;
}

async function openSecrets(page: Page) {
  await page.goto(`/settings/oauth-integrations/${ID}`);
  return page.getByRole("table", { name: "Client secrets" });
}

test.beforeAll(async ({ browser }) => {
  const admin = await freshPage(browser, AUTH_STATE.admin);
  await createIntegrationViaApi(admin.request, { registrationId: ID, client: "rotate", button: "Sign in with Rotate" });
  await createUserViaApi(admin.request, { email: LOGIN, name: "Rita Rotate" });
  await closeContexts();
});

test.afterAll(async ({ playwright }) => {
  const request = await playwright.request.newContext();
  await idpAccepts(request, null);
  await request.dispose();
});

test("the IdP switches secrets mid-run: no sign-in fails, the page offers promotion, Promote next secret", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const page = await freshPage(browser, AUTH_STATE.admin);

  await test.step("Edit → Next client secret: saved beside the current one, added now, never accepted yet", async () => {
    await page.goto(`/settings/oauth-integrations/${ID}/edit`);
    await page.getByLabel("Next client secret").fill(NEW);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/settings/oauth-integrations/${ID}\\?saved=1$`));
    const secrets = page.getByRole("table", { name: "Client secrets" });
    await expect(secrets.getByRole("row")).toHaveCount(3);
    await expect(page.getByTestId("secret-next-last-accepted")).toHaveText("Never");
    await expect(page.getByTestId("secret-next-added")).not.toHaveText("—");
    await expect(page.locator("body")).not.toContainText(NEW);
  });

  await test.step("Check connection tests both secrets", async () => {
    await idpAccepts(page.request, [OLD, NEW]);
    await page.getByRole("button", { name: "Check connection" }).click();
    const token = page
      .getByRole("list", { name: "Connection check results" })
      .getByRole("listitem")
      .filter({ hasText: "Token URI and client authentication" });
    await expect(token).toContainText("Next client secret: the IdP accepted it", { timeout: 20_000 });
    await expect(token.getByText("Pass", { exact: true })).toBeVisible();
  });

  await test.step("12 sign-ins, 3 at a time; after the 4th the IdP accepts only the new secret: none fails", async () => {
    let done = 0;
    let switched: Promise<void> | null = null;
    const worker = async () => {
      while (done < 12) {
        done += 1;
        await signInFlow(APP_URL, ID, LOGIN);
        if (done >= 4 && !switched) switched = idpAccepts(page.request, [NEW]);
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    await switched;
    // After the switch for sure: three more, each refused with the old secret and accepted with the new one.
    for (let i = 0; i < 3; i += 1) await signInFlow(APP_URL, ID, LOGIN);
  });

  await test.step("the page shows which secret the IdP accepted and offers Promote next secret", async () => {
    const api = await readIntegration(page.request);
    expect(api.secrets.next?.lastAcceptedAt).not.toBeNull();
    expect(api.secrets.current.lastRejectedAt).not.toBeNull();
    expect(api.secrets.promotionSuggested).toBe(true);
    await openSecrets(page);
    await expect(page.getByTestId("secret-next-last-accepted")).not.toHaveText("Never");
    await expect(page.getByTestId("secret-current-last-refused")).not.toHaveText("Never");
    const offer = page.getByRole("status").filter({ hasText: "The IdP now accepts only the next secret" });
    await expect(offer).toBeVisible();
    await page.screenshot({ path: ".tmp/screens/rotation-offer.png", fullPage: true });
    await offer.getByRole("button", { name: "Promote next secret" }).click();
    await expect(page.getByText("The next secret is now the current secret.")).toBeVisible();
    await expect(page.getByRole("table", { name: "Client secrets" }).getByRole("row")).toHaveCount(2);
  });

  await test.step("after promotion: one secret, accepted at once; audited", async () => {
    const before = await readIntegration(page.request);
    expect(before.secrets.next).toBeNull();
    expect(before.secrets.current.lastRejectedAt).toBeNull();
    await signInFlow(APP_URL, ID, LOGIN);
    const after = await readIntegration(page.request);
    expect(after.secrets.current.lastAcceptedAt).not.toBeNull();
    expect(after.secrets.current.lastRejectedAt).toBeNull();
    await page.goto(`/settings/audit-log?target=${encodeURIComponent(`integration:${ID}`)}`);
    await expect(page.getByRole("cell", { name: "integration.secret_promote" }).first()).toBeVisible();
  });
});

test("JSON API: PATCH nextClientSecret, POST promote-secret, and null removes a next secret", async ({ browser }) => {
  const page = await freshPage(browser, AUTH_STATE.admin);
  // The IdP issues a third secret and accepts both while the rotation runs.
  const THIRD = "e2e-rotate-secret-C3!";
  await idpAccepts(page.request, [NEW, THIRD]);
  let { version } = await readIntegration(page.request);
  const patch = await page.request.patch(`/api/v1/oauth-integrations/${ID}`, {
    data: { version, nextClientSecret: THIRD },
  });
  expect(patch.status(), await patch.text()).toBe(200);
  const patched = await readIntegration(page.request);
  expect(patched.secrets.next?.addedAt).toEqual(expect.any(String));
  expect(patched.version).toBe(version + 1);

  const promoted = await page.request.post(`/api/v1/oauth-integrations/${ID}/promote-secret`, {
    data: { version: patched.version },
  });
  expect(promoted.status(), await promoted.text()).toBe(200);
  expect((await readIntegration(page.request)).secrets.next).toBeNull();
  await idpAccepts(page.request, [THIRD]);
  await signInFlow(APP_URL, ID, LOGIN);

  ({ version } = await readIntegration(page.request));
  await page.request.patch(`/api/v1/oauth-integrations/${ID}`, { data: { version, nextClientSecret: "spare-1" } });
  ({ version } = await readIntegration(page.request));
  const removed = await page.request.patch(`/api/v1/oauth-integrations/${ID}`, {
    data: { version, nextClientSecret: null },
  });
  expect(removed.status(), await removed.text()).toBe(200);
  expect((await readIntegration(page.request)).secrets.next).toBeNull();

  const nothing = await page.request.post(`/api/v1/oauth-integrations/${ID}/promote-secret`, { data: {} });
  expect(nothing.status()).toBe(409);
});
