// Back-channel logout end to end below HTTP: a logout token signed by the integration's key ends exactly the
// sessions it names (by sid, else by sub, through that integration only), once; every hostile token is refused with
// a plain description and ends nothing.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, beforeEach, describe, it } from "node:test";
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import { freshDatabase, type TestDb } from "../../testing/test-db";
import { createSigningKeyCache, DEFAULT_KEY_CACHE } from "../signing-keys";
import { backchannelLogout, pruneLogoutTokenJtis } from "./backchannel";
import { BACKCHANNEL_LOGOUT_EVENT } from "./logout-token";

const ISSUER = "https://idp.test";
const CLIENT_ID = "keyway-client";
type Key = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

describe(`back-channel logout (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  let t: TestDb;
  let signingKey: Key;
  let otherKey: Key;
  let integrationId: string;
  let otherIntegrationId: string;
  let userId: string;
  let keys: ReturnType<typeof createSigningKeyCache>;

  before(async () => {
    t = await freshDatabase();
    const pair = await generateKeyPair("RS256");
    signingKey = pair.privateKey;
    otherKey = (await generateKeyPair("RS256")).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256", use: "sig" };
    keys = createSigningKeyCache({ ...DEFAULT_KEY_CACHE, fetchJwks: async () => ({ keys: [jwk] }) });
    const endpoints = {
      clientId: CLIENT_ID,
      clientSecretSealed: "x",
      authorizationUrl: `${ISSUER}/auth`,
      jwksUri: `${ISSUER}/jwks`,
      tokenUri: `${ISSUER}/token`,
      userInfoUri: `${ISSUER}/me`,
      issuer: ISSUER,
    };
    integrationId = (
      await t.db.integration.create({ data: { registrationId: "bc", loginButtonText: "BC", ...endpoints } })
    ).id;
    otherIntegrationId = (
      await t.db.integration.create({ data: { registrationId: "bc-other", loginButtonText: "O", ...endpoints } })
    ).id;
    userId = (await t.db.user.create({ data: { email: "bc@example.test", name: "BC", role: "GUEST" } })).id;
  });
  after(() => t?.close());
  beforeEach(() => t.db.session.deleteMany({}));

  const session = async (through: string, idpSid: string | null, idpSub = "sub-1") =>
    (
      await t.db.session.create({
        data: { userId, integrationId: through, idpSid, idpSub, expiresAt: new Date(Date.now() + 3_600_000) },
      })
    ).id;
  const ended = async (id: string) =>
    (await t.db.session.findUniqueOrThrow({ where: { id }, select: { revokedAt: true } })).revokedAt !== null;

  async function token(claims: JWTPayload = {}, { key = signingKey, drop = [] as string[] } = {}) {
    const now = Math.floor(Date.now() / 1000);
    const payload: JWTPayload = {
      iss: ISSUER,
      aud: CLIENT_ID,
      iat: now,
      exp: now + 120,
      sub: "sub-1",
      sid: "idp-session-1",
      jti: randomUUID(),
      events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
      ...claims,
    };
    for (const name of drop) delete payload[name];
    return new SignJWT(payload).setProtectedHeader({ alg: "RS256", kid: "k1", typ: "logout+jwt" }).sign(key);
  }
  const post = (logoutToken: string, registrationId = "bc") =>
    backchannelLogout(registrationId, new URLSearchParams({ logout_token: logoutToken }).toString(), {
      db: t.db,
      keys,
    });

  it("ends the sessions of the token's sid through this integration, audited, and refuses its replay", async () => {
    const mine = await session(integrationId, "idp-session-1");
    const sameSubOtherSid = await session(integrationId, "idp-session-2");
    const otherIntegration = await session(otherIntegrationId, "idp-session-1");
    const logoutToken = await token();
    assert.deepEqual(await post(logoutToken), { ok: true, sessionsEnded: 1 });
    assert.equal(await ended(mine), true);
    assert.equal(await ended(sameSubOtherSid), false, "another IdP session of the same person stays");
    assert.equal(await ended(otherIntegration), false, "sessions through another integration stay");
    const event = await t.db.auditEvent.findFirstOrThrow({
      where: { action: "session.backchannel_logout", targetId: "bc" },
      select: { details: true },
    });
    assert.equal((event.details as { sessionsEnded: number }).sessionsEnded, 1);

    const again = await session(integrationId, "idp-session-1");
    const replay = await post(logoutToken);
    assert.equal(replay.ok, false);
    assert.match(!replay.ok ? replay.description : "", /already used/);
    assert.equal(await ended(again), false, "a replay ends nothing");
  });

  it("without a sid, ends every session of the subject through this integration", async () => {
    const a = await session(integrationId, "s-a");
    const b = await session(integrationId, null);
    const other = await session(integrationId, "s-c", "someone-else");
    assert.deepEqual(await post(await token({}, { drop: ["sid"] })), { ok: true, sessionsEnded: 2 });
    assert.equal(await ended(a), true);
    assert.equal(await ended(b), true);
    assert.equal(await ended(other), false);
  });

  const hostile: [string, () => Promise<string>, RegExp][] = [
    ["a bad signature", () => token({}, { key: otherKey }), /signature/],
    ["a wrong audience", () => token({ aud: "someone-else" }), /audience/],
    ["a wrong issuer", () => token({ iss: "https://evil.test" }), /issuer/],
    ["a nonce", () => token({ nonce: "n-1" }), /nonce/],
    ["no events", () => token({}, { drop: ["events"] }), /events/],
    ["another event", () => token({ events: { "http://example.test/other": {} } }), /events/],
    ["no jti", () => token({}, { drop: ["jti"] }), /jti/],
    ["neither sid nor sub", () => token({}, { drop: ["sid", "sub"] }), /neither a sid nor a sub/],
    ["an old iat", () => token({ iat: Math.floor(Date.now() / 1000) - 3600 }, { drop: ["exp"] }), /expired|too old/],
  ];
  for (const [name, make, description] of hostile) {
    it(`refuses a logout token with ${name} and ends nothing`, async () => {
      const s = await session(integrationId, "idp-session-1");
      const outcome = await post(await make());
      assert.equal(outcome.ok, false);
      assert.match(!outcome.ok ? outcome.description : "", description);
      assert.equal(await ended(s), false);
    });
  }

  it("refuses a missing or repeated logout_token, an unknown or disabled integration", async () => {
    const opts = { db: t.db, keys };
    assert.equal((await backchannelLogout("bc", "", opts)).ok, false);
    const twice = new URLSearchParams([
      ["logout_token", await token()],
      ["logout_token", await token()],
    ]);
    assert.equal((await backchannelLogout("bc", twice.toString(), opts)).ok, false);
    assert.equal((await post(await token(), "nope")).ok, false);
    await t.db.integration.update({ where: { id: otherIntegrationId }, data: { enabled: false } });
    assert.equal((await post(await token(), "bc-other")).ok, false);
  });

  it("housekeeping forgets jtis once their tokens could no longer be accepted", async () => {
    await t.db.logoutTokenJti.create({
      data: { integrationId, jti: "old", expiresAt: new Date(Date.now() - 1000) },
    });
    assert.ok((await pruneLogoutTokenJtis(t.db)) >= 1);
    assert.equal(await t.db.logoutTokenJti.count({ where: { jti: "old" } }), 0);
  });
});
