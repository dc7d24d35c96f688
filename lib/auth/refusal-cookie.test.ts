// Issue 6, finding 8: the refusal page's email comes only from a fresh cookie Keyway signed for that code.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SignJWT } from "jose";
import { REFUSAL_COOKIE, refusalCookieHeader, refusalEmail } from "./refusal-cookie";

const SECRET = "refusal-cookie-test-secret-0123456789abcdef";
const valueOf = (header: string) => header.split(";")[0].slice(REFUSAL_COOKIE.length + 1);

describe("refusal cookie", () => {
  it("is httpOnly, short-lived, scoped to /error, and gives back the email for the same code", async () => {
    const header = await refusalCookieHeader("NO_ACCOUNT", "ann@example.com", SECRET, true);
    assert.match(header, /HttpOnly/);
    assert.match(header, /Max-Age=300/);
    assert.match(header, /Path=\/error/);
    assert.match(header, /Secure/);
    assert.equal(await refusalEmail(valueOf(header), "NO_ACCOUNT", SECRET), "ann@example.com");
    assert.equal(await refusalEmail(valueOf(header), "ACCOUNT_DISABLED", SECRET), null, "another code");
  });

  it("refuses forged, foreign-secret and expired cookies", async () => {
    assert.equal(await refusalEmail(undefined, "NO_ACCOUNT", SECRET), null);
    assert.equal(await refusalEmail("Buy cheap watches", "NO_ACCOUNT", SECRET), null);
    const foreign = await refusalCookieHeader(
      "NO_ACCOUNT",
      "x@example.com",
      "another-secret-0123456789abcdef0123456789",
      false,
    );
    assert.equal(await refusalEmail(valueOf(foreign), "NO_ACCOUNT", SECRET), null);
    const key = new TextEncoder().encode(`keyway refusal cookie\u0000${SECRET}`);
    const expired = await new SignJWT({ code: "NO_ACCOUNT", email: "old@example.com" })
      .setProtectedHeader({ alg: "HS256" })
      .setAudience("keyway:refusal-page")
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(key);
    assert.equal(await refusalEmail(expired, "NO_ACCOUNT", SECRET), null);
  });
});
