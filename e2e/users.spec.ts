// Issue 2 journeys: password sign-in, Settings > Users, and refusal of everyone without USER_WRITE — in the UI
// and for direct POSTs to the API and to the server action itself.
import { expect, type Page, test } from "@playwright/test";
import { AUTH_STATE, GUEST } from "./support/env";
import {
  type CapturedAction,
  captureServerAction,
  closeContexts,
  expectInvalidCredentials,
  expectSignedInAs,
  freshPage,
  replayServerAction,
  signInWithPassword,
} from "./support/fixtures";

test.describe.configure({ mode: "serial" });

let capturedAction: CapturedAction | null = null;

test.afterEach(closeContexts);

async function userIdByEmail(page: Page, email: string): Promise<string> {
  const { users } = await (await page.request.get("/api/v1/users")).json();
  const user = (users as { id: string; email: string }[]).find((u) => u.email === email);
  expect(user, `user ${email}`).toBeTruthy();
  return user!.id;
}

test("a wrong password gets one generic message", async ({ browser }) => {
  const page = await freshPage(browser);
  await signInWithPassword(page, GUEST.email, "not-the-password");
  await expectInvalidCredentials(page);
  await signInWithPassword(page, "nobody@e2e.test", "whatever-password");
  await expectInvalidCredentials(page);
  await expect(page).toHaveURL(/\/signin/);
});

test("admin adds a user through Settings > Users; bad input gets field errors and nothing half-written", async ({
  browser,
}) => {
  const page = await freshPage(browser, AUTH_STATE.admin);
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  await page.getByRole("link", { name: "Add User" }).click();

  await test.step("malformed email and a 10 KB name are refused under their fields", async () => {
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Name").fill("x".repeat(10 * 1024));
    await page.getByRole("button", { name: "Create" }).click();
    await expect(page.getByText("Enter a valid email address, like name@example.com.")).toBeVisible();
    await expect(page.getByText("Names are at most 100 characters.")).toBeVisible();
  });

  await test.step("a valid user is created and listed", async () => {
    await page.getByLabel("Email").fill("Carol@Example.test");
    await page.getByLabel("Name").fill("Carol Example");
    await page.getByLabel("Role").selectOption("GUEST");
    await page.getByLabel("View OAuth integrations").check();
    capturedAction = await captureServerAction(page, () => page.getByRole("button", { name: "Create" }).click());
    await expect(page).toHaveURL(/\/settings\/users$/);
    const row = page.getByRole("row").filter({ hasText: "carol@example.test" });
    await expect(row).toContainText("Carol Example");
    await expect(row).toContainText("OAUTH_INTEGRATION_READ");
  });

  await test.step("the same email in another case is refused as a duplicate", async () => {
    await page.getByRole("link", { name: "Add User" }).click();
    await page.getByLabel("Email").fill("CAROL@example.TEST");
    await page.getByLabel("Name").fill("Carol Again");
    await page.getByRole("button", { name: "Create" }).click();
    await expect(page.getByText("A user with this email already exists.")).toBeVisible();
    const { users } = await (await page.request.get("/api/v1/users")).json();
    expect((users as { email: string }[]).filter((u) => u.email === "carol@example.test")).toHaveLength(1);
  });
});

test("a user without USER_WRITE is refused: UI, API and the server action itself", async ({ browser }) => {
  const guest = await freshPage(browser, AUTH_STATE.guest);
  const admin = await freshPage(browser, AUTH_STATE.admin);
  await guest.goto("/settings/users");
  await expect(guest.getByText("403 — Not allowed")).toBeVisible();
  await guest.goto("/settings/users/new");
  await expect(guest.getByText("403 — Not allowed")).toBeVisible();
  await expect(guest.getByLabel("Email")).toHaveCount(0);

  const post = await guest.request.post("/api/v1/users", {
    data: { email: "sneaky@example.test", name: "Sneaky", role: "ADMIN", authorities: [] },
  });
  expect(post.status()).toBe(403);
  const guestId = await userIdByEmail(admin, GUEST.email);
  const patch = await guest.request.patch(`/api/v1/users/${guestId}`, {
    data: { name: "Gus", role: "ADMIN", authorities: [] },
  });
  expect(patch.status()).toBe(403);
  const anonymous = await (
    await freshPage(browser)
  ).request.post("/api/v1/users", {
    data: { email: "anon@example.test", name: "Anon", role: "ADMIN", authorities: [] },
  });
  expect(anonymous.status()).toBe(401);

  expect(capturedAction, "the admin journey captured the Create server action").not.toBeNull();
  const replay = await replayServerAction(
    guest,
    "/settings/users/new",
    capturedAction!,
    capturedAction!.body
      .replaceAll("carol@example.test", "sneaky-action@example.test")
      .replaceAll("Carol@Example.test", "sneaky-action@example.test"),
  );
  expect(replay).toContain("FORBIDDEN");

  const { users } = await (await admin.request.get("/api/v1/users")).json();
  const emails = (users as { email: string; role: string }[]).map((u) => u.email);
  expect(emails).not.toContain("sneaky@example.test");
  expect(emails).not.toContain("sneaky-action@example.test");
  expect((users as { email: string; role: string }[]).find((u) => u.email === GUEST.email)?.role).toBe("GUEST");
});

test("authority changes and disabling take effect at once and end the user's sessions", async ({ browser }) => {
  const admin = await freshPage(browser, AUTH_STATE.admin);
  // A session of its own: these changes end every session of the guest, including the saved one's.
  const guest = await freshPage(browser);
  await signInWithPassword(guest, GUEST.email, GUEST.password);
  await expectSignedInAs(guest, GUEST.email);
  const guestId = await userIdByEmail(admin, GUEST.email);

  await admin.goto(`/settings/users/${guestId}`);
  await admin.getByLabel("View users").check();
  await admin.getByRole("button", { name: "Save changes" }).click();
  await expect(admin.getByRole("status").filter({ hasText: /saved/i })).toBeVisible();

  // The authority change ended the guest's session (issue 6, finding 5); signed in again, they hold it.
  await guest.goto("/settings/users");
  await expect(guest).toHaveURL(/\/signin/);
  await signInWithPassword(guest, GUEST.email, GUEST.password);
  await expectSignedInAs(guest, GUEST.email);
  await guest.goto("/settings/users");
  await expect(guest.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  await expect(guest.getByRole("link", { name: "Add User" })).toHaveCount(0);
  const cookiesBeforeDisable = await guest.context().cookies();

  const disable = await admin.request.patch(`/api/v1/users/${guestId}`, { data: { disabled: true } });
  expect(disable.status(), await disable.text()).toBe(200);
  await guest.goto("/settings/users");
  await expect(guest).toHaveURL(/\/signin/);
  await signInWithPassword(guest, GUEST.email, GUEST.password);
  await expectInvalidCredentials(guest);

  // Re-enabled: the account works again, but old cookies stay dead; a new sign-in works.
  await admin.request.patch(`/api/v1/users/${guestId}`, { data: { disabled: false } });
  await guest.context().clearCookies();
  await guest.context().addCookies(cookiesBeforeDisable);
  await guest.goto("/settings/users");
  await expect(guest).toHaveURL(/\/signin/);
  await signInWithPassword(guest, GUEST.email, GUEST.password);
  await expect(guest).toHaveURL(/\/settings\/oauth-integrations$/);
  await expectSignedInAs(guest, GUEST.email);
});
