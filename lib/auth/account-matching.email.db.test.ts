// Issue 6, finding 4 at sign-in: an IdP email with a look-alike character never matches an ASCII account.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { freshDatabase, seedIntegration, type TestDb } from "../testing/test-db";
import { matchAccount } from "./account-matching";

describe(`account matching, email normalisation (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  let t: TestDb;
  before(async () => {
    t = await freshDatabase();
    await t.db.user.createMany({
      data: [
        { email: "guest@keyway.local", name: "Guest" },
        { email: "ann@xn--bcher-kva.example", name: "Ann" },
      ],
    });
    // An integration set up by an admin, so the linking rules (issue 6) let a verified email through.
    const admin = await t.db.user.create({ data: { email: "root@example.test", name: "Root", role: "ADMIN" } });
    await seedIntegration(t.db, "acme", { identityConfiguredById: admin.id, loginButtonText: "Acme" });
  });
  after(() => t.close());

  it("guest@\\u212Aeyway.local (KELVIN SIGN) does not match guest@keyway.local, and nothing is linked", async () => {
    const result = await matchAccount(t.db, "acme", {
      sub: "kelvin",
      issuer: "https://i",
      email: "guest@\u212Aeyway.local",
      emailVerified: true,
    });
    assert.equal(result.ok, false);
    assert.equal(await t.db.account.count(), 0);
  });

  it("an IDN domain in IDNA's own form matches the account stored in punycode", async () => {
    const result = await matchAccount(t.db, "acme", {
      sub: "ann",
      issuer: "https://i",
      email: "ann@bücher.example",
      emailVerified: true,
    });
    assert.ok(result.ok && result.email === "ann@xn--bcher-kva.example");
  });
});
