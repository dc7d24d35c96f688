// Issue 6, finding 5: a session is a server-side row; revoking it, or passing its absolute end, ends it.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { freshDatabase, type TestDb } from "../testing/test-db";
import { userFormSchema } from "../users/schema";
import { createUser, setUserDisabled, setUserPassword, signOutEverywhere, updateUser } from "../users/service";
import {
  createSession,
  isSessionActive,
  revokeSession,
  SESSION_ABSOLUTE_LIFETIME_MS,
  sessionInsert,
  sweepEndedSessions,
} from "./sessions";

const operator = { id: null, email: "operator" };

describe(`sessions (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  let t: TestDb;
  let userId: string;
  let adminId: string;
  before(async () => {
    t = await freshDatabase();
    adminId = (
      await createUser(operator, userFormSchema.parse({ email: "admin@example.com", name: "A", role: "ADMIN" }), t.db)
    ).id;
    userId = (
      await createUser(operator, userFormSchema.parse({ email: "u@example.com", name: "U", role: "GUEST" }), t.db)
    ).id;
  });
  after(() => t?.close());
  const admin = () => ({ id: adminId, email: "admin@example.com" });

  it("a new session is active for its own user only; a made-up id is not", async () => {
    const sid = await createSession(t.db, userId);
    assert.equal(await isSessionActive(t.db, sid, userId), true);
    assert.equal(await isSessionActive(t.db, sid, adminId), false);
    assert.equal(await isSessionActive(t.db, "made-up", userId), false);
    assert.equal(await isSessionActive(t.db, undefined, userId), false, "cookies from before sessions were rows");
  });

  it("sign-out revokes that session only", async () => {
    const [a, b] = [await createSession(t.db, userId), await createSession(t.db, userId)];
    await revokeSession(t.db, a);
    assert.equal(await isSessionActive(t.db, a, userId), false);
    assert.equal(await isSessionActive(t.db, b, userId), true);
  });

  it("ends 12 hours after sign-in however active it is", async () => {
    const start = new Date("2026-11-23T08:00:00Z");
    const sid = await createSession(t.db, userId, start);
    assert.equal(SESSION_ABSOLUTE_LIFETIME_MS, 12 * 60 * 60 * 1000);
    assert.equal(await isSessionActive(t.db, sid, userId, new Date("2026-11-23T19:59:59Z")), true);
    assert.equal(await isSessionActive(t.db, sid, userId, new Date("2026-11-23T20:00:00Z")), false);
  });

  for (const [what, change] of [
    ["a password change", () => setUserPassword(operator, "u@example.com", "a brand new password", t.db)],
    [
      "an authority change",
      () => updateUser(admin(), { id: userId, name: "U", role: "GUEST", authorities: ["AUDIT_READ"] }, t.db),
    ],
    ["a role change", () => updateUser(admin(), { id: userId, name: "U", role: "ADMIN", authorities: [] }, t.db)],
    ["Sign out everywhere", () => signOutEverywhere(admin(), userId, t.db)],
  ] as const) {
    it(`${what} ends every session of that user, not other users'`, async () => {
      const [mine, theirs] = [await createSession(t.db, userId), await createSession(t.db, adminId)];
      await change();
      assert.equal(await isSessionActive(t.db, mine, userId), false);
      assert.equal(await isSessionActive(t.db, theirs, adminId), true);
    });
  }

  it("a rename alone keeps sessions", async () => {
    await updateUser(admin(), { id: userId, name: "U", role: "GUEST", authorities: [] }, t.db);
    const sid = await createSession(t.db, userId);
    await updateUser(admin(), { id: userId, name: "Renamed", role: "GUEST", authorities: [] }, t.db);
    assert.equal(await isSessionActive(t.db, sid, userId), true);
  });

  it("disable ends sessions, and re-enabling does not revive them", async () => {
    const sid = await createSession(t.db, userId);
    await setUserDisabled(admin(), userId, true, t.db);
    await setUserDisabled(admin(), userId, false, t.db);
    assert.equal(await isSessionActive(t.db, sid, userId), false);
  });

  it("Sign out everywhere is audited with the number of sessions ended", async () => {
    await createSession(t.db, userId);
    await createSession(t.db, userId);
    assert.deepEqual(await signOutEverywhere(admin(), userId, t.db), { ended: 2 });
    const event = await t.db.auditEvent.findFirstOrThrow({
      where: { action: "user.sign_out_everywhere" },
      orderBy: { createdAt: "desc" },
    });
    assert.equal(event.actorId, adminId);
    assert.equal(event.targetId, userId);
  });

  it("sessions that ended over a day ago are swept; live and recently ended ones stay", async () => {
    const HOUR = 60 * 60 * 1000;
    const now = Date.now() + 10 * 24 * HOUR;
    const exists = async (id: string) => (await t.db.session.count({ where: { id } })) === 1;
    const ended = (await sessionInsert(t.db, userId, new Date(now - SESSION_ABSOLUTE_LIFETIME_MS - 25 * HOUR))).id;
    const endedRecently = (await sessionInsert(t.db, userId, new Date(now - SESSION_ABSOLUTE_LIFETIME_MS - HOUR))).id;
    const live = (await sessionInsert(t.db, userId, new Date(now - HOUR))).id;
    assert.ok((await sweepEndedSessions(t.db, new Date(now))) >= 1);
    assert.deepEqual([await exists(ended), await exists(endedRecently), await exists(live)], [false, true, true]);
  });
});
