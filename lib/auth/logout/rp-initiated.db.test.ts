// Sign out: the row ends first; the IdP's end-session URL only for an SSO session through an integration with
// RP-initiated logout and an End Session URI, with the id_token (kept sealed on the row) as id_token_hint.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { seal } from "../../crypto/seal";
import { freshDatabase, type TestDb } from "../../testing/test-db";
import { isSessionActive } from "../sessions";
import { signOutSession, SIGNED_OUT_PATH } from "./rp-initiated";

const BASE = "https://keyway.test";

describe(`sign out and RP-initiated logout (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  let t: TestDb;
  let userId: string;
  let otherId: string;
  const integrations: Record<string, string> = {};

  before(async () => {
    t = await freshDatabase();
    const make = async (registrationId: string, data: { endSessionUri?: string; rpInitiatedLogout?: boolean }) => {
      integrations[registrationId] = (
        await t.db.integration.create({
          data: {
            registrationId,
            loginButtonText: registrationId,
            clientId: `client-${registrationId}`,
            clientSecretSealed: "x",
            authorizationUrl: "https://idp.test/auth",
            jwksUri: "https://idp.test/jwks",
            tokenUri: "https://idp.test/token",
            userInfoUri: "https://idp.test/me",
            issuer: "https://idp.test",
            ...data,
          },
        })
      ).id;
    };
    await make("on", { endSessionUri: "https://idp.test/logout?tenant=a", rpInitiatedLogout: true });
    await make("off", { endSessionUri: "https://idp.test/logout", rpInitiatedLogout: false });
    await make("none", { rpInitiatedLogout: true });
    userId = (await t.db.user.create({ data: { email: "u@example.test", name: "U", role: "GUEST" } })).id;
    otherId = (await t.db.user.create({ data: { email: "o@example.test", name: "O", role: "GUEST" } })).id;
  });
  after(() => t?.close());

  const session = async (owner: string, through?: string) =>
    (
      await t.db.session.create({
        data: {
          userId: owner,
          expiresAt: new Date(Date.now() + 3_600_000),
          ...(through
            ? { integrationId: integrations[through], idpSub: "s", idTokenSealed: seal("header.payload.signature") }
            : {}),
        },
      })
    ).id;

  it("an SSO session through an integration with the switch on: ended, then the IdP's end-session URL", async () => {
    const id = await session(userId, "on");
    const url = new URL(await signOutSession(userId, id, { db: t.db, base: BASE }));
    assert.equal(await isSessionActive(t.db, id, userId), false, "the row ends before the browser leaves");
    assert.equal(`${url.origin}${url.pathname}`, "https://idp.test/logout");
    assert.equal(url.searchParams.get("tenant"), "a", "the End Session URI's own query is kept");
    assert.equal(url.searchParams.get("id_token_hint"), "header.payload.signature");
    assert.equal(url.searchParams.get("post_logout_redirect_uri"), `${BASE}/signin?signed_out=1`);
    assert.equal(url.searchParams.get("client_id"), "client-on");
    assert.ok((url.searchParams.get("state") ?? "").length >= 16);
  });

  it("switch off, no End Session URI, or a password session: ended, then the sign-in page as before", async () => {
    for (const through of ["off", "none", undefined]) {
      const id = await session(userId, through);
      assert.equal(await signOutSession(userId, id, { db: t.db, base: BASE }), SIGNED_OUT_PATH);
      assert.equal(await isSessionActive(t.db, id, userId), false);
    }
  });

  it("a session id that is not the user's own is left alone", async () => {
    const theirs = await session(otherId, "on");
    assert.equal(await signOutSession(userId, theirs, { db: t.db, base: BASE }), SIGNED_OUT_PATH);
    assert.equal(await isSessionActive(t.db, theirs, otherId), true);
    assert.equal(await signOutSession(userId, null, { db: t.db }), SIGNED_OUT_PATH);
  });

  it("the sealed id_token is never read by a default query", async () => {
    const id = await session(userId, "on");
    const row = await t.db.session.findUniqueOrThrow({ where: { id } });
    assert.equal("idTokenSealed" in row, false);
  });
});
