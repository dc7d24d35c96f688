// SCIM provisioning rules against a real database (SQLite and PostgreSQL): tokens and rotation, who SCIM may create
// and touch, email changes refused, and deprovisioning ending sessions and API tokens with its receipt.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { freshDatabase, type TestDb } from "../testing/test-db";

const t: TestDb = await freshDatabase();
process.env.DATABASE_URL = t.url;
const { makeIntegration, enabledClient } = await import("./scim-test-setup");
const { enableScim, disableScim, authenticateScim, setScimEmailChanges, ROTATION_GRACE_MS } = await import("./token");
const { createApiToken } = await import("../api-tokens/service");
const { authenticateBearer } = await import("../api-tokens/authenticate");
const { createSession, isSessionActive } = await import("../auth/sessions");

const newUser = (emailAddr: string) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  userName: emailAddr,
  externalId: `ext-${emailAddr}`,
  name: { givenName: "Ada", familyName: "Lovelace" },
  emails: [{ value: emailAddr, type: "work", primary: true }],
  active: true,
});

describe(`SCIM provisioning rules (${t.flavour})`, () => {
  const ids: Record<string, string> = {};
  before(async () => {
    for (const [key, role] of [
      ["admin", "ADMIN"],
      ["guestConfigurer", "GUEST"],
    ] as const) {
      ids[key] = (await t.db.user.create({ data: { email: `${key}@corp.test`, name: key, role } })).id;
    }
    await t.db.userAuthority.create({ data: { userId: ids.guestConfigurer, authority: "OAUTH_INTEGRATION_WRITE" } });
    ids.acme = (await makeIntegration(t, "acme", ids.admin, ["corp.test"])).id;
    ids.other = (await makeIntegration(t, "other", ids.admin)).id;
  });
  after(() => t.close());

  it("stores only the token's hash; rotation keeps the old token until the new one is used, or 24 h", async () => {
    const actor = { id: ids.admin, email: "admin@corp.test" };
    const first = await enableScim(actor, "other", { db: t.db });
    const row = await t.db.scimProvisioning.findUniqueOrThrow({ where: { integrationId: ids.other } });
    assert.notEqual(row.tokenHash, first.token);
    assert.equal(JSON.stringify(row).includes(first.token), false, "the token itself is stored nowhere");
    await authenticateScim("other", `Bearer ${first.token}`, "unknown", { db: t.db });
    const second = await enableScim(actor, "other", { db: t.db });
    // Old token still valid (grace) until the new one is used…
    await authenticateScim("other", `Bearer ${first.token}`, "unknown", { db: t.db });
    // …but not after 24 h,
    await assert.rejects(
      authenticateScim("other", `Bearer ${first.token}`, "unknown", {
        db: t.db,
        now: new Date(Date.now() + ROTATION_GRACE_MS + 1000),
      }),
      /not valid/,
    );
    // and not once the new token has been used.
    await authenticateScim("other", `Bearer ${second.token}`, "unknown", { db: t.db });
    await assert.rejects(authenticateScim("other", `Bearer ${first.token}`, "unknown", { db: t.db }), /not valid/);
    // A token of one integration is refused on another's URL.
    await assert.rejects(authenticateScim("acme", `Bearer ${second.token}`, "unknown", { db: t.db }), /not valid/);
    const refused = await t.db.auditEvent.count({ where: { action: "scim.token_refused" } });
    assert.ok(refused >= 3, "token failures are audited");
    await disableScim(actor, "other", { db: t.db });
    await assert.rejects(authenticateScim("other", `Bearer ${second.token}`, "unknown", { db: t.db }), /not valid/);
  });

  it("creates GUEST users inside the Email domains, linked by externalId; never takes over an existing account", async () => {
    const { scim } = await enabledClient(t, "acme", ids.admin);
    const created = await scim("POST", "/Users", newUser("ada@corp.test"));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const user = await t.db.user.findUniqueOrThrow({ where: { email: "ada@corp.test" }, include: { scimLink: true } });
    assert.equal(user.role, "GUEST");
    assert.equal(user.name, "Ada Lovelace");
    assert.equal(user.scimLink?.externalId, "ext-ada@corp.test");
    assert.equal(user.scimLink?.integrationId, ids.acme);

    const outside = await scim("POST", "/Users", newUser("eve@elsewhere.test"));
    assert.equal(outside.status, 400);
    assert.match(String(outside.body.detail), /outside this integration's Email domains/);

    const takeover = await scim("POST", "/Users", { ...newUser("admin@corp.test"), externalId: "x-admin" });
    assert.equal(takeover.status, 409);
    assert.equal(takeover.body.scimType, "uniqueness");
    assert.match(String(takeover.body.detail), /does not take over existing accounts/);
    assert.equal((await t.db.user.findUniqueOrThrow({ where: { email: "admin@corp.test" } })).role, "ADMIN");

    const duplicate = await scim("POST", "/Users", { ...newUser("ada2@corp.test"), externalId: "ext-ada@corp.test" });
    assert.equal(duplicate.status, 409);
  });

  it("never touches users it did not create, break-glass accounts, or anyone above the configurer", async () => {
    const { scim } = await enabledClient(t, "acme", ids.admin);
    // Another integration's view: the same user id is simply not there.
    const { scim: otherScim } = await enabledClient(t, "other", ids.admin);
    const bob = await scim("POST", "/Users", newUser("bob@corp.test"));
    const bobId = String(bob.body.id);
    for (const [method, body] of [
      ["GET", undefined],
      [
        "PATCH",
        {
          schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
          Operations: [{ op: "replace", path: "active", value: false }],
        },
      ],
      ["DELETE", undefined],
    ] as const) {
      const answer = await otherScim(method, `/Users/${bobId}`, body);
      assert.equal(answer.status, 404, `${method} from another integration`);
    }
    const list = await otherScim("GET", `/Users?filter=${encodeURIComponent('userName eq "bob@corp.test"')}`);
    assert.equal(list.body.totalResults, 0);
    // The admin was never created by SCIM: 404.
    assert.equal((await scim("GET", `/Users/${ids.admin}`)).status, 404);
    // Break-glass: refused even though SCIM created it.
    await t.db.breakGlassAccount.create({ data: { userId: bobId } });
    const patchOff = {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: "active", value: false }],
    };
    const bg = await scim("PATCH", `/Users/${bobId}`, patchOff);
    assert.equal(bg.status, 403);
    assert.match(String(bg.body.detail), /break-glass/);
    await t.db.breakGlassAccount.delete({ where: { userId: bobId } });
    // Promoted above a configurer who is not an admin: refused.
    await t.db.integration.update({ where: { id: ids.acme }, data: { identityConfiguredById: ids.guestConfigurer } });
    await t.db.user.update({ where: { id: bobId }, data: { role: "ADMIN" } });
    const above = await scim("PATCH", `/Users/${bobId}`, patchOff);
    assert.equal(above.status, 403);
    assert.match(String(above.body.detail), /configurer does not hold/);
    assert.equal((await t.db.user.findUniqueOrThrow({ where: { id: bobId } })).disabled, false);
    await t.db.user.update({ where: { id: bobId }, data: { role: "GUEST" } });
    await t.db.integration.update({ where: { id: ids.acme }, data: { identityConfiguredById: ids.admin } });
  });

  it("updates names; refuses email changes with a clear error", async () => {
    const { scim } = await enabledClient(t, "acme", ids.admin);
    const made = await scim("POST", "/Users", newUser("cy@corp.test"));
    const id = String(made.body.id);
    const renamed = await scim("PATCH", `/Users/${id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: "name.givenName", value: "Cyril" }],
    });
    assert.equal(renamed.status, 200);
    assert.equal((await t.db.user.findUniqueOrThrow({ where: { id } })).name, "Cyril Lovelace");
    const moved = await scim("PATCH", `/Users/${id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: 'emails[type eq "work"].value', value: "cyril@corp.test" }],
    });
    assert.equal(moved.status, 400);
    assert.equal(moved.body.scimType, "mutability");
    assert.match(
      String(moved.body.detail),
      /does not change a user's email over SCIM unless the integration allows it/,
    );
    assert.equal((await t.db.user.findUniqueOrThrow({ where: { id } })).email, "cy@corp.test");
  });

  it("email changes once the integration allows them: inside its Email domains, never onto another account; audited", async () => {
    const actor = { id: ids.admin, email: "admin@corp.test" };
    const { scim } = await enabledClient(t, "acme", ids.admin);
    const made = await scim("POST", "/Users", newUser("gil@corp.test"));
    const id = String(made.body.id);
    const moveTo = (value: string) =>
      scim("PATCH", `/Users/${id}`, {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [{ op: "replace", path: 'emails[type eq "work"].value', value }],
      });
    await setScimEmailChanges(actor, "acme", true, { db: t.db });

    const moved = await moveTo("gilbert@corp.test");
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal((await t.db.user.findUniqueOrThrow({ where: { id } })).email, "gilbert@corp.test");
    const update = await t.db.auditEvent.findFirstOrThrow({ where: { action: "scim.user_update", targetId: id } });
    assert.deepEqual((update.details as { changes: Record<string, unknown> }).changes.email, {
      from: "gil@corp.test",
      to: "gilbert@corp.test",
    });

    const taken = await moveTo("admin@corp.test");
    assert.equal(taken.status, 409);
    assert.equal(taken.body.scimType, "uniqueness");
    assert.match(String(taken.body.detail), /Another Keyway account already uses this email/);
    const outside = await moveTo("gil@elsewhere.test");
    assert.equal(outside.status, 400);
    assert.match(String(outside.body.detail), /outside this integration's Email domains/);
    assert.equal((await t.db.user.findUniqueOrThrow({ where: { id } })).email, "gilbert@corp.test");

    await setScimEmailChanges(actor, "acme", false, { db: t.db });
    assert.equal((await moveTo("gil@corp.test")).status, 400, "switched off again: refused");
    const settings = await t.db.auditEvent.findMany({ where: { action: "scim.settings", targetId: "acme" } });
    assert.equal(settings.length, 2);
    // The setting lives with provisioning: while it is off there is nothing to allow.
    await disableScim(actor, "other", { db: t.db });
    await assert.rejects(setScimEmailChanges(actor, "other", true, { db: t.db }), /Provisioning \(SCIM\) is off/);
  });

  it("active:false disables, ends every session and API token in the same transaction, and writes a receipt", async () => {
    const { scim } = await enabledClient(t, "acme", ids.admin);
    const made = await scim("POST", "/Users", newUser("dee@corp.test"));
    const id = String(made.body.id);
    // Give them an API token (via an authority they hold) and two sessions.
    await t.db.userAuthority.create({ data: { userId: id, authority: "USER_READ" } });
    const { token } = await createApiToken(
      { id, email: "dee@corp.test" },
      id,
      {
        name: "laptop",
        authorities: ["USER_READ"],
        expiresIn: "90d",
        expiresOn: "",
      } as never,
      { db: t.db },
    );
    await t.db.userAuthority.deleteMany({ where: { userId: id } });
    const sessions = [await createSession(t.db, id), await createSession(t.db, id)];
    await authenticateBearer(`Bearer ${token}`, "unknown", { db: t.db });

    const off = await scim("PATCH", `/Users/${id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "Replace", path: "active", value: "False" }],
    });
    assert.equal(off.status, 200);
    assert.equal(off.body.active, false);
    for (const s of sessions) assert.equal(await isSessionActive(t.db, s, id), false, "session ended");
    await assert.rejects(authenticateBearer(`Bearer ${token}`, "unknown", { db: t.db }), /not valid/);
    const receipt = await t.db.auditEvent.findFirstOrThrow({ where: { action: "scim.deprovision", targetId: id } });
    const details = receipt.details as Record<string, unknown>;
    assert.equal(details.sessionsEnded, 2);
    assert.equal(details.apiTokensEnded, 1);
    assert.equal(details.integration, "acme");
    assert.equal(details.request, `PATCH /Users/${id}`);
    assert.equal(typeof details.timeToRevokeMs, "number");
    assert.ok(Date.parse(String(details.receivedAt)) <= Date.parse(String(details.revokedAt)));
    assert.equal(receipt.actorVia, "SCIM acme");
  });

  it("DELETE disables (not deletes) the user, ends access, and keeps the audit trail", async () => {
    const { scim } = await enabledClient(t, "acme", ids.admin);
    const made = await scim("POST", "/Users", newUser("eli@corp.test"));
    const id = String(made.body.id);
    const session = await createSession(t.db, id);
    const gone = await scim("DELETE", `/Users/${id}`);
    assert.equal(gone.status, 204);
    const user = await t.db.user.findUniqueOrThrow({ where: { id } });
    assert.equal(user.disabled, true);
    assert.equal(await isSessionActive(t.db, session, id), false);
    assert.equal((await scim("GET", `/Users/${id}`)).status, 404);
    const receipt = await t.db.auditEvent.findFirstOrThrow({ where: { action: "scim.deprovision", targetId: id } });
    assert.equal((receipt.details as { reason: string }).reason, "DELETE");
    assert.equal(await t.db.auditEvent.count({ where: { targetId: id } }), 2, "create and receipt both kept");
  });

  it("re-provisioning after DELETE: the same integration brings the account back; another integration cannot", async () => {
    const { scim } = await enabledClient(t, "acme", ids.admin);
    const first = await scim("POST", "/Users", newUser("fay@corp.test"));
    const id = String(first.body.id);
    assert.equal((await scim("DELETE", `/Users/${id}`)).status, 204);

    // Another integration does not take over an account someone else removed.
    const { scim: otherScim } = await enabledClient(t, "other", ids.admin);
    const takeover = await otherScim("POST", "/Users", newUser("fay@corp.test"));
    assert.equal(takeover.status, 409);
    assert.match(String(takeover.body.detail), /does not take over existing accounts/);

    // A removed account made break-glass meanwhile stays out of SCIM's reach, and nothing is written.
    await t.db.breakGlassAccount.create({ data: { userId: id } });
    const refused = await scim("POST", "/Users", newUser("fay@corp.test"));
    assert.equal(refused.status, 403);
    assert.match(String(refused.body.detail), /break-glass/);
    assert.equal(await t.db.scimUser.count({ where: { userId: id } }), 0, "no link half-written");
    await t.db.breakGlassAccount.delete({ where: { userId: id } });

    // The IdP assigns Fay again (the same email, a new userName case and name): the same account, enabled, linked.
    const again = await scim("POST", "/Users", {
      ...newUser("fay@corp.test"),
      userName: "Fay@Corp.test",
      name: { givenName: "Fay", familyName: "Again" },
    });
    assert.equal(again.status, 201, JSON.stringify(again.body));
    assert.equal(again.body.id, id, "the account its DELETE kept, with its history");
    assert.equal(again.body.userName, "Fay@Corp.test");
    const user = await t.db.user.findUniqueOrThrow({ where: { id }, include: { scimLink: true } });
    assert.equal(user.disabled, false);
    assert.equal(user.name, "Fay Again");
    assert.equal(user.scimRemovedById, null);
    assert.equal(user.scimLink?.integrationId, ids.acme);
    const events = await t.db.auditEvent.findMany({ where: { targetId: id }, orderBy: { createdAt: "asc" } });
    assert.deepEqual(
      events.map((e) => e.action),
      ["scim.user_create", "scim.deprovision", "scim.reprovision"],
    );
  });
});
