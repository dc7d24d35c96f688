// IdP URLs pointing into Keyway's own network are refused when saved (JSON API and form, one zod schema), in every
// notation the URL parser accepts, with a field error that names KEYWAY_OUTBOUND_ALLOW; what the operator allowed
// (this run allows 127.0.0.1) stays accepted. Against the production build.
import { expect, test } from "@playwright/test";
import { AUTH_STATE, IDP_CLIENTS, IDP_URL } from "./support/env";
import { closeContexts, freshPage } from "./support/fixtures";

test.use({ storageState: AUTH_STATE.admin });
test.afterEach(closeContexts);

const INTERNAL = [
  "https://169.254.169.254",
  "https://10.0.0.5",
  "https://0xa9fea9fe",
  "https://[::ffff:a9fe:a9fe]",
  "https://metadata.google.internal",
  "https://2852039166",
  "https://0251.0376.0251.0376",
  "https://169.254.43518",
  "https://[::ffff:169.254.169.254]",
  "https://[fd00::1]",
  "https://[::1]",
  "https://127.0.0.2",
  "https://metadata.google.internal.",
  "https://192.168.1.10",
  "https://100.100.100.200",
];

function body(registrationId: string, url: string) {
  return {
    provider: "custom-sso",
    registrationId,
    clientId: "internal-client",
    clientSecret: "internal-secret-1234",
    authorizationUrl: `${url}/authorize`,
    jwksUri: `${IDP_URL}/jwks`,
    tokenUri: `${IDP_URL}/token`,
    userInfoUri: `${IDP_URL}/me`,
    issuer: IDP_URL,
    clientAuthMethod: "client_secret_post",
    loginButtonText: "Internal",
  };
}

test("POST /api/v1/oauth-integrations refuses internal IdP addresses in every notation, naming KEYWAY_OUTBOUND_ALLOW", async ({
  request,
}) => {
  const answers: string[] = [];
  for (const [i, url] of INTERNAL.entries()) {
    const started = Date.now();
    const res = await request.post("/api/v1/oauth-integrations", { data: body(`internal-${i}`, url) });
    // Refused from the address alone, before any connection: an immediate answer, so no scanning by timing.
    expect(Date.now() - started, url).toBeLessThan(3_000);
    const json = await res.json();
    answers.push(`${url} → ${res.status()} ${json.error?.fields?.authorizationUrl ?? ""}`);
    expect(res.status(), `${url}: ${JSON.stringify(json)}`).toBe(400);
    expect(json.error?.fields?.authorizationUrl, url).toContain("KEYWAY_OUTBOUND_ALLOW");
  }
  console.log(answers.join("\n"));
  // Nothing was created.
  const list = await (await request.get("/api/v1/oauth-integrations")).json();
  expect(JSON.stringify(list)).not.toContain("internal-");
});

test("an address the operator allowed (KEYWAY_OUTBOUND_ALLOW=127.0.0.1) is accepted", async ({ request }) => {
  const res = await request.post("/api/v1/oauth-integrations", {
    data: { ...body("allowed-loopback", IDP_URL), clientId: IDP_CLIENTS.post.clientId },
  });
  expect(res.status(), await res.text()).toBe(201);
  expect(
    (
      await request.delete("/api/v1/oauth-integrations/allowed-loopback", {
        data: { confirmation: "allowed-loopback" },
      })
    ).status(),
  ).toBe(200);
});

test("the Add Integration form shows the refusal under the field and creates nothing", async ({ browser }) => {
  const page = await freshPage(browser, AUTH_STATE.admin);
  await page.goto("/settings/oauth-integrations/new");
  await page.getByLabel("Provider").selectOption({ label: "Custom SSO" });
  const values = body("internal-form", "https://0xa9fea9fe");
  await page.getByLabel("Registration ID", { exact: true }).fill(values.registrationId);
  await page.getByLabel("Client ID", { exact: true }).fill(values.clientId);
  await page.getByLabel("Client Secret", { exact: true }).fill(values.clientSecret);
  await page.getByLabel("Authorization URL", { exact: true }).fill(values.authorizationUrl);
  await page.getByLabel("JWK Set URI", { exact: true }).fill(values.jwksUri);
  await page.getByLabel("Token URI", { exact: true }).fill(values.tokenUri);
  await page.getByLabel("User Info URI", { exact: true }).fill(values.userInfoUri);
  await page.getByLabel("Login Button Text", { exact: true }).fill(values.loginButtonText);
  await page.getByRole("button", { name: "Create" }).click();
  const field = page.getByLabel("Authorization URL");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#authorizationUrl-error")).toContainText("KEYWAY_OUTBOUND_ALLOW");
  await page.screenshot({ path: ".tmp/screens/internal-address-refused.png", fullPage: true });
  await expect(page).toHaveURL(/\/settings\/oauth-integrations\/new$/);
});
