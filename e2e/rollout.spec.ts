// Staged rollout through the real test IdP: Save as draft keeps the live configuration serving everyone; the draft is
// tried with Test sign-in (a wrong secret fails there while live sign-ins keep working) and, by admins only, with a
// real "Sign in with draft"; Promote draft shows the field-by-field diff and makes it live with one config version
// bump; Roll back restores the previous live configuration. Every step is audited with its diff.
import { expect, type APIRequestContext, type Browser, type Page, test } from "@playwright/test";
import { signInFlow } from "../bench/http";
import { APP_URL, AUTH_STATE, IDP_CLIENTS } from "./support/env";
import {
  closeContexts,
  createIntegrationViaApi,
  createUserViaApi,
  expectSignedInAs,
  freshPage,
  loginAtIdp,
} from "./support/fixtures";

test.describe.configure({ mode: "serial" });
test.afterEach(closeContexts);

const ID = "draft-sso";
const LIVE_TEXT = "Sign in with Draft Live";
const DRAFT_TEXT = "Sign in with Draft Co";
const WRONG = "wrong-draft-secret-Zz9!";
const LOGIN = "draft-user@example.test";
const page$ = `/settings/oauth-integrations/${ID}`;

async function configVersion(request: APIRequestContext): Promise<number> {
  return ((await (await request.get("/api/health/ready")).json()) as { configVersion: number }).configVersion;
}

/** The sign-in screen as a signed-out visitor sees it. */
async function signInButtons(browser: Browser) {
  const visitor = await freshPage(browser);
  await visitor.goto("/signin");
  return visitor.getByRole("list", { name: "Single sign-on" });
}

async function auditRow(page: Page, action: string) {
  await page.goto(`/settings/audit-log?target=${encodeURIComponent(`integration:${ID}`)}`);
  return (
    page
      .getByRole("row")
      // The event's cell starts with its action, then names its target.
      .filter({ has: page.getByRole("cell", { name: new RegExp(`^${action.replace(/\./g, "\\.")}( |$)`) }) })
      .first()
  );
}

test.beforeAll(async ({ browser }) => {
  const admin = await freshPage(browser, AUTH_STATE.admin);
  await createIntegrationViaApi(admin.request, { registrationId: ID, client: "post", button: LIVE_TEXT });
  await createUserViaApi(admin.request, { email: LOGIN, name: "Dora Draft" });
  await closeContexts();
});

test("a draft with a wrong secret fails Test sign-in while live sign-ins keep working; promote; roll back", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const page = await freshPage(browser, AUTH_STATE.admin);

  await test.step("Edit → Save as draft: the live configuration keeps serving", async () => {
    await page.goto(`${page$}/edit`);
    await page.getByLabel("Login Button Text").fill(DRAFT_TEXT);
    await page.getByLabel("Client Secret", { exact: true }).fill(WRONG);
    await page.getByRole("button", { name: "Save as draft" }).click();
    await expect(page).toHaveURL(new RegExp(`${page$}\\?draftSaved=1$`));
    const draft = page.getByRole("region", { name: "Draft" });
    await expect(draft.getByRole("table", { name: "Draft changes" })).toContainText(LIVE_TEXT);
    await expect(draft.getByRole("table", { name: "Draft changes" })).toContainText(DRAFT_TEXT);
    await expect(draft.getByRole("table", { name: "Draft changes" })).toContainText("Client Secret");
    await expect(page.locator("body")).not.toContainText(WRONG);
    await page.screenshot({ path: ".tmp/screens/rollout-draft.png", fullPage: true });
    const buttons = await signInButtons(browser);
    await expect(buttons.getByRole("button", { name: LIVE_TEXT })).toBeVisible();
    await expect(buttons.getByRole("button", { name: DRAFT_TEXT })).toHaveCount(0);
    await signInFlow(APP_URL, ID, LOGIN);
  });

  await test.step("Test sign-in with the draft fails (wrong secret); live sign-ins keep working", async () => {
    await page.goto(page$);
    await page.getByRole("region", { name: "Draft" }).getByRole("button", { name: "Test sign-in with draft" }).click();
    await loginAtIdp(page, LOGIN);
    await expect(page.getByRole("heading", { level: 1, name: "Test sign-in result" })).toBeVisible();
    await expect(page.getByText("This test used the draft configuration.")).toBeVisible();
    await expect(page.getByText("CLIENT_AUTH_FAILED").first()).toBeVisible();
    await signInFlow(APP_URL, ID, LOGIN);
    await expect(await auditRow(page, "integration.test_sign_in")).toContainText("Configuration: draft");
  });

  await test.step("the draft gets the right secret (API); Test sign-in with it succeeds", async () => {
    const { integration } = await (await page.request.get(`/api/v1/oauth-integrations/${ID}`)).json();
    const res = await page.request.patch(`/api/v1/oauth-integrations/${ID}?draft=true`, {
      data: { version: integration.version, clientSecret: IDP_CLIENTS.post.clientSecret, loginButtonText: DRAFT_TEXT },
    });
    expect(res.status(), await res.text()).toBe(200);
    // A new browser: no session at the IdP yet, so it asks for the login again.
    const tester = await freshPage(browser, AUTH_STATE.admin);
    await tester.goto(page$);
    await tester
      .getByRole("region", { name: "Draft" })
      .getByRole("button", { name: "Test sign-in with draft" })
      .click();
    await loginAtIdp(tester, LOGIN);
    await expect(tester.getByTestId("would-sign-in-as")).toHaveText(LOGIN);
  });

  await test.step("Sign in with draft: admins only, a real sign-in through the draft configuration", async () => {
    const guest = await freshPage(browser, AUTH_STATE.guest);
    const refused = await guest.request.post("/api/integrations/draft-sign-in", {
      data: { registrationId: ID },
      headers: { origin: APP_URL },
    });
    expect(refused.status()).toBe(403);
    const admin = await freshPage(browser, AUTH_STATE.admin);
    await admin.goto(page$);
    await admin.getByRole("region", { name: "Draft" }).getByRole("button", { name: "Sign in with draft" }).click();
    await loginAtIdp(admin, LOGIN);
    await expectSignedInAs(admin, LOGIN);
    // The draft's one-use cookie is gone: the next sign-in in this browser uses the live configuration again.
    expect((await admin.context().cookies()).map((c) => c.name)).not.toContain("keyway.draft-sign-in");
    await expect(await auditRow(page, "integration.draft_sign_in")).toBeVisible();
  });

  await test.step("Promote draft: the diff, one config version bump, live at once; audited with the diff", async () => {
    const before = await configVersion(page.request);
    await page.goto(page$);
    const draft = page.getByRole("region", { name: "Draft" });
    await expect(draft.getByRole("table", { name: "Draft changes" })).toContainText(DRAFT_TEXT);
    await draft.getByRole("button", { name: "Promote draft" }).click();
    await expect(page.getByText("The draft is live.")).toBeVisible();
    await expect(page.getByRole("region", { name: "Draft" })).toHaveCount(0);
    expect(await configVersion(page.request)).toBe(before + 1);
    const buttons = await signInButtons(browser);
    await expect(buttons.getByRole("button", { name: DRAFT_TEXT })).toBeVisible();
    await signInFlow(APP_URL, ID, LOGIN);
    const row = await auditRow(page, "integration.draft_promote");
    await expect(row).toContainText(`Login Button Text: ${LIVE_TEXT} → ${DRAFT_TEXT}`);
  });

  await test.step("Roll back restores the previous live configuration from its history", async () => {
    await page.goto(page$);
    const history = page.getByRole("table", { name: "Configuration history" });
    await expect(history.getByRole("row")).toHaveCount(3); // the header, version 1 (created), version 2 (draft)
    await page.getByRole("button", { name: "Roll back" }).click();
    await expect(page.getByText("Rolled back to version")).toBeVisible();
    const buttons = await signInButtons(browser);
    await expect(buttons.getByRole("button", { name: LIVE_TEXT })).toBeVisible();
    await signInFlow(APP_URL, ID, LOGIN);
    const row = await auditRow(page, "integration.rollback");
    await expect(row).toContainText(`Login Button Text: ${DRAFT_TEXT} → ${LIVE_TEXT}`);
  });
});

test("JSON API: PATCH ?draft=true, GET shows the draft, POST draft/promote, POST rollback", async ({ browser }) => {
  const page = await freshPage(browser, AUTH_STATE.admin);
  const read = async () => (await (await page.request.get(`/api/v1/oauth-integrations/${ID}`)).json()).integration;
  let integration = await read();
  expect(integration.draft).toBeNull();
  const saved = await page.request.patch(`/api/v1/oauth-integrations/${ID}?draft=true`, {
    data: { version: integration.version, loginButtonText: "Sign in with API Draft" },
  });
  expect(saved.status(), await saved.text()).toBe(200);
  integration = await read();
  expect(integration.loginButtonText).toBe(LIVE_TEXT);
  expect(integration.draft.changes.loginButtonText).toEqual({ from: LIVE_TEXT, to: "Sign in with API Draft" });
  const promoted = await page.request.post(`/api/v1/oauth-integrations/${ID}/draft/promote`, {
    data: { version: integration.version },
  });
  expect(promoted.status(), await promoted.text()).toBe(200);
  integration = await read();
  expect(integration.loginButtonText).toBe("Sign in with API Draft");
  expect(integration.draft).toBeNull();
  const rolled = await page.request.post(`/api/v1/oauth-integrations/${ID}/rollback`, {
    data: { version: integration.version },
  });
  expect(rolled.status(), await rolled.text()).toBe(200);
  expect((await read()).loginButtonText).toBe(LIVE_TEXT);
  const none = await page.request.post(`/api/v1/oauth-integrations/${ID}/draft/promote`, { data: {} });
  expect(none.status()).toBe(409);
});
