// The presets derive the issuer from what each IdP needs and keep their rules at save, through the shared schema.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PRESETS } from "./presets";
import { integrationSchema } from "./schema";

const policy = { allowInsecureUrls: false };
const base = {
  registrationId: "acme",
  clientId: "c",
  clientSecret: "s",
  authorizationUrl: "https://login.microsoftonline.com/t/oauth2/v2.0/authorize",
  jwksUri: "https://login.microsoftonline.com/t/discovery/v2.0/keys",
  tokenUri: "https://login.microsoftonline.com/t/oauth2/v2.0/token",
  userInfoUri: "https://graph.microsoft.com/oidc/userinfo",
  clientAuthMethod: "client_secret_post",
  loginButtonText: "Acme",
};
const issues = (input: Record<string, unknown>) =>
  integrationSchema(policy)
    .safeParse({ ...base, ...input })
    .error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];

describe("presets", () => {
  it("derives each IdP's issuer from its own inputs", () => {
    assert.deepEqual(PRESETS["entra-id"].issuer({ tenantId: "contoso.onmicrosoft.com" }), {
      issuer: "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0",
    });
    assert.ok("error" in PRESETS["entra-id"].issuer({ tenantId: "common" }), "a multi-tenant endpoint is refused");
    assert.deepEqual(PRESETS.okta.issuer({ orgUrl: "acme.okta.com/", authorizationServer: "" }), {
      issuer: "https://acme.okta.com",
    });
    assert.deepEqual(PRESETS.okta.issuer({ orgUrl: "https://acme.okta.com", authorizationServer: "default" }), {
      issuer: "https://acme.okta.com/oauth2/default",
    });
    assert.deepEqual(PRESETS.keycloak.issuer({ baseUrl: "https://sso.acme.com/", realm: "acme" }), {
      issuer: "https://sso.acme.com/realms/acme",
    });
    assert.deepEqual(PRESETS.authentik.issuer({ baseUrl: "https://auth.acme.com", slug: "keyway" }), {
      issuer: "https://auth.acme.com/application/o/keyway/",
    });
    assert.deepEqual(PRESETS.auth0.issuer({ domain: "acme.eu.auth0.com" }), { issuer: "https://acme.eu.auth0.com/" });
    assert.deepEqual(PRESETS.gitlab.issuer({ baseUrl: "" }), { issuer: "https://gitlab.com" });
    assert.deepEqual(PRESETS["google-workspace"].settings({ domain: "Acme.com" }), {
      scopes: "openid email profile",
      signInRequirement: "hd equals acme.com",
      emailDomains: "acme.com",
    });
  });

  it("Entra: only a tenant-specific issuer is saved", () => {
    const entra = { provider: "entra-id" };
    assert.deepEqual(issues({ ...entra, issuer: "https://login.microsoftonline.com/0000-1111/v2.0" }), []);
    for (const issuer of [
      "https://login.microsoftonline.com/common/v2.0",
      "https://login.microsoftonline.com/{tenantid}/v2.0",
      "",
    ])
      assert.match(issues({ ...entra, issuer }).join(), /issuer: Microsoft Entra ID needs a tenant-specific issuer/);
  });

  it("Google Workspace: Sign-in requires must stay hd equals the domain", () => {
    const google = { provider: "google-workspace", issuer: "https://accounts.google.com" };
    assert.deepEqual(issues({ ...google, signInRequirement: "hd equals acme.com" }), []);
    assert.match(issues({ ...google, signInRequirement: "" }).join(), /signInRequirement: Google Workspace needs/);
    assert.deepEqual(
      issues({ provider: "custom-sso", issuer: "https://accounts.google.com" }),
      [],
      "no rule elsewhere",
    );
  });
});
