import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildOidcProvider, mergeClaims } from "./oidc-provider";

const config = {
  registrationId: "acme", loginButtonText: "Sign in with Acme", clientId: "client-1", clientAuthMethod: "client_secret_basic",
  authorizationUrl: "https://idp.example.com/auth", tokenUri: "https://idp.example.com/token",
  userInfoUri: "https://idp.example.com/me", jwksUri: "https://idp.example.com/jwks", issuer: "https://idp.example.com",
};

describe("buildOidcProvider", () => {
  it("builds an OIDC code flow provider with PKCE, state, nonce and explicit endpoints", () => {
    const p = buildOidcProvider(config, "the-secret");
    assert.equal(p.id, "acme");
    assert.equal(p.name, "Sign in with Acme");
    assert.equal(p.type, "oauth");
    assert.equal(p.idToken, true);
    assert.deepEqual(p.checks, ["pkce", "state", "nonce"]);
    assert.equal(p.issuer, "https://idp.example.com");
    assert.equal(p.wellKnown, undefined, "no discovery at sign-in time: endpoints are configured");
    assert.deepEqual(p.authorization, { url: config.authorizationUrl, params: { scope: "openid email profile", response_type: "code" } });
    assert.equal(p.token, config.tokenUri);
    assert.equal(p.userinfo, config.userInfoUri);
    assert.equal(p.jwks_endpoint, config.jwksUri);
    assert.deepEqual(p.client, { token_endpoint_auth_method: "client_secret_basic" });
    assert.equal(p.clientId, "client-1");
    assert.equal(p.clientSecret, "the-secret");
  });

  it("maps Post to client_secret_post", () => {
    assert.deepEqual(buildOidcProvider({ ...config, clientAuthMethod: "client_secret_post" }, "s").client, { token_endpoint_auth_method: "client_secret_post" });
  });
});

const ISS = "https://idp.example.com";

describe("mergeClaims", () => {
  it("takes email and name from userinfo when the id_token lacks them", () => {
    assert.deepEqual(mergeClaims({ sub: "u1" }, { sub: "u1", email: "Bob@Example.test", email_verified: true, name: "Bob" }, ISS), {
      id: "u1", issuer: ISS, email: "Bob@Example.test", name: "Bob", emailVerified: true,
    });
  });

  it("prefers the signed id_token's claims over userinfo", () => {
    const merged = mergeClaims({ sub: "u1", email: "a@x.test", email_verified: false }, { sub: "u1", email: "b@x.test", email_verified: true }, ISS);
    assert.equal(merged.email, "a@x.test");
    assert.equal(merged.emailVerified, false);
  });

  it("refuses when userinfo names another subject", () => {
    assert.equal(mergeClaims({ sub: "u1", email: "a@x.test" }, { sub: "u2", email: "evil@x.test" }, ISS).refusal, "SUB_MISMATCH");
  });

  it("works without userinfo and treats unknown verification as unknown (null), not false", () => {
    assert.deepEqual(mergeClaims({ sub: "u1", email: "a@x.test", preferred_username: "ann" }, null, ISS), {
      id: "u1", issuer: ISS, email: "a@x.test", name: "ann", emailVerified: null,
    });
  });
});
