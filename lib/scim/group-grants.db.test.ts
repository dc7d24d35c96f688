// Issue 17's last point on a real database (SQLite and PostgreSQL): a SCIM-created user is a GUEST unless a group
// mapping of the integration says otherwise. Membership of a SCIM group a mapping names grants its authorities at
// once; leaving the group (or the group going) takes them back; hand grants stay; other integrations' grants stay.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { freshDatabase, type TestDb } from "../testing/test-db";

const t: TestDb = await freshDatabase();
process.env.DATABASE_URL = t.url;
const { makeIntegration, enabledClient } = await import("./scim-test-setup");
const { saveGroupMappings } = await import("../integrations/group-mappings");
const { AUTHORITIES } = await import("../authz/authorities");

const newUser = (email: string) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  userName: email,
  externalId: `ext-${email}`,
  emails: [{ value: email, type: "work", primary: true }],
  active: true,
});

describe(`SCIM groups and group mappings (${t.flavour})`, () => {
  let admin: string;
  let integrationId: string;
  const grants = async (userId: string) =>
    (
      await t.db.userAuthority.findMany({ where: { userId }, orderBy: [{ authority: "asc" }, { grantedBy: "asc" }] })
    ).map((g) => `${g.authority}${g.grantedBy ? " (mapped)" : ""}`);

  before(async () => {
    admin = (await t.db.user.create({ data: { email: "admin@corp.test", name: "admin", role: "ADMIN" } })).id;
    integrationId = (await makeIntegration(t, "acme", admin, ["corp.test"])).id;
    await t.db.integration.update({ where: { id: integrationId }, data: { keysConfiguredById: admin } });
    await saveGroupMappings(
      { id: admin, email: "admin@corp.test", authorities: AUTHORITIES },
      { registrationId: "acme", mappings: [{ group: "Auditors", authorities: ["AUDIT_READ"] }] },
      { db: t.db },
    );
  });
  after(() => t.close());

  it("grants while the user is in a mapped SCIM group and takes back when they leave it", async () => {
    const { scim } = await enabledClient(t, "acme", admin);
    const created = await scim("POST", "/Users", newUser("ada@corp.test"));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const userId = String(created.body.id);
    const user = await t.db.user.findUniqueOrThrow({ where: { id: userId } });
    assert.equal(user.role, "GUEST");
    await t.db.userAuthority.create({ data: { userId, authority: "USER_READ" } });

    const group = await scim("POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "Auditors",
      members: [{ value: userId }],
    });
    assert.equal(group.status, 201, JSON.stringify(group.body));
    assert.deepEqual(await grants(userId), ["AUDIT_READ (mapped)", "USER_READ"]);

    const removed = await scim("PATCH", `/Groups/${group.body.id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "remove", path: `members[value eq "${userId}"]` }],
    });
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    assert.deepEqual(await grants(userId), ["USER_READ"], "the mapping's grant goes, the hand grant stays");

    await scim("PATCH", `/Groups/${group.body.id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "add", path: "members", value: [{ value: userId }] }],
    });
    assert.deepEqual(await grants(userId), ["AUDIT_READ (mapped)", "USER_READ"]);
    assert.equal((await scim("DELETE", `/Groups/${group.body.id}`)).status, 204);
    assert.deepEqual(await grants(userId), ["USER_READ"], "a deleted group grants nothing any more");
    const audited = await t.db.auditEvent.count({ where: { action: "user.mapped_authorities", targetId: userId } });
    assert.equal(audited, 4, "granted, taken back, granted, taken back");
  });
});
