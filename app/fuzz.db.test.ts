// Property-based fuzzing (fast-check) of every form's server action and every /api/v1 route, in process with a
// stubbed session user (lib/authz/current-user.ts): random and hostile input must never give a 500, never change a
// row when it is rejected, and never show a secret. Seeded (KEYWAY_FUZZ_SEED) and sized (KEYWAY_FUZZ_RUNS).
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { freshDatabase } from "@/lib/testing/test-db";

const SEED = Number(process.env.KEYWAY_FUZZ_SEED ?? 20261123);
const RUNS = Number(process.env.KEYWAY_FUZZ_RUNS ?? 1300); // per target with input; 8 of them → >= 10,000 inputs

const t = await freshDatabase();
process.env.DATABASE_URL = t.url;
(process.env as Record<string, string>).NODE_ENV = "test";
process.env.KEYWAY_SEALING_KEY = randomBytes(32).toString("base64");
process.env.NEXTAUTH_SECRET = randomBytes(32).toString("base64");
const CLIENT_SECRET = `fuzz-client-secret-${randomBytes(8).toString("hex")}`;
const ADMIN_PASSWORD = "fuzz-admin-password-1234";

// What Next's server does at boot (node-environment): its request stores are AsyncLocalStorage instances.
(globalThis as Record<string, unknown>).AsyncLocalStorage = (await import("node:async_hooks")).AsyncLocalStorage;
const { workAsyncStorage } = await import("next/dist/server/app-render/work-async-storage.external.js");
const usersRoute = await import("./api/v1/users/route");
const userRoute = await import("./api/v1/users/[id]/route");
const integrationsRoute = await import("./api/v1/oauth-integrations/route");
const userActions = await import("./(console)/settings/users/actions");
const integrationActions = await import("./(console)/settings/oauth-integrations/actions");
const { hashPassword } = await import("@/lib/users/password");
const { createIntegration } = await import("@/lib/integrations/service");
const { db: sharedDb } = await import("@/lib/db");

const admin = await t.db.user.create({
  data: { email: "admin@fuzz.test", name: "Admin", role: "ADMIN", passwordHash: await hashPassword(ADMIN_PASSWORD) },
});
const victim = await t.db.user.create({ data: { email: "victim@fuzz.test", name: "Victim", role: "GUEST" } });
await createIntegration(
  { id: admin.id, email: admin.email },
  {
    provider: "custom-sso",
    registrationId: "fuzz-sso",
    clientId: "fuzz-client",
    clientSecret: CLIENT_SECRET,
    authorizationUrl: "https://idp.fuzz.invalid/auth",
    jwksUri: "https://idp.fuzz.invalid/jwks",
    tokenUri: "https://idp.fuzz.invalid/token",
    userInfoUri: "https://idp.fuzz.invalid/userinfo",
    issuer: "https://idp.fuzz.invalid",
    clientAuthMethod: "client_secret_post",
    loginButtonText: "Fuzz",
    emailDomains: ["fuzz.test"],
    trustEmailAddresses: false,
    showOnSignInScreen: true,
  },
  { db: t.db },
);
(globalThis as Record<symbol, unknown>)[Symbol.for("keyway.test.sessionUserId")] = admin.id;
// The stub exists only under --conditions=keyway-test (npm test passes it; see lib/authz/test-session-user.ts).
if ((await import("#test-session-user")).testSessionUserId() !== admin.id)
  throw new Error("The session stub is not loaded: run with --conditions=keyway-test (npm test does).");

const sealed = (await t.db.integration.findFirstOrThrow({ select: { clientSecretSealed: true } })).clientSecretSealed;
const passwordHash = (await t.db.user.findFirstOrThrow({ where: { id: admin.id }, select: { passwordHash: true } }))
  .passwordHash!;
const SECRETS = [
  CLIENT_SECRET,
  sealed,
  passwordHash,
  "$2a$",
  "$2b$",
  process.env.KEYWAY_SEALING_KEY!,
  process.env.NEXTAUTH_SECRET!,
  ADMIN_PASSWORD,
];

/** A fingerprint of every table a rejected input could touch, in one query: row counts and the newest update stamp
 * (Prisma sets updatedAt on every update), so any insert, delete or update shows. Cheap enough after every input. */
const FINGERPRINT = `SELECT (SELECT COUNT(*) FROM "User") AS u, (SELECT COUNT(*) FROM "UserAuthority") AS ua,
  (SELECT COUNT(*) FROM "Integration") AS i, (SELECT COUNT(*) FROM "IntegrationDomain") AS d,
  (SELECT COUNT(*) FROM "AuditEvent") AS a, (SELECT COUNT(*) FROM "Account") AS ac,
  (SELECT MAX("updatedAt") FROM "User") AS uu, (SELECT MAX("updatedAt") FROM "Integration") AS iu,
  (SELECT MAX("version") FROM "ConfigVersion") AS v`;
async function snapshot(): Promise<string> {
  const rows = await t.db.$queryRawUnsafe<Record<string, unknown>[]>(FINGERPRINT);
  return JSON.stringify(rows, (_key, value) => (typeof value === "bigint" ? String(value) : value));
}

type Outcome = { status: number; body: string };
// revalidatePath needs Next's work store; a minimal one stands in for the request the action would run in.
const inWorkStore = <T>(fn: () => Promise<T>) =>
  workAsyncStorage.run(
    { route: "/fuzz", incrementalCache: {}, pendingRevalidatedTags: [], pendingRevalidates: {} } as never,
    fn,
  );

async function viaRoute(response: Promise<Response>): Promise<Outcome> {
  const r = await response;
  return { status: r.status, body: await r.text() };
}
async function viaAction(action: () => Promise<{ ok: boolean; status?: number }>): Promise<Outcome> {
  const r = await inWorkStore(action);
  return { status: r.ok ? 200 : (r.status ?? 0), body: JSON.stringify(r) };
}
function jsonRequest(path: string, method: string, body: string, contentType = "application/json") {
  return new Request(`http://127.0.0.1${path}`, { method, body, headers: { "content-type": contentType } });
}

// ---- generators: unicode, 1 MB strings, nested JSON, wrong types, prototype keys, missing fields ----
const MB = "x".repeat(1 << 20);
const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "\u202eevil",
    "a\u2066b",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "%00",
    "null",
    "undefined",
    "NaN",
    "__proto__",
    "constructor",
    "𝕬𝖉𝖒𝖎𝖓",
    "admin@fuzz.test",
    "ADMIN",
    "fuzz-sso",
    "fuzz.test",
    "https://127.0.0.1/x",
    "http://169.254.169.254/",
    "javascript:alert(1)",
    MB,
    `${"é".repeat(40)}`,
  ),
);
const anyValue = fc.oneof(
  { depthSize: "small" },
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileString, { maxLength: 5 }),
  fc.object({ maxDepth: 3, key: fc.oneof(fc.string(), fc.constantFrom("__proto__", "constructor", "prototype")) }),
);
const protoKeys = fc.constantFrom(
  '{"__proto__":{"role":"ADMIN"}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '{"__proto__":null}',
);
const deepJson = fc.integer({ min: 1, max: 5000 }).map((d) => "[".repeat(d) + "]".repeat(d));
const authority = fc.oneof(
  fc.constantFrom("USER_READ", "USER_WRITE", "OAUTH_INTEGRATION_READ", "OAUTH_INTEGRATION_WRITE", "AUDIT_READ"),
  hostileString,
);
const email = fc.oneof(fc.emailAddress(), hostileString);
const userLike = fc.record(
  {
    email,
    name: fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), anyValue),
    role: fc.oneof(fc.constantFrom("ADMIN", "GUEST"), anyValue),
    authorities: fc.oneof(fc.array(authority, { maxLength: 6 }), anyValue),
    disabled: fc.oneof(fc.boolean(), anyValue),
    id: fc.oneof(fc.constant(victim.id), fc.constant(admin.id), anyValue),
  },
  { requiredKeys: [] },
);
const url = fc.oneof(
  fc.webUrl(),
  hostileString,
  fc.constantFrom("https://idp.fuzz.invalid/auth", "http://10.0.0.5/x", "https://2130706433/", "file:///etc/passwd"),
);
const integrationLike = fc.record(
  {
    provider: fc.oneof(fc.constant("custom-sso"), anyValue),
    registrationId: fc.oneof(fc.stringMatching(/^[a-z0-9-]{2,12}$/), anyValue),
    clientId: fc.oneof(fc.string({ minLength: 1, maxLength: 10 }), anyValue),
    clientSecret: fc.oneof(fc.string({ minLength: 1, maxLength: 10 }), anyValue),
    authorizationUrl: url,
    jwksUri: url,
    tokenUri: url,
    userInfoUri: url,
    issuer: fc.oneof(fc.constant("https://idp.fuzz.invalid"), url),
    clientAuthMethod: fc.oneof(fc.constantFrom("client_secret_post", "client_secret_basic"), anyValue),
    loginButtonText: fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), anyValue),
    emailDomains: fc.oneof(fc.array(hostileString, { maxLength: 4 }), anyValue),
    trustEmailAddresses: fc.oneof(fc.boolean(), anyValue),
    showOnSignInScreen: fc.oneof(fc.boolean(), anyValue),
  },
  { requiredKeys: [] },
);
/** A raw request body: JSON of a near-valid record, anything at all, prototype keys, deep nesting, or not JSON. */
const rawBody = (record: fc.Arbitrary<object>) =>
  fc.oneof(
    record.map((r) => JSON.stringify(r)),
    anyValue.map((v) => JSON.stringify(v) ?? ""),
    protoKeys,
    deepJson,
    hostileString,
  );

// ---- targets: every /api/v1 route and every form's server action ----
type Target = { name: string; input: fc.Arbitrary<unknown>; call: (input: never) => Promise<Outcome>; runs?: number };
const targets: Target[] = [
  {
    name: "POST /api/v1/users",
    input: rawBody(userLike),
    call: (b: string) => viaRoute(usersRoute.POST(jsonRequest("/api/v1/users", "POST", b))),
  },
  // Reads take no input: a few calls, interleaved with the writes' data, check that no secret shows.
  { name: "GET /api/v1/users", input: fc.constant(null), call: () => viaRoute(usersRoute.GET()), runs: 20 },
  {
    name: "PATCH /api/v1/users/[id]",
    input: fc.tuple(fc.oneof(fc.constant(victim.id), fc.constant(admin.id), hostileString), rawBody(userLike)),
    call: ([id, b]: [string, string]) =>
      viaRoute(userRoute.PATCH(jsonRequest(`/api/v1/users/x`, "PATCH", b), { params: Promise.resolve({ id }) })),
  },
  {
    name: "POST /api/v1/oauth-integrations",
    input: rawBody(integrationLike),
    call: (b: string) => viaRoute(integrationsRoute.POST(jsonRequest("/api/v1/oauth-integrations", "POST", b))),
  },
  {
    name: "POST /api/v1/oauth-integrations (wrong content type)",
    input: hostileString,
    call: (b: string) =>
      viaRoute(integrationsRoute.POST(jsonRequest("/api/v1/oauth-integrations", "POST", b, "text/plain"))),
  },
  {
    name: "GET /api/v1/oauth-integrations",
    input: fc.constant(null),
    call: () => viaRoute(integrationsRoute.GET()),
    runs: 20,
  },
  {
    name: "createUserAction",
    input: fc.oneof(userLike, anyValue),
    call: (i: never) => viaAction(() => userActions.createUserAction(i)),
  },
  {
    name: "updateUserAction",
    input: fc.oneof(userLike, anyValue),
    call: (i: never) => viaAction(() => userActions.updateUserAction(i)),
  },
  {
    name: "setUserDisabledAction",
    input: fc.oneof(userLike, anyValue),
    call: (i: never) => viaAction(() => userActions.setUserDisabledAction(i)),
  },
  {
    name: "createIntegrationAction",
    input: fc.oneof(integrationLike, anyValue),
    call: (i: never) => viaAction(() => integrationActions.createIntegrationAction(i)),
  },
];

describe(`fuzzing every form action and /api/v1 route (${t.flavour}, seed ${SEED}, ${RUNS} runs each)`, () => {
  let total = 0;
  before(() => void 0);
  after(async () => {
    console.log(`fuzz: ${total} inputs in total`);
    await sharedDb.$disconnect();
    await t.close();
  });

  for (const [index, target] of targets.entries()) {
    it(`${target.name}: no 500, no change on rejection, no secret in any response`, async () => {
      let previous = await snapshot();
      await fc.assert(
        fc.asyncProperty(target.input, async (input) => {
          total += 1;
          const outcome = await target.call(input as never);
          assert.ok(
            outcome.status > 0 && outcome.status < 500,
            `${target.name} answered ${outcome.status}: ${outcome.body.slice(0, 300)}`,
          );
          for (const secret of SECRETS) assert.ok(!outcome.body.includes(secret), `${target.name} leaked a secret`);
          const now = await snapshot();
          if (outcome.status >= 400)
            assert.equal(now, previous, `${target.name} changed rows although it refused (${outcome.status})`);
          previous = now;
        }),
        { seed: SEED + index, numRuns: target.runs ?? RUNS, endOnFailure: true, includeErrorInReport: true },
      );
    });
  }

  it("sent at least 10,000 inputs", () => {
    assert.ok(total >= Math.min(10_000, RUNS * 8), `only ${total}`);
  });
});
