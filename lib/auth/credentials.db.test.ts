import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { freshDatabase } from "../testing/test-db";

// credentials.ts reads through the shared client in lib/db.ts: point it at the fresh database before importing.
const t = await freshDatabase();
process.env.DATABASE_URL = t.url;
const { authorizePassword } = await import("./credentials");
const { hashPassword } = await import("../users/password");
const { db: sharedDb } = await import("../db");

describe(`password sign-in events (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  after(async () => {
    await sharedDb.$disconnect();
    await t.close();
  });

  it("a success and each refusal of an existing account are audit events; unknown emails are not", async () => {
    const user = await t.db.user.create({ data: { email: "pat@example.com", name: "Pat", passwordHash: await hashPassword("correct horse battery") } });
    assert.equal((await authorizePassword({ email: "Pat@example.com", password: "correct horse battery" }))?.id, user.id);
    assert.equal(await authorizePassword({ email: "pat@example.com", password: "wrong" }), null);
    await t.db.user.update({ where: { id: user.id }, data: { disabled: true } });
    assert.equal(await authorizePassword({ email: "pat@example.com", password: "correct horse battery" }), null);
    assert.equal(await authorizePassword({ email: "nobody@example.com", password: "whatever" }), null);
    const events = await t.db.auditEvent.findMany({ orderBy: { createdAt: "asc" }, select: { action: true, targetId: true, details: true } });
    assert.deepEqual(events, [
      { action: "auth.password_sign_in", targetId: user.id, details: {} },
      { action: "auth.password_refused", targetId: user.id, details: { code: "INVALID_PASSWORD" } },
      { action: "auth.password_refused", targetId: user.id, details: { code: "ACCOUNT_DISABLED" } },
    ]);
    assert.ok(!JSON.stringify(events).includes("wrong"), "no password in the log");
  });
});
