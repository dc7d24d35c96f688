import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hashPassword, verifyPassword } from "./password";

describe("password hashing runs off the event loop", () => {
  it("hashes and verifies (bcrypt format), refusing a wrong password and a missing hash", async () => {
    const hash = await hashPassword("correct horse battery");
    assert.match(hash, /^\$2[aby]\$12\$/);
    assert.equal(await verifyPassword("correct horse battery", hash), true);
    assert.equal(await verifyPassword("wrong horse battery", hash), false);
    assert.equal(await verifyPassword("anything at all", null), false);
  });

  it("the event loop keeps ticking while 20 verifications run", async () => {
    const hash = await hashPassword("correct horse battery");
    let worstGap = 0;
    let last = Date.now();
    const ticker = setInterval(() => {
      const now = Date.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
    }, 5);
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => verifyPassword(`attempt-${i}-xxxxxxx`, hash)),
    );
    clearInterval(ticker);
    assert.deepEqual(results, Array(20).fill(false));
    // On the main thread each bcrypt would block the loop for a whole verification (>= elapsed / 20); off it, the
    // worst gap stays well below one verification even on a loaded machine.
    const perVerification = (Date.now() - started) / 20;
    assert.ok(
      worstGap < perVerification * 0.6,
      `worst event-loop gap ${worstGap} ms; one verification ~${perVerification} ms`,
    );
  });
});
