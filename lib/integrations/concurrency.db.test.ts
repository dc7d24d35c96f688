// Fault: 100 admins (or one script) create the same Registration ID at the same moment. The unique index decides:
// exactly one row, and every other request gets the clear field error — never a 500.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, describe, it } from "node:test";
import { freshDatabase } from "../testing/test-db";

process.env.KEYWAY_SEALING_KEY ??= randomBytes(32).toString("base64");
const t = await freshDatabase();
const { runAuthorized } = await import("../authz/action");
const { integrationSchema } = await import("./schema");
const { createIntegration } = await import("./service");

const admin = {
  id: "admin",
  email: "admin@example.test",
  name: "Admin",
  role: "ADMIN",
  authorities: ["OAUTH_INTEGRATION_WRITE" as const],
};
const body = (n: number) => ({
  provider: "custom-sso",
  registrationId: "race-sso",
  clientId: `client-${n}`,
  clientSecret: `secret-${n}`,
  authorizationUrl: "https://idp.example.com/auth",
  jwksUri: "https://idp.example.com/jwks",
  tokenUri: "https://idp.example.com/token",
  userInfoUri: "https://idp.example.com/userinfo",
  issuer: "https://idp.example.com",
  clientAuthMethod: "client_secret_post",
  loginButtonText: `Race ${n}`,
});

describe(`100 parallel creates of one Registration ID (${t.flavour})`, () => {
  after(() => t.close());

  it("exactly one row, 99 clear field errors", async () => {
    const schema = integrationSchema({ allowInsecureUrls: false });
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, n) =>
        runAuthorized({
          authority: "OAUTH_INTEGRATION_WRITE",
          schema,
          input: body(n),
          handler: (input, user) => createIntegration({ id: null, email: user.email }, input, { db: t.db }),
          loadUser: async () => admin,
        }),
      ),
    );
    const ok = results.filter((r) => r.ok);
    const refused = results.filter((r) => !r.ok);
    assert.equal(ok.length, 1);
    assert.equal(refused.length, 99);
    for (const r of refused) {
      assert.ok(!r.ok);
      assert.equal(r.status, 409, JSON.stringify(r));
      assert.deepEqual(r.fieldErrors, { registrationId: "This Registration ID is already in use. Choose another." });
    }
    assert.equal(await t.db.integration.count({ where: { registrationId: "race-sso" } }), 1);
    assert.equal(await t.db.auditEvent.count({ where: { action: "integration.create" } }), 1);
  });
});
