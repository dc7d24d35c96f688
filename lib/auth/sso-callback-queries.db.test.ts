// How many database statements one SSO sign-in costs in next-auth's signIn + jwt callbacks (docs/performance.md).
// The real callbacks from options.ts run against a fresh database whose every SQL statement is counted.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import type { Account, AuthOptions, User } from "next-auth";
import { freshDatabase, seedIntegration, type TestDb } from "../testing/test-db";

/**
 * Statements for a sign-in through an existing link, and for the first sign-in that creates the link: the lean
 * callback's 6 / 7 plus what the linking rules, health and revocable sessions need (docs/performance.md).
 */
export const SSO_SIGN_IN_STATEMENTS = { linked: 13, linking: 16 };

describe(`SSO sign-in database round trips (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  let t: TestDb;
  let callbacks: NonNullable<AuthOptions["callbacks"]>;
  const statements: string[] = [];
  let userId = "";

  before(async () => {
    process.env.NEXTAUTH_SECRET ||= "test-only-secret-0123456789abcdefghijklmnop";
    t = await freshDatabase({ onQuery: (sql) => statements.push(sql) });
    // lib/db.ts takes the process-wide client from here outside production, so options.ts uses this database.
    (globalThis as { keywayDb?: unknown }).keywayDb = t.db;
    callbacks = (await import("./options")).authOptionsForSession().callbacks!;
    userId = (await t.db.user.create({ data: { email: "pat@example.test", name: "Pat" } })).id;
    // Set up by an admin, so email linking may reach Pat (issue 6: bounded by the configurer's authorities).
    const admin = await t.db.user.create({ data: { email: "root@example.test", name: "Root", role: "ADMIN" } });
    await seedIntegration(t.db, "acme", { identityConfiguredById: admin.id, loginButtonText: "Acme" });
  });
  after(() => t.close());
  beforeEach(() => {
    statements.length = 0;
  });

  async function signIn(sub: string) {
    const user = {
      id: sub,
      issuer: "https://i",
      email: "Pat@Example.test",
      name: "P. at the IdP",
      emailVerified: true,
    } as unknown as User;
    const account = { provider: "acme", type: "oauth", providerAccountId: sub } as Account;
    assert.equal(
      await callbacks.signIn!({ user, account } as Parameters<NonNullable<typeof callbacks.signIn>>[0]),
      true,
    );
    return callbacks.jwt!({ token: {}, user, account } as Parameters<NonNullable<typeof callbacks.jwt>>[0]);
  }

  it("first sign-in (links by email): the session names the Keyway user", async () => {
    const token = await signIn("sub-pat");
    assert.deepEqual(
      { uid: token.uid, email: token.email, name: token.name, via: token.via },
      { uid: userId, email: "pat@example.test", name: "Pat", via: "acme" },
    );
    console.log(
      `linking sign-in: ${statements.length} statements\n  ${statements.map((s) => s.slice(0, 90)).join("\n  ")}`,
    );
    assert.ok(statements.length <= SSO_SIGN_IN_STATEMENTS.linking, `${statements.length} statements`);
  });

  it("later sign-in through the link", async () => {
    const token = await signIn("sub-pat");
    assert.equal(token.uid, userId);
    console.log(
      `linked sign-in: ${statements.length} statements\n  ${statements.map((s) => s.slice(0, 90)).join("\n  ")}`,
    );
    assert.ok(statements.length <= SSO_SIGN_IN_STATEMENTS.linked, `${statements.length} statements`);
  });
});
