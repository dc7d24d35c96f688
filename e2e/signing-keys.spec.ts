// Keyway caches each integration's signing keys. Through the browser and the real test IdP: a key rotation costs
// exactly one JWKS fetch — also when the IdP reuses the kid for its new key, as a restarted development IdP does —
// sign-ins keep working on cached keys while the JWKS is down, and a cold cache with the JWKS down fails with a
// named code recorded in the integration's health.
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { APP_URL, AUTH_STATE, IDP_CLIENTS, IDP_URL } from "./support/env";
import { closeContexts, createUserViaApi, expectSignedInAs, freshPage, loginAtIdp } from "./support/fixtures";

test.describe.configure({ mode: "serial" });

const WARM = { registrationId: "keys-sso", button: "Sign in with Keys Co" };
const COLD = { registrationId: "cold-sso", button: "Sign in with Cold Co" };
// Its own integration (own cache entry), so the refetch cooldown left by the rotation above cannot interfere.
const SAME_KID = { registrationId: "samekid-sso", button: "Sign in with Same Kid Co" };
const USER = "keys-user@example.test";
const ADMIN_STATE = AUTH_STATE.admin;

async function createIntegration(request: APIRequestContext, { registrationId, button }: typeof WARM) {
  const res = await request.post("/api/v1/oauth-integrations", {
    data: {
      provider: "custom-sso",
      registrationId,
      clientId: IDP_CLIENTS.post.clientId,
      clientSecret: IDP_CLIENTS.post.clientSecret,
      authorizationUrl: `${IDP_URL}/auth`,
      jwksUri: `${IDP_URL}/jwks`,
      tokenUri: `${IDP_URL}/token`,
      userInfoUri: `${IDP_URL}/me`,
      issuer: IDP_URL,
      clientAuthMethod: "client_secret_post",
      loginButtonText: button,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
}

const jwksFetches = async (request: APIRequestContext) =>
  ((await (await request.get(`${IDP_URL}/__test/fetch-counts`)).json()) as { jwks: number }).jwks;
const resetCounts = async (request: APIRequestContext) =>
  expect((await request.delete(`${IDP_URL}/__test/fetch-counts`)).status()).toBe(204);
async function setJwksDown(request: APIRequestContext, down: boolean) {
  const res = await request.put(`${IDP_URL}/__test/jwks`, { data: { down } });
  expect(await res.json()).toEqual({ down });
}

const currentKids = async (request: APIRequestContext) =>
  ((await (await request.get(`${IDP_URL}/jwks`)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);

async function signInWith(page: Page, button: string) {
  await page.goto("/signin");
  await page.getByRole("button", { name: button, exact: true }).click();
  await loginAtIdp(page, USER);
}

test.beforeAll(async ({ browser }) => {
  const admin = await freshPage(browser, ADMIN_STATE);
  await createIntegration(admin.request, WARM);
  await createIntegration(admin.request, COLD);
  await createIntegration(admin.request, SAME_KID);
  await createUserViaApi(admin.request, { email: USER, name: "Keys User" });
  await closeContexts();
});

test.afterEach(async ({ request }) => {
  // Why: the IdP is shared with every other journey; never leave its JWKS down.
  await setJwksDown(request, false);
  await closeContexts();
});

test("after the IdP rotates its signing key, the next sign-in succeeds with exactly one JWKS fetch", async ({
  browser,
  request,
}) => {
  await signInWith(await freshPage(browser), WARM.button);
  await resetCounts(request);
  const rotated = await request.post(`${IDP_URL}/__test/keys`);
  expect(rotated.status()).toBe(200);

  const page = await freshPage(browser);
  await signInWith(page, WARM.button);
  await expectSignedInAs(page, USER);
  expect(await jwksFetches(request)).toBe(1);

  await signInWith(await freshPage(browser), WARM.button);
  expect(await jwksFetches(request), "the new key is cached too").toBe(1);
});

test("while the JWKS is down, sign-ins keep working on the cached keys", async ({ browser, request }) => {
  await setJwksDown(request, true);
  const page = await freshPage(browser);
  await signInWith(page, WARM.button);
  await expectSignedInAs(page, USER);
});

test("with a cold cache and the JWKS down, sign-in fails with JWKS_UNAVAILABLE, recorded in the integration's health", async ({
  browser,
  request,
}) => {
  await setJwksDown(request, true);
  const page = await freshPage(browser);
  await signInWith(page, COLD.button);
  await expect(page).toHaveURL(`${APP_URL}/error?error=JWKS_UNAVAILABLE`);
  expect(await (await page.request.get("/api/auth/session")).json()).toEqual({});
  const admin = await freshPage(browser, ADMIN_STATE);
  await expect
    .poll(async () => {
      const { integrations } = (await (await admin.request.get("/api/v1/oauth-integrations")).json()) as {
        integrations: { registrationId: string; lastFailureCode: string | null }[];
      };
      return integrations.find((i) => i.registrationId === COLD.registrationId)?.lastFailureCode;
    })
    .toBe("JWKS_UNAVAILABLE");
});

// Last: the warm tests above rely on keys cached before this rotation.
test("after the IdP replaces its key under the same kid, the next sign-in succeeds with exactly one JWKS fetch", async ({
  browser,
  request,
}) => {
  test.slow(); // three sign-ins through the IdP's login and consent pages
  await signInWith(await freshPage(browser), SAME_KID.button);
  const kidBefore = await currentKids(request);
  await resetCounts(request);
  const rotated = await request.post(`${IDP_URL}/__test/keys`, { data: { sameKid: true } });
  expect(await rotated.json()).toEqual({ kid: kidBefore[0], sameKid: true });

  const page = await freshPage(browser);
  await signInWith(page, SAME_KID.button);
  await expectSignedInAs(page, USER);
  expect(await jwksFetches(request), "one refetch after the signature failed with the cached key").toBe(1);

  await signInWith(await freshPage(browser), SAME_KID.button);
  expect(await jwksFetches(request), "the new key is cached too").toBe(1);
});
