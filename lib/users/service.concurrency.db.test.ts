// Issue 6, finding 9: the last-manager guard holds when many demotions and disables race each other.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ConflictError } from "../errors";
import { freshDatabase, type TestDb } from "../testing/test-db";
import { userFormSchema } from "./schema";
import { createUser, setUserDisabled, updateUser } from "./service";

const operator = { id: null, email: "operator" };
const PARALLEL = 24;
const LOCKOUT = "This change would leave no active user who can manage users.";

describe(`last user manager under concurrency (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  let t: TestDb;
  before(async () => {
    t = await freshDatabase();
  });
  after(() => t?.close());

  const activeManagers = () =>
    t.db.user.count({
      where: { disabled: false, OR: [{ role: "ADMIN" }, { authorities: { some: { authority: "USER_WRITE" } } }] },
    });

  for (let round = 1; round <= 3; round++) {
    it(`round ${round}: ${PARALLEL} parallel demotions and disables of all ${PARALLEL} managers leave one`, async () => {
      await t.db.user.updateMany({ data: { disabled: true } });
      const ids: string[] = [];
      for (let i = 0; i < PARALLEL; i++) {
        const email = `m${round}-${i}@example.com`;
        ids.push((await createUser(operator, userFormSchema.parse({ email, name: "M", role: "ADMIN" }), t.db)).id);
      }
      assert.equal(await activeManagers(), PARALLEL);
      const results = await Promise.allSettled(
        ids.map((id, i) =>
          i % 2 === 0
            ? updateUser(operator, { id, name: "M", role: "GUEST", authorities: [] }, t.db)
            : setUserDisabled(operator, id, true, t.db),
        ),
      );
      const refused = results.filter((r) => r.status === "rejected");
      for (const r of refused) {
        const error = (r as PromiseRejectedResult).reason;
        assert.ok(error instanceof ConflictError, `refused with the clear message, not ${error}`);
        assert.equal(error.message, LOCKOUT);
      }
      assert.equal(await activeManagers(), 1, "exactly one active user manager remains");
      assert.equal(refused.length, 1);
    });
  }
});
