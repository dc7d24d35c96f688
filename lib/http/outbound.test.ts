import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, afterEach, before, describe, it } from "node:test";
import { Issuer } from "openid-client";
import { addressRefusal } from "./address-policy";
import { installOpenidClientPolicy } from "./openid-client-policy";
import { fetchJson, type OutboundError, outboundRequest, policyLookup } from "./outbound";

const PROD = { NODE_ENV: "production" } as NodeJS.ProcessEnv;
type Reloadable = { reloadJwksUri(): Promise<void> };
const savedEnv = { NODE_ENV: process.env.NODE_ENV, KEYWAY_OUTBOUND_ALLOW: process.env.KEYWAY_OUTBOUND_ALLOW };
function setEnv(env: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}
afterEach(() => setEnv(savedEnv));

describe("addressRefusal (production)", () => {
  const refused = [
    "127.0.0.1",
    "127.5.6.7",
    "10.0.0.5",
    "172.16.3.4",
    "192.168.1.1",
    "100.64.0.1",
    "169.254.169.254",
    "0.0.0.0",
    "::1",
    "::",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:a9fe:a9fe",
    "fe80::1",
    "fd00::1",
    "fd00:ec2::254",
    "64:ff9b::7f00:1",
    "224.0.0.1",
    "255.255.255.255",
  ];
  for (const address of refused) {
    it(`refuses ${address}`, () => assert.match(addressRefusal(address, address, PROD) ?? "", /KEYWAY_OUTBOUND_ALLOW/));
  }
  for (const address of ["93.184.216.34", "8.8.8.8", "2606:4700::1111"]) {
    it(`allows public ${address}`, () => assert.equal(addressRefusal(address, address, PROD), null));
  }
  it("development allows loopback only, not private ranges", () => {
    const dev = { NODE_ENV: "development" } as NodeJS.ProcessEnv;
    assert.equal(addressRefusal("127.0.0.1", "localhost", dev), null);
    assert.equal(addressRefusal("::1", "localhost", dev), null);
    assert.notEqual(addressRefusal("10.0.0.5", "10.0.0.5", dev), null);
    assert.notEqual(addressRefusal("169.254.169.254", "169.254.169.254", dev), null);
  });
  it("the operator allow-list names CIDRs, addresses and hosts", () => {
    const env = { ...PROD, KEYWAY_OUTBOUND_ALLOW: "10.1.0.0/16, 127.0.0.1 idp.internal" };
    assert.equal(addressRefusal("10.1.2.3", "10.1.2.3", env), null);
    assert.notEqual(addressRefusal("10.2.0.1", "10.2.0.1", env), null);
    assert.equal(addressRefusal("127.0.0.1", "127.0.0.1", env), null);
    assert.equal(addressRefusal("::ffff:127.0.0.1", "x", env), null);
    assert.equal(addressRefusal("192.168.9.9", "idp.internal", env), null);
    assert.notEqual(addressRefusal("192.168.9.9", "other.internal", env), null);
  });
});

describe("outboundRequest against a loopback server", () => {
  let server: http.Server;
  let port = 0;
  let hits = 0;
  before(async () => {
    server = http.createServer((req, res) => {
      hits++;
      if (req.url === "/hang") return; // accepts, never answers
      if (req.url === "/endless") {
        res.writeHead(200, { "content-type": "application/json" });
        const chunk = Buffer.alloc(64 * 1024, 32);
        const pump = () => {
          while (res.write(chunk));
        };
        res.on("drain", pump);
        pump();
        return;
      }
      if (req.url === "/garbage") return void res.end("<html>not json");
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ ok: true }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => server.closeAllConnections() ?? server.close());

  const spellings = ["127.0.0.1", "2130706433", "0x7f000001", "127.1", "0177.0.0.1", "[::ffff:127.0.0.1]", "localhost"];
  for (const host of spellings) {
    it(`production refuses http://${host}:<port> before sending anything`, async () => {
      setEnv({ NODE_ENV: "production", KEYWAY_OUTBOUND_ALLOW: undefined });
      const before = hits;
      await assert.rejects(fetchJson(`http://${host}:${port}/x`), (e: OutboundError) => e.code === "IDP_REFUSED");
      assert.equal(hits, before);
    });
  }
  it("production refuses [::1] and the metadata address", async () => {
    setEnv({ NODE_ENV: "production", KEYWAY_OUTBOUND_ALLOW: undefined });
    await assert.rejects(fetchJson(`http://[::1]:${port}/x`), (e: OutboundError) => e.code === "IDP_REFUSED");
    await assert.rejects(
      fetchJson("http://169.254.169.254/latest/meta-data/"),
      (e: OutboundError) => e.code === "IDP_REFUSED",
    );
  });
  it("an allow-listed loopback works in production", async () => {
    setEnv({ NODE_ENV: "production", KEYWAY_OUTBOUND_ALLOW: "127.0.0.0/8" });
    assert.deepEqual(await fetchJson(`http://127.0.0.1:${port}/x`), { ok: true });
    assert.deepEqual(await fetchJson(`http://localhost:${port}/x`), { ok: true });
  });
  it("the lookup refuses a name when any of its addresses is refused", async () => {
    setEnv({ NODE_ENV: "production", KEYWAY_OUTBOUND_ALLOW: undefined });
    const error = await new Promise<Error | null>((resolve) => policyLookup("localhost", {}, (e) => resolve(e)));
    assert.equal((error as { code?: string })?.code, "OUTBOUND_REFUSED");
  });
  it("a hanging server times out at the deadline", async () => {
    setEnv({ NODE_ENV: "development" });
    const started = Date.now();
    await assert.rejects(
      fetchJson(`http://127.0.0.1:${port}/hang`, {}, 300),
      (e: OutboundError) => e.code === "IDP_TIMEOUT",
    );
    assert.ok(Date.now() - started < 2_000);
  });
  it("an endless body is cut off while streaming", async () => {
    setEnv({ NODE_ENV: "development" });
    const rss = process.memoryUsage().rss;
    await assert.rejects(
      outboundRequest(`http://127.0.0.1:${port}/endless`, { maxBytes: 256 * 1024 }),
      (e: OutboundError) => e.code === "IDP_BAD_RESPONSE",
    );
    assert.ok(process.memoryUsage().rss - rss < 50 * 1024 * 1024);
  });
  it("garbage is a named error, not a crash", async () => {
    setEnv({ NODE_ENV: "development" });
    await assert.rejects(
      fetchJson(`http://127.0.0.1:${port}/garbage`),
      (e: OutboundError) => e.code === "IDP_NOT_JSON",
    );
  });
  it("openid-client's own requests (JWKS here) obey the same policy once installed", async () => {
    installOpenidClientPolicy();
    setEnv({ NODE_ENV: "production", KEYWAY_OUTBOUND_ALLOW: undefined });
    const issuer = new Issuer({
      issuer: "https://idp.example",
      jwks_uri: `http://127.0.0.1:${port}/jwks`,
    }) as unknown as Reloadable;
    const before = hits;
    await assert.rejects(issuer.reloadJwksUri(), /KEYWAY_OUTBOUND_ALLOW/);
    const literal = new Issuer({
      issuer: "https://i",
      jwks_uri: `http://2130706433:${port}/jwks`,
    }) as unknown as Reloadable;
    await assert.rejects(literal.reloadJwksUri(), /KEYWAY_OUTBOUND_ALLOW/);
    // The token endpoint, called by a Client (what a signed-out visitor's callback triggers).
    const client = new new Issuer({ issuer: "https://i", token_endpoint: `http://127.0.0.1:${port}/token` }).Client({
      client_id: "c",
      client_secret: "s",
    });
    await assert.rejects(client.grant({ grant_type: "client_credentials" }), /KEYWAY_OUTBOUND_ALLOW/);
    assert.equal(hits, before);
    setEnv({ KEYWAY_OUTBOUND_ALLOW: "127.0.0.1" });
    await assert.rejects(issuer.reloadJwksUri(), (e: Error) => !/KEYWAY_OUTBOUND_ALLOW/.test(e.message));
    assert.equal(hits, before + 1);
  });
});
