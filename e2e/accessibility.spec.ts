// Accessibility against the production build: axe (WCAG 2.x A/AA and best practices) on every page of the console
// and the sign-in screen with no serious or critical violation; a keyboard-only journey from Add Integration to
// signing in with the new button; a visible focus indicator on every control reached; the Copy buttons.
import { readdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, expect, type Locator, type Page, test } from "@playwright/test";
import { ADMIN, APP_URL, AUTH_STATE, IDP_CLIENTS, IDP_URL } from "./support/env";
import { closeContexts, createIntegrationViaApi, createUserViaApi, freshPage, gotoHydrated } from "./support/fixtures";

test.describe.configure({ mode: "serial" });
test.afterAll(async ({ browser }) => {
  // The domain-owning integration adds Continue with SSO to the sign-in screen: later journeys expect it absent.
  const admin = await freshPage(browser, ADMIN_STATE);
  const removed = await admin.request.delete(`/api/v1/oauth-integrations/${AXE_SSO.registrationId}`, {
    data: { confirmation: AXE_SSO.registrationId },
  });
  expect(removed.status(), await removed.text()).toBe(200);
  await closeContexts();
});

const ADMIN_STATE = AUTH_STATE.admin;
const AXE_SSO = { registrationId: "a11y-pages", button: "Sign in with A11y Pages" };
const KEYBOARD = { registrationId: "keyboard-sso", button: "Sign in with Keyboard Corp" };
const KEYBOARD_USER = "keyboard-person@e2e.test";

/** Every page.tsx under app/, as its URL pattern ("/settings/users/[id]"); route groups are not in the URL. */
function pagePatterns(dir = "app", out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) pagePatterns(full, out);
    else if (/^page\.(tsx|ts|jsx|js)$/.test(entry.name)) {
      const segments = path.dirname(full).split(path.sep).slice(1);
      out.push(`/${segments.filter((s) => !/^\(.*\)$/.test(s)).join("/")}`);
    }
  }
  return out.sort();
}

type Visit = { path: string; as: "admin" | "anonymous" };
/** Where each page is checked, and as whom. A new page.tsx fails the first test until it has a line here. */
function pages(userId: string): Record<string, Visit> {
  const integration = `/settings/oauth-integrations/${AXE_SSO.registrationId}`;
  return {
    "/": { path: "/", as: "admin" },
    "/signin": { path: "/signin", as: "anonymous" },
    "/error": { path: "/error?error=NO_ACCOUNT", as: "anonymous" },
    "/profile": { path: "/profile", as: "admin" },
    "/settings/audit-log": { path: "/settings/audit-log", as: "admin" },
    "/settings/oauth-integrations": { path: "/settings/oauth-integrations", as: "admin" },
    "/settings/oauth-integrations/new": { path: "/settings/oauth-integrations/new", as: "admin" },
    "/settings/oauth-integrations/[registrationId]": { path: integration, as: "admin" },
    "/settings/oauth-integrations/[registrationId]/edit": { path: `${integration}/edit`, as: "admin" },
    "/settings/oauth-integrations/[registrationId]/test-sign-in": { path: `${integration}/test-sign-in`, as: "admin" },
    "/settings/instances": { path: "/settings/instances", as: "admin" },
    "/settings/api-tokens": { path: "/settings/api-tokens", as: "admin" },
    "/settings/api-tokens/new": { path: "/settings/api-tokens/new", as: "admin" },
    "/settings/sign-in-policy": { path: "/settings/sign-in-policy", as: "admin" },
    "/settings/users": { path: "/settings/users", as: "admin" },
    "/settings/users/new": { path: "/settings/users/new", as: "admin" },
    "/settings/users/[id]": { path: `/settings/users/${userId}`, as: "admin" },
  };
}

/** axe's serious and critical violations on the page as it is now, one readable line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
}

/** The focused element shows a focus indicator: an outline of at least 1 px, or a ring (box-shadow). */
async function expectVisibleFocus(page: Page) {
  const focused = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const s = getComputedStyle(el);
    return {
      what: `${el.tagName.toLowerCase()} "${(el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 40)}"`,
      outline:
        s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 1 ? `${s.outlineStyle} ${s.outlineWidth}` : "",
      ring: s.boxShadow !== "none" ? s.boxShadow : "",
    };
  });
  if (!focused) return;
  expect(focused.outline || focused.ring, `no visible focus indicator on ${focused.what}`).not.toBe("");
}

const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement).catch(() => false);

/** Presses Tab until `target` has focus; every element focused on the way must show that it is focused. */
async function tabTo(page: Page, target: Locator, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    await expectVisibleFocus(page);
    if (await isFocused(target)) return;
  }
  throw new Error(`not reached with ${max} Tab presses: ${target}`);
}

async function typeInto(page: Page, field: Locator, text: string) {
  await tabTo(page, field);
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type(text);
}

async function signedInAdmin(browser: Browser) {
  return freshPage(browser, ADMIN_STATE);
}

let userId = "";

test.beforeAll(async ({ browser }) => {
  const admin = await signedInAdmin(browser);
  // An integration with an email domain, so the sign-in screen also shows Continue with SSO and a button.
  await createIntegrationViaApi(admin.request, {
    registrationId: AXE_SSO.registrationId,
    client: "post",
    button: AXE_SSO.button,
  });
  const read = await admin.request.get(`/api/v1/oauth-integrations/${AXE_SSO.registrationId}`);
  const { version } = (await read.json()).integration;
  const patched = await admin.request.patch(`/api/v1/oauth-integrations/${AXE_SSO.registrationId}`, {
    data: { version, emailDomains: ["a11y-pages.example"] },
  });
  expect(patched.status(), await patched.text()).toBe(200);
  await createUserViaApi(admin.request, { email: KEYBOARD_USER, name: "Keyboard Person" });
  const users = (await (await admin.request.get("/api/v1/users")).json()).users as { id: string; email: string }[];
  userId = users.find((u) => u.email === KEYBOARD_USER)!.id;
});

test("every page in app/ is in this spec's page table", () => {
  expect(Object.keys(pages("x")).sort()).toEqual(pagePatterns());
});

test("axe finds no serious or critical violation on any page (and on the form's states)", async ({ browser }) => {
  test.setTimeout(600_000); // ~20 axe runs (minutes on a loaded CI machine)
  const admin = await signedInAdmin(browser);
  const anonymous = await freshPage(browser);
  const found: Record<string, string[]> = {};
  for (const [pattern, visit] of Object.entries(pages(userId))) {
    const page = visit.as === "admin" ? admin : anonymous;
    const res = await page.goto(visit.path);
    expect(res?.status(), `${visit.path} loads`).toBeLessThan(400);
    found[pattern] = await seriousViolations(page);
  }
  await test.step("Add Integration with the Custom SSO form open, then with every field error showing", async () => {
    await admin.goto("/settings/oauth-integrations/new");
    await admin.getByLabel("Provider").selectOption("custom-sso");
    await expect(admin.getByRole("button", { name: "Create" })).toBeVisible();
    found["new: Custom SSO form"] = await seriousViolations(admin);
    await admin.getByRole("button", { name: "Create" }).click();
    await expect(admin.getByText("Enter the Client ID.")).toBeVisible();
    found["new: field errors"] = await seriousViolations(admin);
  });
  await test.step("the Delete dialog open; a sign-in refusal on the sign-in screen", async () => {
    await admin.goto(`/settings/oauth-integrations/${AXE_SSO.registrationId}`);
    await admin.getByRole("button", { name: "Delete" }).click();
    await expect(admin.getByRole("dialog")).toBeVisible();
    found["integration: Delete dialog"] = await seriousViolations(admin);
    await anonymous.goto("/signin?error=CredentialsSignin");
    found["signin: refusal"] = await seriousViolations(anonymous);
    expect((await anonymous.goto("/no-such-page"))?.status()).toBe(404);
    found["not found"] = await seriousViolations(anonymous);
  });
  expect(Object.fromEntries(Object.entries(found).filter(([, v]) => v.length))).toEqual({});
});

test("every control on every page shows where the keyboard focus is", async ({ browser }) => {
  test.setTimeout(600_000); // every page, tabbed through
  const admin = await signedInAdmin(browser);
  const anonymous = await freshPage(browser);
  const missing: string[] = [];
  for (const visit of Object.values(pages(userId))) {
    const page = visit.as === "admin" ? admin : anonymous;
    await page.goto(visit.path);
    // Tab through the whole page once: until focus comes back to an element already seen (or leaves the page).
    const seen = new Set<string>();
    for (let i = 0; i < 120; i++) {
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const s = getComputedStyle(el);
        const path: string[] = [];
        for (let n: Element | null = el; n; n = n.parentElement)
          path.unshift(`${n.tagName}${[...(n.parentElement?.children ?? [])].indexOf(n)}`);
        return {
          key: path.join(">"),
          what: `${el.tagName.toLowerCase()} "${(el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 40)}"`,
          visible: (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 1) || s.boxShadow !== "none",
        };
      });
      if (!focused || seen.has(focused.key)) break;
      seen.add(focused.key);
      if (!focused.visible) missing.push(`${visit.path}: ${focused.what}`);
    }
    expect(seen.size, `${visit.path} has keyboard-reachable controls`).toBeGreaterThan(0);
  }
  expect(missing).toEqual([]);
});

test("the checks are not vacuous: a nameless button and a hidden focus ring are caught", async ({ browser }) => {
  const page = await signedInAdmin(browser);
  // After hydration: React would otherwise drop the button it did not render.
  await gotoHydrated(page, "/settings/users");
  await page.evaluate(() => document.querySelector("main")!.append(document.createElement("button")));
  expect((await seriousViolations(page)).join("\n")).toContain("button-name (critical)");
  await page.addStyleTag({ content: "*:focus-visible { outline: none !important; box-shadow: none !important; }" });
  await page.keyboard.press("Tab");
  await expect(expectVisibleFocus(page)).rejects.toThrow(/no visible focus indicator/);
});

test("keyboard only: Add Integration, fill Custom SSO, Create, sign out, sign in with the new button", async ({
  browser,
}) => {
  const page = await freshPage(browser);
  await test.step("sign in with the password, by keyboard", async () => {
    await page.goto("/signin");
    await typeInto(page, page.getByLabel("Email", { exact: true }), ADMIN.email);
    await typeInto(page, page.getByLabel("Password"), ADMIN.password);
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("signed-in-as")).toHaveText(ADMIN.email);
  });

  await test.step("Add Integration and the Custom SSO form, by keyboard", async () => {
    await tabTo(page, page.getByRole("link", { name: "Add Integration" }));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/settings\/oauth-integrations\/new$/);
    const provider = page.getByLabel("Provider");
    await tabTo(page, provider);
    await page.keyboard.press("ArrowDown");
    await expect(provider).toHaveValue("custom-sso");
    const client = IDP_CLIENTS.post;
    for (const [label, value] of [
      ["Registration ID", KEYBOARD.registrationId],
      ["Client ID", client.clientId],
      ["Client Secret", client.clientSecret],
      ["Authorization URL", `${IDP_URL}/auth`],
      ["JWK Set URI", `${IDP_URL}/jwks`],
      ["Token URI", `${IDP_URL}/token`],
      ["User Info URI", `${IDP_URL}/me`],
      ["Issuer", IDP_URL],
    ] as const) {
      await typeInto(page, page.getByLabel(label, { exact: true }), value);
    }
    // Post is preselected; the keyboard moves between the radios with the arrow keys.
    const post = page.getByRole("radio", { name: "Post" });
    await tabTo(page, post);
    await page.keyboard.press("ArrowDown");
    await expect(page.getByRole("radio", { name: "Basic" })).toBeChecked();
    await page.keyboard.press("ArrowUp");
    await expect(post).toBeChecked();
    await typeInto(page, page.getByLabel("Login Button Text"), KEYBOARD.button);
    const trust = page.getByRole("checkbox", { name: "Trust email addresses from this IdP" });
    await tabTo(page, trust);
    await page.keyboard.press("Space");
    await expect(trust).toBeChecked();
    await page.keyboard.press("Space");
    await expect(trust).not.toBeChecked();
    await tabTo(page, page.getByRole("button", { name: "Create" }));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/settings/oauth-integrations/${KEYBOARD.registrationId}\\?created=1$`));
  });

  await test.step("sign out, by keyboard", async () => {
    await tabTo(page, page.getByRole("button", { name: "Sign out" }));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/signin/);
  });

  await test.step("the new button, by keyboard; the IdP's own pages filled normally", async () => {
    const button = page.getByRole("button", { name: KEYBOARD.button, exact: true });
    await tabTo(page, button);
    await page.keyboard.press("Enter");
    await page.waitForURL(new RegExp(`^${IDP_URL}/`));
    await page.locator('input[name="login"]').fill(KEYBOARD_USER);
    await page.locator('input[name="password"]').fill("any-password");
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]', { hasText: "Continue" }).click();
    await expect(page).toHaveURL(new RegExp(`^${APP_URL}/`));
    await expect(page.getByTestId("signed-in-as")).toHaveText(KEYBOARD_USER);
  });
});

test("the Copy buttons put exactly the shown URI on the clipboard", async ({ browser }) => {
  const context = await browser.newContext({ storageState: ADMIN_STATE });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: APP_URL });
  const page = await context.newPage();
  try {
    await page.goto(`/settings/oauth-integrations/${AXE_SSO.registrationId}`);
    const copies = page.getByRole("button", { name: /^Copy / });
    const count = await copies.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const button = copies.nth(i);
      const shown = (await button.locator("xpath=ancestor::div[1]").locator("code").textContent())!.trim();
      await button.click();
      await expect(button.locator("xpath=following-sibling::*[@aria-live]")).toHaveText("Copied");
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown);
    }
    await expect(page.getByTestId("redirect-uri")).toHaveText(`${APP_URL}/api/auth/callback/${AXE_SSO.registrationId}`);
  } finally {
    await context.close();
  }
});
