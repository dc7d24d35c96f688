import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { seal } from "../../crypto/seal";
import { freshDatabase, type TestDb } from "../../testing/test-db";
import { formCheckTarget, savedCheckTarget } from "./target";

const saved = {
  registrationId: "acme",
  clientId: "c",
  authorizationUrl: "https://idp.example.com/auth",
  jwksUri: "https://idp.example.com/jwks",
  tokenUri: "https://idp.example.com/token",
  userInfoUri: "https://idp.example.com/me",
  issuer: "https://idp.example.com",
  clientAuthMethod: "client_secret_post",
  loginButtonText: "Acme",
};
const { loginButtonText: _unused, ...fields } = saved;
const form = { ...fields, clientAuthMethod: "client_secret_post" as const, clientSecret: "" };

describe(`check targets (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  let t: TestDb;
  before(async () => {
    t = await freshDatabase();
    await t.db.integration.create({ data: { ...saved, clientSecretSealed: seal("saved-secret") } });
  });
  after(() => t.close());

  it("a saved integration: its values, its unsealed secret and Keyway's Redirect URI", async () => {
    const target = await savedCheckTarget("acme", t.db);
    assert.equal(target.clientSecret, "saved-secret");
    assert.match(target.redirectUri, /\/api\/auth\/callback\/acme$/);
    await assert.rejects(savedCheckTarget("nope", t.db), /was not found/);
  });

  it("form values with a typed secret use it", async () => {
    assert.equal((await formCheckTarget({ ...form, clientSecret: "typed" }, t.db)).clientSecret, "typed");
  });

  it("an empty secret uses the saved one only towards the saved Token URI's host", async () => {
    assert.equal((await formCheckTarget(form, t.db)).clientSecret, "saved-secret");
    await assert.rejects(
      formCheckTarget({ ...form, tokenUri: "https://elsewhere.example.net/token" }, t.db),
      (e: Error & { fieldErrors?: Record<string, string> }) =>
        e.fieldErrors?.clientSecret === "Enter the Client Secret to check these values.",
    );
    await assert.rejects(formCheckTarget({ ...form, registrationId: "new-one" }, t.db), /Some fields need attention/);
  });
});
