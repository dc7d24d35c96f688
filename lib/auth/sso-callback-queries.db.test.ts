// How many database statements one SSO sign-in costs on the callback request (docs/performance.md): what the
// /api/auth route does for callback/<id> (the provider registry's version read), then next-auth's signIn + jwt
// callbacks from options.ts, against a fresh database whose every SQL statement is counted.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, beforeEach, describe, it } from "node:test";
import type { Account, AuthOptions, User } from "next-auth";
import { freshDatabase, seedIntegration, type TestDb } from "../testing/test-db";

/**
 * Statements for a sign-in through an existing link, and for the first sign-in that creates the link, with the
 * once-per-instance housekeeping (the registry's first load, the hourly session sweep) already done. A linked
 * sign-in reads the link (its id goes on the session row; when it was last proved) and the account's authorities
 * (no escalation through a link); for an account holding authorities, also the admin who last set the key settings.
 */
export const SSO_SIGN_IN_STATEMENTS = { linked: 11, linkedWithAuthorities: 13, linking: 12 };

describe(`SSO sign-in database round trips (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  let t: TestDb;
  let buildAuthOptions: (segments: string[]) => Promise<AuthOptions>;
  let callbacks: NonNullable<AuthOptions["callbacks"]>;
  const statements: string[] = [];
  let userId = "";

  before(async () => {
    process.env.NEXTAUTH_SECRET ||= "test-only-secret-0123456789abcdefghijklmnop";
    process.env.KEYWAY_SEALING_KEY ??= randomBytes(32).toString("base64");
    t = await freshDatabase({ onQuery: (sql) => statements.push(sql) });
    // lib/db.ts takes the process-wide client from here outside production, so options.ts uses this database.
    (globalThis as { keywayDb?: unknown }).keywayDb = t.db;
    const options = await import("./options");
    buildAuthOptions = options.buildAuthOptions;
    callbacks = options.authOptionsForSession().callbacks!;
    const { seal } = await import("../crypto/seal");
    userId = (await t.db.user.create({ data: { email: "pat@example.test", name: "Pat" } })).id;
    await t.db.user.create({ data: { email: "sam@example.test", name: "Sam" } });
    // Set up by an admin, so email linking may reach Pat (issue 6: bounded by the configurer's authorities).
    const admin = await t.db.user.create({ data: { email: "root@example.test", name: "Root", role: "ADMIN" } });
    await t.db.user.create({ data: { email: "ops@example.test", name: "Ops", role: "ADMIN" } });
    await seedIntegration(t.db, "acme", {
      identityConfiguredById: admin.id,
      keysConfiguredById: admin.id,
      loginButtonText: "Acme",
      clientSecretSealed: seal("acme-secret"),
    });
    // Once per instance: the registry's first load and the hourly session sweep (not counted below).
    await signIn("sub-sam", "Sam@Example.test");
  });
  after(() => t.close());
  beforeEach(() => {
    statements.length = 0;
  });

  async function signIn(sub: string, email = "Pat@Example.test") {
    // The route resolves callback/acme's provider first (and with it the integration's linking settings).
    const built = await buildAuthOptions(["callback", "acme"]);
    assert.deepEqual(
      built.providers.map((p) => p.id),
      ["acme"],
    );
    // As the provider's profile() returns it: next-auth lower-cases `email`; `emailAsSent` keeps the claim as sent.
    const user = {
      id: sub,
      issuer: "https://i",
      email: email.toLowerCase(),
      emailAsSent: email,
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

  const report = (label: string) =>
    console.log(`${label}: ${statements.length} statements\n  ${statements.map((s) => s.slice(0, 90)).join("\n  ")}`);

  it("first sign-in (links by email): the session names the Keyway user", async () => {
    const token = await signIn("sub-pat");
    assert.deepEqual(
      { uid: token.uid, email: token.email, name: token.name, via: token.via },
      { uid: userId, email: "pat@example.test", name: "Pat", via: "acme" },
    );
    report("linking sign-in");
    assert.ok(statements.length <= SSO_SIGN_IN_STATEMENTS.linking, `${statements.length} statements`);
    assert.equal(await t.db.session.count({ where: { id: token.sid as string, userId } }), 1, "its session row");
  });

  it("later sign-in through the link", async () => {
    const token = await signIn("sub-pat");
    assert.equal(token.uid, userId);
    report("linked sign-in");
    assert.ok(statements.length <= SSO_SIGN_IN_STATEMENTS.linked, `${statements.length} statements`);
  });

  it("later sign-in through the link of an account holding authorities", async () => {
    await signIn("sub-ops", "Ops@Example.test");
    statements.length = 0;
    const token = await signIn("sub-ops", "Ops@Example.test");
    assert.equal(token.email, "ops@example.test");
    report("linked sign-in (admin)");
    assert.ok(statements.length <= SSO_SIGN_IN_STATEMENTS.linkedWithAuthorities, `${statements.length} statements`);
  });
});
