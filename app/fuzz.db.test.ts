// Property-based fuzzing (fast-check) of every route handler method and every server action Keyway has, found in
// the source tree (app/_fuzz/entry-points.ts) and fed from one table (app/_fuzz/targets.ts). Each is called in
// process as Next calls it, with a real session cookie (admin, guest or none): random and hostile input must never
// give a 500, never change a row when it is refused, and never show a secret. At least FUZZ_FLOOR inputs per run;
// seeded (KEYWAY_FUZZ_SEED), and KEYWAY_FUZZ_RUNS may raise the total, never lower it.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, describe, it } from "node:test";
import fc from "fast-check";
import { CLAIM_SETTINGS_DEFAULTS } from "@/lib/integrations/claims";
import { freshDatabase } from "@/lib/testing/test-db";
import { listEntryPoints } from "./_fuzz/entry-points";

export const FUZZ_FLOOR = 10_000;
const SEED = Number(process.env.KEYWAY_FUZZ_SEED ?? 20261123);
const requested = Number(process.env.KEYWAY_FUZZ_RUNS ?? FUZZ_FLOOR);
if (!Number.isSafeInteger(requested) || requested < 1) throw new Error(`KEYWAY_FUZZ_RUNS must be a positive integer`);
// Why a floor: a smaller run proves less than the suite claims; the variable only ever asks for more.
const BUDGET = Math.max(FUZZ_FLOOR, requested);
if (requested < FUZZ_FLOOR) console.log(`fuzz: KEYWAY_FUZZ_RUNS=${requested} is below the floor; sending ${BUDGET}`);

const t = await freshDatabase();
process.env.DATABASE_URL = t.url;
process.env.NEXTAUTH_URL = "http://127.0.0.1:3000";
process.env.KEYWAY_SEALING_KEY = randomBytes(32).toString("base64");
process.env.NEXTAUTH_SECRET = randomBytes(32).toString("base64");
process.env.KEYWAY_METRICS_TOKEN = `fuzz-metrics-token-${randomBytes(8).toString("hex")}`;
const CLIENT_SECRET = `fuzz-client-secret-${randomBytes(8).toString("hex")}`;
const ADMIN_PASSWORD = "fuzz-admin-password-1234";
const ORIGIN = process.env.NEXTAUTH_URL;

// A loopback IdP that answers at once, so Check connection, Fetch configuration and discovery finish quickly.
const idp = createServer((req, res) => {
  const base = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  res.setHeader("content-type", "application/json");
  if (req.url?.endsWith("/.well-known/openid-configuration")) {
    res.end(
      JSON.stringify({
        issuer: base,
        authorization_endpoint: `${base}/auth`,
        token_endpoint: `${base}/token`,
        userinfo_endpoint: `${base}/me`,
        jwks_uri: `${base}/jwks`,
      }),
    );
  } else if (req.url?.startsWith("/jwks")) res.end('{"keys":[]}');
  else res.writeHead(400).end('{"error":"invalid_request"}');
});
await new Promise<void>((resolve) => idp.listen(0, "127.0.0.1", resolve));
const IDP_URL = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;

const { callEntryPoint, identity, moduleOf, SESSION_COOKIE, sessionCookieValue } = await import("./_fuzz/harness");
const { fuzzTargets } = await import("./_fuzz/targets");
const { hashPassword } = await import("@/lib/users/password");
const { createIntegration } = await import("@/lib/integrations/service");
const { createSession } = await import("@/lib/auth/sessions");
const { db: sharedDb } = await import("@/lib/db");
const { expectedMigrations } = await import("@/lib/ops/readiness");

// The test database is built from the migration scripts, without Prisma's ledger; a deployed one has it, and the
// readiness probe reads it. Record every migration as applied, so the probe answers as on a migrated server.
await t.db.$executeRawUnsafe(
  `CREATE TABLE IF NOT EXISTS "_prisma_migrations" ("id" VARCHAR(36) PRIMARY KEY, "checksum" VARCHAR(64) NOT NULL,
   "finished_at" TIMESTAMP, "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMP,
   "started_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`,
);
for (const [i, name] of expectedMigrations(t.flavour).entries()) {
  await t.db.$executeRawUnsafe(
    `INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "applied_steps_count")
     VALUES ('fuzz-${i}', '', CURRENT_TIMESTAMP, '${name}', 1)`,
  );
}

const admin = await t.db.user.create({
  data: { email: "admin@fuzz.test", name: "Admin", role: "ADMIN", passwordHash: await hashPassword(ADMIN_PASSWORD) },
});
const guest = await t.db.user.create({ data: { email: "guest@fuzz.test", name: "Guest", role: "GUEST" } });
const victim = await t.db.user.create({ data: { email: "victim@fuzz.test", name: "Victim", role: "GUEST" } });
const REGISTRATION_ID = "fuzz-sso";
const integrationInput = {
  provider: "custom-sso" as const,
  registrationId: REGISTRATION_ID,
  clientId: "fuzz-client",
  clientSecret: CLIENT_SECRET,
  authorizationUrl: `${IDP_URL}/auth`,
  jwksUri: `${IDP_URL}/jwks`,
  tokenUri: `${IDP_URL}/token`,
  userInfoUri: `${IDP_URL}/me`,
  issuer: IDP_URL,
  clientAuthMethod: "client_secret_post" as const,
  loginButtonText: "Fuzz",
  emailDomains: ["fuzz.test"],
  trustEmailAddresses: false,
  showOnSignInScreen: true,
  ...CLAIM_SETTINGS_DEFAULTS,
  endSessionUri: "",
  rpInitiatedLogout: false,
};
const link = await t.db.account.create({
  data: { userId: victim.id, provider: REGISTRATION_ID, issuer: IDP_URL, providerAccountId: "victim-sub" },
});

/** Puts back what earlier targets may legitimately have changed, so every target starts from the same world. */
async function resetFixtures() {
  if (!(await t.db.integration.findUnique({ where: { registrationId: REGISTRATION_ID }, select: { id: true } }))) {
    await t.db.integrationDomain.deleteMany({ where: { domain: "fuzz.test" } });
    await createIntegration({ id: admin.id, email: admin.email }, integrationInput, { db: t.db });
  }
  await t.db.integration.update({ where: { registrationId: REGISTRATION_ID }, data: { enabled: true } });
  await t.db.user.updateMany({
    where: { id: { in: [guest.id, victim.id] } },
    data: { role: "GUEST", disabled: false },
  });
  await t.db.userAuthority.deleteMany({ where: { userId: guest.id } });
  await t.db.account.upsert({
    where: { id: link.id },
    create: { ...link, lastSignInAt: null },
    update: {},
  });
  await t.db.signInPolicy.deleteMany({});
}
await resetFixtures();

// ---- sessions: a real Session row and next-auth cookie per identity, minted again whenever one ends ----
const people = { admin, guest } as const;
const sessions: Record<keyof typeof people, { sid: string; cookie: string } | null> = { admin: null, guest: null };
/** True when a session had to be opened again (a sign-out or "Sign out everywhere" ended it). */
async function ensureSessions(): Promise<boolean> {
  const ids = Object.values(sessions).flatMap((s) => (s ? [s.sid] : []));
  const live = new Set(
    (await t.db.session.findMany({ where: { id: { in: ids }, revokedAt: null }, select: { id: true } })).map(
      (s) => s.id,
    ),
  );
  let minted = false;
  for (const name of Object.keys(people) as (keyof typeof people)[]) {
    if (sessions[name] && live.has(sessions[name].sid)) continue;
    const sid = await createSession(t.db, people[name].id);
    sessions[name] = { sid, cookie: await sessionCookieValue(people[name], sid) };
    minted = true;
  }
  return minted;
}
const cookiesOf = (who: string): Record<string, string> =>
  who === "anonymous" ? {} : { [SESSION_COOKIE]: sessions[who as keyof typeof people]!.cookie };

// ---- what must never show: secrets, in any body or header ----
await ensureSessions();
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
  process.env.KEYWAY_METRICS_TOKEN!,
  ADMIN_PASSWORD,
];

// ---- what must not change when a request is refused: every table (row count, newest update stamp) ----
// A refused sign-in is itself recorded (audit, health attempt, the shared throttle's failure counters); for those
// targets only these may change.
const RECORD_TABLES = new Set(["AuditEvent", "SignInAttempt", "Session", "ThrottleCounter"]);
async function tableColumns(): Promise<Map<string, string[]>> {
  const rows =
    t.flavour === "sqlite"
      ? await t.db.$queryRawUnsafe<{ table: string; column: string }[]>(
          `SELECT m.name AS "table", p.name AS "column" FROM sqlite_master m JOIN pragma_table_info(m.name) p
           WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_prisma_migrations'`,
        )
      : await t.db.$queryRawUnsafe<{ table: string; column: string }[]>(
          `SELECT table_name::text AS "table", column_name::text AS "column" FROM information_schema.columns
           WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'`,
        );
  const out = new Map<string, string[]>();
  for (const { table, column } of rows) out.set(table, [...(out.get(table) ?? []), column]);
  return out;
}
const TABLES = [...(await tableColumns())].sort(([a], [b]) => a.localeCompare(b));
const FINGERPRINT = `SELECT ${TABLES.map(
  ([table, columns], i) =>
    `(SELECT COUNT(*) FROM "${table}") AS c${i}` +
    (columns.includes("updatedAt") ? `, (SELECT MAX("updatedAt") FROM "${table}") AS u${i}` : "") +
    (columns.includes("revokedAt") ? `, (SELECT COUNT("revokedAt") FROM "${table}") AS r${i}` : ""),
).join(", ")}`;
type Fingerprint = Record<string, string>;
async function snapshot(): Promise<Fingerprint> {
  const [row] = await t.db.$queryRawUnsafe<Record<string, unknown>[]>(FINGERPRINT);
  const out: Fingerprint = {};
  TABLES.forEach(([table], i) => {
    out[table] = [row[`c${i}`], row[`u${i}`], row[`r${i}`]]
      .map((v) => (v instanceof Date ? v.toISOString() : String(v)))
      .join("|");
  });
  return out;
}
const changedTables = (before: Fingerprint, now: Fingerprint, ignore: Set<string>) =>
  Object.keys(now).filter((table) => !ignore.has(table) && before[table] !== now[table]);

// ---- the plan: every entry point found in the code, its table entry, its share of the budget ----
const { entries, problems } = listEntryPoints();
const table = fuzzTargets({
  adminId: admin.id,
  guestId: guest.id,
  victimId: victim.id,
  linkId: link.id,
  registrationId: REGISTRATION_ID,
  origin: ORIGIN,
  idpUrl: IDP_URL,
  metricsToken: process.env.KEYWAY_METRICS_TOKEN!,
});
const covered = entries.filter((e) => Object.hasOwn(table, e.key));
const fixed = covered.reduce((sum, e) => sum + (table[e.key].runs ?? 0), 0);
const weights = covered.reduce((sum, e) => sum + (table[e.key].runs ? 0 : (table[e.key].weight ?? 1)), 0);
const runsOf = (key: string) => table[key].runs ?? Math.ceil(((BUDGET - fixed) * (table[key].weight ?? 1)) / weights);
const planned = covered.reduce((sum, e) => sum + runsOf(e.key), 0);

describe(`fuzzing every route handler and server action (${t.flavour}, seed ${SEED}, ${planned} inputs)`, () => {
  let total = 0;
  const started = Date.now();
  after(async () => {
    console.log(
      `fuzz: ${total} inputs to ${covered.length} entry points in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    idp.close();
    await sharedDb.$disconnect();
    await t.close();
  });

  it("finds every entry point in the code, and each has a fuzz entry (app/_fuzz/targets.ts)", () => {
    assert.deepEqual(problems, []);
    const missing = entries.filter((e) => !Object.hasOwn(table, e.key)).map((e) => `${e.key} (${e.file})`);
    assert.deepEqual(missing, [], "add a line per entry point to app/_fuzz/targets.ts (coverage.test.ts says which)");
  });

  for (const [index, entry] of covered.entries()) {
    const target = table[entry.key];
    const runs = runsOf(entry.key);
    it(`${entry.key} (${runs} inputs): no 500, no change on refusal, no secret in any response`, async () => {
      const mod = await moduleOf(entry.file);
      assert.equal(typeof mod[entry.kind === "route" ? entry.method : entry.name], "function", "exported at run time");
      await resetFixtures();
      await ensureSessions();
      let previous = await snapshot();
      await fc.assert(
        fc.asyncProperty(identity, target.input as fc.Arbitrary<unknown>, async (who, input) => {
          total += 1;
          const outcome = await callEntryPoint(entry, input, cookiesOf(who), ORIGIN);
          const context = `${entry.key} as ${who}`;
          assert.ok(
            outcome.status > 0 && outcome.status < 500,
            `${context} answered ${outcome.status}: ${outcome.text.slice(0, 1500)}`,
          );
          for (const secret of SECRETS) assert.ok(!outcome.text.includes(secret), `${context} showed a secret`);
          const now = await snapshot();
          if (outcome.status >= 400) {
            const changed = changedTables(previous, now, target.recordsRefusals ? RECORD_TABLES : new Set());
            assert.deepEqual(changed, [], `${context} refused (${outcome.status}) but changed ${changed}`);
          }
          previous = (await ensureSessions()) ? await snapshot() : now;
        }),
        { seed: SEED + index, numRuns: runs, endOnFailure: true, includeErrorInReport: true },
      );
    });
  }

  it(`sent at least ${FUZZ_FLOOR.toLocaleString("en")} inputs`, () => {
    assert.ok(total >= FUZZ_FLOOR, `only ${total}`);
    assert.equal(total, planned);
  });
});
