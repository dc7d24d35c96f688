// Sealing-key rotation through the real path: an integration sealed with key A, the production server restarted with
// key B only (KEYWAY_SEALING_KEY_PREVIOUS dropped too early). Keyway must say so — no button on the sign-in screen,
// "Broken: cannot decrypt the client secret" on the list and the page — and `keyway secrets:reseal` (B current, A
// previous) must bring it back, after which B alone signs people in — with every sealed secret re-sealed, not only the
// live one: the next secret of a rotation started under A is what the IdP accepts at the end.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { type Browser, expect, type Page, test } from "@playwright/test";
import Database from "better-sqlite3";
import { NODE, PRISMA } from "../scripts/lib/processes";
import { type RunningIdp, startIdp } from "../tools/test-idp/server";
import { E2E_DIR } from "./support/env";
import { blockOutsideRequests, expectSignedInAs } from "./support/fixtures";
import { extraPort, keywayCli, productionEnv, type Server, startServer } from "./support/servers";

test.describe.configure({ mode: "serial" });

const PORT = extraPort(2);
const REGISTRATION_ID = "rot-sso";
const BUTTON = "Sign in with Rotated Co";
const BROKEN = "Broken: cannot decrypt the client secret";
const SECRET = "rotation-secret-Vx7!";
const NEXT_SECRET = "rotation-secret-next-Q2!";
const KEY_A = randomBytes(32).toString("base64");
const KEY_B = randomBytes(32).toString("base64");
const DB_FILE = `${E2E_DIR}/rotation.db`;
const env = productionEnv(`file:${DB_FILE}`, PORT);
const withKeys = (current: string, previous?: string) => ({
  ...env,
  KEYWAY_SEALING_KEY: current,
  ...(previous ? { KEYWAY_SEALING_KEY_PREVIOUS: previous } : {}),
});

let idp: RunningIdp;
let server: Server | null = null;

async function restart(keys: Record<string, string>) {
  await server?.stop();
  server = await startServer(PORT, keys);
}

async function signedOutPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: `http://127.0.0.1:${PORT}` });
  await blockOutsideRequests(context);
  return context.newPage();
}

async function adminPage(browser: Browser): Promise<Page> {
  const page = await signedOutPage(browser);
  await page.goto("/signin");
  await page.getByLabel("Email", { exact: true }).fill(env.KEYWAY_ADMIN_EMAIL);
  await page.getByLabel("Password").fill(env.KEYWAY_ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expectSignedInAs(page, env.KEYWAY_ADMIN_EMAIL);
  return page;
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  rmSync(DB_FILE, { force: true });
  const migrated = spawnSync(NODE, [PRISMA, "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${DB_FILE}` },
    encoding: "utf8",
  });
  expect(migrated.status, migrated.stderr).toBe(0);
  idp = await startIdp({
    port: extraPort(3),
    exposeTestApi: true,
    clients: [
      {
        clientId: "rotation-client",
        clientSecret: SECRET,
        authMethod: "client_secret_post",
        redirectUris: [`http://127.0.0.1:${PORT}/api/auth/callback/${REGISTRATION_ID}`],
      },
    ],
  });
  await restart(withKeys(KEY_A));
});

test.afterAll(async () => {
  await server?.stop();
  await idp?.close();
});

test("an integration sealed with a key Keyway no longer has is shown Broken, offers no button, and reseal brings it back", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  await test.step("key A: create the integration; its button is on the sign-in screen", async () => {
    const admin = await adminPage(browser);
    const res = await admin.request.post("/api/v1/oauth-integrations", {
      data: {
        provider: "custom-sso",
        registrationId: REGISTRATION_ID,
        clientId: "rotation-client",
        clientSecret: SECRET,
        authorizationUrl: idp.authorizationUrl,
        jwksUri: idp.jwksUri,
        tokenUri: idp.tokenUrl,
        userInfoUri: idp.userinfoUrl,
        issuer: idp.issuer,
        clientAuthMethod: "client_secret_post",
        loginButtonText: BUTTON,
      },
    });
    expect(res.status(), await res.text()).toBe(201);
    // A rotation under way, also sealed with A: the IdP's next secret beside the current one.
    const { integration } = await (await admin.request.get(`/api/v1/oauth-integrations/${REGISTRATION_ID}`)).json();
    const next = await admin.request.patch(`/api/v1/oauth-integrations/${REGISTRATION_ID}`, {
      data: { version: integration.version, nextClientSecret: NEXT_SECRET },
    });
    expect(next.status(), await next.text()).toBe(200);
    await admin.context().close();
    const visitor = await signedOutPage(browser);
    await visitor.goto("/signin");
    await expect(visitor.getByRole("button", { name: BUTTON, exact: true })).toBeVisible();
    await visitor.context().close();
  });

  await test.step("restart with key B only: no button, Broken on the list and the page, a direct start refused", async () => {
    await restart(withKeys(KEY_B));
    const visitor = await signedOutPage(browser);
    await visitor.goto("/signin");
    await expect(visitor.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
    await expect(visitor.getByRole("button", { name: BUTTON, exact: true })).toHaveCount(0);
    await visitor.context().close();
    const again = await adminPage(browser);
    await again.goto("/settings/oauth-integrations");
    await expect(again.getByRole("row", { name: new RegExp(REGISTRATION_ID) })).toContainText(BROKEN);
    await again.screenshot({ path: ".tmp/screens/integration-broken-list.png", fullPage: true });
    await again.goto(`/settings/oauth-integrations/${REGISTRATION_ID}`);
    await expect(again.getByText(BROKEN).first()).toBeVisible();
    await expect(again.getByText("KEYWAY_SEALING_KEY_PREVIOUS").first()).toBeVisible();
    await again.screenshot({ path: ".tmp/screens/integration-broken-page.png", fullPage: true });
    // A stale sign-in page (or a hand-made request) starting this integration gets the named refusal.
    const start = await again.request.get(`/api/auth/signin/${REGISTRATION_ID}`, { maxRedirects: 0 });
    expect(start.headers().location ?? "").toContain("error=INTEGRATION_BROKEN");
    // The readiness probe reports it, yet keeps the replica ready: every replica sharing the keys would otherwise
    // drop out at once, and password sign-in (break-glass) with it.
    const probe = await again.request.get("/api/health/ready");
    expect(probe.status()).toBe(200);
    expect(await probe.json()).toMatchObject({
      status: "ready",
      reasons: [`${BROKEN} (1 integration; see Settings > OAuth Integrations)`],
    });
    await again.context().close();
  });

  await test.step("secrets:reseal with B current and A previous: re-sealed, audited, idempotent", async () => {
    await server?.stop();
    server = null;
    // Without the old key, the secret it cannot open is named and the command fails.
    const withoutA = spawnSync(
      NODE,
      ["--conditions=react-server", "--import", "tsx", "scripts/keyway.ts", "secrets:reseal"],
      { env: { ...process.env, ...withKeys(KEY_B) }, encoding: "utf8" },
    );
    expect(withoutA.status).toBe(1);
    expect(withoutA.stderr).toContain(`${REGISTRATION_ID}: cannot decrypt the client secret`);
    expect(withoutA.stderr).toContain(`${REGISTRATION_ID}: cannot decrypt the next client secret`);
    expect(withoutA.stderr).toContain("KEYWAY_SEALING_KEY_PREVIOUS");
    // The live secret, the next one and each kept version of the configuration (what Roll back restores).
    const first = keywayCli(withKeys(KEY_B, KEY_A), ["secrets:reseal"]);
    const count = Number(/Re-sealed (\d+) secrets of 1 integration\(s\)/.exec(first)?.[1]);
    expect(count, first).toBeGreaterThanOrEqual(3);
    expect(keywayCli(withKeys(KEY_B, KEY_A), ["secrets:reseal"])).toContain(
      `Re-sealed 0 secrets of 0 integration(s); ${count} already sealed with the current key`,
    );
    const db = new Database(DB_FILE, { readonly: true });
    const audited = db
      .prepare(`SELECT "targetId", "details" FROM "AuditEvent" WHERE "action" = 'integration.reseal_secret'`)
      .all();
    db.close();
    expect(audited).toEqual([{ targetId: REGISTRATION_ID, details: expect.stringContaining("next client secret") }]);
  });

  await test.step("key B alone, the IdP now accepting only the next secret: the button is back and an SSO sign-in works", async () => {
    await restart(withKeys(KEY_B));
    const switched = await fetch(`${idp.issuer}/__test/client-secrets`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ clientId: "rotation-client", accept: [NEXT_SECRET] }),
    });
    expect(switched.status).toBe(200);
    const page = await signedOutPage(browser);
    await page.goto("/signin");
    await page.getByRole("button", { name: BUTTON, exact: true }).click();
    await page.waitForURL(new RegExp(`^${idp.issuer}/`));
    await page.locator('input[name="login"]').fill(env.KEYWAY_ADMIN_EMAIL);
    await page.locator('input[name="password"]').fill("any-password");
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]', { hasText: "Continue" }).click();
    await expectSignedInAs(page, env.KEYWAY_ADMIN_EMAIL);
    expect(await (await page.request.get("/api/health/ready")).json()).toMatchObject({ status: "ready", reasons: [] });
    await page.context().close();
  });
});
