import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startIdp, type RunningIdp } from "./server";
import { CLOCK_PATH, FETCH_COUNTS_PATH, JWKS_SWITCH_PATH, KEYS_PATH } from "./test-api";

// The test IdP's key ring as seen over HTTP: rotation, fetch counts, and a JWKS that can be taken down.
describe("test identity provider: signing keys", () => {
  let idp: RunningIdp;
  const api = (path: string, init?: RequestInit) => fetch(`${idp.issuer}${path}`, init);
  const counts = async () => (await (await api(FETCH_COUNTS_PATH)).json()) as { jwks: number; discovery: number };
  const kids = async () => ((await (await fetch(idp.jwksUri)).json()) as { keys: { kid: string; d?: string }[] }).keys;

  before(async () => {
    idp = await startIdp({
      port: 0,
      clients: [
        {
          clientId: "c",
          clientSecret: "s",
          authMethod: "client_secret_post",
          redirectUris: ["http://127.0.0.1:3999/cb"],
        },
      ],
      exposeTestApi: true,
    });
  });
  after(() => idp.close());

  it("counts JWKS and discovery fetches until the counts are cleared", async () => {
    assert.equal((await api(FETCH_COUNTS_PATH, { method: "DELETE" })).status, 204);
    await fetch(idp.jwksUri);
    await fetch(idp.jwksUri);
    await api("/.well-known/openid-configuration");
    assert.deepEqual(await counts(), { jwks: 2, discovery: 1 });
    await api(FETCH_COUNTS_PATH, { method: "DELETE" });
    assert.deepEqual(await counts(), { jwks: 0, discovery: 0 });
  });

  it("rotates: the JWKS serves the new key first and the previous one, public halves only", async () => {
    const [original] = await kids();
    const res = await api(KEYS_PATH, { method: "POST" });
    assert.equal(res.status, 200);
    const { kid } = (await res.json()) as { kid: string };
    const keys = await kids();
    assert.deepEqual(
      keys.map((k) => k.kid),
      [kid, original!.kid],
    );
    assert.ok(
      keys.every((k) => k.d === undefined),
      "no private key material in the JWKS",
    );
    assert.equal((await api(KEYS_PATH)).status, 405);
  });

  it("rotates under the same kid: the JWKS serves the new key in the old one's place", async () => {
    const before = await kids();
    const keyOf = async (kid: string) =>
      ((await (await fetch(idp.jwksUri)).json()) as { keys: { kid: string; n: string }[] }).keys.find(
        (k) => k.kid === kid,
      )!;
    const oldKey = await keyOf(before[0]!.kid);
    const res = await api(KEYS_PATH, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sameKid: true }),
    });
    assert.deepEqual(await res.json(), { kid: before[0]!.kid, sameKid: true });
    assert.deepEqual(
      (await kids()).map((k) => k.kid),
      before.map((k) => k.kid),
      "same kids, same order",
    );
    assert.notEqual((await keyOf(before[0]!.kid)).n, oldKey.n, "a different key under that kid");
  });

  it("skews the clock: the Date header moves, the test API refuses nonsense", async () => {
    const put = (body: unknown) =>
      api(CLOCK_PATH, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    assert.equal((await put({ skewS: "soon" })).status, 400);
    assert.equal((await put({ skewS: 99_999 })).status, 400);
    assert.deepEqual(await (await put({ skewS: 120 })).json(), { skewS: 120 });
    const ahead = Date.parse((await fetch(idp.jwksUri)).headers.get("date")!) - Date.now();
    assert.ok(ahead > 115_000 && ahead < 125_000, `Date header ${ahead} ms ahead`);
    await put({ skewS: 0 });
    const now = Date.parse((await fetch(idp.jwksUri)).headers.get("date")!) - Date.now();
    assert.ok(Math.abs(now) < 2_000, `Date header ${now} ms off after reset`);
  });

  it("takes the JWKS down and up, refusing anything but a boolean", async () => {
    const put = (body: string) =>
      api(JWKS_SWITCH_PATH, { method: "PUT", headers: { "content-type": "application/json" }, body });
    assert.equal((await put(JSON.stringify({ down: "yes" }))).status, 400);
    assert.equal((await put(JSON.stringify({ down: true }))).status, 200);
    assert.equal((await fetch(idp.jwksUri)).status, 503);
    assert.equal((await put(JSON.stringify({ down: false }))).status, 200);
    assert.equal((await fetch(idp.jwksUri)).status, 200);
  });
});
