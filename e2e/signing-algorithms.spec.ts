// IdPs that sign id_tokens with ES256 and with EdDSA (Ed25519): a real sign-in and a Test sign-in pass against each,
// because both verify the id_token with the same function and the same algorithm list. Each IdP is a real
// oidc-provider on its own port whose client registers only the integration's own Redirect URI.
import { type APIRequestContext, expect, test } from "@playwright/test";
import { startIdp, type RunningIdp } from "../tools/test-idp/server";
import { ALG_IDPS, AUTH_STATE, redirectUriOf } from "./support/env";
import { closeContexts, createUserViaApi, expectSignedInAs, freshPage, loginAtIdp } from "./support/fixtures";

test.describe.configure({ mode: "serial" });
test.afterEach(closeContexts);

const USER = { email: "alg-user@example.test", name: "Alg User" };
const ADMIN_STATE = AUTH_STATE.admin;
const running: RunningIdp[] = [];
const secretOf = (alg: string) => `e2e-${alg.toLowerCase()}-secret-Rt4!`;

async function createIntegration(request: APIRequestContext, alg: keyof typeof ALG_IDPS, idp: RunningIdp) {
  const { registrationId, button } = ALG_IDPS[alg];
  const res = await request.post("/api/v1/oauth-integrations", {
    data: {
      provider: "custom-sso",
      registrationId,
      clientId: `e2e-${alg.toLowerCase()}`,
      clientSecret: secretOf(alg),
      authorizationUrl: idp.authorizationUrl,
      jwksUri: idp.jwksUri,
      tokenUri: idp.tokenUrl,
      userInfoUri: idp.userinfoUrl,
      issuer: idp.issuer,
      clientAuthMethod: "client_secret_post",
      loginButtonText: button,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
}

test.beforeAll(async ({ browser }) => {
  const admin = await freshPage(browser, ADMIN_STATE);
  await createUserViaApi(admin.request, USER);
  for (const alg of Object.keys(ALG_IDPS) as (keyof typeof ALG_IDPS)[]) {
    const { port, registrationId } = ALG_IDPS[alg];
    const idp = await startIdp({
      port,
      signingAlg: alg,
      clients: [
        {
          clientId: `e2e-${alg.toLowerCase()}`,
          clientSecret: secretOf(alg),
          authMethod: "client_secret_post",
          redirectUris: [redirectUriOf(registrationId)],
        },
      ],
    });
    running.push(idp);
    await createIntegration(admin.request, alg, idp);
  }
  await closeContexts();
});

test.afterAll(async () => {
  for (const idp of running.splice(0)) await idp.close();
});

for (const alg of Object.keys(ALG_IDPS) as (keyof typeof ALG_IDPS)[]) {
  const { registrationId, button } = ALG_IDPS[alg];

  test(`an IdP signing with ${alg}: a real sign-in and a Test sign-in both pass`, async ({ browser, request }) => {
    test.slow(); // two full round trips through the IdP's login and consent pages
    const idp = running.find((r) => r.issuer.endsWith(`:${ALG_IDPS[alg].port}`))!;
    await test.step(`the IdP publishes only a ${alg} key`, async () => {
      const { keys } = (await (await request.get(idp.jwksUri)).json()) as { keys: { alg: string }[] };
      expect(keys.map((k) => k.alg)).toEqual([alg]);
    });

    await test.step("a real sign-in", async () => {
      const page = await freshPage(browser);
      await page.goto("/signin");
      await page.getByRole("button", { name: button, exact: true }).click();
      await loginAtIdp(page, USER.email, idp.issuer);
      await expectSignedInAs(page, USER.email);
    });

    await test.step("Test sign-in", async () => {
      const page = await freshPage(browser, ADMIN_STATE);
      await page.goto(`/settings/oauth-integrations/${registrationId}`);
      await page.getByRole("button", { name: "Test sign-in", exact: true }).click();
      await loginAtIdp(page, USER.email, idp.issuer);
      await expect(page.getByRole("heading", { level: 1, name: "Test sign-in result" })).toBeVisible();
      await expect(page.getByRole("alert").filter({ hasText: "Test sign-in failed" })).toHaveCount(0);
      await expect(page.getByTestId("would-sign-in-as")).toHaveText(USER.email);
      await page.screenshot({ path: `.tmp/screens/i19-test-sign-in-${alg}.png`, fullPage: true });
    });
  });
}
