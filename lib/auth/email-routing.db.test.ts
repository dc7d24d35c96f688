// Email-first routing and the sign-in screen's queries, on a real database (SQLite and PostgreSQL).
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type * as QueriesModule from "../integrations/queries";
import { freshDatabase, type TestDb } from "../testing/test-db";
import type * as RoutingModule from "./email-routing";

type Queries = typeof QueriesModule;
type Routing = typeof RoutingModule;

describe(`Continue with SSO routing (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  let t: TestDb;
  let queries: Queries;
  let routing: Routing;
  let sealedSecret = "";
  const statements: string[] = [];

  const integration = (registrationId: string, extra: Record<string, unknown> = {}) => ({
    registrationId,
    clientId: "c",
    // A secret Keyway can open: an integration it cannot decrypt is Broken and routes nowhere.
    clientSecretSealed: sealedSecret,
    authorizationUrl: "https://i/a",
    jwksUri: "https://i/j",
    tokenUri: "https://i/t",
    userInfoUri: "https://i/u",
    issuer: "https://i",
    loginButtonText: `Sign in with ${registrationId}`,
    ...extra,
  });

  before(async () => {
    process.env.KEYWAY_SEALING_KEY ??= randomBytes(32).toString("base64");
    sealedSecret = (await import("../crypto/seal")).seal("routing-secret");
    t = await freshDatabase({ onQuery: (sql) => statements.push(sql) });
    // lib/db.ts takes the process-wide client from here outside production.
    (globalThis as { keywayDb?: unknown }).keywayDb = t.db;
    queries = await import("../integrations/queries");
    routing = await import("./email-routing");
  });
  after(() => t.close());

  it("offers no email routing while no enabled integration owns a domain", async () => {
    await t.db.integration.create({ data: integration("plain") });
    await t.db.integration.create({
      data: { ...integration("off", { enabled: false }), emailDomains: { create: [{ domain: "off.net" }] } },
    });
    assert.equal(await queries.hasEmailDomainRouting(), false);
  });

  it("routes by domain, case-insensitively; hidden integrations are reachable by domain but get no button", async () => {
    await t.db.integration.create({
      data: { ...integration("acme"), emailDomains: { create: [{ domain: "acme.com" }, { domain: "acme.io" }] } },
    });
    await t.db.integration.create({
      data: {
        ...integration("hidden", { showOnSignInScreen: false }),
        emailDomains: { create: [{ domain: "hidden.org" }] },
      },
    });
    assert.equal(await queries.hasEmailDomainRouting(), true);
    assert.deepEqual(await routing.routeEmailToSso({ email: "  Pat@ACME.Com " }), { ok: true, registrationId: "acme" });
    assert.deepEqual(await routing.routeEmailToSso({ email: "pat@acme.io" }), { ok: true, registrationId: "acme" });
    assert.deepEqual(await routing.routeEmailToSso({ email: "Kim@Hidden.ORG" }), {
      ok: true,
      registrationId: "hidden",
    });
    const buttons = (await queries.listLoginButtons()).map((b) => b.registrationId);
    assert.deepEqual(buttons, ["plain", "acme"]);
  });

  it("says clearly that no SSO is set up for an unknown or disabled domain, and nothing more", async () => {
    const unknown = await routing.routeEmailToSso({ email: "sam@Unknown.Example" });
    assert.deepEqual(unknown, {
      ok: false,
      error: "No single sign-on is set up for unknown.example. Sign in with your password, or ask your administrator.",
    });
    const disabled = await routing.routeEmailToSso({ email: "sam@off.net" });
    assert.deepEqual(
      disabled,
      { ok: false, error: unknown.ok ? "" : unknown.error.replace("unknown.example", "off.net") },
      "a disabled owner looks like no owner",
    );
    assert.deepEqual(await routing.routeEmailToSso({ email: "not an email" }), {
      ok: false,
      error: "Enter an email address like you@company.com.",
    });
    assert.deepEqual(await routing.routeEmailToSso({ email: "sub@acme.com.evil.test" }), {
      ok: false,
      error:
        "No single sign-on is set up for acme.com.evil.test. Sign in with your password, or ask your administrator.",
    });
  });

  it("the sign-in screen reads only visible rows, and one domain row to decide on email routing", async () => {
    await t.db.integration.createMany({
      data: Array.from({ length: 30 }, (_, i) => integration(`quiet-${i}`, { showOnSignInScreen: false })),
    });
    statements.length = 0;
    const buttons = await queries.listLoginButtons();
    const routingOn = await queries.hasEmailDomainRouting();
    assert.equal(buttons.length, 2);
    assert.equal(routingOn, true);
    assert.equal(statements.length, 2, statements.join("\n"));
    assert.match(
      statements[0]!,
      /showOnSignInScreen/,
      "hidden integrations are filtered by the query, not after loading them",
    );
    assert.match(statements[1]!, /LIMIT/i, "one domain row at most");
  });
});
