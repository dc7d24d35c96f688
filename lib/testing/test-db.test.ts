import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { freshDatabase, type TestDb } from "./test-db";

describe(`freshDatabase (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  let t: TestDb;
  after(() => t?.close());
  it("gives an empty migrated database", async () => {
    t = await freshDatabase();
    assert.equal(await t.db.user.count(), 0);
    await t.db.user.create({ data: { email: "a@example.test", name: "A" } });
    assert.equal(await t.db.user.count(), 1);
  });
});
