// Provisioning over SCIM, end to end: an admin turns SCIM on in the console (token shown once), the IdP creates a
// user over plain HTTP, that user signs in by SSO through the real test IdP and makes an API token; the IdP then
// deactivates them while signed in, and their next page load and their API token are refused within 1 s, with the
// deprovisioning receipt in the Audit Log. Email changes from the IdP are refused until an admin allows them in the
// console; DELETE keeps the account and a later POST re-provisions it; an admin anonymises it on request.
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { APP_URL, AUTH_STATE } from "./support/env";
import {
  closeContexts,
  createIntegrationViaApi,
  expectSignedInAs,
  freshPage,
  gotoHydrated,
  loginAtIdp,
} from "./support/fixtures";

test.describe.configure({ mode: "serial" });
test.afterEach(closeContexts);
// One long journey on a shared, slow machine: three browser contexts and a real SSO round trip.
test.setTimeout(180_000);

const SCREENS = ".tmp/screens";
const SCIM = { registrationId: "scim-sso", button: "Sign in with SCIM Co" };
const PERSON = "scim.person@example.test";
const MOVED = "scim.person.moved@example.test";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

test("a SCIM-provisioned user signs in by SSO; deactivation over SCIM ends their session and API token within 1 s, with a receipt", async ({
  browser,
}) => {
  const admin = await freshPage(browser, AUTH_STATE.admin);
  let baseUrl = "";
  let scimToken = "";

  await test.step("admin turns on Provisioning (SCIM): base URL and a token shown once, with copy buttons", async () => {
    await createIntegrationViaApi(admin.request, { ...SCIM, client: "post" });
    await admin.goto(`/settings/oauth-integrations/${SCIM.registrationId}`);
    await expect(admin.getByTestId("scim-state")).toContainText("Off.");
    await admin.getByRole("button", { name: "Turn on provisioning" }).click();
    await expect(admin.getByTestId("scim-token")).toBeVisible();
    scimToken = (await admin.getByTestId("scim-token").textContent()) ?? "";
    baseUrl = (await admin.getByTestId("scim-base-url").textContent()) ?? "";
    expect(scimToken).toMatch(/^kw_[0-9A-Za-z]{40,}$/);
    expect(baseUrl).toBe(`${APP_URL}/api/scim/v2/${SCIM.registrationId}`);
    await expect(admin.getByRole("button", { name: "Copy SCIM token" })).toBeVisible();
    await expect(admin.getByRole("button", { name: "Copy SCIM base URL" })).toBeVisible();
    await admin.getByText("Set up Microsoft Entra ID").click();
    await admin.screenshot({ path: `${SCREENS}/scim-provisioning.png`, fullPage: true });
    // Shown once: a reload carries the base URL but never the token.
    const html = await (await admin.request.get(`/settings/oauth-integrations/${SCIM.registrationId}`)).text();
    expect(html).toContain(baseUrl);
    expect(html).not.toContain(scimToken);
  });

  const idp = await playwrightRequest.newContext({
    extraHTTPHeaders: { authorization: `Bearer ${scimToken}`, "content-type": "application/scim+json" },
  });
  let userId = "";

  await test.step("the IdP creates the user over SCIM (Entra's request shape)", async () => {
    const created = await idp.post(`${baseUrl}/Users`, {
      data: {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        externalId: "entra-object-1",
        userName: PERSON,
        active: true,
        emails: [{ primary: true, type: "work", value: PERSON }],
        name: { givenName: "Scim", familyName: "Person" },
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    expect(created.headers()["content-type"]).toBe("application/scim+json");
    userId = (await created.json()).id;
    // The admin lets them read users, so they can make an API token that carries something.
    const granted = await admin.request.patch(`/api/v1/users/${userId}`, { data: { authorities: ["USER_READ"] } });
    expect(granted.status(), await granted.text()).toBe(200);
    await admin.goto("/settings/users");
    await expect(admin.getByRole("row").filter({ hasText: PERSON })).toContainText(`SCIM: ${SCIM.registrationId}`);
    await admin.screenshot({ path: `${SCREENS}/scim-users-list.png`, fullPage: true });
  });

  const person = await freshPage(browser);
  let apiToken = "";
  await test.step("the provisioned user signs in by SSO through the test IdP and makes an API token", async () => {
    await person.goto("/signin");
    await person.getByRole("button", { name: SCIM.button, exact: true }).click();
    await loginAtIdp(person, PERSON);
    await expectSignedInAs(person, PERSON);
    await person.goto("/settings/api-tokens");
    await person.getByRole("link", { name: "Create token" }).click();
    await person.getByLabel("Name", { exact: true }).fill("laptop");
    await person.getByLabel("View users", { exact: true }).check();
    await person.getByRole("button", { name: "Create token" }).click();
    apiToken = await person.getByLabel("Your new token").inputValue();
    const works = await person.request.get(`${APP_URL}/api/v1/users`, {
      headers: { authorization: `Bearer ${apiToken}` },
    });
    expect(works.status()).toBe(200);
  });

  await test.step("the IdP deactivates them while signed in: next page load and the API token refused within 1 s", async () => {
    const sent = Date.now();
    const off = await idp.patch(`${baseUrl}/Users/${userId}`, {
      data: { schemas: [PATCH_OP], Operations: [{ op: "Replace", path: "active", value: "False" }] },
    });
    expect(off.status(), await off.text()).toBe(200);
    expect((await off.json()).active).toBe(false);
    const [page, api] = await Promise.all([
      person.request.get(`${APP_URL}/settings/api-tokens`, { maxRedirects: 0 }),
      playwrightRequest
        .newContext()
        .then((c) => c.get(`${APP_URL}/api/v1/users`, { headers: { authorization: `Bearer ${apiToken}` } })),
    ]);
    const elapsed = Date.now() - sent;
    expect(api.status()).toBe(401);
    expect([303, 307, 302]).toContain(page.status());
    expect(page.headers()["location"]).toMatch(/\/signin/);
    expect(elapsed).toBeLessThan(1000);
    await person.reload();
    await expect(person).toHaveURL(/\/signin/);
  });

  await test.step("the deprovisioning receipt is in the Audit Log", async () => {
    await admin.goto(`/settings/audit-log?action=scim.deprovision`);
    const row = admin.getByRole("row").filter({ hasText: "scim.deprovision" }).first();
    await expect(row).toContainText(`Integration: ${SCIM.registrationId}`);
    await expect(row).toContainText("Sessions ended: 1");
    await expect(row).toContainText("API tokens ended: 1");
    await expect(row).toContainText(`IdP request: PATCH /Users/${userId}`);
    await expect(row).toContainText(/Time to revoke \(ms\): \d+/);
    await admin.screenshot({ path: `${SCREENS}/scim-receipt.png`, fullPage: true });
  });

  await test.step("a new email from the IdP: refused until an admin ticks Allow email changes, then applied", async () => {
    const moveEmail = () =>
      idp.patch(`${baseUrl}/Users/${userId}`, {
        data: {
          schemas: [PATCH_OP],
          Operations: [{ op: "replace", path: 'emails[type eq "work"].value', value: MOVED }],
        },
      });
    const refused = await moveEmail();
    expect(refused.status()).toBe(400);
    expect(await refused.json()).toMatchObject({ scimType: "mutability" });
    await gotoHydrated(admin, `/settings/oauth-integrations/${SCIM.registrationId}`);
    const allow = admin.getByRole("checkbox", { name: "Allow email changes" });
    await expect(allow).not.toBeChecked();
    await allow.check();
    await expect(allow).toBeChecked();
    await expect(allow).toBeEnabled(); // saved: the switch is back from its pending state
    await admin.reload();
    await expect(admin.getByRole("checkbox", { name: "Allow email changes" })).toBeChecked();
    const moved = await moveEmail();
    expect(moved.status(), await moved.text()).toBe(200);
    await admin.goto("/settings/users");
    await expect(admin.getByRole("row").filter({ hasText: MOVED })).toContainText(`SCIM: ${SCIM.registrationId}`);
    await admin.goto(`/settings/audit-log?action=scim.settings`);
    await expect(admin.getByRole("row").filter({ hasText: "scim.settings" }).first()).toBeVisible();
  });

  await test.step("DELETE, then the IdP assigns them again: the same account comes back (re-provisioned)", async () => {
    expect((await idp.delete(`${baseUrl}/Users/${userId}`)).status()).toBe(204);
    const again = await idp.post(`${baseUrl}/Users`, {
      data: {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        externalId: "entra-object-1",
        userName: MOVED,
        active: false,
        emails: [{ primary: true, type: "work", value: MOVED }],
        name: { givenName: "Scim", familyName: "Person" },
      },
    });
    expect(again.status(), await again.text()).toBe(201);
    expect((await again.json()).id).toBe(userId);
  });

  await test.step("an admin anonymises the disabled account on request: its email and name are gone, the trail stays", async () => {
    await gotoHydrated(admin, `/settings/users/${userId}`);
    await admin.getByRole("button", { name: "Anonymise…" }).click();
    const dialog = admin.getByRole("dialog", { name: `Anonymise ${MOVED}?` });
    const confirm = dialog.getByRole("button", { name: "Anonymise user" });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel("Type the email to confirm").fill(MOVED);
    await confirm.click();
    await expect(admin.getByTestId("anonymised")).toContainText("Anonymised on");
    await expect(admin.getByRole("heading", { level: 1 })).toHaveText(`anonymised-${userId}@anonymised.invalid`);
    // Nothing left to edit: no form that could write a name or a grant back.
    await expect(admin.getByRole("button", { name: "Save changes" })).toHaveCount(0);
    await admin.screenshot({ path: `${SCREENS}/user-anonymised.png`, fullPage: true });
    const html = await (await admin.request.get(`/settings/users/${userId}`)).text();
    expect(html).not.toContain(MOVED);
    const { users } = await (await admin.request.get("/api/v1/users")).json();
    const user = users.find((u: { id: string }) => u.id === userId);
    expect(user).toMatchObject({ name: "Anonymised user", disabled: true, provisionedBy: null });
    expect(user.anonymisedAt).not.toBeNull();
    // Never enabled again, by API either.
    const enable = await admin.request.patch(`/api/v1/users/${userId}`, { data: { disabled: false } });
    expect(enable.status()).toBe(409);
    const rename = await admin.request.patch(`/api/v1/users/${userId}`, { data: { name: "Scim Person" } });
    expect(rename.status()).toBe(409);
    await admin.goto(`/settings/audit-log?action=user.anonymise`);
    await expect(admin.getByRole("row").filter({ hasText: "user.anonymise" }).first()).toContainText(
      "SSO links removed: 1",
    );
  });
  await idp.dispose();
});
