// Issue 6, finding 6: callback URLs never leave Keyway's origin and never cause a 500.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_AFTER_SIGN_IN, safeCallbackPath } from "./callback-url";

const ORIGIN = "https://keyway.example.com";

describe("safeCallbackPath", () => {
  it("keeps same-origin paths, with query and fragment", () => {
    assert.equal(safeCallbackPath("/settings/users?x=1#top", ORIGIN), "/settings/users?x=1#top");
    assert.equal(safeCallbackPath("https://keyway.example.com/settings/users", ORIGIN), "/settings/users");
    assert.equal(safeCallbackPath(["/settings/users", "//evil"], ORIGIN), "/settings/users");
  });

  for (const hostile of [
    "/%09/evil.example",
    "/\t/evil.example",
    "//evil.example",
    "/\\evil.example",
    "/%5Cevil.example",
    "/%0a",
    "/settings%0d%0aSet-Cookie:x=1",
    "/ /evil.example",
    "https://evil.example/",
    "http://keyway.example.com/", // other scheme, other origin
    "javascript:alert(1)",
    "settings",
    "/%E0%A4%A", // malformed escape
    "",
    null,
    undefined,
  ]) {
    it(`refuses ${JSON.stringify(hostile)}`, () => {
      assert.equal(safeCallbackPath(hostile, ORIGIN), DEFAULT_AFTER_SIGN_IN);
    });
  }
});
