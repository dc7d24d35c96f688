// Group mappings through the real services, on SQLite and PostgreSQL: a mapping grants only what its saver holds;
// granting every authority needs a break-glass account; an integration writer who repoints the groups claim (or the
// endpoints) cannot turn an admin's mapping into more than they hold themselves; hand grants are never touched.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { customSsoInput, freshDatabase, type TestDb } from "../testing/test-db";

process.env.KEYWAY_SEALING_KEY ??= randomBytes(32).toString("base64");
const { ValidationError } = await import("../errors");
const { AUTHORITIES } = await import("../authz/authorities");
const { integrationEditSchema, integrationSchema } = await import("./schema");
const { createIntegration, updateIntegration } = await import("./service");
const { saveGroupMappings, simulateGroupMappings } = await import("./group-mappings");
const { linkingSettingsSelect } = await import("../auth/linking-rules");
const { completeSsoSignIn, matchAccount } = await import("../auth/account-matching");

const ISS = "https://idp.corp.test";
const policy = { allowInsecureUrls: false };
const fields = customSsoInput("corp", ISS, "Corp");

describe(`group mappings (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  let t: TestDb;
  const ids: Record<string, string> = {};
  const actor = (key: string, authorities: readonly string[]) => ({
    id: ids[key],
    email: `${key}@corp.test`,
    authorities,
  });
  const admin = () => actor("admin", AUTHORITIES);
  const mallory = () => actor("mallory", ["OAUTH_INTEGRATION_READ", "OAUTH_INTEGRATION_WRITE", "USER_READ"]);

  const signIn = async (key: string, groups: string[]) => {
    const identity = { sub: `sub-${key}`, issuer: ISS, email: `${key}@corp.test`, emailVerified: true, groups };
    const match = await matchAccount(t.db, "corp", identity);
    assert.ok(match.ok, JSON.stringify(match));
    const settings = await t.db.integration.findUniqueOrThrow({
      where: { registrationId: "corp" },
      select: linkingSettingsSelect,
    });
    await completeSsoSignIn(t.db, "corp", identity, match, settings);
  };
  const grants = async (key: string) =>
    (await t.db.userAuthority.findMany({ where: { userId: ids[key] }, orderBy: { authority: "asc" } })).map(
      (g) => `${g.authority}${g.grantedBy ? " (mapped)" : ""}`,
    );

  before(async () => {
    t = await freshDatabase();
    for (const [key, role, extras] of [
      ["admin", "ADMIN", []],
      ["mallory", "GUEST", ["OAUTH_INTEGRATION_READ", "OAUTH_INTEGRATION_WRITE", "USER_READ"]],
      ["plain", "GUEST", ["USER_READ"]],
    ] as const) {
      const row = await t.db.user.create({
        data: {
          email: `${key}@corp.test`,
          name: key,
          role,
          authorities: { create: extras.map((authority) => ({ authority })) },
        },
      });
      ids[key] = row.id;
    }
    await createIntegration(admin(), integrationSchema(policy).parse(fields), { db: t.db });
  });
  after(() => t.close());

  it("refuses a mapping of an authority the saver does not hold, and one granting every authority without break-glass", async () => {
    await assert.rejects(
      saveGroupMappings(
        mallory(),
        { registrationId: "corp", mappings: [{ group: "g", authorities: ["USER_WRITE"] }] },
        { db: t.db },
      ),
      (error: unknown) =>
        error instanceof ValidationError && /do not hold USER_WRITE/.test(JSON.stringify(error.fieldErrors)),
    );
    await assert.rejects(
      saveGroupMappings(
        admin(),
        { registrationId: "corp", mappings: [{ group: "admins", authorities: [...AUTHORITIES] }] },
        { db: t.db },
      ),
      (error: unknown) => error instanceof ValidationError && /break-glass account/.test(error.message),
    );
    assert.equal(await t.db.integrationGroupMapping.count(), 0, "nothing half-written");
  });

  it("grants at sign-in while the group is present, takes back when it is gone, keeps hand grants", async () => {
    await saveGroupMappings(
      admin(),
      { registrationId: "corp", mappings: [{ group: "auditors", authorities: ["AUDIT_READ", "USER_READ"] }] },
      { db: t.db },
    );
    await signIn("plain", ["auditors"]);
    assert.deepEqual(await grants("plain"), ["AUDIT_READ (mapped)", "USER_READ", "USER_READ (mapped)"]);
    const simulated = await simulateGroupMappings(
      { id: ids.admin },
      { registrationId: "corp", mappings: [] },
      { db: t.db },
    );
    assert.deepEqual(
      simulated.changes.map((c) => [c.email, c.losses]),
      [["plain@corp.test", ["AUDIT_READ", "USER_READ"]]],
    );
    await signIn("plain", ["others"]);
    assert.deepEqual(await grants("plain"), ["USER_READ"], "the mapping's grants go, the hand grant stays");
  });

  it("an integration writer who repoints the groups claim cannot hand out more than they hold", async () => {
    const current = await t.db.integration.findUniqueOrThrow({ where: { registrationId: "corp" } });
    await updateIntegration(
      mallory(),
      integrationEditSchema(policy).parse({
        ...fields,
        clientSecret: "",
        version: current.version,
        groupsClaim: "nickname",
      }),
      { db: t.db },
    );
    // The admin's mapping still says AUDIT_READ + USER_READ; Mallory (now identity configurer) holds only USER_READ.
    await signIn("mallory", ["auditors"]);
    assert.deepEqual(await grants("mallory"), [
      "OAUTH_INTEGRATION_READ",
      "OAUTH_INTEGRATION_WRITE",
      "USER_READ",
      "USER_READ (mapped)",
    ]);
  });

  it("saving fewer mappings removes at once the grants no mapping gives any more", async () => {
    const saved = await saveGroupMappings(admin(), { registrationId: "corp", mappings: [] }, { db: t.db });
    assert.equal(saved.grantsRemoved, 1);
    assert.deepEqual(await grants("mallory"), ["OAUTH_INTEGRATION_READ", "OAUTH_INTEGRATION_WRITE", "USER_READ"]);
  });
});
