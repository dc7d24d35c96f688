import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SignJWT } from "jose";

process.env.NEXTAUTH_SECRET ??= "unit-test-secret-0123456789abcdefghijklmnop";
const { createLinkIntent, readLinkIntent } = await import("./link-intent");

describe("link intent", () => {
  it("round-trips the user and the integration", async () => {
    assert.deepEqual(await readLinkIntent(await createLinkIntent("u1", "acme")), {
      userId: "u1",
      registrationId: "acme",
    });
  });

  it("refuses tampered, foreign-key and missing intents", async () => {
    const token = await createLinkIntent("u1", "acme");
    const [h, p, s] = token.split(".");
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p, "base64url").toString()), sub: "admin" }),
    ).toString("base64url");
    assert.equal(await readLinkIntent(`${h}.${forgedPayload}.${s}`), null);
    const otherKey = await new SignJWT({ rid: "acme" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("u1")
      .setAudience("keyway:link-sso")
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode(process.env.NEXTAUTH_SECRET));
    assert.equal(await readLinkIntent(otherKey), null, "signed with the raw session secret, not the derived key");
    assert.equal(await readLinkIntent(undefined), null);
    assert.equal(await readLinkIntent("garbage"), null);
  });
});
