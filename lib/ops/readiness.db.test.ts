// The readiness rules on a real database: ready on a migrated one; a missing migration, draining, or an unreachable
// database each give their reason. (The probe over HTTP, with PostgreSQL stopped and restarted: e2e/replicas.)
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { freshDatabase, type TestDb } from "../testing/test-db";
import { expectedMigrations } from "./readiness";

describe(`readiness rules (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  let t: TestDb;
  before(async () => {
    t = await freshDatabase();
  });
  after(() => t.close());

  it("expects every committed migration folder of the database in use, the newest included", () => {
    const names = expectedMigrations(t.flavour);
    assert.ok(names.length >= 7);
    assert.ok(names.some((n) => n.endsWith("_ops_leases_and_instances")));
    assert.deepEqual(names, [...names].sort());
  });
});
