import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { startIdp, type RunningIdp } from "../../tools/test-idp/server";
import { fetchJson, OutboundError } from "../http/outbound";
import { discoverConfiguration, discoverIssuer, discoveryCandidates, preferredAuthMethod } from "./discovery";

describe("discoveryCandidates", () => {
  it("tries each path prefix of the Authorization URL, longest first, then the origin", () => {
    assert.deepEqual(discoveryCandidates("https://kc.example.com/realms/acme/protocol/openid-connect/auth"), [
      "https://kc.example.com/realms/acme/protocol/.well-known/openid-configuration",
      "https://kc.example.com/realms/acme/.well-known/openid-configuration",
      "https://kc.example.com/realms/.well-known/openid-configuration",
      "https://kc.example.com/.well-known/openid-configuration",
    ]);
  });

  it("tries at most 4 candidates however deep the path (no port scanner with timing)", async () => {
    const deep = `https://idp.example.com/${"a/".repeat(1000)}auth`;
    assert.equal(discoveryCandidates(deep).length, 4);
    const asked: string[] = [];
    await discoverIssuer(deep, async (url) => {
      asked.push(url);
      throw new OutboundError("IDP_BAD_STATUS", "404");
    });
    assert.equal(asked.length, 4);
  });

  it("gives up at one overall deadline, not one per candidate", async () => {
    const started = Date.now();
    const found = await discoverIssuer(
      "https://idp.example.com/a/b/c/auth",
      (_url, _init, left) =>
        new Promise((_, reject) =>
          setTimeout(() => reject(new OutboundError("IDP_TIMEOUT", "slow")), Math.min(left, 200)),
        ),
      300,
    );
    assert.equal(found, null);
    assert.ok(Date.now() - started < 700, `took ${Date.now() - started} ms`);
  });
});

describe("discoverIssuer against a real OpenID Provider", () => {
  let idp: RunningIdp;
  before(async () => {
    idp = await startIdp({
      port: 0,
      clients: [
        { clientId: "c", clientSecret: "s", authMethod: "client_secret_post", redirectUris: ["http://127.0.0.1/cb"] },
      ],
    });
  });
  after(() => idp.close());

  it("finds the issuer from the authorization endpoint", async () => {
    const found = await discoverIssuer(idp.authorizationUrl);
    assert.deepEqual(found, { issuer: idp.issuer, documentUrl: `${idp.issuer}/.well-known/openid-configuration` });
  });

  it("refuses a document that describes another authorization endpoint", async () => {
    assert.equal(await discoverIssuer(`${idp.issuer}/not-the-auth-endpoint`), null);
  });

  it("answers null when nothing is there (unreachable host)", async () => {
    assert.equal(await discoverIssuer("http://127.0.0.1:9/auth"), null);
  });
});

describe("discoverConfiguration against a real OpenID Provider", () => {
  let idp: RunningIdp;
  before(async () => {
    idp = await startIdp({
      port: 0,
      clients: [
        { clientId: "c", clientSecret: "s", authMethod: "client_secret_post", redirectUris: ["http://127.0.0.1/cb"] },
      ],
    });
  });
  after(() => idp.close());

  it("fills every field from the issuer, Post preselected when both methods are supported", async () => {
    const found = await discoverConfiguration(idp.issuer);
    assert.deepEqual(found, {
      ok: true,
      config: {
        issuer: idp.issuer,
        authorizationUrl: idp.authorizationUrl,
        tokenUri: idp.tokenUrl,
        userInfoUri: idp.userinfoUrl,
        jwksUri: idp.jwksUri,
        clientAuthMethod: "client_secret_post",
        endSessionUri: idp.endSessionUrl,
        documentUrl: `${idp.issuer}/.well-known/openid-configuration`,
      },
    });
  });

  it("accepts the discovery URL as typed", async () => {
    const found = await discoverConfiguration(`${idp.issuer}/.well-known/openid-configuration`);
    assert.equal(found.ok && found.config.issuer, idp.issuer);
  });

  it("names a trailing-slash mismatch and what to type", async () => {
    const found = await discoverConfiguration(`${idp.issuer}/`);
    assert.equal(found.ok, false);
    assert.equal(!found.ok && found.code, "ISSUER_TRAILING_SLASH");
    assert.match(!found.ok ? found.message : "", new RegExp(`differ only by a trailing slash.*enter "${idp.issuer}"`));
  });
});

describe("discoverConfiguration: one clear error per failure", () => {
  let server: Server;
  let base = "";
  const doc = (issuer: string, extra: Record<string, unknown> = {}) => ({
    issuer,
    authorization_endpoint: `${issuer}/auth`,
    token_endpoint: `${issuer}/token`,
    userinfo_endpoint: `${issuer}/me`,
    jwks_uri: `${issuer}/jwks`,
    ...extra,
  });
  before(async () => {
    server = createServer((req, res) => {
      const path = req.url ?? "";
      const json = (body: unknown) =>
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
      if (path.startsWith("/html/"))
        return res.writeHead(200, { "content-type": "text/html" }).end("<html>login</html>");
      if (path.startsWith("/redirect/")) return res.writeHead(302, { location: "https://elsewhere.example/" }).end();
      if (path.startsWith("/slow/")) return void setTimeout(() => json({}), 3_000);
      if (path.startsWith("/missing/")) return json({ issuer: `${base}/missing` });
      if (path.startsWith("/tenant/")) return json(doc("https://login.example.com/{tenantid}/v2.0"));
      if (path.startsWith("/basic/"))
        return json(doc(`${base}/basic`, { token_endpoint_auth_methods_supported: ["client_secret_basic"] }));
      if (path.startsWith("/none/")) return json(doc(`${base}/none`));
      if (path.startsWith("/other/")) return json(doc("https://other.example"));
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  const code = async (typed: string, fetcher?: typeof fetchJson) => {
    const found = await discoverConfiguration(typed, fetcher);
    return found.ok ? found.config.clientAuthMethod : found.code;
  };

  it("maps each failure to its code", async () => {
    assert.equal(await code("not a url"), "INVALID_URL");
    assert.equal(await code(`${base}/html`), "NOT_JSON");
    assert.equal(await code(`${base}/redirect`), "REDIRECT");
    assert.equal(await code(`${base}/missing`), "MISSING_FIELDS");
    assert.equal(await code(`${base}/tenant`), "ISSUER_PLACEHOLDER");
    assert.equal(await code(`${base}/other`), "ISSUER_MISMATCH");
    assert.equal(await code(`${base}/nothing`), "BAD_STATUS");
    assert.equal(await code("http://127.0.0.1:9"), "UNREACHABLE");
    assert.equal(await code(`${base}/slow`, (url) => fetchJson(url, {}, 200)), "TIMEOUT");
  });

  it("names the missing fields and the redirect target", async () => {
    const missing = await discoverConfiguration(`${base}/missing`);
    assert.match(
      !missing.ok ? missing.message : "",
      /authorization_endpoint, token_endpoint, userinfo_endpoint, jwks_uri/,
    );
    const redirect = await discoverConfiguration(`${base}/redirect`);
    assert.match(
      !redirect.ok ? redirect.message : "",
      /redirect to https:\/\/elsewhere\.example\/.*does not follow redirects/,
    );
    const tenant = await discoverConfiguration(`${base}/tenant`);
    assert.match(!tenant.ok ? tenant.message : "", /\{tenantid\}.*your own tenant's discovery URL/);
  });

  it("preselects Basic when only Basic is listed, and when nothing is (the spec's default)", async () => {
    assert.equal(await code(`${base}/basic`), "client_secret_basic");
    assert.equal(await code(`${base}/none`), "client_secret_basic");
  });

  it("an IdP without end_session_endpoint gets an empty End Session URI (RP-initiated logout stays off)", async () => {
    const found = await discoverConfiguration(`${base}/basic`);
    assert.equal(found.ok && found.config.endSessionUri, "");
  });
});

describe("preferredAuthMethod", () => {
  it("Post first, then Private key JWT when no secret method is listed, else Basic", () => {
    assert.equal(
      preferredAuthMethod(["client_secret_basic", "client_secret_post", "private_key_jwt"]),
      "client_secret_post",
    );
    assert.equal(preferredAuthMethod(["private_key_jwt", "client_secret_basic"]), "client_secret_basic");
    assert.equal(preferredAuthMethod(["private_key_jwt"]), "private_key_jwt");
    assert.equal(preferredAuthMethod(undefined), "client_secret_basic");
  });
});
