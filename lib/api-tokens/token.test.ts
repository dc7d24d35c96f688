// API tokens: their shape, entropy and hashing (the stored form), and the expiry choices of the create form.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { createApiTokenSchema, expiryDate, MAX_TOKEN_LIFETIME_DAYS } from "./schema";
import { generateApiToken, hashApiToken, isWellFormedApiToken, storedPrefix, TOKEN_RANDOM_CHARS } from "./token";

describe("API token format and hashing", () => {
  it("is kw_ + at least 40 base62 characters, different every time", () => {
    const tokens = new Set(Array.from({ length: 200 }, generateApiToken));
    assert.equal(tokens.size, 200);
    for (const token of tokens) {
      assert.match(token, /^kw_[0-9A-Za-z]{40,}$/);
      assert.equal(isWellFormedApiToken(token), true);
    }
    assert.ok(TOKEN_RANDOM_CHARS >= 40);
    // 43 base62 characters carry at least 256 bits: no slow hash is needed (nothing to brute-force).
    assert.ok(TOKEN_RANDOM_CHARS * Math.log2(62) >= 256);
  });

  it("uses every base62 character about equally (no modulo bias)", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i += 1)
      for (const c of generateApiToken().slice(3)) counts.set(c, (counts.get(c) ?? 0) + 1);
    assert.equal(counts.size, 62);
    const expected = (2000 * TOKEN_RANDOM_CHARS) / 62;
    for (const [c, n] of counts) assert.ok(Math.abs(n - expected) < expected * 0.15, `${c}: ${n} vs ${expected}`);
  });

  it("stores the SHA-256 of the whole token and its first 8 characters only", () => {
    const token = generateApiToken();
    assert.equal(hashApiToken(token), createHash("sha256").update(token, "utf8").digest("hex"));
    assert.notEqual(hashApiToken(token), hashApiToken(`${token}x`));
    assert.equal(storedPrefix(token), token.slice(0, 8));
    assert.equal(storedPrefix(token).length, 8);
  });

  it("refuses anything that is not a token before any lookup", () => {
    for (const value of [
      "",
      "kw_",
      "kw_short",
      `KW_${"a".repeat(43)}`,
      `kw_${"a".repeat(42)}!`,
      `kw_${"é".repeat(43)}`,
    ])
      assert.equal(isWellFormedApiToken(value), false, value);
  });
});

describe("API token expiry", () => {
  const now = new Date("2026-12-01T10:00:00Z");
  // Dates typed into the form are checked against the real clock: make them relative to it.
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const parse = (input: Record<string, unknown>) =>
    createApiTokenSchema.safeParse({ name: "ci", authorities: ["USER_READ"], ...input });

  it("defaults to 90 days; takes Nd up to a year, or a date", () => {
    const parsed = parse({});
    assert.equal(parsed.success, true);
    assert.equal(expiryDate(parsed.data!, now).toISOString(), "2027-03-01T10:00:00.000Z");
    assert.equal(expiryDate(parse({ expiresIn: "30d" }).data!, now).toISOString(), "2026-12-31T10:00:00.000Z");
    assert.equal(
      expiryDate(parse({ expiresIn: "date", expiresOn: day(60) }).data!, now).toISOString(),
      `${day(60)}T00:00:00.000Z`,
    );
  });

  it("refuses more than a year, zero days, a past date and garbage, with a message on the field", () => {
    const over = parse({ expiresIn: `${MAX_TOKEN_LIFETIME_DAYS + 1}d` });
    assert.equal(over.success, false);
    assert.match(over.error!.issues[0].message, /at most 1 year/);
    assert.equal(parse({ expiresIn: "0d" }).success, false);
    assert.equal(parse({ expiresIn: "1w" }).success, false);
    const past = parse({ expiresIn: "date", expiresOn: "2020-01-01" });
    assert.equal(past.success, false);
    assert.deepEqual(past.error!.issues[0].path, ["expiresOn"]);
    assert.equal(parse({ expiresIn: "date", expiresOn: day(400) }).success, false, "more than a year away");
    assert.equal(parse({ expiresIn: "date", expiresOn: day(0) }).success, false, "today has already begun");
    assert.equal(parse({ expiresIn: "date", expiresOn: "tomorrow" }).success, false);
  });

  it("needs a name and at least one authority, each a known one", () => {
    assert.equal(parse({ name: "" }).success, false);
    assert.equal(parse({ authorities: [] }).success, false);
    assert.equal(parse({ authorities: ["ROOT"] }).success, false);
    assert.deepEqual(parse({ authorities: ["USER_READ", "USER_READ"] }).data?.authorities, ["USER_READ"]);
  });
});
