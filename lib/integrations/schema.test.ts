import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { INTEGRATION_DEFAULTS, integrationCreateSchema, integrationSchema } from "./schema";

const valid = {
  ...INTEGRATION_DEFAULTS,
  registrationId: "acme-sso",
  clientId: "client",
  clientSecret: "secret",
  authorizationUrl: "https://idp.example.com/auth",
  jwksUri: "https://idp.example.com/jwks",
  tokenUri: "https://idp.example.com/token",
  userInfoUri: "https://idp.example.com/userinfo",
  loginButtonText: "Sign in with Acme",
};
const strict = integrationSchema({ allowInsecureUrls: false });
const errorsOf = (input: object, schema = strict) => {
  const result = schema.safeParse(input);
  assert.equal(result.success, false, "expected the input to be refused");
  return Object.fromEntries(result.error!.issues.reverse().map((i) => [i.path.join("."), i.message]));
};

describe("integrationSchema", () => {
  it("accepts a complete integration, trims text, defaults Issuer to empty and Post", () => {
    const parsed = strict.parse({ ...valid, loginButtonText: "  Acme  " });
    assert.equal(parsed.loginButtonText, "Acme");
    assert.equal(parsed.issuer, "");
    assert.equal(parsed.clientAuthMethod, "client_secret_post");
  });

  it("Registration ID: 2–40 chars of a-z 0-9 -, not reserved", () => {
    assert.match(errorsOf({ ...valid, registrationId: "a" }).registrationId, /2–40/);
    assert.match(errorsOf({ ...valid, registrationId: "a".repeat(41) }).registrationId, /2–40/);
    assert.match(errorsOf({ ...valid, registrationId: "Acme_SSO" }).registrationId, /lower-case/);
    assert.match(errorsOf({ ...valid, registrationId: "credentials" }).registrationId, /reserved/);
    assert.match(errorsOf({ ...valid, registrationId: "callback" }).registrationId, /reserved/);
    assert.equal(strict.parse({ ...valid, registrationId: "a-1" }).registrationId, "a-1");
  });

  it("URLs must be absolute http(s); https unless loopback or allowed by the operator", () => {
    assert.match(errorsOf({ ...valid, tokenUri: "/token" }).tokenUri, /absolute http\(s\) URL/);
    assert.match(errorsOf({ ...valid, jwksUri: "ftp://idp.example.com/jwks" }).jwksUri, /absolute http\(s\) URL/);
    assert.match(
      errorsOf({ ...valid, authorizationUrl: "http://idp.example.com/auth" }).authorizationUrl,
      /must use https/,
    );
    assert.match(
      errorsOf({ ...valid, userInfoUri: "https://user:pw@idp.example.com/me" }).userInfoUri,
      /user name or password/,
    );
    for (const host of ["127.0.0.1:3001", "localhost:8080", "[::1]:9000"]) {
      assert.ok(strict.safeParse({ ...valid, tokenUri: `http://${host}/token` }).success, host);
    }
    assert.ok(
      integrationSchema({ allowInsecureUrls: true }).safeParse({ ...valid, tokenUri: "http://idp.internal/token" })
        .success,
    );
  });

  it("Issuer is optional but must be a URL when given", () => {
    assert.equal(strict.parse({ ...valid, issuer: "https://idp.example.com" }).issuer, "https://idp.example.com");
    assert.match(errorsOf({ ...valid, issuer: "idp" }).issuer, /absolute http\(s\) URL/);
  });

  it("Login Button Text 1–60 chars; secrets 1–2,048 chars; 10 KB strings refused with a message", () => {
    assert.match(errorsOf({ ...valid, loginButtonText: "   " }).loginButtonText, /Enter the Login Button Text/);
    assert.match(errorsOf({ ...valid, loginButtonText: "x".repeat(61) }).loginButtonText, /at most 60/);
    const create = integrationCreateSchema({ allowInsecureUrls: false });
    const createErrors = (input: object) => create.safeParse(input).error?.flatten().fieldErrors.clientSecret ?? [];
    assert.match(createErrors({ ...valid, clientSecret: "" }).join(), /Enter the Client Secret/);
    assert.deepEqual(createErrors({ ...valid, clientSecret: "", clientAuthMethod: "private_key_jwt" }), []);
    assert.ok(strict.safeParse({ ...valid, clientSecret: "s".repeat(2048) }).success);
    assert.match(errorsOf({ ...valid, clientSecret: "s".repeat(2049) }).clientSecret, /2,048/);
    const huge = "x".repeat(10 * 1024);
    const errors = errorsOf({
      ...valid,
      clientId: huge,
      authorizationUrl: `https://idp.example.com/${huge}`,
      loginButtonText: huge,
    });
    assert.match(errors.clientId, /at most 512/);
    assert.match(errors.authorizationUrl, /2,048/);
    assert.match(errors.loginButtonText, /at most 60/);
  });

  it("only Post, Basic or Private key JWT, only Custom SSO", () => {
    assert.match(
      errorsOf({ ...valid, clientAuthMethod: "client_secret_jwt" }).clientAuthMethod,
      /Post, Basic or Private key JWT/,
    );
    assert.ok(strict.safeParse({ ...valid, clientAuthMethod: "private_key_jwt" }).success);
    assert.match(errorsOf({ ...valid, provider: "github" }).provider, /provider/);
  });
});

describe("integrationSchema: internal addresses are refused at save, as the request-time policy would", () => {
  const production = integrationSchema({ allowInsecureUrls: false, outboundAllow: "", allowLoopback: false });
  it("every IdP URL field refuses an internal literal in any notation, naming KEYWAY_OUTBOUND_ALLOW", () => {
    for (const host of ["169.254.169.254", "10.0.0.5", "0xa9fea9fe", "[::ffff:a9fe:a9fe]", "metadata.google.internal"])
      for (const field of ["authorizationUrl", "jwksUri", "tokenUri", "userInfoUri", "issuer"] as const) {
        const message = errorsOf({ ...valid, [field]: `https://${host}/x` }, production)[field];
        assert.match(message, /points into Keyway's own network: .*KEYWAY_OUTBOUND_ALLOW/, `${field} ${host}`);
      }
  });
  it("an operator-allowed address is accepted; loopback only where the request-time policy allows it", () => {
    const allowed = integrationSchema({
      allowInsecureUrls: false,
      outboundAllow: "10.20.0.0/16",
      allowLoopback: false,
    });
    assert.ok(allowed.safeParse({ ...valid, tokenUri: "https://10.20.0.7/token" }).success);
    assert.match(errorsOf({ ...valid, tokenUri: "http://127.0.0.1:3001/token" }, production).tokenUri, /own network/);
    const development = integrationSchema({ allowInsecureUrls: true, outboundAllow: "", allowLoopback: true });
    assert.ok(development.safeParse({ ...valid, tokenUri: "http://127.0.0.1:3001/token" }).success);
  });
});
