// A look-alike email through the real path: the test IdP asserts a verified email whose local part or domain is
// written with KELVIN SIGN (U+212A), which `toLowerCase()` folds onto `k` — as next-auth v4 does to profile.email
// before Keyway sees it. Browser → IdP → Keyway must refuse: no session, no link, no sign-in audit.
import Database from "better-sqlite3";
import { expect, type Page, test } from "@playwright/test";
import { APP_URL, AUTH_STATE, DATABASE_URL } from "./support/env";
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

const KELVIN = { registrationId: "kelvin-sso", button: "Sign in with Kelvin Co" };
const KATE = { email: "kate@keyway.test", name: "Kate Keyway" };
const dbFile = DATABASE_URL.replace(/^file:/, "");

/** What Keyway wrote for Kate and this integration: her links and the sign-in audit events. */
function written(): { links: number; signIns: string[] } {
  const db = new Database(dbFile, { readonly: true });
  try {
    const links = db
      .prepare("SELECT COUNT(*) AS n FROM Account a JOIN User u ON u.id = a.userId WHERE u.email = ?")
      .get(KATE.email) as { n: number };
    const signIns = db
      .prepare("SELECT details FROM AuditEvent WHERE action = 'auth.sso_sign_in' AND targetId = ?")
      .all(KELVIN.registrationId) as { details: string }[];
    return { links: links.n, signIns: signIns.map((row) => row.details) };
  } finally {
    db.close();
  }
}

async function signInAs(page: Page, login: string) {
  await page.goto("/signin");
  await page.getByRole("button", { name: KELVIN.button, exact: true }).click();
  await loginAtIdp(page, login);
}

test.beforeAll(async ({ browser }) => {
  const admin = await freshPage(browser, AUTH_STATE.admin);
  await createIntegrationViaApi(admin.request, { ...KELVIN, client: "post" });
  await createUserViaApi(admin.request, KATE);
  await closeContexts();
});

for (const { part, login, asserted } of [
  { part: "local part", login: `kelvin-local:${KATE.email}`, asserted: "\u212Aate@keyway.test" },
  { part: "domain", login: `kelvin-domain:${KATE.email}`, asserted: "kate@\u212Aeyway.test" },
]) {
  test(`a verified look-alike email (KELVIN SIGN in the ${part}) does not sign in as ${KATE.email}`, async ({
    browser,
  }) => {
    const page = await freshPage(browser);
    await signInAs(page, login);
    await expect(page).toHaveURL(`${APP_URL}/error?error=NO_EMAIL`);
    await expect(page.getByText("Error code: NO_EMAIL")).toBeVisible();
    expect(await (await page.request.get("/api/auth/session")).json()).toEqual({});
    expect(written(), `nothing linked or audited as a sign-in for ${JSON.stringify(asserted)}`).toEqual({
      links: 0,
      signIns: [],
    });
  });
}

test("Test sign-in shows the same refusal for the look-alike", async ({ browser }) => {
  const page = await freshPage(browser, AUTH_STATE.admin);
  await page.goto(`/settings/oauth-integrations/${KELVIN.registrationId}`);
  await page.getByRole("button", { name: "Test sign-in", exact: true }).click();
  await loginAtIdp(page, `kelvin-local:${KATE.email}`);
  await expect(page.getByRole("heading", { level: 1, name: "Test sign-in result" })).toBeVisible();
  await expect(page.getByText("A real sign-in would be refused: NO_EMAIL")).toBeVisible();
  await expect(page.getByTestId("mapped-email")).toContainText("\u212Aate@keyway.test");
});

test("the same person with the plain ASCII email signs in (the refusals above are about the look-alike only)", async ({
  browser,
}) => {
  const page = await freshPage(browser);
  await signInAs(page, KATE.email);
  await expectSignedInAs(page, KATE.email);
  const after = written();
  expect(after.links).toBe(1);
  expect(after.signIns.map((details) => JSON.parse(details))).toEqual([{ sub: KATE.email, linkedNow: true }]);
});
