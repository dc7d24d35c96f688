// The test IdP's rotation and drift controls: a switched secret list is what the token endpoint accepts (Post and
// Basic), an accepted secret works end to end, the issuer of the discovery document and the JWKS's keys change.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { signIn } from "./login-flow";
import { CLIENT_SECRETS_PATH, ISSUER_PATH } from "./idp-changes";
import { startIdp, type IdpClient, type RunningIdp } from "./server";
import { KEYS_PATH } from "./test-api";

const post: IdpClient = {
  clientId: "rot-post",
  clientSecret: "registered-post",
  authMethod: "client_secret_post",
  redirectUris: ["http://127.0.0.1:3999/api/auth/callback/post"],
};
const basic: IdpClient = {
  clientId: "rot-basic",
  clientSecret: "registered-basic",
  authMethod: "client_secret_basic",
  redirectUris: ["http://127.0.0.1:3999/api/auth/callback/basic"],
};

/** A token request with a made-up code: invalid_grant means the client was authenticated, invalid_client not. */
async function probe(idp: RunningIdp, client: IdpClient, secret: string): Promise<string> {
  const form = new URLSearchParams({
    grant_type: "authorization_code",
    code: "x",
    redirect_uri: client.redirectUris[0]!,
  });
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (client.authMethod === "client_secret_basic")
    headers.authorization = `Basic ${Buffer.from(`${client.clientId}:${secret}`).toString("base64")}`;
  else {
    form.set("client_id", client.clientId);
    form.set("client_secret", secret);
  }
  const res = await fetch(idp.tokenUrl, { method: "POST", headers, body: form.toString() });
  return ((await res.json()) as { error: string }).error;
}

const put = (idp: RunningIdp, path: string, body: unknown) =>
  fetch(`${idp.issuer}${path}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("test IdP changes (rotation, issuer, keys)", () => {
  let idp: RunningIdp;
  before(async () => {
    idp = await startIdp({ port: 0, clients: [post, basic], exposeTestApi: true });
  });
  after(() => idp.close());

  it("accepts exactly the switched secrets, with Post and Basic, and the registered one again after a reset", async () => {
    for (const client of [post, basic]) {
      assert.equal(await probe(idp, client, client.clientSecret), "invalid_grant");
      assert.equal(
        (await put(idp, CLIENT_SECRETS_PATH, { clientId: client.clientId, accept: ["old", "new"] })).status,
        200,
      );
      assert.equal(await probe(idp, client, "old"), "invalid_grant");
      assert.equal(await probe(idp, client, "new"), "invalid_grant");
      assert.equal(await probe(idp, client, client.clientSecret), "invalid_client");
      await put(idp, CLIENT_SECRETS_PATH, { clientId: client.clientId, accept: ["new"] });
      assert.equal(await probe(idp, client, "old"), "invalid_client");
      await put(idp, CLIENT_SECRETS_PATH, { clientId: client.clientId, accept: null });
      assert.equal(await probe(idp, client, client.clientSecret), "invalid_grant");
    }
  });

  it("a full sign-in with a switched-in secret gets tokens", async () => {
    await put(idp, CLIENT_SECRETS_PATH, { clientId: post.clientId, accept: ["rotated-secret"] });
    const { tokenSet } = await signIn(idp.issuer, { ...post, clientSecret: "rotated-secret" }, "ann");
    assert.ok(tokenSet.id_token);
    await assert.rejects(signIn(idp.issuer, post, "ann"), /invalid_client/);
    await put(idp, CLIENT_SECRETS_PATH, { clientId: post.clientId, accept: null });
  });

  it("the discovery document names another issuer while one is set", async () => {
    const doc = async () => (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()).issuer;
    await put(idp, ISSUER_PATH, { issuer: "https://moved.example.test" });
    assert.equal(await doc(), "https://moved.example.test");
    await put(idp, ISSUER_PATH, { issuer: null });
    assert.equal(await doc(), idp.issuer);
  });

  it("a rotation with retire leaves only the new key in the JWKS", async () => {
    const kids = async () => ((await (await fetch(idp.jwksUri)).json()).keys as { kid: string }[]).map((k) => k.kid);
    const [first] = await kids();
    const rotated = await (await fetch(`${idp.issuer}${KEYS_PATH}`, { method: "POST" })).json();
    assert.deepEqual(await kids(), [rotated.kid, first]);
    const retired = await (
      await fetch(`${idp.issuer}${KEYS_PATH}`, { method: "POST", body: JSON.stringify({ retire: true }) })
    ).json();
    assert.deepEqual(await kids(), [retired.kid]);
  });
});
