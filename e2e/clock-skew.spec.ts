// An IdP whose clock is off: Check connection's Clock verdict and a real sign-in agree, because both use one
// tolerance. The test IdP's clock switch shifts its Date header and its id_tokens' time claims by the same amount.
import { type APIRequestContext, expect, test } from "@playwright/test";
import { APP_URL, AUTH_STATE, IDP_URL } from "./support/env";
import {
  closeContexts,
  createIntegrationViaApi,
  createUserViaApi,
  expectSignedInAs,
  freshPage,
  loginAtIdp,
} from "./support/fixtures";

test.describe.configure({ mode: "serial" });

const CLOCK = { registrationId: "clock-sso", button: "Sign in with Clock Co" };
const USER = { email: "clock-user@example.test", name: "Clock User" };
const ADMIN_STATE = AUTH_STATE.admin;

async function setSkew(request: APIRequestContext, skewS: number) {
  const res = await request.put(`${IDP_URL}/__test/clock`, { data: { skewS } });
  expect(await res.json()).toEqual({ skewS });
}

test.beforeAll(async ({ browser }) => {
  const admin = await freshPage(browser, ADMIN_STATE);
  await createIntegrationViaApi(admin.request, { ...CLOCK, client: "post" });
  await createUserViaApi(admin.request, USER);
  await closeContexts();
});

test.afterEach(async ({ request }) => {
  // Why: the IdP is shared with every other journey; never leave its clock off.
  await setSkew(request, 0);
  await closeContexts();
});

for (const { skewS, clock, signsIn } of [
  { skewS: 0, clock: "pass", signsIn: true },
  { skewS: 7, clock: "warning", signsIn: true },
  { skewS: 20, clock: "fail", signsIn: false },
  { skewS: -20, clock: "fail", signsIn: false },
] as const) {
  test(`IdP clock ${skewS > 0 ? "+" : ""}${skewS} s: Check connection says ${clock}, and a sign-in ${signsIn ? "works" : "fails"}`, async ({
    browser,
    request,
  }) => {
    await setSkew(request, skewS);
    const admin = await freshPage(browser, ADMIN_STATE);
    const res = await admin.request.post(`/api/v1/oauth-integrations/${CLOCK.registrationId}/check`, { data: {} });
    expect(res.status()).toBe(200);
    const { results } = (await res.json()) as { results: { id: string; status: string; seen: string }[] };
    const verdict = results.find((r) => r.id === "clock")!;
    expect(verdict.status, verdict.seen).toBe(clock);

    const page = await freshPage(browser);
    await page.goto("/signin");
    await page.getByRole("button", { name: CLOCK.button, exact: true }).click();
    await loginAtIdp(page, USER.email);
    if (signsIn) await expectSignedInAs(page, USER.email);
    else {
      await expect(page).toHaveURL(`${APP_URL}/error?error=ID_TOKEN_EXPIRED`);
      expect(await (await page.request.get("/api/auth/session")).json()).toEqual({});
    }
  });
}
