import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { logLine, logText } from "./log";

describe("log lines cannot be split (issue 6, finding 7)", () => {
  it("turns CR, LF and other control characters into spaces", () => {
    assert.equal(logText("a\r\n[next-auth] forged\u2028b\u0000c"), "a [next-auth] forged b c");
    assert.doesNotMatch(logLine`[x] ${"evil\nline"} code=${"A\rB"}`, /[\r\n]/);
    assert.equal(logLine`[x] ${"evil\nline"} code=${42}`, "[x] evil line code=42");
  });
  it("cuts very long values", () => {
    assert.ok(logText("x".repeat(10_000)).length <= 2001);
  });
  it("an Error keeps its stack on one line", () => {
    assert.doesNotMatch(logText(new Error("boom\nforged")), /\n/);
  });
});
