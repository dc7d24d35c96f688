// Issue 16, "Claims, scopes and parameters" and "Groups → role and authorities", end to end with the real test IdP:
// the scopes and allow-listed parameters reach the IdP's authorization endpoint; the sign-in requirement refuses
// people outside the group (CLAIM_REQUIREMENT_NOT_MET) and lets them in once the IdP puts them in it; Update name
// takes the IdP's name; Simulate replays recent sign-ins; a group mapping grants an authority at the next sign-in and
// takes it away (never a hand-granted one) once the IdP removes the group; Entra's group overage is refused by name.
import { expect, type Page, test } from "@playwright/test";
import { AUTH_STATE, IDP_URL } from "./support/env";
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

const REGISTRATION_ID = "claims-sso";
const BUTTON = "Sign in with Claims Co";
const PERSON = { login: "mapped.person", email: "mapped.person@example.test" };
const OVERAGE = { login: "overage.person", email: "overage.person@example.test" };
const GROUPS_API = `${IDP_URL}/__test/groups`;

async function setGroups(page: Page, sub: string, body: { groups: string[] } | { overage: true }) {
  const res = await page.request.put(GROUPS_API, { data: { sub, ...body } });
  expect(res.status(), await res.text()).toBe(200);
}

/** Clicks the button and logs in at the IdP; returns the authorization request Keyway sent the browser to. */
async function ssoSignIn(page: Page, login: string): Promise<URL> {
  await gotoHydrated(page, "/signin");
  const authorization = page.waitForRequest((r) => r.url().startsWith(`${IDP_URL}/auth?`));
  await page.getByRole("button", { name: BUTTON, exact: true }).click();
  const url = new URL((await authorization).url());
  await loginAtIdp(page, login);
  return url;
}

async function expectRefused(page: Page, code: string, sentence: RegExp) {
  await expect(page.getByRole("heading", { name: "Sign-in refused" })).toBeVisible();
  await expect(page.getByText(`Error code: ${code}`)).toBeVisible();
  await expect(page.getByText(sentence)).toBeVisible();
}

async function userOf(page: Page, email: string) {
  const { users } = await (await page.request.get("/api/v1/users")).json();
  return (
    users as { id: string; email: string; name: string; authorities: string[]; mappedAuthorities: string[] }[]
  ).find((u) => u.email === email)!;
}

test("scopes, parameters, the sign-in requirement and Update name work through the real IdP", async ({ browser }) => {
  const admin = await freshPage(browser, AUTH_STATE.admin);
  for (const [who, name] of [
    [PERSON, "Old Name"],
    [OVERAGE, "Overage Person"],
  ] as const) {
    const res = await admin.request.post("/api/v1/users", {
      data: { email: who.email, name, role: "GUEST", authorities: who === PERSON ? ["USER_READ"] : [] },
    });
    expect(res.status(), await res.text()).toBe(201);
  }
  await createIntegrationViaApi(
    admin.request,
    { registrationId: REGISTRATION_ID, client: "post", button: BUTTON },
    {
      scopes: "email profile groups",
      authorizationParams: "prompt=login&ui_locales=en",
      signInRequirement: "groups contains keyway-users",
      updateNameOnSignIn: true,
    },
  );

  await test.step("a parameter outside the allow-list is refused next to its field", async () => {
    const res = await admin.request.patch(`/api/v1/oauth-integrations/${REGISTRATION_ID}`, {
      data: { authorizationParams: "redirect_uri=https://evil.test/cb" },
    });
    expect(res.status()).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('\\"redirect_uri\\" is not allowed');
  });

  await setGroups(admin, PERSON.login, { groups: ["other-team"] });
  await test.step("outside the group: refused with CLAIM_REQUIREMENT_NOT_MET; Keyway asked for what it was told", async () => {
    const page = await freshPage(browser);
    const sent = await ssoSignIn(page, PERSON.login);
    expect(sent.searchParams.get("scope")).toBe("openid email profile groups");
    expect(sent.searchParams.get("prompt")).toBe("login");
    expect(sent.searchParams.get("ui_locales")).toBe("en");
    expect(sent.searchParams.get("redirect_uri")).toBe(
      `${new URL(page.url()).origin}/api/auth/callback/${REGISTRATION_ID}`,
    );
    await expectRefused(page, "CLAIM_REQUIREMENT_NOT_MET", /does not meet this sign-in button's requirement/);
    expect((await userOf(admin, PERSON.email)).name).toBe("Old Name");
  });

  await setGroups(admin, PERSON.login, { groups: ["keyway-users", "keyway-auditors"] });
  await test.step("in the group: signed in, and the name now comes from the IdP", async () => {
    const page = await freshPage(browser);
    await ssoSignIn(page, PERSON.login);
    await expectSignedInAs(page, PERSON.email);
    expect((await userOf(admin, PERSON.email)).name).toBe("Mapped Person");
  });

  await test.step("Test sign-in shows the groups and the requirement's verdict", async () => {
    await gotoHydrated(admin, `/settings/oauth-integrations/${REGISTRATION_ID}`);
    await admin.getByRole("button", { name: "Test sign-in" }).click();
    await loginAtIdp(admin, PERSON.login);
    await expect(admin.getByTestId("mapped-groups")).toContainText("keyway-users, keyway-auditors");
    await expect(admin.getByTestId("requirement")).toContainText("met");
    await expect(admin.getByTestId("requirement")).toContainText("groups contains keyway-users");
  });
});

test("a group mapping grants at the next sign-in and takes back when the IdP removes the group", async ({
  browser,
}) => {
  const admin = await freshPage(browser, AUTH_STATE.admin);
  const page = `/settings/oauth-integrations/${REGISTRATION_ID}`;
  const mappings = admin.getByRole("form", { name: "Group mappings" });

  await test.step("Simulate lists who would gain what, from the groups of their last sign-in", async () => {
    await gotoHydrated(admin, page);
    await mappings.getByRole("button", { name: "Add mapping" }).click();
    await mappings.getByLabel("Group", { exact: true }).fill("keyway-auditors");
    await mappings.getByRole("group", { name: "Authorities of mapping 1" }).getByLabel("View audit log").check();
    await mappings.getByRole("button", { name: "Simulate" }).click();
    const simulation = admin.getByRole("region", { name: "Simulation" });
    await expect(simulation).toContainText("1 of 1 recently signed-in person would change");
    await expect(simulation.getByRole("row", { name: new RegExp(PERSON.email) })).toContainText("AUDIT_READ");
    expect((await userOf(admin, PERSON.email)).mappedAuthorities, "Simulate writes nothing").toEqual([]);
    await mappings.screenshot({ path: ".tmp/screens/group-mappings-simulate.png" });
  });

  await test.step("saved: the person's next sign-in gets AUDIT_READ from the mapping", async () => {
    await mappings.getByRole("button", { name: "Save mappings" }).click();
    await expect(mappings.getByText(/Saved 1 mapping/)).toBeVisible();
    const person = await freshPage(browser);
    await ssoSignIn(person, PERSON.login);
    await expectSignedInAs(person, PERSON.email);
    await person.goto("/settings/audit-log");
    await expect(person.getByRole("heading", { name: "Audit Log" })).toBeVisible();
    const user = await userOf(admin, PERSON.email);
    expect(user.mappedAuthorities).toEqual(["AUDIT_READ"]);
    expect(user.authorities, "the hand-granted authority is listed apart").toEqual(["USER_READ"]);
  });

  await setGroups(admin, PERSON.login, { groups: ["keyway-users"] });
  await test.step("removed from the group at the IdP: the next sign-in takes AUDIT_READ back, USER_READ stays", async () => {
    const person = await freshPage(browser);
    await ssoSignIn(person, PERSON.login);
    await expectSignedInAs(person, PERSON.email);
    await person.goto("/settings/audit-log");
    await expect(person.getByText("You need the AUDIT_READ authority to see this page.")).toBeVisible();
    const user = await userOf(admin, PERSON.email);
    expect(user.mappedAuthorities).toEqual([]);
    expect(user.authorities).toEqual(["USER_READ"]);
    await admin.goto("/settings/audit-log?action=user.mapped_authorities");
    await expect(
      admin.getByRole("row", { name: /user\.mapped_authorities.*Authorities removed : AUDIT_READ/ }).first(),
    ).toBeVisible();
  });
});

test("Entra-shaped tokens: xms_edov true links by email, xms_edov false is refused as unverified", async ({
  browser,
}) => {
  const admin = await freshPage(browser, AUTH_STATE.admin);
  for (const email of ["edov.person@example.test", "edov.other@example.test"]) {
    const res = await admin.request.post("/api/v1/users", {
      data: { email, name: "Edov", role: "GUEST", authorities: [] },
    });
    expect(res.status(), await res.text()).toBe(201);
  }
  // Trust email addresses on: a missing email_verified would be accepted, so only xms_edov: false can refuse.
  const { version } = (await (await admin.request.get(`/api/v1/oauth-integrations/${REGISTRATION_ID}`)).json())
    .integration;
  const trusted = await admin.request.patch(`/api/v1/oauth-integrations/${REGISTRATION_ID}`, {
    data: { trustEmailAddresses: true, version },
  });
  expect(trusted.status(), await trusted.text()).toBe(200);
  for (const login of ["entra:edov.person@example.test", "entra-unverified:edov.other@example.test"])
    await setGroups(admin, login, { groups: ["keyway-users"] });

  const verified = await freshPage(browser);
  await ssoSignIn(verified, "entra:edov.person@example.test");
  await expectSignedInAs(verified, "edov.person@example.test");

  const unverified = await freshPage(browser);
  await ssoSignIn(unverified, "entra-unverified:edov.other@example.test");
  await expectRefused(unverified, "EMAIL_UNVERIFIED", /has not verified/);
});

test("Entra's group overage is refused as GROUPS_OVERAGE, never a silent loss", async ({ browser }) => {
  const admin = await freshPage(browser, AUTH_STATE.admin);
  await setGroups(admin, OVERAGE.login, { overage: true });
  const page = await freshPage(browser);
  await ssoSignIn(page, OVERAGE.login);
  await expectRefused(page, "GROUPS_OVERAGE", /left your groups out of the sign-in because there are too many/);
});
