// Config as code: an API token made in Settings > API tokens drives the JSON API over plain HTTP (no cookie, no
// CSRF token): create → export → plan → apply → export; the CLI does the same over HTTP and round-trips the whole
// configuration into an empty Keyway; revoking the token in the console refuses it on another replica of the same
// database within 1 s.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type APIRequestContext, expect, type Page, request as playwrightRequest, test } from "@playwright/test";
import { APP_URL, AUTH_STATE, E2E_DIR, IDP_CLIENTS, IDP_URL } from "./support/env";
import { closeContexts, freshPage } from "./support/fixtures";
import { type ExtraServer, keywayCliRun, startEmptyKeyway, startReplica } from "./support/servers";
import YAML from "yaml";

/**
 * Keeps only what this spec owns in an exported document: its integrations (cfg-*). The journeys share one Keyway: a
 * document without `prune` leaves every other integration alone, and one without `signInPolicy` leaves the policy as
 * it is, so other specs' integrations (whose secrets this spec does not know) and whatever policy they left (break-glass
 * accounts that do not exist in an empty Keyway) are neither planned nor applied. Policy apply: apply.db.test.ts.
 */
function keepOwnIntegrations(file: string) {
  const doc = YAML.parse(readFileSync(file, "utf8")) as {
    integrations: { registrationId: string }[];
    signInPolicy?: unknown;
  };
  doc.integrations = doc.integrations.filter((i) => i.registrationId.startsWith("cfg-"));
  delete doc.signInPolicy;
  writeFileSync(file, YAML.stringify(doc));
}

test.describe.configure({ mode: "serial" });
test.afterEach(closeContexts);

const SCREENS = ".tmp/screens";
const TOKEN_SHAPE = /^kw_[0-9A-Za-z]{40,}$/;
const secret = IDP_CLIENTS.post.clientSecret;
let token = "";
let replica: ExtraServer | undefined;

test.beforeAll(async () => {
  // Started before the token exists, so the revocation check below measures revocation, not a server's start-up.
  replica = await startReplica();
});
test.afterAll(() => replica?.stop());

const integrationBody = (registrationId: string, button: string) => ({
  provider: "custom-sso",
  registrationId,
  clientId: IDP_CLIENTS.post.clientId,
  clientSecret: secret,
  authorizationUrl: `${IDP_URL}/auth`,
  jwksUri: `${IDP_URL}/jwks`,
  tokenUri: `${IDP_URL}/token`,
  userInfoUri: `${IDP_URL}/me`,
  issuer: IDP_URL,
  clientAuthMethod: "client_secret_post",
  loginButtonText: button,
});

/** A plain HTTP client: no cookies, no browser, just the bearer token (as a CI pipeline would call Keyway). */
async function bearerClient(baseURL: string, value = token): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${value}` } });
}

async function createTokenInConsole(page: Page, name: string, authorities: string[]) {
  await page.goto("/settings/api-tokens");
  await page.getByRole("link", { name: "Create token" }).click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  for (const label of authorities) await page.getByLabel(label, { exact: true }).check();
  await expect(page.getByLabel("Expires")).toHaveValue("90d");
  await page.screenshot({ path: `${SCREENS}/api-token-form.png`, fullPage: true });
  await page.getByRole("button", { name: "Create token" }).click();
  const shown = page.getByLabel("Your new token");
  await expect(shown).toBeVisible();
  return shown.inputValue();
}

test("a token created in the console is shown once, listed by prefix, and scoped to the authorities chosen", async ({
  browser,
}) => {
  const page = await freshPage(browser, AUTH_STATE.admin);
  token = await createTokenInConsole(page, "ci-pipeline", ["View OAuth integrations", "Manage OAuth integrations"]);
  expect(token).toMatch(TOKEN_SHAPE);
  await expect(page.getByRole("button", { name: "Copy token" })).toBeVisible();
  await expect(page.getByText("Copy it now: Keyway shows it only once.")).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/api-token-created.png`, fullPage: true });

  await page.getByRole("link", { name: "Done" }).click();
  await expect(page).toHaveURL(/\/settings\/api-tokens$/);
  const row = page.getByRole("row").filter({ hasText: "ci-pipeline" });
  await expect(row).toContainText(token.slice(0, 8));
  await expect(row).toContainText("OAUTH_INTEGRATION_READ");
  await expect(row).toContainText("OAUTH_INTEGRATION_WRITE");
  await expect(row).not.toContainText("USER_WRITE");
  await expect(row.getByRole("cell").nth(3), "Last used").toHaveText("Never");
  // Shown once: the list page (HTML and RSC payload) never carries the token again.
  const html = await (await page.request.get("/settings/api-tokens")).text();
  expect(html).not.toContain(token);
  expect(html).not.toContain(token.slice(8));

  const api = await bearerClient(APP_URL);
  expect((await api.get("/api/v1/oauth-integrations")).status()).toBe(200);
  const users = await api.get("/api/v1/users");
  expect(users.status(), "USER_READ was not chosen").toBe(403);
  expect((await users.json()).error.code).toBe("FORBIDDEN");
  await api.dispose();

  await page.reload();
  await expect(row.getByRole("cell").nth(3), "Last used").toContainText("127.0.0.1");
  await page.screenshot({ path: `${SCREENS}/api-tokens-list.png`, fullPage: true });
});

test("over plain HTTP with the token: create → export → plan → apply → export, audited as the owner via the token", async () => {
  const api = await bearerClient(APP_URL);

  await test.step("a bearer write needs no CSRF token and sets no cookie", async () => {
    const created = await api.post("/api/v1/oauth-integrations", { data: integrationBody("cfg-sso", "Config Co") });
    expect(created.status(), await created.text()).toBe(201);
    expect(created.headers()["set-cookie"]).toBeUndefined();
  });

  const exported = await api.get("/api/v1/config");
  expect(exported.status()).toBe(200);
  const exportedText = await exported.text();
  expect(exportedText, "no secret is ever exported").not.toContain(secret);
  const document = JSON.parse(exportedText);
  expect(document.apiVersion).toBe("keyway/v1");
  const cfg = document.integrations.find((i: { registrationId: string }) => i.registrationId === "cfg-sso");
  expect(cfg).toMatchObject({
    clientSecret: { fromEnv: "CFG_SSO_CLIENT_SECRET" },
    enabled: true,
    loginButtonText: "Config Co",
    emailDomains: [],
    issuer: IDP_URL,
  });
  // The policy as the console holds it now (earlier journeys may have named break-glass accounts), by email.
  const policy = await (await api.get("/api/v1/sign-in-policy")).json();
  expect(document.signInPolicy).toEqual({
    requireSso: policy.requireSso,
    breakGlassAccounts: policy.breakGlass.map((b: { email: string }) => b.email).sort(),
  });

  const desired = structuredClone(document);
  const desiredCfg = desired.integrations.find((i: { registrationId: string }) => i.registrationId === "cfg-sso");
  desiredCfg.loginButtonText = "Config Company";
  desiredCfg.emailDomains = ["config.example"];
  desired.integrations.push({
    ...integrationBody("cfg-two", "Config Two"),
    clientSecret: secret,
    enabled: false,
    emailDomains: [],
    trustEmailAddresses: false,
    showOnSignInScreen: true,
    endSessionUri: "",
    rpInitiatedLogout: false,
    scopes: "openid email profile",
    authorizationParams: "",
    emailClaim: "email",
    nameClaim: "name",
    groupsClaim: "groups",
    updateNameOnSignIn: false,
    signInRequirement: "",
  });

  const plan = await test.step("plan lists the exact changes and writes nothing", async () => {
    const res = await api.post("/api/v1/config/plan", { data: desired });
    expect(res.status(), await res.text()).toBe(200);
    const body = await res.json();
    expect(body.hasChanges).toBe(true);
    expect(body.changes).toContainEqual({
      target: "integration",
      registrationId: "cfg-sso",
      action: "update",
      fields: {
        loginButtonText: { from: "Config Co", to: "Config Company" },
        emailDomains: { from: "", to: "config.example" },
      },
      notes: expect.any(Array),
    });
    const create = body.changes.find((c: { registrationId?: string }) => c.registrationId === "cfg-two");
    expect(create).toMatchObject({ target: "integration", action: "create" });
    expect(create.fields.clientSecret).toBe("set");
    expect(JSON.stringify(body)).not.toContain(secret);
    expect(await (await api.get("/api/v1/config")).json()).toEqual(document);
    return body as { configVersion: number };
  });

  await test.step("a bad document gets every problem at once, each with its path", async () => {
    const bad = structuredClone(desired);
    bad.integrations[1].tokenUri = "not a url";
    bad.integrations[1].clientAuthMethod = "client_secret_jwt";
    bad.integrations.push({ registrationId: "x" });
    const res = await api.post("/api/v1/config/plan", { data: bad });
    expect(res.status()).toBe(422);
    const { error } = await res.json();
    expect(error.code).toBe("INVALID_DOCUMENT");
    const index = bad.integrations.length - 1;
    expect(Object.keys(error.fields)).toEqual(
      expect.arrayContaining([
        "integrations[1].tokenUri",
        "integrations[1].clientAuthMethod",
        `integrations[${index}].registrationId`,
        `integrations[${index}].clientId`,
      ]),
    );
  });

  await test.step("apply: one transaction, then export gives the document applied", async () => {
    const res = await api.post("/api/v1/config/apply", {
      data: { configVersion: plan.configVersion, document: desired },
    });
    expect(res.status(), await res.text()).toBe(200);
    const after = await (await api.get("/api/v1/config")).json();
    const expected = structuredClone(desired);
    expected.integrations.find((i: { registrationId: string }) => i.registrationId === "cfg-two").clientSecret = {
      fromEnv: "CFG_TWO_CLIENT_SECRET",
    };
    expected.integrations.sort((a: { registrationId: string }, b: { registrationId: string }) =>
      a.registrationId.localeCompare(b.registrationId),
    );
    expect(after).toEqual(expected);
    const again = await api.post("/api/v1/config/plan", { data: after });
    expect((await again.json()).hasChanges).toBe(false);
  });

  await test.step("apply against an old configVersion is refused with 409, nothing written", async () => {
    const changed = structuredClone(desired);
    changed.integrations[0].loginButtonText = "Never applied";
    const res = await api.post("/api/v1/config/apply", {
      data: { configVersion: plan.configVersion, document: changed },
    });
    expect(res.status()).toBe(409);
    expect((await res.json()).error.code).toBe("STALE_CONFIG");
  });
  await api.dispose();
});

test("the audit log shows config writes as the owner via the token; the token is in no page and no log line", async ({
  browser,
}) => {
  const page = await freshPage(browser, AUTH_STATE.admin);
  await page.goto("/settings/audit-log?action=config.apply");
  const row = page.getByRole("row").filter({ hasText: "config.apply" }).first();
  await expect(row).toContainText("admin@e2e.test via token ci-pipeline");
  await expect(row).toContainText("cfg-two");
  await page.goto("/settings/audit-log?action=integration.create");
  await expect(page.getByRole("row").filter({ hasText: "cfg-sso" }).first()).toContainText("via token ci-pipeline");
  await page.goto("/settings/audit-log?action=api_token.create");
  await expect(page.getByRole("row").filter({ hasText: "api_token.create" }).first()).toContainText("ci-pipeline");
  for (const url of ["/settings/audit-log", "/settings/api-tokens", "/settings/oauth-integrations/cfg-sso"]) {
    expect(await (await page.request.get(url)).text()).not.toContain(token.slice(8));
  }
  expect(readFileSync(path.join(E2E_DIR, "app.log"), "utf8")).not.toContain(token.slice(8));
});

test("wrong, malformed or missing credentials: 401 with WWW-Authenticate, in the one error envelope", async () => {
  for (const value of [`kw_${"A".repeat(43)}`, "not-a-token", `${token}x`]) {
    const api = await bearerClient(APP_URL, value);
    const res = await api.get("/api/v1/config");
    expect(res.status(), value).toBe(401);
    expect(res.headers()["www-authenticate"]).toBe('Bearer error="invalid_token"');
    expect(await res.json()).toEqual({
      error: { code: "INVALID_TOKEN", message: expect.stringContaining("token") },
    });
    await api.dispose();
  }
  const anonymous = await playwrightRequest.newContext({ baseURL: APP_URL });
  const res = await anonymous.get("/api/v1/config");
  expect(res.status()).toBe(401);
  expect(res.headers()["www-authenticate"]).toMatch(/^Bearer/);
  expect((await res.json()).error.code).toBe("UNAUTHENTICATED");
  await anonymous.dispose();
});

test("the CLI drives Keyway over HTTP: export, plan (exit 2 with a readable diff), apply; and round-trips into an empty Keyway", async () => {
  test.setTimeout(180_000);
  const file = path.join(E2E_DIR, "keyway.yaml");
  const env = {
    KEYWAY_URL: APP_URL,
    KEYWAY_TOKEN: token,
    CFG_SSO_CLIENT_SECRET: secret,
    CFG_TWO_CLIENT_SECRET: secret,
  };

  const exported = await keywayCliRun(["config:export", "-f", file], env);
  expect(exported.status, exported.stderr).toBe(0);
  keepOwnIntegrations(file);
  const yaml = readFileSync(file, "utf8");
  expect(yaml).toContain("apiVersion: keyway/v1");
  expect(yaml).toContain("fromEnv: CFG_SSO_CLIENT_SECRET");
  expect(yaml).not.toContain(secret);

  const unchanged = await keywayCliRun(["config:plan", "-f", file], env);
  expect(unchanged.status, unchanged.stderr).toBe(0);
  expect(unchanged.stdout).toContain("No changes.");

  writeFileSync(file, yaml.replace("loginButtonText: Config Two", "loginButtonText: Config Two Ltd"));
  const planned = await keywayCliRun(["config:plan", "-f", file], env);
  expect(planned.status, planned.stderr).toBe(2);
  expect(planned.stdout).toContain("~ integration cfg-two");
  expect(planned.stdout).toContain('loginButtonText: "Config Two" → "Config Two Ltd"');

  const applied = await keywayCliRun(["config:apply", "-f", file], env);
  expect(applied.status, applied.stderr + applied.stdout).toBe(0);
  expect(applied.stdout).toContain("~ integration cfg-two");
  expect(applied.stdout).toMatch(/Applied 1 change/);

  const missing = await keywayCliRun(["config:plan", "-f", file], { KEYWAY_URL: APP_URL, KEYWAY_TOKEN: token });
  expect(missing.status).toBe(1);
  expect(missing.stderr).toContain("CFG_SSO_CLIENT_SECRET is not set");

  const empty = await startEmptyKeyway();
  try {
    const minted = await keywayCliRun(
      [
        "token:create",
        "--email",
        "admin@e2e.test",
        "--name",
        "bootstrap",
        "--authority",
        "OAUTH_INTEGRATION_READ",
        "--authority",
        "OAUTH_INTEGRATION_WRITE",
        "--expires-in",
        "30d",
      ],
      { DATABASE_URL: empty.databaseUrl },
    );
    expect(minted.status, minted.stderr).toBe(0);
    const emptyToken = minted.stdout.match(/kw_[0-9A-Za-z]+/)?.[0] ?? "";
    expect(emptyToken).toMatch(TOKEN_SHAPE);
    const target = { ...env, KEYWAY_URL: empty.url, KEYWAY_TOKEN: emptyToken };
    const intoEmpty = await keywayCliRun(["config:apply", "-f", file], target);
    expect(intoEmpty.status, intoEmpty.stderr + intoEmpty.stdout).toBe(0);
    const back = path.join(E2E_DIR, "keyway-from-empty.yaml");
    const reExported = await keywayCliRun(["config:export", "-f", back], target);
    expect(reExported.status, reExported.stderr).toBe(0);
    const original = await keywayCliRun(["config:export", "-f", path.join(E2E_DIR, "keyway-again.yaml")], env);
    expect(original.status, original.stderr).toBe(0);
    keepOwnIntegrations(path.join(E2E_DIR, "keyway-again.yaml"));
    keepOwnIntegrations(back); // the same serialisation on both sides
    expect(readFileSync(back, "utf8")).toBe(readFileSync(path.join(E2E_DIR, "keyway-again.yaml"), "utf8"));
  } finally {
    empty.stop();
  }
});

test("Revoke ends the token at once: another replica of the same database refuses it within 1 s", async ({
  browser,
}) => {
  const onReplica = await bearerClient(replica!.url);
  expect((await onReplica.get("/api/v1/config")).status(), "works on the replica before").toBe(200);

  const page = await freshPage(browser, AUTH_STATE.admin);
  await page.goto("/settings/api-tokens");
  const row = page.getByRole("row").filter({ hasText: "ci-pipeline" });
  await row.getByRole("button", { name: "Revoke ci-pipeline" }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke the token ci-pipeline?" });
  await page.screenshot({ path: `${SCREENS}/api-token-revoke.png` });
  await dialog.getByRole("button", { name: "Revoke token" }).click();
  await expect(row).toContainText("Revoked");
  const revokedAt = Date.now();
  let status = 0;
  while (Date.now() - revokedAt < 1000) {
    status = (await onReplica.get("/api/v1/config")).status();
    if (status === 401) break;
  }
  expect(status, "refused by the replica within 1 s of the revocation").toBe(401);
  const refused = await onReplica.get("/api/v1/config");
  expect(refused.headers()["www-authenticate"]).toBe('Bearer error="invalid_token"');
  await onReplica.dispose();
  await page.goto("/settings/audit-log?action=api_token.revoke");
  await expect(page.getByRole("row").filter({ hasText: "api_token.revoke" }).first()).toContainText("ci-pipeline");
});
