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
async function attempt(email: string, password: string, peer: string, now?: Date): Promise<Outcome> {
  try {
    return (await authorizePassword({ email, password }, { [PEER_HEADER]: peer }, { now })) ? "ok" : "invalid";
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

  it("per account and address: after 5 free failures that address is throttled, even for the right password", async () => {
    // One instant for the burst (a loaded machine may take longer than the first 1 s block to run 12 attempts).
    const now = new Date();
    const wrong = Array.from({ length: 12 }, (_, i) =>
      attempt("ann@example.com", `wrong-${i}-password`, "198.51.100.1", now),
    );
    const outcomes = await Promise.all(wrong);
    assert.deepEqual(tally(outcomes), { invalid: 6, throttled: 6 });
    assert.equal(await attempt("ann@example.com", PASSWORD, "198.51.100.1", now), "throttled");
  });

  it("the owner is not locked out by someone else's failures: the right password from another address gets in", async () => {
    const { counterId } = await import("./throttle");
    const failing = counterId("password:account-address", "ann@example.com\u0000198.51.100.1");
    assert.equal(await attempt("ann@example.com", PASSWORD, "198.51.100.99"), "ok");
    // …and that sign-in does not lift the count of the address that was failing.
    assert.equal((await t.db.throttleCounter.findUnique({ where: { id: failing } }))?.failures, 6);
  });

  it("no enumeration: an unknown email is throttled exactly the same way", async () => {
    const now = new Date();
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) => attempt("nobody@example.com", `wrong-${i}-password`, "198.51.100.2", now)),
    );
    assert.deepEqual(tally(outcomes), { invalid: 6, throttled: 6 });
  });

  it("per client address: many accounts from one address are throttled after 20 failures", async () => {
    const now = new Date();
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) => attempt(`spray-${i}@example.com`, "some-password-123", "203.0.113.50", now)),
    );
    assert.deepEqual(tally(outcomes), { invalid: 21, throttled: 9 });
    // Another address is unaffected.
    assert.equal(await attempt("spray-0@example.com", "some-password-123", "203.0.113.51"), "invalid");
  });

  it("per account from every address: a guess spread over many addresses meets the account's ceiling", async () => {
    const { THROTTLE_RULES, countFailure } = await import("./throttle");
    const ceiling = THROTTLE_RULES["password:account"].limit;
    // Failures from 10 addresses count towards one ceiling (each address alone stays under its own backoff).
    const spread = await Promise.all(
      Array.from({ length: 10 }, (_, i) => attempt("ann@example.com", `spread-${i}-password`, `192.0.2.${i + 10}`)),
    );
    assert.deepEqual(tally(spread), { invalid: 10 });
    // The rest of the ceiling (cheaply, without hashing: the counter is what decides).
    for (let i = 10; i < ceiling; i++) await countFailure("password:account", "ann@example.com");
    assert.equal(await attempt("ann@example.com", PASSWORD, "192.0.2.99"), "throttled");
    assert.equal(await attempt("ann@example.com", "another-guess-123", "192.0.2.98"), "throttled");
  });

  it("failed sign-ins are audited (reason and address, never the password); throttled ones once per key and block", async () => {
    const events = await t.db.auditEvent.findMany({ where: { action: "auth.password_sign_in_failed" } });
    const reasons = tally(events.map((e) => (e.details as { reason: string }).reason));
    // Every counted failure: 6 + 6 + 21 + 1 + 10. Throttled: one per blocked key and block — ann from .1 (the burst
    // and the right password later are in one block), nobody from .2, the spraying address, ann's ceiling.
    assert.deepEqual(reasons, { invalid: 6 + 6 + 21 + 1 + 10, throttled: 1 + 1 + 1 + 1 });
    const throttled = events.filter((e) => (e.details as { reason: string }).reason === "throttled");
    assert.deepEqual(throttled.map((e) => (e.details as { limits: string[] }).limits[0]).sort(), [
      "password:account",
      "password:account-address",
      "password:account-address",
      "password:address",
    ]);
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
