import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { bootstrapAdmin, describeBootstrap } from "./bootstrap";
import { freshDatabase, type TestDb } from "./testing/test-db";
import { verifyPassword } from "./users/password";

const opened: TestDb[] = [];
async function emptyDb() {
  const t = await freshDatabase();
  opened.push(t);
  return t.db;
}

describe(`bootstrapAdmin (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  after(() => Promise.all(opened.map((t) => t.close())));

  it("creates the first admin from KEYWAY_ADMIN_EMAIL / KEYWAY_ADMIN_PASSWORD, once", async () => {
    const db = await emptyDb();
    const env = {
      NODE_ENV: "production",
      KEYWAY_ADMIN_EMAIL: "Root@Example.com",
      KEYWAY_ADMIN_PASSWORD: "a-long-unique-password",
    } as NodeJS.ProcessEnv;
    assert.deepEqual(await bootstrapAdmin(env, db), {
      created: true,
      email: "root@example.com",
      generatedPassword: null,
    });
    const admin = await db.user.findUniqueOrThrow({
      where: { email: "root@example.com" },
      select: { role: true, passwordHash: true },
    });
    assert.equal(admin.role, "ADMIN");
    assert.equal(await verifyPassword("a-long-unique-password", admin.passwordHash), true);
    assert.deepEqual(await bootstrapAdmin(env, db), { created: false });
    assert.equal(await db.user.count(), 1);
  });

  it("in development without settings, generates a strong password and says it once", async () => {
    const db = await emptyDb();
    const result = await bootstrapAdmin({ NODE_ENV: "development" } as NodeJS.ProcessEnv, db);
    assert.ok(result.created && result.generatedPassword && result.generatedPassword.length >= 20);
    const admin = await db.user.findUniqueOrThrow({
      where: { email: "admin@keyway.local" },
      select: { passwordHash: true },
    });
    assert.equal(await verifyPassword(result.generatedPassword!, admin.passwordHash), true);
    assert.match(describeBootstrap(result, "http://127.0.0.1:3000/signin") ?? "", /Generated password \(shown once\)/);
  });

  it("in production without a password, refuses instead of inventing one", async () => {
    const db = await emptyDb();
    await assert.rejects(bootstrapAdmin({ NODE_ENV: "production" } as NodeJS.ProcessEnv, db), /KEYWAY_ADMIN_PASSWORD/);
    assert.equal(await db.user.count(), 0);
  });
});
