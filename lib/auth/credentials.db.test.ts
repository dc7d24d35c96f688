import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { PEER_HEADER } from "@/lib/http/client-address";
import { freshDatabase } from "../testing/test-db";

const t = await freshDatabase();
process.env.DATABASE_URL = t.url;
const { authorizePassword, SignInThrottledError } = await import("./credentials");
const { hashPassword } = await import("../users/password");
const { db: sharedDb } = await import("../db");

const PASSWORD = "right-password-1234";
await t.db.user.create({
  data: { email: "ann@example.com", name: "Ann", role: "ADMIN", passwordHash: await hashPassword(PASSWORD) },
});

type Outcome = "ok" | "invalid" | string;
async function attempt(email: string, password: string, peer: string): Promise<Outcome> {
  try {
    return (await authorizePassword({ email, password }, { [PEER_HEADER]: peer })) ? "ok" : "invalid";
  } catch (error) {
    assert.ok(error instanceof SignInThrottledError);
    assert.match(error.message, /^Too many sign-in attempts\. Try again in \d+ s\.$/);
    return "throttled";
  }
}
const tally = (outcomes: Outcome[]) =>
  outcomes.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o]: (acc[o] ?? 0) + 1 }), {});

describe(`password sign-in throttling (${t.flavour})`, () => {
  after(async () => {
    await sharedDb.$disconnect();
    await t.close();
  });

  it("per account: after 5 free failures the account is throttled, even for the right password", async () => {
    const wrong = Array.from({ length: 12 }, (_, i) =>
      attempt("ann@example.com", `wrong-${i}-password`, `198.51.100.${i + 1}`),
    );
    const right = attempt("ann@example.com", PASSWORD, "198.51.100.99");
    const outcomes = await Promise.all(wrong);
    assert.deepEqual(tally(outcomes), { invalid: 6, throttled: 6 });
    assert.equal(await right, "throttled");
  });

  it("no enumeration: an unknown email is throttled exactly the same way", async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) => attempt("nobody@example.com", `wrong-${i}-password`, `198.51.100.${i + 1}`)),
    );
    assert.deepEqual(tally(outcomes), { invalid: 6, throttled: 6 });
  });

  it("per client address: many accounts from one address are throttled after 20 failures", async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) => attempt(`spray-${i}@example.com`, "some-password-123", "203.0.113.50")),
    );
    assert.deepEqual(tally(outcomes), { invalid: 21, throttled: 9 });
    // Another address is unaffected.
    assert.equal(await attempt("spray-0@example.com", "some-password-123", "203.0.113.51"), "invalid");
  });

  it("every failed sign-in is audited (reason and address, never the password)", async () => {
    const events = await t.db.auditEvent.findMany({ where: { action: "auth.password_sign_in_failed" } });
    assert.equal(events.length, 12 + 1 + 12 + 30 + 1);
    const reasons = tally(events.map((e) => (e.details as { reason: string }).reason));
    assert.deepEqual(reasons, { invalid: 6 + 6 + 21 + 1, throttled: 7 + 6 + 9 });
    assert.ok(!JSON.stringify(events).includes("wrong-0-password"));
    assert.ok(!JSON.stringify(events).includes(PASSWORD));
  });

  it("a password over 72 bytes is refused, not compared on a cut prefix", async () => {
    await t.db.user.create({
      data: { email: "long@example.com", name: "L", role: "GUEST", passwordHash: await hashPassword("x".repeat(72)) },
    });
    assert.equal(await attempt("long@example.com", `${"x".repeat(72)}anything`, "192.0.2.1"), "invalid");
    assert.equal(await attempt("long@example.com", "x".repeat(72), "192.0.2.1"), "ok");
  });
});
