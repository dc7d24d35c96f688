// Settings > Instances data: each replica's heartbeat row, live ones listed, dead ones dropped after the timeout,
// and the summary line.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { freshDatabase, type TestDb } from "../testing/test-db";
import { KEYWAY_VERSION } from "./build-info";
import { INSTANCE_TIMEOUT_MS, instancesSummary, listLiveInstances, removeHeartbeat, writeHeartbeat } from "./instances";
import { noteServedConfig, processState } from "./process-state";
import packageJson from "../../package.json";

describe(`instances (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  let t: TestDb;
  before(async () => {
    t = await freshDatabase();
  });
  after(() => t.close());

  it("a heartbeat says who this replica is and which config version it serves", async () => {
    noteServedConfig(42, 3, 1);
    const now = new Date();
    await writeHeartbeat(t.db, now);
    const [row] = await listLiveInstances(t.db, now);
    assert.equal(row!.id, processState().instanceId);
    assert.equal(row!.version, packageJson.version);
    assert.equal(KEYWAY_VERSION, packageJson.version);
    assert.equal(row!.nodeVersion, process.version);
    assert.deepEqual([row!.configVersion, row!.integrationsLoaded, row!.integrationsSkipped], [42, 3, 1]);
    assert.equal(row!.startedAt.getTime(), processState().startedAt.getTime());
  });

  it("a replica not seen for the timeout drops off; removeHeartbeat takes this one off at once", async () => {
    const now = new Date();
    await t.db.instance.create({
      data: {
        id: "other",
        version: "0.1.0",
        nodeVersion: "v22.0.0",
        startedAt: now,
        lastSeenAt: now,
        configVersion: 41,
      },
    });
    await writeHeartbeat(t.db, now);
    const live = await listLiveInstances(t.db, now);
    assert.equal(live.length, 2);
    assert.equal(instancesSummary(live, 42), "1 of 2 instances on config version 42");
    const later = new Date(now.getTime() + INSTANCE_TIMEOUT_MS + 1);
    await writeHeartbeat(t.db, later);
    assert.deepEqual(
      (await listLiveInstances(t.db, later)).map((i) => i.id),
      [processState().instanceId],
    );
    assert.equal(instancesSummary(await listLiveInstances(t.db, later), 42), "1 of 1 instance on config version 42");
    await removeHeartbeat(t.db);
    assert.equal((await listLiveInstances(t.db, later)).length, 0);
  });
});
