// What the production build contains: the in-process test session stub (which lets the fuzzer act as a user without
// a cookie) must not be in it at all, so no setting of NODE_ENV or of a process global can ever reach it.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

function files(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files(full, out);
    else if (/\.(js|mjs|cjs|map|json)$/.test(entry.name)) out.push(full);
  }
  return out;
}

test("the production server bundle holds no test session stub", () => {
  const server = files(path.resolve(".next", "server"));
  const holding = (marker: string) => server.filter((file) => readFileSync(file, "utf8").includes(marker));
  // The scan reads the real server code: the sign-in path's own markers are there.
  expect(holding("keyway:sealed-secret:v1").length, "server chunks scanned").toBeGreaterThan(0);
  expect(holding("Too many sign-in attempts").length, "sign-in code scanned").toBeGreaterThan(0);
  // The stub's process-global marker and its module appear in no server file (code or source map).
  expect(holding("keyway.test.sessionUserId")).toEqual([]);
  expect(holding("session-user.test-stub")).toEqual([]);
});
