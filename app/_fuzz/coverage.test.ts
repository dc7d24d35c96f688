// Every route handler method and server action in the code has a line in the fuzz table, and every line names one
// that exists: a new entry point cannot arrive unfuzzed.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { listEntryPoints } from "./entry-points";
import { fuzzTargets, suggestedLine } from "./targets";

const fixtures = {
  adminId: "a",
  guestId: "g",
  victimId: "v",
  linkId: "l",
  registrationId: "fuzz-sso",
  origin: "http://127.0.0.1:3000",
  idpUrl: "http://127.0.0.1:9",
  metricsToken: "t",
};

describe("fuzz coverage", () => {
  const { entries, problems } = listEntryPoints();
  const table = fuzzTargets(fixtures);

  it("finds the entry points in the source tree (route handlers and server actions)", () => {
    assert.deepEqual(problems, []);
    assert.ok(entries.some((e) => e.kind === "route") && entries.some((e) => e.kind === "action"));
  });

  it("has a fuzz entry for every route handler method and server action", () => {
    const missing = entries.filter((e) => !Object.hasOwn(table, e.key));
    assert.equal(
      missing.length,
      0,
      `No fuzz entry for ${missing.map((e) => `${e.key} (${e.file})`).join(", ")}.\n` +
        `Add these lines to the table returned by fuzzTargets() in app/_fuzz/targets.ts ` +
        `(helpers: noInput, query, json, form, action; near-valid records in app/_fuzz/arbitraries.ts):\n` +
        missing.map(suggestedLine).join("\n"),
    );
  });

  it("names only entry points that exist, each with the right kind", () => {
    const byKey = new Map(entries.map((e) => [e.key, e]));
    const stale = Object.keys(table).filter((key) => !byKey.has(key));
    assert.deepEqual(stale, [], `Remove these lines from app/_fuzz/targets.ts (no such route or action): ${stale}`);
    for (const [key, entry] of Object.entries(table)) {
      assert.equal(entry.kind, byKey.get(key)!.kind, `${key} is a ${byKey.get(key)!.kind}: use the matching helper`);
    }
  });
});
