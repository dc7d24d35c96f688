// Issue 6, finding 4 for password sign-in: the same email normalisation, so a look-alike finds no account.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { freshDatabase } from "../testing/test-db";
import { userFormSchema } from "../users/schema";

// authorizePassword reads through the shared client in lib/db.ts: point it at the fresh database first.
const t = await freshDatabase();
process.env.DATABASE_URL = t.url;
const { authorizePassword } = await import("./credentials");
const { createUser } = await import("../users/service");
const { db: sharedDb } = await import("../db");

describe(`password sign-in email normalisation (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  after(async () => {
    await sharedDb.$disconnect();
    await t.close();
  });

  it("Guest@Keyway.LOCAL signs in; guest@\\u212Aeyway.local (KELVIN SIGN) does not", async () => {
    const password = "kelvin-test-password-1";
    await createUser(
      { id: null, email: "operator" },
      { ...userFormSchema.parse({ email: "guest@keyway.local", name: "G", role: "GUEST" }), password },
      t.db,
    );
    assert.equal((await authorizePassword({ email: " Guest@Keyway.LOCAL ", password }))?.email, "guest@keyway.local");
    assert.equal(await authorizePassword({ email: "guest@\u212Aeyway.local", password }), null);
  });
});
