// Runs the operator CLI (scripts/cli.ts: what `npm run keyway` runs once built) as a child process against a fresh,
// migrated database.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { freshDatabase, type TestDb } from "../lib/testing/test-db";
import { verifyPassword } from "../lib/users/password";

type Run = { status: number | null; stdout: string; stderr: string };

function keyway(
  url: string,
  args: string[],
  { input, env = {} }: { input?: string; env?: Record<string, string> } = {},
): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, DATABASE_URL: url };
  delete childEnv.NODE_TEST_CONTEXT; // the child is a program, not a test file
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/cli.ts", ...args], {
    env: childEnv,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  child.stdin.end(input ?? "");
  return new Promise((resolve) => child.on("close", (status) => resolve({ status, stdout, stderr })));
}

describe(`keyway CLI (${process.env.KEYWAY_TEST_DB ?? "sqlite"})`, () => {
  let t: TestDb;
  before(async () => {
    t = await freshDatabase();
  });
  after(() => t?.close());
  const run = (args: string[], options?: { input?: string; env?: Record<string, string> }) =>
    keyway(t.url, args, options);
  const counts = async () => ({ users: await t.db.user.count(), audits: await t.db.auditEvent.count() });

  it("user:create makes the user, their authorities and a 'cli' audit event; exit 0", async () => {
    const res = await run([
      "user:create",
      "--email",
      "Ada@Example.com",
      "--name",
      "Ada",
      "--role",
      "ADMIN",
      "--authority",
      "AUDIT_READ",
    ]);
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stdout, /Created ADMIN ada@example\.com/);
    const user = await t.db.user.findUniqueOrThrow({
      where: { email: "ada@example.com" },
      include: { authorities: true },
    });
    assert.equal(user.name, "Ada");
    assert.equal(user.role, "ADMIN");
    assert.deepEqual(
      user.authorities.map((a) => a.authority),
      ["AUDIT_READ"],
    );
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { targetId: user.id } });
    assert.deepEqual([event.action, event.actorId, event.actorEmail], ["user.create", null, "cli"]);
  });

  it("--name defaults to the email's local part", async () => {
    const res = await run(["user:create", "--email", "grace@example.com", "--role", "GUEST"]);
    assert.equal(res.status, 0, res.stderr);
    assert.equal((await t.db.user.findUniqueOrThrow({ where: { email: "grace@example.com" } })).name, "grace");
  });

  it("bad input: exit 1 with one clear line per flag, nothing written", async () => {
    const before = await counts();
    const bad = await run(["user:create", "--email", "not-an-email", "--name", "N", "--role", "ADMIN"]);
    assert.equal(bad.status, 1);
    assert.equal(bad.stderr.trim(), "--email: Enter a valid email address, like name@example.com.");
    const many = await run([
      "user:create",
      "--email",
      "",
      "--name",
      "x".repeat(10_240),
      "--role",
      "ROOT",
      "--authority",
      "NOPE",
    ]);
    assert.equal(many.status, 1);
    assert.deepEqual(many.stderr.trim().split("\n"), [
      "--email: Enter an email address.",
      "--name: Names are at most 100 characters.",
      "--role: Choose a role. (ADMIN or GUEST)",
      "--authority: Unknown authority. (one of OAUTH_INTEGRATION_READ, OAUTH_INTEGRATION_WRITE, USER_READ, USER_WRITE, AUDIT_READ)",
    ]);
    assert.deepEqual(await counts(), before);
  });

  it("duplicate email in another case: exit 1 'already exists', nothing written", async () => {
    const before = await counts();
    const res = await run(["user:create", "--email", "ADA@example.COM", "--name", "Other Ada", "--role", "GUEST"]);
    assert.equal(res.status, 1);
    assert.equal(res.stderr.trim(), "--email: A user with this email already exists.");
    assert.deepEqual(await counts(), before);
  });

  it("user:set-password --password-stdin stores a hash verifyPassword accepts", async () => {
    const res = await run(["user:set-password", "--email", "ADA@example.com", "--password-stdin"], {
      input: "correct horse battery\n",
    });
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stdout, /Password set for ada@example\.com/);
    const { passwordHash } = await t.db.user.findUniqueOrThrow({
      where: { email: "ada@example.com" },
      select: { passwordHash: true },
    });
    assert.equal(
      await verifyPassword("correct horse battery", passwordHash),
      true,
      "the trailing newline is not part of it",
    );
    assert.equal(await verifyPassword("correct horse battery\n", passwordHash), false);
  });

  it("user:set-password refusals: short password, unknown user, no password at all", async () => {
    const short = await run(["user:set-password", "--email", "ada@example.com", "--password", "short"]);
    assert.deepEqual([short.status, short.stderr.trim()], [1, "--password: Passwords are at least 12 characters."]);
    const unknown = await run([
      "user:set-password",
      "--email",
      "nobody@example.com",
      "--password",
      "correct horse battery",
    ]);
    assert.deepEqual([unknown.status, unknown.stderr.trim()], [1, "User nobody@example.com was not found."]);
    const none = await run(["user:set-password", "--email", "ada@example.com"]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /--password-stdin/);
  });

  it("user:list shows users and never a password hash", async () => {
    const res = await run(["user:list"]);
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stdout, /^EMAIL\s+NAME\s+ROLE/);
    assert.match(res.stdout, /ada@example\.com\s+Ada\s+ADMIN\s+AUDIT_READ\s+active\s+never/);
    assert.match(res.stdout, /grace@example\.com/);
    assert.doesNotMatch(res.stdout, /\$2[aby]\$/);
  });

  it("usage errors exit 2; help exits 0", async () => {
    assert.equal((await run(["user:delete"])).status, 2);
    assert.equal((await run(["user:create", "--emial", "a@example.com"])).status, 2);
    assert.equal((await run(["user:list", "--email", "a@example.com"])).status, 2);
    const help = await run(["help"]);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /user:set-password/);
  });

  it("bootstrap creates the first admin only on an empty database", async () => {
    const again = await run(["bootstrap"]);
    assert.deepEqual([again.status, again.stdout.trim()], [0, "Users already exist: nothing to do."]);
    const empty = await freshDatabase();
    try {
      const env = { KEYWAY_ADMIN_EMAIL: "ops@example.com", KEYWAY_ADMIN_PASSWORD: "a long operator password" };
      const res = await keyway(empty.url, ["bootstrap"], { env });
      assert.equal(res.status, 0, res.stderr);
      assert.match(res.stdout, /Created the first admin: ops@example\.com/);
      const admin = await empty.db.user.findUniqueOrThrow({
        where: { email: "ops@example.com" },
        select: { role: true, passwordHash: true },
      });
      assert.equal(admin.role, "ADMIN");
      assert.equal(await verifyPassword("a long operator password", admin.passwordHash), true);
    } finally {
      await empty.close();
    }
  });

  it("token:create prints a token once, for a user, with authorities they hold; refusals exit 1", async () => {
    const res = await run([
      "token:create",
      "--email",
      "ada@example.com",
      "--name",
      "bootstrap",
      "--authority",
      "AUDIT_READ",
      "--expires-in",
      "30d",
    ]);
    assert.equal(res.status, 0, res.stderr);
    const token = res.stdout.trim();
    assert.match(token, /^kw_[0-9A-Za-z]{40,}$/);
    const row = await t.db.apiToken.findFirstOrThrow({ where: { name: "bootstrap" } });
    assert.equal(row.prefix, token.slice(0, 8));
    assert.equal(row.authorities, "AUDIT_READ");
    assert.ok(Math.abs(row.expiresAt.getTime() - Date.now() - 30 * 86_400_000) < 60_000);
    assert.equal(JSON.stringify(row).includes(token.slice(8)), false);
    const grace = await run([
      "token:create",
      "--email",
      "grace@example.com",
      "--name",
      "x",
      "--authority",
      "USER_WRITE",
    ]);
    assert.equal(grace.status, 1);
    assert.match(grace.stderr, /not: USER_WRITE/);
    const tooLong = await run([
      "token:create",
      "--email",
      "ada@example.com",
      "--name",
      "x",
      "--authority",
      "AUDIT_READ",
      "--expires-in",
      "400d",
    ]);
    assert.deepEqual(
      [tooLong.status, tooLong.stderr.trim()],
      [1, "--expires-in: A token lives at most 1 year (365 days)."],
    );
  });
});
