import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ConflictError, NotFoundError } from "../errors";
import type { Db } from "../db";
import { freshDatabase, type TestDb } from "../testing/test-db";
import { verifyPassword } from "./password";
import { type UserFormInput, userFormSchema } from "./schema";
import { createUser, setUserDisabled, setUserPassword, updateUser } from "./service";

// The operator (CLI): no user row, so the grant rules of finding 2 do not apply (grant-rules.db.test.ts covers them).
const actor = { id: null, email: "boss@example.com" };
const form = (input: Partial<UserFormInput>) =>
  userFormSchema.parse({ email: "x@example.com", name: "X", role: "GUEST", ...input });

/** The same database, except that writing an audit event inside a transaction fails. */
function withFailingAudit(db: Db): Db {
  const failingTx = (tx: object) =>
    new Proxy(tx, {
      get: (target, prop) =>
        prop === "auditEvent" ? { create: () => Promise.reject(new Error("audit down")) } : Reflect.get(target, prop),
    });
  return new Proxy(db, {
    get: (target, prop) =>
      prop === "$transaction"
        ? (fn: (tx: object) => Promise<unknown>) => target.$transaction((tx) => fn(failingTx(tx)))
        : Reflect.get(target, prop),
  });
}

describe(`users service (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  let t: TestDb;
  before(async () => {
    t = await freshDatabase();
  });
  after(() => t?.close());

  const counts = async () => ({
    users: await t.db.user.count(),
    authorities: await t.db.userAuthority.count(),
    audits: await t.db.auditEvent.count(),
  });
  // Events of one change can share a millisecond, so tests compare actions as sets rather than by time order.
  const auditsFor = (targetId: string) => t.db.auditEvent.findMany({ where: { targetId } });

  it("create writes the user, their authorities and an audit event together", async () => {
    const { id } = await createUser(
      actor,
      form({ email: "Ada@Example.com", name: "Ada", authorities: ["USER_READ", "AUDIT_READ"] }),
      t.db,
    );
    const user = await t.db.user.findUniqueOrThrow({ where: { id }, include: { authorities: true } });
    assert.equal(user.email, "ada@example.com");
    assert.equal(user.role, "GUEST");
    assert.equal(user.disabled, false);
    assert.deepEqual(user.authorities.map((a) => a.authority).sort(), ["AUDIT_READ", "USER_READ"]);
    assert.equal("passwordHash" in user, false, "the hash is omitted unless asked for by name");
    const [event, ...more] = await auditsFor(id);
    assert.equal(more.length, 0);
    assert.equal(event.action, "user.create");
    assert.equal(event.targetType, "user");
    assert.equal(event.actorId, actor.id);
    assert.equal(event.actorEmail, actor.email);
    assert.deepEqual(event.details, {
      email: "ada@example.com",
      role: "GUEST",
      authorities: ["USER_READ", "AUDIT_READ"],
      password: "[none]",
    });
  });

  it("a duplicate email in another case is a ConflictError on email, with nothing half-written", async () => {
    await createUser(actor, form({ email: "grace@example.com" }), t.db);
    const before = await counts();
    await assert.rejects(
      createUser(actor, form({ email: "GRACE@Example.COM", role: "ADMIN", authorities: ["USER_WRITE"] }), t.db),
      (error: unknown) => {
        assert.ok(error instanceof ConflictError);
        assert.equal(error.status, 409);
        assert.deepEqual(error.fieldErrors, { email: "A user with this email already exists." });
        return true;
      },
    );
    assert.deepEqual(await counts(), before);
  });

  it("when the audit write fails, the user is not written either", async () => {
    const before = await counts();
    await assert.rejects(
      createUser(actor, form({ email: "ghost@example.com", authorities: ["USER_READ"] }), withFailingAudit(t.db)),
      /audit down/,
    );
    assert.deepEqual(await counts(), before);
    assert.equal(await t.db.user.findUnique({ where: { email: "ghost@example.com" } }), null);
  });

  it("update replaces name, role and authorities and audits before/after", async () => {
    const { id } = await createUser(
      actor,
      form({ email: "linus@example.com", name: "Linus", authorities: ["USER_READ", "AUDIT_READ"] }),
      t.db,
    );
    await updateUser(actor, { id, name: "Linus T.", role: "ADMIN", authorities: ["OAUTH_INTEGRATION_READ"] }, t.db);
    const user = await t.db.user.findUniqueOrThrow({ where: { id }, include: { authorities: true } });
    assert.equal(user.name, "Linus T.");
    assert.equal(user.role, "ADMIN");
    assert.equal(user.email, "linus@example.com", "the email never changes");
    assert.deepEqual(
      user.authorities.map((a) => a.authority),
      ["OAUTH_INTEGRATION_READ"],
    );
    const events = await auditsFor(id);
    assert.deepEqual(events.map((e) => e.action).sort(), ["user.create", "user.update"]);
    assert.deepEqual(events.find((e) => e.action === "user.update")?.details, {
      before: { name: "Linus", role: "GUEST", authorities: ["AUDIT_READ", "USER_READ"] },
      after: { name: "Linus T.", role: "ADMIN", authorities: ["OAUTH_INTEGRATION_READ"] },
    });
  });

  it("update of an unknown user is NotFound and writes nothing", async () => {
    const before = await counts();
    await assert.rejects(
      updateUser(actor, { id: "nope", name: "N", role: "GUEST", authorities: [] }, t.db),
      NotFoundError,
    );
    assert.deepEqual(await counts(), before);
  });

  it("disable and enable, each audited", async () => {
    const { id } = await createUser(actor, form({ email: "margaret@example.com" }), t.db);
    await setUserDisabled(actor, id, true, t.db);
    assert.equal((await t.db.user.findUniqueOrThrow({ where: { id } })).disabled, true);
    await setUserDisabled(actor, id, false, t.db);
    assert.equal((await t.db.user.findUniqueOrThrow({ where: { id } })).disabled, false);
    assert.deepEqual((await auditsFor(id)).map((e) => e.action).sort(), ["user.create", "user.disable", "user.enable"]);
    const before = await counts();
    await assert.rejects(setUserDisabled(actor, "nope", true, t.db), NotFoundError);
    assert.deepEqual(await counts(), before);
  });

  it("nobody can disable their own account", async () => {
    const { id } = await createUser(actor, form({ email: "self@example.com", role: "ADMIN" }), t.db);
    const before = await counts();
    await assert.rejects(setUserDisabled({ id, email: "self@example.com" }, id, true, t.db), (error: unknown) => {
      assert.ok(error instanceof ConflictError);
      assert.deepEqual(error.fieldErrors, { disabled: "You cannot disable your own account." });
      return true;
    });
    assert.equal((await t.db.user.findUniqueOrThrow({ where: { id } })).disabled, false);
    assert.deepEqual(await counts(), before);
  });

  it("set-password stores a bcrypt hash that verifyPassword accepts, and audits without it", async () => {
    const { id } = await createUser(actor, form({ email: "barbara@example.com" }), t.db);
    await setUserPassword(actor, "barbara@example.com", "correct horse battery", t.db);
    const { passwordHash } = await t.db.user.findUniqueOrThrow({ where: { id }, select: { passwordHash: true } });
    assert.match(passwordHash ?? "", /^\$2[aby]\$12\$.{53}$/);
    assert.equal(await verifyPassword("correct horse battery", passwordHash), true);
    assert.equal(await verifyPassword("wrong horse battery", passwordHash), false);
    const event = (await auditsFor(id)).find((e) => e.action === "user.set_password");
    assert.deepEqual(event?.details, { password: "[redacted]" });
    await assert.rejects(setUserPassword(actor, "nobody@example.com", "correct horse battery", t.db), NotFoundError);
  });

  it("refuses to demote or disable the last user who can manage users, and writes nothing", async () => {
    await t.db.user.updateMany({ where: { role: "ADMIN" }, data: { role: "GUEST" } });
    await t.db.userAuthority.deleteMany({ where: { authority: "USER_WRITE" } });
    const { id } = await createUser(actor, form({ email: "last-admin@example.com", role: "ADMIN" }), t.db);
    const before = await counts();
    const lockout = (error: unknown) =>
      error instanceof ConflictError && /no active user who can manage users/.test(error.message);
    await assert.rejects(updateUser(actor, { id, name: "Last", role: "GUEST", authorities: [] }, t.db), lockout);
    await assert.rejects(setUserDisabled(actor, id, true, t.db), lockout);
    const user = await t.db.user.findUniqueOrThrow({ where: { id } });
    assert.equal(user.role, "ADMIN");
    assert.equal(user.disabled, false);
    assert.deepEqual(await counts(), before);
    // With a second manager (an extra USER_WRITE authority), the same demotion is fine.
    await createUser(actor, form({ email: "deputy@example.com", role: "GUEST", authorities: ["USER_WRITE"] }), t.db);
    await updateUser(actor, { id, name: "Last", role: "GUEST", authorities: [] }, t.db);
    assert.equal((await t.db.user.findUniqueOrThrow({ where: { id } })).role, "GUEST");
  });
});
