// Issue 6, finding 2: nobody grants a role or authority they do not hold, nobody changes their own role or
// authorities, nobody changes a more privileged user. Enforced in the service, so UI, API and actions share it.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { NotPermittedError } from "../errors";
import { freshDatabase, type TestDb } from "../testing/test-db";
import { type UserFormInput, userFormSchema } from "./schema";
import { createUser, setUserDisabled, signOutEverywhere, updateUser } from "./service";
import { removeSsoLink } from "./sso-links";

const operator = { id: null, email: "operator" };
const form = (input: Partial<UserFormInput>) =>
  userFormSchema.parse({ email: "x@example.com", name: "X", role: "GUEST", ...input });

describe(`grant rules (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  let t: TestDb;
  let admin: { id: string; email: string };
  let manager: { id: string; email: string };
  before(async () => {
    t = await freshDatabase();
    admin = {
      ...(await createUser(operator, form({ email: "admin@example.com", role: "ADMIN" }), t.db)),
      email: "admin@example.com",
    };
    manager = {
      ...(await createUser(
        operator,
        form({ email: "manager@example.com", authorities: ["USER_READ", "USER_WRITE"] }),
        t.db,
      )),
      email: "manager@example.com",
    };
  });
  after(() => t?.close());

  const refused = (pattern: RegExp) => (error: unknown) => {
    assert.ok(error instanceof NotPermittedError, String(error));
    assert.equal(error.status, 403);
    assert.match(error.message, pattern);
    return true;
  };
  const grantOf = async (id: string) => {
    const u = await t.db.user.findUniqueOrThrow({ where: { id }, include: { authorities: true } });
    return { role: u.role, authorities: u.authorities.map((a) => a.authority).sort() };
  };

  it("a USER_WRITE holder cannot make themselves ADMIN", async () => {
    await assert.rejects(
      updateUser(manager, { id: manager.id, name: "M", role: "ADMIN", authorities: ["USER_READ", "USER_WRITE"] }, t.db),
      refused(/cannot change your own role or authorities/),
    );
    assert.deepEqual(await grantOf(manager.id), { role: "GUEST", authorities: ["USER_READ", "USER_WRITE"] });
  });

  it("nobody changes their own authorities, not even an admin dropping one; renaming yourself is fine", async () => {
    await assert.rejects(
      updateUser(admin, { id: admin.id, name: "A", role: "GUEST", authorities: [] }, t.db),
      refused(/your own/),
    );
    await updateUser(
      manager,
      { id: manager.id, name: "Manny", role: "GUEST", authorities: ["USER_WRITE", "USER_READ"] },
      t.db,
    );
    assert.equal((await t.db.user.findUniqueOrThrow({ where: { id: manager.id } })).name, "Manny");
  });

  it("a USER_WRITE holder cannot grant ADMIN or an authority they lack to someone else", async () => {
    const { id } = await createUser(operator, form({ email: "friend@example.com" }), t.db);
    await assert.rejects(
      updateUser(manager, { id, name: "F", role: "ADMIN", authorities: [] }, t.db),
      refused(/do not hold yourself: OAUTH_INTEGRATION_READ/),
    );
    await assert.rejects(
      updateUser(manager, { id, name: "F", role: "GUEST", authorities: ["AUDIT_READ"] }, t.db),
      refused(/AUDIT_READ/),
    );
    await assert.rejects(
      createUser(manager, form({ email: "new-admin@example.com", role: "ADMIN" }), t.db),
      refused(/do not hold yourself/),
    );
    assert.equal(await t.db.user.count({ where: { email: "new-admin@example.com" } }), 0);
    // What they hold themselves they may grant.
    await updateUser(manager, { id, name: "F", role: "GUEST", authorities: ["USER_READ"] }, t.db);
    assert.deepEqual(await grantOf(id), { role: "GUEST", authorities: ["USER_READ"] });
  });

  it("a USER_WRITE holder cannot demote, disable or sign out an admin", async () => {
    await assert.rejects(
      updateUser(manager, { id: admin.id, name: "A", role: "GUEST", authorities: [] }, t.db),
      refused(/authorities you do not hold/),
    );
    await assert.rejects(setUserDisabled(manager, admin.id, true, t.db), refused(/authorities you do not hold/));
    await assert.rejects(signOutEverywhere(manager, admin.id, t.db), refused(/authorities you do not hold/));
    assert.deepEqual(await grantOf(admin.id), { role: "ADMIN", authorities: [] });
    assert.equal((await t.db.user.findUniqueOrThrow({ where: { id: admin.id } })).disabled, false);
  });

  it("an admin can still promote and demote others", async () => {
    const { id } = await createUser(admin, form({ email: "promoted@example.com" }), t.db);
    await updateUser(admin, { id, name: "P", role: "ADMIN", authorities: [] }, t.db);
    assert.equal((await grantOf(id)).role, "ADMIN");
    await updateUser(admin, { id, name: "P", role: "GUEST", authorities: [] }, t.db);
    assert.equal((await grantOf(id)).role, "GUEST");
  });

  it("a USER_WRITE holder cannot remove an admin's single sign-on links (any link id), only a manageable user's", async () => {
    const link = await t.db.account.create({
      data: { userId: admin.id, provider: "corp", issuer: "https://i", providerAccountId: "a" },
    });
    await assert.rejects(removeSsoLink(manager, admin.id, link.id, t.db), refused(/authorities you do not hold/));
    await assert.rejects(
      removeSsoLink(manager, admin.id, "no-such-link", t.db),
      refused(/authorities you do not hold/),
    );
    assert.equal(await t.db.account.count({ where: { id: link.id } }), 1, "the admin's link stays");
    const { id } = await createUser(operator, form({ email: "linked@example.com" }), t.db);
    const theirs = await t.db.account.create({
      data: { userId: id, provider: "corp", issuer: "https://i", providerAccountId: "l" },
    });
    await removeSsoLink(manager, id, theirs.id, t.db);
    assert.equal(await t.db.account.count({ where: { id: theirs.id } }), 0);
    // The admin (who holds everything) may remove the admin's own and others' links.
    await removeSsoLink(admin, admin.id, link.id, t.db);
    assert.equal(await t.db.account.count({ where: { userId: admin.id } }), 0);
  });
});
