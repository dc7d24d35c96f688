// Fault: the database becomes unreachable at request time. Writes and reads answer a clear JSON 503 (no stack, no
// internals) and Keyway recovers by itself when the database returns: SQLite locked by another process, and a
// real PostgreSQL server stopped and started again.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import Database from "better-sqlite3";
import { z } from "zod";
import { startThrowawayPostgres } from "../../scripts/lib/throwaway-postgres";
import { runAuthorized } from "../authz/action";
import { jsonResult } from "../authz/route";
import { createDbClient, type Db } from "./client";
import { isDatabaseUnavailable } from "./availability";

const admin = { id: "a", email: "a@example.test", name: "A", role: "ADMIN", authorities: ["USER_READ" as const] };
const read = async (db: Db) =>
  jsonResult(
    await // Reads a real table row the way every request does (its user), through the same wrapper as the API.
    runAuthorized({
      authority: "USER_READ",
      schema: z.undefined(),
      input: undefined,
      handler: async () => ({ rows: String(await db.$queryRawUnsafe("SELECT id FROM keyway_probe")) }),
      loadUser: async () => admin,
    }),
  );
async function statusAndBody(db: Db) {
  const response = await read(db);
  return { status: response.status, body: await response.text(), retryAfter: response.headers.get("retry-after") };
}
function assertClear503(outcome: { status: number; body: string; retryAfter: string | null }) {
  assert.equal(outcome.status, 503, outcome.body);
  assert.equal(outcome.retryAfter, "5");
  const body = JSON.parse(outcome.body);
  assert.deepEqual(Object.keys(body), ["error"]);
  assert.deepEqual(Object.keys(body.error).sort(), ["code", "message"]);
  assert.equal(body.error.code, "DATABASE_UNAVAILABLE");
  assert.doesNotMatch(outcome.body, /at |Error:|stack|postgres|sqlite|ECONN/i);
}

describe("the database unreachable at request time", () => {
  it("classifies outages, not bugs", () => {
    assert.equal(isDatabaseUnavailable(Object.assign(new Error("x"), { code: "SQLITE_BUSY" })), true);
    assert.equal(isDatabaseUnavailable(new Error("connect ECONNREFUSED 127.0.0.1:5432")), true);
    assert.equal(isDatabaseUnavailable({ message: "wrapped", cause: { code: "57P01" } }), true);
    assert.equal(isDatabaseUnavailable(new TypeError("undefined is not a function")), false);
    assert.equal(isDatabaseUnavailable(Object.assign(new Error("unique"), { code: "P2002" })), false);
  });

  it("SQLite file locked by another process: 503, then recovery on its own", async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "keyway-lock-")), "k.db");
    const setup = new Database(file);
    setup.exec("CREATE TABLE keyway_probe (id INTEGER)");
    setup.close();
    const db = createDbClient(`file:${file}`);
    assert.equal((await statusAndBody(db)).status, 200);
    await db.$disconnect();
    const locker = new Database(file);
    // Keyway runs SQLite in WAL mode, where readers pass an ordinary write lock: another process holding the file
    // in exclusive locking mode (as a backup tool or a stuck writer can) shuts every other connection out.
    locker.pragma("locking_mode = EXCLUSIVE");
    locker.exec("BEGIN EXCLUSIVE");
    locker.exec("INSERT INTO keyway_probe (id) VALUES (1)");
    assertClear503(await statusAndBody(db));
    locker.exec("COMMIT");
    locker.close();
    // (closing the exclusive connection releases the file)
    assert.equal((await statusAndBody(db)).status, 200);
    await db.$disconnect();
  });

  it("PostgreSQL server stopped, then restarted: 503, then recovery on its own", async () => {
    // Never a silent skip: npm test installs PostgreSQL (apt-get) before this runs.
    assert.ok(existsSync("/usr/lib/postgresql"), "PostgreSQL binaries missing: apt-get install -y postgresql");
    const pg = await startThrowawayPostgres();
    after(() => pg.stop());
    const db = createDbClient(pg.url);
    await db.$executeRawUnsafe("CREATE TABLE keyway_probe (id INTEGER)");
    assert.equal((await statusAndBody(db)).status, 200);
    pg.pause();
    assertClear503(await statusAndBody(db));
    pg.resume();
    // The pool drops dead connections and opens new ones: the first request after the restart already works, or
    // at the latest the next one.
    let status = (await statusAndBody(db)).status;
    if (status !== 200) status = (await statusAndBody(db)).status;
    assert.equal(status, 200);
    await db.$disconnect();
  });
});
