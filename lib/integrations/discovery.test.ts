import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startIdp, type RunningIdp } from "../../e2e/idp/server";
import { OutboundError } from "@/lib/http/outbound";
import { discoverIssuer, discoveryCandidates } from "./discovery";

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
    const found = await discoverIssuer("https://idp.example.com/a/b/c/auth", (_url, _init, left) =>
      new Promise((_, reject) => setTimeout(() => reject(new OutboundError("IDP_TIMEOUT", "slow")), Math.min(left, 200))),
    300);
    assert.equal(found, null);
    assert.ok(Date.now() - started < 700, `took ${Date.now() - started} ms`);
  });
});

describe("discoverIssuer against a real OpenID Provider", () => {
  let idp: RunningIdp;
  before(async () => {
    idp = await startIdp({ port: 0, clients: [{ clientId: "c", clientSecret: "s", authMethod: "client_secret_post", redirectUris: ["http://127.0.0.1/cb"] }] });
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
