// API tokens over the real path: what a token may do follows its owner now (demoted, disabled, deleted), expiry and
// revocation by a user manager end it, the console offers only the authorities its user holds and at most a year,
// and wrong tokens count in the shared per-address throttle (on a separate Keyway, so this run's address stays free).
import { createHash } from "node:crypto";
import Database from "better-sqlite3";
import { type APIRequestContext, expect, request as playwrightRequest, test } from "@playwright/test";
import { ADMIN, APP_URL, AUTH_STATE, DATABASE_URL } from "./support/env";
import { closeContexts, freshPage } from "./support/fixtures";
import { keywayCliRun, startEmptyKeyway } from "./support/servers";

// Each journey spawns the CLI and a browser: generous on a loaded machine.
test.describe.configure({ mode: "serial", timeout: 180_000 });
test.afterEach(closeContexts);

const SCREENS = ".tmp/screens";
const TOKEN_SHAPE = /kw_[0-9A-Za-z]{40,}/;
// Creating an ADMIN needs every authority an admin holds: nobody grants more than they hold, tokens included.
const EVERY_AUTHORITY = ["OAUTH_INTEGRATION_READ", "OAUTH_INTEGRATION_WRITE", "USER_READ", "USER_WRITE", "AUDIT_READ"];

async function mint(email: string, name: string, authorities: string[], env: Record<string, string> = {}) {
  const flags = authorities.flatMap((a) => ["--authority", a]);
  const res = await keywayCliRun(["token:create", "--email", email, "--name", name, ...flags], env);
  expect(res.status, res.stderr).toBe(0);
  const token = res.stdout.match(TOKEN_SHAPE)?.[0];
  expect(token, res.stdout).toBeTruthy();
  return token!;
}

const bearer = (token: string, baseURL = APP_URL): Promise<APIRequestContext> =>
  playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });

/** Runs one statement on the e2e database (for what Keyway has no interface for: deleting a user, time passing). */
function sql(statement: string, ...params: unknown[]) {
  const db = new Database(DATABASE_URL.replace(/^file:/, ""));
  try {
    db.pragma("foreign_keys = ON"); // deleting a user cascades to their tokens, as the schema says
    return db.prepare(statement).run(...params);
  } finally {
    db.close();
  }
}

async function expectInvalidToken(api: APIRequestContext, what: string) {
  const res = await api.get("/api/v1/oauth-integrations");
  expect(res.status(), what).toBe(401);
  expect(res.headers()["www-authenticate"]).toBe('Bearer error="invalid_token"');
  expect((await res.json()).error.code).toBe("INVALID_TOKEN");
}

let admin: APIRequestContext;
test.beforeAll(async () => {
  admin = await bearer(await mint(ADMIN.email, "tokens-admin", EVERY_AUTHORITY));
});
test.afterAll(() => admin?.dispose());

async function createUser(email: string, role: "ADMIN" | "GUEST") {
  const res = await admin.post("/api/v1/users", { data: { email, name: email.split("@")[0], role } });
  expect(res.status(), await res.text()).toBe(201);
  const { users } = await (await admin.get("/api/v1/users")).json();
  return users.find((u: { email: string }) => u.email === email).id as string;
}

test("a token does what its owner holds now: demoted → 403, promoted back → 200, disabled → 401 for good, deleted → 401", async () => {
  const ownerId = await createUser("owner@e2e.test", "ADMIN");
  const token = await mint("owner@e2e.test", "owner-ci", ["OAUTH_INTEGRATION_READ"]);
  const api = await bearer(token);
  expect((await api.get("/api/v1/oauth-integrations")).status()).toBe(200);
  expect((await api.get("/api/v1/users")).status(), "USER_READ: the owner holds it, the token does not").toBe(403);

  const demote = await admin.patch(`/api/v1/users/${ownerId}`, { data: { role: "GUEST" } });
  expect(demote.status(), await demote.text()).toBe(200);
  const demoted = await api.get("/api/v1/oauth-integrations");
  expect(demoted.status(), "the owner no longer holds OAUTH_INTEGRATION_READ").toBe(403);
  expect((await demoted.json()).error.code).toBe("FORBIDDEN");

  expect((await admin.patch(`/api/v1/users/${ownerId}`, { data: { role: "ADMIN" } })).status()).toBe(200);
  expect((await api.get("/api/v1/oauth-integrations")).status(), "checked per request, not when minted").toBe(200);

  expect((await admin.patch(`/api/v1/users/${ownerId}`, { data: { disabled: true } })).status()).toBe(200);
  await expectInvalidToken(api, "the owner is disabled");
  expect((await admin.patch(`/api/v1/users/${ownerId}`, { data: { disabled: false } })).status()).toBe(200);
  await expectInvalidToken(api, "disabling revoked the token for good");
  await api.dispose();

  const goneId = await createUser("gone@e2e.test", "ADMIN");
  const goneApi = await bearer(await mint("gone@e2e.test", "gone-ci", ["OAUTH_INTEGRATION_READ"]));
  expect((await goneApi.get("/api/v1/oauth-integrations")).status()).toBe(200);
  sql(`DELETE FROM "User" WHERE "id" = ?`, goneId);
  await expectInvalidToken(goneApi, "the owner is deleted");
  await goneApi.dispose();
});

test("an expired token gets 401 invalid_token and shows as Expired; only its hash is in the database", async ({
  browser,
}) => {
  const token = await mint(ADMIN.email, "short-lived", ["OAUTH_INTEGRATION_READ"]);
  const api = await bearer(token);
  expect((await api.get("/api/v1/oauth-integrations")).status()).toBe(200);
  const hash = createHash("sha256").update(token).digest("hex");
  const past = new Date(Date.now() - 1000).toISOString().replace("Z", "+00:00");
  const changed = sql(
    `UPDATE "ApiToken" SET "expiresAt" = ? WHERE "hash" = ? AND "prefix" = ?`,
    past,
    hash,
    token.slice(0, 8),
  );
  expect(changed.changes, "the row is found by the token's SHA-256 and its first 8 characters").toBe(1);
  await expectInvalidToken(api, "expired");
  await api.dispose();

  const page = await freshPage(browser, AUTH_STATE.admin);
  await page.goto("/settings/api-tokens");
  const row = page.getByRole("row").filter({ hasText: "short-lived" });
  await expect(row).toContainText("Expired");
  await expect(row.getByRole("button", { name: /Revoke/ })).toHaveCount(0);
});

test("a user manager sees everyone's tokens with their owner and revokes another's; others see only their own", async ({
  browser,
}) => {
  await createUser("pipeline-owner@e2e.test", "ADMIN");
  const token = await mint("pipeline-owner@e2e.test", "their-pipeline", ["OAUTH_INTEGRATION_READ"]);
  const api = await bearer(token);
  expect((await api.get("/api/v1/oauth-integrations")).status()).toBe(200);

  // The widest row a user manager meets: a long owner email and every authority, used once (time and address).
  const wide = "a-very-long-pipeline-owner-address@deployments.e2e.test";
  await createUser(wide, "ADMIN");
  const wideToken = await mint(wide, "release-pipeline-with-a-long-name", EVERY_AUTHORITY);
  const wideApi = await bearer(wideToken);
  expect((await wideApi.get("/api/v1/oauth-integrations")).status()).toBe(200);
  await wideApi.dispose();

  const page = await freshPage(browser, AUTH_STATE.admin);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/settings/api-tokens");
  const row = page.getByRole("row").filter({ hasText: "their-pipeline" });
  await expect(row).toContainText("pipeline-owner@e2e.test");
  await expect(row).toContainText(token.slice(0, 8));
  // At 1280 px the whole list fits: no sideways scrolling of the page or the table, and Revoke is on screen.
  const table = page.getByRole("table", { name: "API tokens" });
  const fits = await table.evaluate((el) => ({
    page: document.documentElement.scrollWidth,
    scroll: el.parentElement!.scrollWidth,
    client: el.parentElement!.clientWidth,
  }));
  expect(fits.page).toBeLessThanOrEqual(1280);
  expect(fits.scroll, "the table scrolls sideways inside its frame").toBeLessThanOrEqual(fits.client);
  const revokeWide = page
    .getByRole("row")
    .filter({ hasText: "release-pipeline-with-a-long-name" })
    .getByRole("button", { name: /^Revoke / });
  await expect(revokeWide).toBeInViewport({ ratio: 1 });
  await page.screenshot({ path: `${SCREENS}/api-tokens-everyone.png`, fullPage: true });
  await row.getByRole("button", { name: "Revoke their-pipeline" }).click();
  await page
    .getByRole("dialog", { name: "Revoke the token their-pipeline?" })
    .getByRole("button", { name: "Revoke token" })
    .click();
  await expect(row).toContainText("Revoked");
  await expectInvalidToken(api, "revoked by a user manager");
  await api.dispose();

  const guest = await freshPage(browser, AUTH_STATE.guest);
  await guest.goto("/settings/api-tokens");
  await expect(guest.getByRole("heading", { name: "API tokens" })).toBeVisible();
  await expect(guest.getByRole("table", { name: "API tokens" })).toContainText("No tokens yet.");
  await expect(guest.getByText("their-pipeline")).toHaveCount(0);
});

test("the form offers only the authorities you hold, and an expiry of at most a year", async ({ browser }) => {
  const guest = await freshPage(browser, AUTH_STATE.guest);
  await guest.goto("/settings/api-tokens/new");
  for (const label of ["View OAuth integrations", "Manage OAuth integrations", "View users", "Manage users"])
    await expect(guest.getByLabel(label, { exact: true }), `a guest holds no ${label}`).toBeDisabled();

  const page = await freshPage(browser, AUTH_STATE.admin);
  await page.goto("/settings/api-tokens/new");
  await page.getByLabel("Name", { exact: true }).fill("dated");
  await page.getByLabel("View audit log", { exact: true }).check();
  await page.getByLabel("Expires").selectOption("date");
  const tooFar = new Date(Date.now() + 400 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  await page.getByLabel("Expiry date").fill(tooFar);
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByText("A token lives at most 1 year (365 days).")).toBeVisible();
  await expect(page.getByLabel("Your new token")).toHaveCount(0);

  const inAMonth = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  await page.getByLabel("Expiry date").fill(inAMonth);
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByLabel("Your new token")).toHaveValue(TOKEN_SHAPE);
  await page.goto("/settings/api-tokens");
  const expires = page.getByRole("row").filter({ hasText: "dated" }).locator("time").nth(1);
  await expect(expires).toHaveAttribute("datetime", `${inAMonth}T00:00:00.000Z`);
});

test("wrong tokens count in the per-address throttle: past 20 failures even a good token waits (429, Retry-After)", async () => {
  test.setTimeout(120_000);
  // A Keyway of its own: throttling this run's address on the main server would slow every later journey.
  const other = await startEmptyKeyway(4);
  try {
    const good = await bearer(
      await mint(ADMIN.email, "throttled", ["OAUTH_INTEGRATION_READ"], { DATABASE_URL: other.databaseUrl }),
      other.url,
    );
    expect((await good.get("/api/v1/oauth-integrations")).status()).toBe(200);
    const wrong = await bearer(`kw_${"W".repeat(43)}`, other.url);
    for (let i = 1; i <= 21; i += 1)
      expect((await wrong.get("/api/v1/oauth-integrations")).status(), `try ${i}`).toBe(401);
    const waiting = await good.get("/api/v1/oauth-integrations");
    expect(waiting.status(), "the address is throttled, whatever it sends").toBe(429);
    expect(Number(waiting.headers()["retry-after"])).toBeGreaterThan(0);
    expect(await waiting.json()).toEqual({ error: { code: "TOO_MANY_REQUESTS", message: expect.any(String) } });
    await expect
      .poll(async () => (await good.get("/api/v1/oauth-integrations")).status(), { timeout: 10_000 })
      .toBe(200);
    await Promise.all([good.dispose(), wrong.dispose()]);
  } finally {
    other.stop();
  }
});
