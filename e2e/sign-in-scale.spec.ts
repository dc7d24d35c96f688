// Issue 9: the sign-in screen with 200 integrations. Only the visible ones get a button; Continue with SSO sends a
// person to the integration that owns their email domain (hidden or not), or says no SSO is set up for it.
// The 199 extra integrations are copied in the database (not 200 forms); the journey removes them afterwards.
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { APP_URL, AUTH_STATE, DATABASE_URL, IDP_CLIENTS, IDP_URL } from "./support/env";
import { closeContexts, createUserViaApi, expectSignedInAs, freshPage, loginAtIdp } from "./support/fixtures";

test.describe.configure({ mode: "serial" });

const ROUTED = { registrationId: "route-sso", button: "Sign in with Routed Co", domain: "routed.example" };
const EXTRA = 199;
const VISIBLE_EVERY = 10; // every tenth extra integration keeps its button
const USER = "kim@routed.example";

function withDb<T>(work: (db: Database.Database) => T): T {
  const db = new Database(DATABASE_URL.slice("file:".length));
  try {
    return work(db);
  } finally {
    db.close();
  }
}

/** Integrations changed behind the app's back: bump the version its provider cache watches. */
const bumpConfigVersion = (db: Database.Database) =>
  db
    .prepare(
      `INSERT INTO ConfigVersion (id, version, updatedAt) VALUES (1, 1, ?) ON CONFLICT(id) DO UPDATE SET version = version + 1`,
    )
    .run(Date.now());

test.beforeAll(async ({ browser }) => {
  const admin = await freshPage(browser, AUTH_STATE.admin);
  const res = await admin.request.post("/api/v1/oauth-integrations", {
    data: {
      provider: "custom-sso",
      registrationId: ROUTED.registrationId,
      clientId: IDP_CLIENTS.post.clientId,
      clientSecret: IDP_CLIENTS.post.clientSecret,
      authorizationUrl: `${IDP_URL}/auth`,
      jwksUri: `${IDP_URL}/jwks`,
      tokenUri: `${IDP_URL}/token`,
      userInfoUri: `${IDP_URL}/me`,
      issuer: IDP_URL,
      clientAuthMethod: "client_secret_post",
      loginButtonText: ROUTED.button,
      emailDomains: [ROUTED.domain],
      showOnSignInScreen: false,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  await createUserViaApi(admin.request, { email: USER, name: "Kim Routed" });
  withDb((db) => {
    // Copies of the routed integration (same columns and formats), each with its own domain.
    const copy =
      db.prepare(`INSERT INTO Integration (id, registrationId, provider, clientId, clientSecretSealed, authorizationUrl, jwksUri, tokenUri,
      userInfoUri, issuer, clientAuthMethod, loginButtonText, trustEmailAddresses, showOnSignInScreen, enabled, createdAt, updatedAt)
      SELECT ?, ?, provider, clientId, clientSecretSealed, authorizationUrl, jwksUri, tokenUri, userInfoUri, issuer, clientAuthMethod, ?,
      trustEmailAddresses, ?, enabled, createdAt, updatedAt FROM Integration WHERE registrationId = ?`);
    const domain = db.prepare(`INSERT INTO IntegrationDomain (domain, integrationId) VALUES (?, ?)`);
    db.transaction(() => {
      for (let i = 0; i < EXTRA; i += 1) {
        copy.run(
          `scale-${i}`,
          `scale-${i}`,
          `Sign in with Org ${i}`,
          i % VISIBLE_EVERY === 0 ? 1 : 0,
          ROUTED.registrationId,
        );
        domain.run(`org-${i}.example`, `scale-${i}`);
      }
      bumpConfigVersion(db);
    })();
  });
  await closeContexts();
});

test.afterAll(() => {
  withDb((db) => {
    db.transaction(() => {
      db.prepare(`DELETE FROM IntegrationDomain WHERE integrationId LIKE 'scale-%' OR domain = ?`).run(ROUTED.domain);
      db.prepare(`DELETE FROM Integration WHERE registrationId LIKE 'scale-%'`).run();
      bumpConfigVersion(db);
    })();
  });
});

test.afterEach(closeContexts);

test("with 200 integrations the sign-in screen shows only the visible buttons", async ({ browser }) => {
  const visible = withDb(
    (db) =>
      (
        db.prepare(`SELECT COUNT(*) AS n FROM Integration WHERE enabled = 1 AND showOnSignInScreen = 1`).get() as {
          n: number;
        }
      ).n,
  );
  expect(
    withDb((db) => (db.prepare(`SELECT COUNT(*) AS n FROM Integration`).get() as { n: number }).n),
  ).toBeGreaterThanOrEqual(200);
  const page = await freshPage(browser);
  await page.goto("/signin");
  const buttons = page.getByRole("list", { name: "Single sign-on" }).getByRole("button");
  await expect(buttons).toHaveCount(visible);
  // Most of the 200 are hidden (only every tenth extra keeps its button, beside the other journeys' own).
  expect(visible).toBeLessThan(EXTRA / 2);
  await expect(page.getByRole("button", { name: "Sign in with Org 10", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign in with Org 11", exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: ROUTED.button })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Continue with SSO" })).toBeVisible();
});

test("an email whose domain has no SSO gets a clear message", async ({ browser }) => {
  const page = await freshPage(browser);
  await page.goto("/signin");
  await page.getByLabel("Work email").fill("sam@nowhere.example");
  await page.getByRole("button", { name: "Continue with SSO" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "No single sign-on is set up for nowhere.example." }),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
});

test("Continue with SSO sends the person to the hidden integration that owns their domain, with login_hint", async ({
  browser,
}) => {
  const page = await freshPage(browser);
  await page.goto("/signin");
  const authorize = page.waitForRequest((r) => r.url().startsWith(`${IDP_URL}/auth?`));
  await page.getByLabel("Work email").fill("Kim@ROUTED.example");
  await page.getByRole("button", { name: "Continue with SSO" }).click();
  const url = new URL((await authorize).url());
  expect(url.searchParams.get("client_id")).toBe(IDP_CLIENTS.post.clientId);
  expect(url.searchParams.get("redirect_uri")).toBe(`${APP_URL}/api/auth/callback/${ROUTED.registrationId}`);
  expect(url.searchParams.get("login_hint")).toBe("Kim@ROUTED.example");
  await loginAtIdp(page, USER);
  await expectSignedInAs(page, USER);
});
