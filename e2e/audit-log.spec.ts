// The Audit Log reads well: an edit as "field: before → after" (secrets only as "changed"), a creation as a compact
// list, users by email with a link (never a bare id), URLs wrapped only between their parts, all of it at 1280 px.
import Database from "better-sqlite3";
import { expect, type Locator, test } from "@playwright/test";
import { ADMIN, AUTH_STATE, DATABASE_URL, IDP_CLIENTS, IDP_URL } from "./support/env";
import { closeContexts, createIntegrationViaApi, freshPage } from "./support/fixtures";

const ID = "audit-sso";
const USER = "audit-person@example.test";
const LONG = `${IDP_URL}/realms/acme-corporation-production/protocol/openid-connect`;
const NEW_SECRET = "audit-new-client-secret-Rq7!";

test.afterAll(closeContexts);

/** Where the text of `value` wraps onto a new line: each break must fall after a "/", "?", "&", "=", "." or "-". */
async function midWordBreaks(value: Locator): Promise<string[]> {
  return value.evaluate((element) => {
    const text = element.textContent ?? "";
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const tops: number[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < (node.textContent ?? "").length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        tops.push(Math.round(range.getBoundingClientRect().top));
      }
    }
    const bad: string[] = [];
    for (let i = 1; i < tops.length; i++) {
      if (tops[i] > tops[i - 1] && !"/?&=.-".includes(text[i - 1]) && text[i - 1] !== " ") {
        bad.push(`${text.slice(Math.max(0, i - 12), i)}|${text.slice(i, i + 12)}`);
      }
    }
    return bad;
  });
}

test("the Audit Log shows before → after, compact creations, users by email, readable at 1280 px", async ({
  browser,
}) => {
  const admin = await freshPage(browser, AUTH_STATE.admin);
  await admin.setViewportSize({ width: 1280, height: 900 });

  await test.step("an integration is created, then its URLs, button text and secret are changed", async () => {
    await createIntegrationViaApi(admin.request, { registrationId: ID, client: "post", button: "Sign in with Audit" });
    const read = await admin.request.get(`/api/v1/oauth-integrations/${ID}`);
    const { version } = (await read.json()).integration;
    const res = await admin.request.patch(`/api/v1/oauth-integrations/${ID}`, {
      data: {
        version,
        authorizationUrl: `${LONG}/auth`,
        tokenUri: `${LONG}/token`,
        jwksUri: `${LONG}/certs`,
        loginButtonText: "Sign in with Acme Corporation",
        clientSecret: NEW_SECRET,
      },
    });
    expect(res.status(), await res.text()).toBe(200);
  });

  const userId = await test.step("a user is created and promoted; a break-glass account is chosen", async () => {
    const created = await admin.request.post("/api/v1/users", {
      data: { email: USER, name: "Audit Person", role: "GUEST", authorities: [] },
    });
    expect(created.status(), await created.text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const patched = await admin.request.patch(`/api/v1/users/${id}`, {
      data: { role: "ADMIN", authorities: [] },
    });
    expect(patched.status(), await patched.text()).toBe(200);
    const users = (await (await admin.request.get("/api/v1/users")).json()).users as { id: string; email: string }[];
    const adminId = users.find((u) => u.email === ADMIN.email)!.id;
    const policy = await admin.request.put("/api/v1/sign-in-policy", {
      data: { requireSso: false, breakGlassUserIds: [adminId] },
    });
    expect(policy.status(), await policy.text()).toBe(200);
    return id;
  });

  await test.step("a row written before before-values were kept still reads well", async () => {
    const sqlite = new Database(DATABASE_URL.replace(/^file:/, ""));
    try {
      sqlite
        .prepare(
          `INSERT INTO "AuditEvent" (id, actorId, actorEmail, action, targetType, targetId, details, createdAt)
           VALUES (?, NULL, ?, 'sign_in_policy.update', 'sign_in_policy', '1', ?, ?)`,
        )
        .run(
          "old-policy-row",
          ADMIN.email,
          JSON.stringify({ requireSso: false, breakGlass: [ADMIN.email] }),
          "2026-01-01T00:00:00.000+00:00",
        );
    } finally {
      sqlite.close();
    }
  });

  await admin.goto("/settings/audit-log");
  const table = admin.getByRole("table", { name: "Audit events" });
  const row = (action: string, target?: string) =>
    table
      .getByRole("row")
      .filter({ hasText: action })
      .filter(target ? { hasText: target } : {})
      .first();
  const item = (scope: Locator, label: string) => scope.getByRole("listitem").filter({ hasText: `${label}:` });

  await test.step("an edit: each field before → after, the secret only as changed", async () => {
    const update = row("integration.update", ID);
    await expect(item(update, "Token URI")).toHaveText(`Token URI: ${IDP_URL}/token → ${LONG}/token`);
    await expect(item(update, "Authorization URL")).toHaveText(`Authorization URL: ${IDP_URL}/auth → ${LONG}/auth`);
    await expect(item(update, "Login Button Text")).toHaveText(
      "Login Button Text: Sign in with Audit → Sign in with Acme Corporation",
    );
    await expect(item(update, "Client Secret")).toHaveText("Client Secret: changed");
    await expect(update).not.toContainText("configVersion");
  });

  await test.step("a creation: a compact list of what it was created with", async () => {
    const create = row("integration.create", ID);
    await expect(item(create, "Client ID")).toHaveText(`Client ID: ${IDP_CLIENTS.post.clientId}`);
    await expect(item(create, "Client Secret")).toHaveText("Client Secret: set");
    await expect(item(create, "Client Authentication Method")).toHaveText("Client Authentication Method: Post");
    await expect(create).not.toContainText("[redacted]");
    await expect(create).not.toContainText("configVersion");
  });

  await test.step("users by email with a link, never a bare id", async () => {
    const update = row("user.update", USER);
    await expect(update.getByRole("link", { name: USER, exact: true })).toHaveAttribute(
      "href",
      `/settings/users/${userId}`,
    );
    await expect(item(update, "Role")).toHaveText("Role: GUEST → ADMIN");
    await admin.goto("/settings/audit-log?action=sign_in_policy.update");
    const policy = row("sign_in_policy.update", "(none) →");
    await expect(item(policy, "Break-glass accounts")).toHaveText(`Break-glass accounts: (none) → ${ADMIN.email}`);
    await expect(policy.getByRole("link", { name: ADMIN.email, exact: true }).first()).toHaveAttribute(
      "href",
      /^\/settings\/users\/.+/,
    );
    const old = table.getByRole("row").last();
    await expect(item(old, "Break-glass accounts")).toHaveText(`Break-glass accounts: ${ADMIN.email}`);
    await expect(item(old, "Require single sign-on")).toHaveText("Require single sign-on: No");
    const visible = await admin.locator("main").innerText();
    expect(visible).not.toContain(userId);
  });

  await test.step("no secret anywhere on the page", async () => {
    await admin.goto("/settings/audit-log");
    const html = await admin.content();
    expect(html).not.toContain(NEW_SECRET);
    expect(html).not.toContain(IDP_CLIENTS.post.clientSecret);
  });

  await test.step("readable at 1280 px: no sideways scrolling, URLs wrap only between their parts", async () => {
    expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    const update = row("integration.update", ID);
    for (const label of ["Token URI", "Authorization URL", "JWK Set URI"]) {
      expect(await midWordBreaks(item(update, label)), label).toEqual([]);
    }
    const changes = update.getByRole("cell").last();
    expect((await changes.boundingBox())!.width).toBeGreaterThan(420);
    await admin.screenshot({ path: ".tmp/screens/audit-log-1280.png", fullPage: true });
  });
});
