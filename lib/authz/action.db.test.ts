import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { freshDatabase } from "../testing/test-db";
import { userFormSchema } from "../users/schema";
import { effectiveAuthorities } from "./authorities";
import type { CurrentUser } from "./current-user";

// The real loadActiveUser reads through the shared client in lib/db.ts, so point DATABASE_URL at the fresh
// database before anything imports it; writes still go through `t.db` explicitly.
const t = await freshDatabase();
process.env.DATABASE_URL = t.url;
const { runAuthorized } = await import("./action");
const { loadActiveUser } = await import("./current-user");
const { createUser } = await import("../users/service");
const { db: sharedDb } = await import("../db");

const newUser = { email: "new@example.com", name: "New", role: "GUEST", authorities: [] };

describe(`runAuthorized (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  let handlerRuns = 0;
  after(async () => {
    await sharedDb.$disconnect();
    await t.close();
  });

  /** Stands in for getCurrentUser: the session part is stubbed, the user is loaded for real (loadActiveUser). */
  const loaderFor = (email: string) => async (): Promise<CurrentUser | null> => {
    const row = await t.db.user.findUnique({ where: { email }, select: { id: true } });
    return row ? loadActiveUser(row.id) : null;
  };
  const create = (input: unknown, loadUser: () => Promise<CurrentUser | null>) =>
    runAuthorized({
      authority: "USER_WRITE",
      schema: userFormSchema,
      input,
      handler: (values, user) => {
        handlerRuns += 1;
        return createUser({ id: user.id, email: user.email }, values, t.db);
      },
      loadUser,
    });
  const snapshot = async () => ({ users: await t.db.user.count(), audits: await t.db.auditEvent.count(), handlerRuns });

  it("effectiveAuthorities: the role's authorities plus extras, unknown names ignored", () => {
    assert.deepEqual(effectiveAuthorities("GUEST", []), []);
    assert.deepEqual(effectiveAuthorities("GUEST", ["USER_READ", "NOT_A_THING"]), ["USER_READ"]);
    assert.deepEqual(effectiveAuthorities("ADMIN", []), [
      "OAUTH_INTEGRATION_READ",
      "OAUTH_INTEGRATION_WRITE",
      "USER_READ",
      "USER_WRITE",
      "AUDIT_READ",
    ]);
    assert.deepEqual(effectiveAuthorities("ROOT", ["AUDIT_READ"]), ["AUDIT_READ"]);
  });

  it("no user → 401 UNAUTHENTICATED, handler not run", async () => {
    const before = await snapshot();
    const result = await create(newUser, async () => null);
    assert.deepEqual(result, {
      ok: false,
      status: 401,
      code: "UNAUTHENTICATED",
      error: "Your session has ended. Sign in again.",
      fieldErrors: undefined,
    });
    assert.deepEqual(await snapshot(), before);
  });

  it("loadActiveUser: role authorities plus extras", async () => {
    await createUser(
      { id: null, email: "test" },
      userFormSchema.parse({ email: "auditor@example.com", name: "A", role: "GUEST", authorities: ["AUDIT_READ"] }),
      t.db,
    );
    const user = await loaderFor("auditor@example.com")();
    assert.deepEqual(user && { email: user.email, role: user.role, authorities: user.authorities }, {
      email: "auditor@example.com",
      role: "GUEST",
      authorities: ["AUDIT_READ"],
    });
  });

  it("GUEST (even with USER_READ) → 403 FORBIDDEN, handler not run, nothing written", async () => {
    await createUser(
      { id: null, email: "test" },
      userFormSchema.parse({ email: "guest@example.com", name: "G", role: "GUEST", authorities: ["USER_READ"] }),
      t.db,
    );
    const before = await snapshot();
    const result = await create(newUser, loaderFor("guest@example.com"));
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.status, 403);
    assert.equal(!result.ok && result.code, "FORBIDDEN");
    assert.match(!result.ok ? result.error : "", /USER_WRITE/);
    assert.deepEqual(await snapshot(), before);
    assert.equal(await t.db.user.findUnique({ where: { email: newUser.email } }), null);
  });

  it("a disabled admin counts as signed out → 401", async () => {
    const { id } = await createUser(
      { id: null, email: "test" },
      userFormSchema.parse({ email: "gone@example.com", name: "G", role: "ADMIN" }),
      t.db,
    );
    await t.db.user.update({ where: { id }, data: { disabled: true } });
    const before = await snapshot();
    const result = await create(newUser, loaderFor("gone@example.com"));
    assert.equal(!result.ok && result.status, 401);
    assert.deepEqual(await snapshot(), before);
  });

  it("invalid input → 400 with fieldErrors, handler not run", async () => {
    await createUser(
      { id: null, email: "test" },
      userFormSchema.parse({ email: "admin@example.com", name: "A", role: "ADMIN" }),
      t.db,
    );
    const before = await snapshot();
    const result = await create(
      { email: "not-an-email", name: "x".repeat(10_240), role: "ROOT", authorities: ["NOPE"] },
      loaderFor("admin@example.com"),
    );
    assert.deepEqual(result, {
      ok: false,
      status: 400,
      code: "VALIDATION_FAILED",
      error: "Some fields need attention.",
      fieldErrors: {
        email: "Enter a valid email address, like name@example.com.",
        name: "Names are at most 100 characters.",
        role: "Choose a role.",
        "authorities.0": "Unknown authority.",
      },
    });
    assert.deepEqual(await snapshot(), before);
  });

  it("ADMIN with valid input → ok; a duplicate then → 409 on email", async () => {
    const result = await create(newUser, loaderFor("admin@example.com"));
    assert.equal(result.ok, true);
    const created = await t.db.user.findUniqueOrThrow({ where: { email: newUser.email } });
    assert.deepEqual(result.ok && result.data, { id: created.id });
    const admin = await t.db.user.findUniqueOrThrow({ where: { email: "admin@example.com" } });
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { targetId: created.id } });
    assert.equal(event.actorId, admin.id, "the audit event names the signed-in actor");

    const again = await create({ ...newUser, email: "NEW@example.com" }, loaderFor("admin@example.com"));
    assert.equal(!again.ok && again.status, 409);
    assert.deepEqual(!again.ok && again.fieldErrors, { email: "A user with this email already exists." });
  });
});
