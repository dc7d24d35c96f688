import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CLAIM_SETTINGS_DEFAULTS } from "@/lib/integrations/claims";
import { buildOidcProvider, type ClaimRules, mergeClaims, type SsoUser } from "./oidc-provider";

const config = {
  registrationId: "acme",
  loginButtonText: "Sign in with Acme",
  clientId: "client-1",
  clientAuthMethod: "client_secret_basic",
  authorizationUrl: "https://idp.example.com/auth",
  tokenUri: "https://idp.example.com/token",
  userInfoUri: "https://idp.example.com/me",
  jwksUri: "https://idp.example.com/jwks",
  issuer: "https://idp.example.com",
  ...CLAIM_SETTINGS_DEFAULTS,
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
    assert.deepEqual(p.authorization, {
      url: config.authorizationUrl,
      params: { scope: "openid email profile", response_type: "code" },
    });
    assert.ok(
      typeof p.token === "object" && p.token.url === config.tokenUri && typeof p.token.request === "function",
      "Keyway's own code exchange (token.request), so signing keys come from the shared cache",
    );
    assert.equal(p.userinfo, config.userInfoUri);
    assert.equal(p.jwks_endpoint, config.jwksUri);
    assert.deepEqual(p.client, { token_endpoint_auth_method: "client_secret_basic" });
    assert.equal(p.clientId, "client-1");
    assert.equal(p.clientSecret, "the-secret");
  });

  it("maps Post to client_secret_post", () => {
    assert.deepEqual(buildOidcProvider({ ...config, clientAuthMethod: "client_secret_post" }, "s").client, {
      token_endpoint_auth_method: "client_secret_post",
    });
  });
});

const ISS = "https://idp.example.com";
const RULES: ClaimRules = CLAIM_SETTINGS_DEFAULTS;
/** The identity only (what the sign-in decides on), under the default claim settings. */
function merge(...args: [Parameters<typeof mergeClaims>[0], Parameters<typeof mergeClaims>[1], string]) {
  const { reading: _reading, groups: _groups, ...user } = mergeClaims(...args, RULES);
  return user;
}

describe("mergeClaims", () => {
  it("takes email and name from userinfo when the id_token lacks them", () => {
    assert.deepEqual(
      merge({ sub: "u1" }, { sub: "u1", email: "Bob@Example.test", email_verified: true, name: "Bob" }, ISS),
      {
        id: "u1",
        issuer: ISS,
        email: "Bob@Example.test",
        name: "Bob",
        emailVerified: true,
      },
    );
  });

  it("prefers the signed id_token's claims over userinfo", () => {
    const merged = merge(
      { sub: "u1", email: "a@x.test", email_verified: false },
      { sub: "u1", email: "b@x.test", email_verified: true },
      ISS,
    );
    assert.equal(merged.email, "a@x.test");
    assert.equal(merged.emailVerified, false);
  });

  it("finding 3: never mixes email from userinfo with email_verified from the id_token", () => {
    const merged = merge(
      { sub: "u1", email_verified: true },
      { sub: "u1", email: "victim@x.test", email_verified: false },
      ISS,
    );
    assert.equal(merged.email, "victim@x.test");
    assert.equal(merged.emailVerified, false, "email_verified comes from userinfo, where the email came from");
    const absent = merge({ sub: "u1", email_verified: true }, { sub: "u1", email: "victim@x.test" }, ISS);
    assert.equal(absent.emailVerified, null, "userinfo did not vouch: unknown, not the id_token's true");
  });

  it("finding 3: an id_token email keeps its own verification even when userinfo says verified", () => {
    const merged = merge({ sub: "u1", email: "a@x.test" }, { sub: "u1", email: "a@x.test", email_verified: true }, ISS);
    assert.equal(merged.emailVerified, null);
  });

  it("refuses when userinfo names another subject", () => {
    assert.equal(
      merge({ sub: "u1", email: "a@x.test" }, { sub: "u2", email: "evil@x.test" }, ISS).refusal,
      "SUB_MISMATCH",
    );
  });

  it("works without userinfo and treats unknown verification as unknown (null), not false", () => {
    assert.deepEqual(merge({ sub: "u1", email: "a@x.test", preferred_username: "ann" }, null, ISS), {
      id: "u1",
      issuer: ISS,
      email: "a@x.test",
      name: "ann",
      emailVerified: null,
    });
  });
});

describe("profile(): userinfo only when the id_token lacks something Keyway uses", () => {
  // Port 9 on loopback refuses connections at once: a userinfo request there fails with USERINFO_FAILED.
  const provider = buildOidcProvider({ ...config, userInfoUri: "http://127.0.0.1:9/me" }, "s");
  const tokens = { access_token: "at" } as Parameters<typeof provider.profile>[1];

  it("skips userinfo when email, email_verified and a name are all in the verified id_token", async () => {
    const user = await provider.profile({ sub: "u1", email: "a@x.test", email_verified: true, name: "Ann" }, tokens);
    assert.equal((user as { refusal?: string }).refusal, undefined);
    assert.equal(user.email, "a@x.test");
  });

  it("asks userinfo when one of them is missing", async () => {
    for (const claims of [
      { sub: "u1", email: "a@x.test", name: "Ann" },
      { sub: "u1", email_verified: true, name: "Ann" },
      { sub: "u1", email: "a@x.test", email_verified: true },
    ]) {
      const user = await provider.profile(claims, tokens);
      assert.equal((user as { refusal?: string }).refusal, "USERINFO_FAILED", JSON.stringify(claims));
    }
  });
});

describe("profile(): the email claim as sent survives next-auth's lower-casing", () => {
  const provider = buildOidcProvider(config, "s");
  const tokens = { access_token: "at" } as Parameters<typeof provider.profile>[1];

  it("carries a KELVIN SIGN look-alike unchanged in emailAsSent", async () => {
    const claims = { sub: "u1", email: "\u212Aate@keyway.test", email_verified: true, name: "Kate" };
    const user = (await provider.profile(claims, tokens)) as SsoUser;
    // What next-auth v4 then does to profile.email (core/lib/oauth/callback.js):
    user.email = user.email?.toLowerCase() ?? null;
    assert.equal(user.email, "kate@keyway.test", "toLowerCase folds the look-alike onto kate's address");
    assert.equal(user.emailAsSent, "\u212Aate@keyway.test");
  });
});

describe("claim settings: scopes, parameters, claim paths, groups and the requirement", () => {
  it("asks for the configured scopes and allow-listed parameters; Keyway's own parameters cannot be overridden", () => {
    const p = buildOidcProvider(
      { ...config, scopes: "openid email profile groups", authorizationParams: "prompt=login&domain_hint=acme.com" },
      "s",
    );
    assert.deepEqual(p.authorization, {
      url: config.authorizationUrl,
      params: { prompt: "login", domain_hint: "acme.com", scope: "openid email profile groups", response_type: "code" },
    });
  });

  it("reads the email, name and groups at the configured claims (names with dots first, then dotted paths)", () => {
    const rules = { ...RULES, emailClaim: "upn", nameClaim: "given_name", groupsClaim: "realm_access.roles" };
    const user = mergeClaims(
      { sub: "u1", upn: "a@x.test", given_name: "Ann", realm_access: { roles: ["ops", "dev"] }, email_verified: true },
      null,
      ISS,
      rules,
    );
    assert.equal(user.email, "a@x.test");
    assert.equal(user.name, "Ann");
    assert.deepEqual(user.groups, ["ops", "dev"]);
    assert.equal(user.emailVerified, null, "email_verified speaks of `email`, never of another email claim");
    const namespaced = mergeClaims({ sub: "u1", "https://acme.com/groups": ["ops"] }, null, ISS, {
      ...RULES,
      groupsClaim: "https://acme.com/groups",
    });
    assert.deepEqual(namespaced.groups, ["ops"]);
  });

  it("refuses CLAIM_REQUIREMENT_NOT_MET when the condition fails, and lets the identity through when it holds", () => {
    const rules = { ...RULES, signInRequirement: "groups contains keyway-users", groupsUsed: true };
    assert.equal(mergeClaims({ sub: "u1", groups: ["other"] }, null, ISS, rules).refusal, "CLAIM_REQUIREMENT_NOT_MET");
    assert.equal(mergeClaims({ sub: "u1" }, null, ISS, rules).refusal, "CLAIM_REQUIREMENT_NOT_MET");
    assert.equal(mergeClaims({ sub: "u1", groups: ["keyway-users"] }, null, ISS, rules).refusal, undefined);
    const hd = { ...RULES, signInRequirement: "hd equals acme.com" };
    assert.equal(mergeClaims({ sub: "u1", hd: "evil.com" }, null, ISS, hd).refusal, "CLAIM_REQUIREMENT_NOT_MET");
    assert.equal(mergeClaims({ sub: "u1", hd: "acme.com" }, null, ISS, hd).refusal, undefined);
  });

  it("refuses GROUPS_OVERAGE (Entra's _claim_names / hasgroups) only when groups are used", () => {
    const overage = { sub: "u1", _claim_names: { groups: "src1" }, _claim_sources: { src1: { endpoint: "x" } } };
    assert.equal(mergeClaims(overage, null, ISS, { ...RULES, groupsUsed: true }).refusal, "GROUPS_OVERAGE");
    assert.equal(
      mergeClaims({ sub: "u1", hasgroups: true }, null, ISS, { ...RULES, groupsUsed: true }).refusal,
      "GROUPS_OVERAGE",
    );
    assert.equal(mergeClaims(overage, null, ISS, RULES).refusal, undefined, "no mapping, no requirement: nothing lost");
  });

  it("reads Microsoft Entra's xms_edov as email_verified when email_verified is absent", () => {
    assert.equal(mergeClaims({ sub: "u1", email: "a@x.test", xms_edov: true }, null, ISS, RULES).emailVerified, true);
    assert.equal(mergeClaims({ sub: "u1", email: "a@x.test", xms_edov: false }, null, ISS, RULES).emailVerified, false);
    assert.equal(
      mergeClaims({ sub: "u1", email: "a@x.test", email_verified: false, xms_edov: true }, null, ISS, RULES)
        .emailVerified,
      false,
      "an explicit email_verified wins",
    );
  });
});
