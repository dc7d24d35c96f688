// Issue 6 (findings 5–8) in a real browser: revocable sessions, same-origin callback URLs, the refusal page and
// next-auth's log endpoint. Uses its own accounts, so the saved admin and guest sessions stay valid.
import { execFileSync } from "node:child_process";
import { type Browser, expect, test } from "@playwright/test";
import { ADMIN, APP_ENV, APP_URL } from "./support/env";
import { closeContexts, expectSignedInAs, freshPage, signInWithPassword } from "./support/fixtures";

test.describe.configure({ mode: "serial" });
test.afterAll(closeContexts);

const TRUDY = { email: "trudy@e2e.test", password: "trudy-password-1234" };

/** Creates a password account with the real CLI (the console never sets passwords). */
function createPasswordUser(email: string, password: string) {
  execFileSync(
    process.execPath,
    [
      "--conditions=react-server",
      "--import",
      "tsx",
      "scripts/keyway.ts",
      "user:create",
      "--email",
      email,
      "--name",
      "Trudy Trust",
      "--role",
      "GUEST",
      "--password",
      password,
    ],
    { env: { ...process.env, ...APP_ENV }, stdio: "ignore" },
  );
}

async function signedInPage(browser: Browser, account: { email: string; password: string }) {
  const page = await freshPage(browser);
  await signInWithPassword(page, account.email, account.password);
  await expectSignedInAs(page, account.email);
  return page;
}

test.beforeAll(() => createPasswordUser(TRUDY.email, TRUDY.password));

test("after Sign out, a copied session cookie opens nothing (finding 5)", async ({ browser }) => {
  const page = await signedInPage(browser, ADMIN);
  const copied = await page.context().cookies();
  expect(copied.map((c) => c.name)).toContain("next-auth.session-token");
  await expect(async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin/, { timeout: 2_000 });
  }).toPass();

  const thief = await freshPage(browser);
  await thief.context().addCookies(copied);
  await thief.goto("/settings/users");
  await expect(thief).toHaveURL(/\/signin/);
  expect(await (await thief.request.get("/api/auth/session")).json()).toEqual({});
  expect((await thief.request.get("/api/v1/users")).status()).toBe(401);
});

test("Sign out everywhere on a user's page ends that user's sessions (finding 5)", async ({ browser }) => {
  const trudy = await signedInPage(browser, TRUDY);
  const admin = await signedInPage(browser, ADMIN);
  const { users } = await (await admin.request.get("/api/v1/users")).json();
  const trudyId = (users as { id: string; email: string }[]).find((u) => u.email === TRUDY.email)!.id;
  await admin.goto(`/settings/users/${trudyId}`);
  await admin.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(
    admin.getByRole("status").filter({ hasText: /Signed out everywhere \(1 session ended\)/ }),
  ).toBeVisible();
  await trudy.goto("/settings/oauth-integrations");
  await expect(trudy).toHaveURL(/\/signin/);
  // The admin's own session is untouched.
  await admin.goto("/settings/users");
  await expectSignedInAs(admin, ADMIN.email);
});

test("callback URLs never leave Keyway's origin and never give a 500 (finding 6)", async ({ browser }) => {
  for (const hostile of ["/%09/evil.example", "//evil.example", "/\\evil.example", "/%0a", "https://evil.example/"]) {
    const page = await freshPage(browser);
    const response = await page.goto(`/signin?callbackUrl=${encodeURIComponent(hostile).replaceAll("%25", "%")}`);
    expect(response?.status(), hostile).toBeLessThan(500);
    await page.getByLabel("Email", { exact: true }).fill(TRUDY.email);
    await page.getByLabel("Password").fill(TRUDY.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page, hostile).toHaveURL(`${APP_URL}/settings/oauth-integrations`);
    // Signed in already, the sign-in page redirects at once: still on this origin, still no 500.
    const again = await page.request.get(`/signin?callbackUrl=${encodeURIComponent(hostile).replaceAll("%25", "%")}`, {
      maxRedirects: 0,
    });
    expect(again.status(), hostile).toBeLessThan(500);
    expect(again.headers().location ?? "/", hostile).toMatch(/^\/(?![/\\])/);
  }
});

test("the refusal page shows no text taken from the URL (finding 8)", async ({ browser }) => {
  const page = await freshPage(browser);
  await page.goto("/error?error=NO_ACCOUNT&email=Call%20%2B1-555-0100%20to%20restore%20access");
  await expect(page.getByRole("region", { name: "Sign-in refused" }).getByRole("alert")).toHaveText(
    "No Keyway account exists for this email; ask an administrator to add you.",
  );
  await expect(page.getByText("555-0100")).toHaveCount(0);
  await page.goto("/error?error=Call+us+now");
  await expect(page.getByRole("region", { name: "Sign-in refused" }).getByRole("alert")).toHaveText("Sign-in failed.");
  await expect(page.getByText("Call us now")).toHaveCount(0);
});

test("next-auth's _log endpoint is refused for everyone (finding 7)", async ({ browser }) => {
  const anonymous = await freshPage(browser);
  const admin = await signedInPage(browser, TRUDY);
  for (const page of [anonymous, admin]) {
    const res = await page.request.post("/api/auth/_log", {
      form: { level: "error", code: "x\n[next-auth] forged", providerId: "sec-sso" },
    });
    expect([404, 405]).toContain(res.status());
  }
});

test("a USER_WRITE holder cannot promote themselves or demote an admin, by API or console (finding 2)", async ({
  browser,
}) => {
  const admin = await signedInPage(browser, ADMIN);
  const { users } = await (await admin.request.get("/api/v1/users")).json();
  const idOf = (email: string) => (users as { id: string; email: string }[]).find((u) => u.email === email)!.id;
  const grant = await admin.request.patch(`/api/v1/users/${idOf(TRUDY.email)}`, {
    data: { authorities: ["USER_READ", "USER_WRITE"] },
  });
  expect(grant.status(), await grant.text()).toBe(200);

  const trudy = await signedInPage(browser, TRUDY);
  const self = await trudy.request.patch(`/api/v1/users/${idOf(TRUDY.email)}`, { data: { role: "ADMIN" } });
  expect(self.status()).toBe(403);
  expect((await self.json()).error.message).toBe(
    "You cannot change your own role or authorities; ask another administrator.",
  );
  const demote = await trudy.request.patch(`/api/v1/users/${idOf(ADMIN.email)}`, { data: { role: "GUEST" } });
  expect(demote.status()).toBe(403);
  expect((await demote.json()).error.message).toBe(
    "You cannot change this user: they hold authorities you do not hold yourself.",
  );

  // The console offers neither: no form on their own page or on the admin's.
  await trudy.goto(`/settings/users/${idOf(TRUDY.email)}`);
  await expect(
    trudy.getByText("This is your account: ask another administrator to change your role or authorities."),
  ).toBeVisible();
  await expect(trudy.getByRole("button", { name: "Save changes" })).toHaveCount(0);
  await trudy.goto(`/settings/users/${idOf(ADMIN.email)}`);
  await expect(trudy.getByRole("button", { name: "Save changes" })).toHaveCount(0);
  await expect(trudy.getByRole("button", { name: "Disable" })).toHaveCount(0);
  const me = await (await admin.request.get("/api/v1/users")).json();
  expect((me.users as { email: string; role: string }[]).find((u) => u.email === ADMIN.email)?.role).toBe("ADMIN");
});
