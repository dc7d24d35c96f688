// Issue 6, finding 7: only a callback carrying a state cookie Keyway issued may record an integration's health.
import assert from "node:assert/strict";
import type { JWT } from "next-auth/jwt";
import { describe, it } from "node:test";
import { encode } from "next-auth/jwt";

process.env.NEXTAUTH_SECRET = "callback-state-test-secret-0123456789abcdef";
const { healthProviderOf, lazyHealthProvider, mayRecordHealth, runSignInRequest } = await import("./callback-state");

const stateCookie = (name = "next-auth.state", secret = process.env.NEXTAUTH_SECRET!) =>
  // A check cookie (state), not a session token: it has none of the session claims.
  encode({ token: { value: "some-state" } as unknown as JWT, secret, salt: name, maxAge: 900 });
const request = (cookie?: string) =>
  new Request("http://127.0.0.1/api/auth/callback/acme?error=access_denied", { headers: cookie ? { cookie } : {} });

describe("healthProviderOf", () => {
  it("a callback with this browser's state cookie may record for its own integration", async () => {
    const cookie = `other=1; next-auth.state=${await stateCookie()}`;
    assert.equal(await healthProviderOf(request(cookie), ["callback", "acme"]), "acme");
    assert.equal(await healthProviderOf(request(cookie), ["signin", "acme"]), null);
  });

  it("no cookies, a forged cookie, or one from another secret: nothing is recorded", async () => {
    assert.equal(await healthProviderOf(request(), ["callback", "acme"]), null);
    assert.equal(await healthProviderOf(request("next-auth.state=forged"), ["callback", "acme"]), null);
    const alien = await stateCookie("next-auth.state", "another-secret-0123456789abcdef0123456789");
    assert.equal(await healthProviderOf(request(`next-auth.state=${alien}`), ["callback", "acme"]), null);
    // A cookie encrypted for another purpose (the nonce) is not a state cookie.
    const nonce = await stateCookie("next-auth.nonce");
    assert.equal(await healthProviderOf(request(`next-auth.state=${nonce}`), ["callback", "acme"]), null);
  });

  it("mayRecordHealth answers for the request being handled only", async () => {
    const from = (answer: string | null) => ({ healthProvider: async () => answer });
    assert.equal(await mayRecordHealth("acme"), false);
    assert.equal(await runSignInRequest(from("acme"), () => mayRecordHealth("acme")), true);
    assert.equal(await runSignInRequest(from("acme"), () => mayRecordHealth("other")), false);
    assert.equal(await runSignInRequest(from(null), () => mayRecordHealth("acme")), false);
  });

  it("the state cookie is decrypted only when asked, and once", async () => {
    let reads = 0;
    const cookie = `next-auth.state=${await stateCookie()}`;
    const req = request(cookie);
    const headers = req.headers;
    const get = headers.get.bind(headers);
    headers.get = (name: string) => ((reads += 1), get(name));
    const lazy = lazyHealthProvider(req, ["callback", "acme"]);
    assert.equal(reads, 0, "not read before it is needed");
    assert.deepEqual([await lazy(), await lazy()], ["acme", "acme"]);
    assert.equal(reads, 1);
  });
});
