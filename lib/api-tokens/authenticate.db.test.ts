// API tokens against a real database (SQLite and PostgreSQL): what a token may do is its authorities AND what its
// owner holds now; wrong, expired and revoked tokens are refused and counted by the shared sign-in throttle.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { freshDatabase, type TestDb } from "../testing/test-db";

const t: TestDb = await freshDatabase();
process.env.DATABASE_URL = t.url; // credentials.ts (shared throttle check) uses the shared client
const { createApiToken, revokeApiToken } = await import("./service");
const { authenticateBearer } = await import("./authenticate");
const { hashApiToken } = await import("./token");
const { authorizePassword } = await import("../auth/credentials");
const { PEER_HEADER } = await import("../http/client-address");
const { setUserDisabled, updateUser } = await import("../users/service");
const { hashPassword } = await import("../users/password");

const bearer = (token: string) => `Bearer ${token}`;
const code = (expected: string) => (e: unknown) => (e as { code?: string }).code === expected;
const values = (authorities: string[], extra: Record<string, unknown> = {}) =>
  ({ name: "ci", authorities, expiresIn: "90d", expiresOn: "", ...extra }) as never;

describe(`API tokens (${t.flavour})`, () => {
  const ids: Record<string, string> = {};
  const actor = (key: string) => ({ id: ids[key], email: `${key}@corp.test` });
  before(async () => {
    for (const [key, role] of [
      ["admin", "ADMIN"],
      ["other", "ADMIN"],
      ["guest", "GUEST"],
      ["manager", "GUEST"],
    ] as const) {
      ids[key] = (
        await t.db.user.create({
          data: { email: `${key}@corp.test`, name: key, role, passwordHash: await hashPassword("a long password 1") },
        })
      ).id;
    }
    await t.db.userAuthority.createMany({
      data: [
        { userId: ids.guest, authority: "USER_READ" },
        { userId: ids.manager, authority: "USER_WRITE" },
        { userId: ids.manager, authority: "USER_READ" },
      ],
    });
  });
  after(() => t.close());

  it("creating stores only the hash and the first 8 characters, asks for a subset of the owner's authorities, and is audited", async () => {
    const made = await createApiToken(actor("guest"), ids.guest, values(["USER_READ"]), { db: t.db });
    assert.match(made.token, /^kw_[0-9A-Za-z]{40,}$/);
    const row = await t.db.apiToken.findUniqueOrThrow({ where: { id: made.id } });
    assert.equal(row.hash, hashApiToken(made.token));
    assert.equal(row.prefix, made.token.slice(0, 8));
    assert.equal(JSON.stringify(row).includes(made.token.slice(8)), false, "the token itself is stored nowhere");
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "api_token.create" } });
    assert.equal(event.targetId, ids.guest);
    assert.equal(JSON.stringify(event).includes(made.token.slice(8)), false, "nor in the audit details");
    assert.deepEqual((event.details as { authorities: string[] }).authorities, ["USER_READ"]);

    const before = await t.db.apiToken.count();
    await assert.rejects(
      createApiToken(actor("guest"), ids.guest, values(["USER_READ", "USER_WRITE"]), { db: t.db }),
      (e: Error & { code?: string }) => e.code === "FORBIDDEN" && /USER_WRITE/.test(e.message),
    );
    assert.equal(await t.db.apiToken.count(), before, "nothing written when refused");
  });

  it("a request gets the token's authorities intersected with the owner's current ones", async () => {
    const { token } = await createApiToken(
      actor("admin"),
      ids.admin,
      values(["OAUTH_INTEGRATION_READ", "OAUTH_INTEGRATION_WRITE"]),
      { db: t.db },
    );
    const caller = await authenticateBearer(bearer(token), "10.1.0.1", { db: t.db });
    assert.equal(caller.id, ids.admin);
    assert.deepEqual(caller.authorities, ["OAUTH_INTEGRATION_READ", "OAUTH_INTEGRATION_WRITE"]);
    assert.deepEqual(caller.token?.name, "ci");
    // The owner is demoted to GUEST with OAUTH_INTEGRATION_READ only: the token shrinks with them, at once.
    await updateUser(
      actor("other"),
      { id: ids.admin, name: "admin", role: "GUEST", authorities: ["OAUTH_INTEGRATION_READ"] },
      t.db,
    );
    assert.deepEqual((await authenticateBearer(bearer(token), "10.1.0.1", { db: t.db })).authorities, [
      "OAUTH_INTEGRATION_READ",
    ]);
    await updateUser(actor("other"), { id: ids.admin, name: "admin", role: "ADMIN", authorities: [] }, t.db);
    assert.deepEqual((await authenticateBearer(bearer(token), "10.1.0.1", { db: t.db })).authorities, [
      "OAUTH_INTEGRATION_READ",
      "OAUTH_INTEGRATION_WRITE",
    ]);
  });

  it("a disabled or deleted owner's tokens stop working; disabling revokes them for good", async () => {
    const owner = await t.db.user.create({ data: { email: "leaver@corp.test", name: "Leaver", role: "ADMIN" } });
    const { token } = await createApiToken(actor("admin"), owner.id, values(["USER_READ"]), { db: t.db });
    assert.equal((await authenticateBearer(bearer(token), "10.1.0.2", { db: t.db })).id, owner.id);
    await setUserDisabled(actor("admin"), owner.id, true, t.db);
    await assert.rejects(authenticateBearer(bearer(token), "10.1.0.2", { db: t.db }), code("INVALID_TOKEN"));
    await setUserDisabled(actor("admin"), owner.id, false, t.db);
    await assert.rejects(
      authenticateBearer(bearer(token), "10.1.0.2", { db: t.db }),
      code("INVALID_TOKEN"),
      "re-enabling revives nothing",
    );
    const second = await createApiToken(actor("admin"), owner.id, values(["USER_READ"]), { db: t.db });
    await t.db.user.delete({ where: { id: owner.id } });
    await assert.rejects(authenticateBearer(bearer(second.token), "10.1.0.2", { db: t.db }), code("INVALID_TOKEN"));
    assert.equal(await t.db.apiToken.count({ where: { userId: owner.id } }), 0, "deleted with their owner");
  });

  it("wrong, malformed, expired and revoked tokens are refused as INVALID_TOKEN", async () => {
    const { token, id } = await createApiToken(actor("admin"), ids.admin, values(["USER_READ"]), { db: t.db });
    for (const header of [
      bearer(`kw_${"A".repeat(43)}`),
      bearer("nope"),
      "Basic YWRtaW46eA==",
      "Bearer",
      bearer(`${token}x`),
    ])
      await assert.rejects(authenticateBearer(header, "10.1.0.3", { db: t.db }), code("INVALID_TOKEN"), header);
    assert.equal((await authenticateBearer(`bearer ${token}`, "10.1.0.3", { db: t.db })).id, ids.admin);
    await t.db.apiToken.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await assert.rejects(authenticateBearer(bearer(token), "10.1.0.3", { db: t.db }), code("INVALID_TOKEN"));
    await t.db.apiToken.update({ where: { id }, data: { expiresAt: new Date(Date.now() + 3_600_000) } });
    await revokeApiToken(actor("admin"), id, { db: t.db });
    await assert.rejects(authenticateBearer(bearer(token), "10.1.0.3", { db: t.db }), code("INVALID_TOKEN"));
    assert.equal(await t.db.auditEvent.count({ where: { action: "api_token.revoke", targetId: ids.admin } }), 1);
  });

  it("revoking others' tokens needs USER_WRITE over someone you can manage", async () => {
    const guestToken = await createApiToken(actor("guest"), ids.guest, values(["USER_READ"]), { db: t.db });
    const adminToken = await createApiToken(actor("admin"), ids.admin, values(["USER_READ"]), { db: t.db });
    await assert.rejects(revokeApiToken(actor("guest"), adminToken.id, { db: t.db }), code("FORBIDDEN"));
    await assert.rejects(
      revokeApiToken(actor("manager"), adminToken.id, { db: t.db }),
      code("FORBIDDEN"),
      "the admin holds authorities the manager lacks",
    );
    await revokeApiToken(actor("manager"), guestToken.id, { db: t.db });
    assert.notEqual((await t.db.apiToken.findUniqueOrThrow({ where: { id: guestToken.id } })).revokedAt, null);
  });

  it("last use is stamped with time and client address", async () => {
    const { token, id } = await createApiToken(actor("admin"), ids.admin, values(["USER_READ"]), { db: t.db });
    await authenticateBearer(bearer(token), "10.1.0.9", { db: t.db });
    const row = await t.db.apiToken.findUniqueOrThrow({ where: { id } });
    assert.equal(row.lastUsedAddress, "10.1.0.9");
    assert.ok(row.lastUsedAt && Date.now() - row.lastUsedAt.getTime() < 10_000);
  });

  it("failures count in the per-address throttle shared with password sign-in", async () => {
    const address = "10.9.9.9";
    const { token } = await createApiToken(actor("admin"), ids.admin, values(["USER_READ"]), { db: t.db });
    for (let i = 0; i < 21; i += 1)
      await assert.rejects(
        authenticateBearer(bearer(`kw_${"B".repeat(43)}`), address, { db: t.db }),
        code("INVALID_TOKEN"),
      );
    await assert.rejects(
      authenticateBearer(bearer(token), address, { db: t.db }),
      (e: Error & { code?: string; retryAfterSeconds?: number }) =>
        e.code === "TOO_MANY_REQUESTS" && (e.retryAfterSeconds ?? 0) >= 1,
      "a right token from a throttled address waits too",
    );
    await assert.rejects(
      authorizePassword({ email: "admin@corp.test", password: "a long password 1" }, { [PEER_HEADER]: address }),
      /Too many sign-in attempts/,
      "password sign-in from that address is throttled by the same counter",
    );
    assert.equal((await authenticateBearer(bearer(token), "10.9.9.10", { db: t.db })).id, ids.admin);
  });
});
