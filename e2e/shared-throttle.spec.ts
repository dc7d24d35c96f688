// Sign-in throttling across replicas: two production servers of one build on one throwaway PostgreSQL, attacked over
// HTTP from chosen loopback addresses. The counters live in the database, so two replicas allow no more guesses than
// one; the backoff is per account and address, so someone failing elsewhere never locks the owner out.
import { expect, test } from "@playwright/test";
import pg from "pg";
import type { ThrowawayPostgres } from "../scripts/lib/throwaway-postgres";
import {
  extraPort,
  keywayCli,
  migratedPostgres,
  passwordSignIn,
  productionEnv,
  type Server,
  startServer,
} from "./support/servers";

test.describe.configure({ mode: "serial" });

const PASSWORD = "replica-owner-password-1234";
const ACCOUNTS = ["one-server@replica.test", "two-servers@replica.test", "owner@replica.test"];

let postgres: ThrowawayPostgres;
let a: Server;
let b: Server;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  postgres = await migratedPostgres();
  const env = productionEnv(postgres.url, extraPort(0));
  for (const email of ACCOUNTS)
    keywayCli(env, ["user:create", "--email", email, "--role", "GUEST", "--password-stdin"], PASSWORD);
  [a, b] = await Promise.all([startServer(extraPort(0), env), startServer(extraPort(1), env)]);
});

test.afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  postgres?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Eight wrong passwords for `email` from `from`, sent in turn to `servers`; a throttled attempt is waited out and not
 * counted, so exactly eight are checked. Then the right password: what does the account say?
 */
async function eightWrongThenRight(servers: Server[], email: string, from: string) {
  const waits: number[] = [];
  let counted = 0;
  for (let i = 0; counted < 8; i++) {
    expect(i, "eight wrong passwords within 30 attempts").toBeLessThan(30);
    const result = await passwordSignIn(servers[i % servers.length].url, email, `wrong-password-${i}`, from);
    if (result === "ok") throw new Error("a wrong password signed in");
    if (result === "invalid") counted += 1;
    else {
      waits.push(result.retryAfter);
      await sleep(result.retryAfter * 1000 + 150);
    }
  }
  return { waits, right: await passwordSignIn(servers[0].url, email, PASSWORD, from) };
}

test("8 wrong passwords spread over two replicas lock the account exactly as 8 on one do", async () => {
  test.setTimeout(180_000);
  const one = await eightWrongThenRight([a], ACCOUNTS[0], "127.0.0.111");
  const two = await eightWrongThenRight([a, b], ACCOUNTS[1], "127.0.0.112");
  console.log(`one server: waits ${one.waits} then ${JSON.stringify(one.right)}`);
  console.log(`two servers: waits ${two.waits} then ${JSON.stringify(two.right)}`);
  // 5 free failures, then 1 s, 2 s, 4 s: after the 8th the right password waits about 4 s, on one server or two.
  expect(one.right, "the right password after 8 failures on one server").toEqual({ retryAfter: expect.any(Number) });
  expect(two.right, "the right password after 8 failures over two replicas").toEqual({
    retryAfter: expect.any(Number),
  });
});

test("someone failing from one address does not lock the owner out: the right password from another address signs in", async () => {
  test.setTimeout(120_000);
  const owner = ACCOUNTS[2];
  // The attacker keeps failing until this account is throttled for their address for a while (blocks of 1 s and
  // 2 s are waited out; from the 8th failure on the block is 4 s or more).
  let throttled: { retryAfter: number } | null = null;
  for (let i = 0; i < 20 && !(throttled && throttled.retryAfter >= 4); i++) {
    if (throttled) await sleep(throttled.retryAfter * 1000 + 150);
    const result = await passwordSignIn(a.url, owner, `guess-${i}-password`, "127.0.0.121");
    if (result === "ok") throw new Error("a wrong password signed in");
    throttled = result === "invalid" ? null : result;
  }
  expect(throttled, "the attacker's address is throttled for this account").not.toBeNull();
  // While the attacker is locked out, the owner (another address, the right password) gets in on both replicas.
  expect(await passwordSignIn(a.url, owner, PASSWORD, "127.0.0.122")).toBe("ok");
  expect(await passwordSignIn(b.url, owner, PASSWORD, "127.0.0.123")).toBe("ok");
  // The attacker stays throttled.
  expect(await passwordSignIn(b.url, owner, "guess-again-password", "127.0.0.121")).toEqual({
    retryAfter: expect.any(Number),
  });
});

test("throttled attempts write one audit row per key and window, however many there are", async () => {
  const email = "spray-audit@replica.test";
  // Unknown account, one address: 5 free failures, then the 6th blocks for 1 s, …, the 9th for 8 s.
  let counted = 0;
  for (let i = 0; counted < 9; i++) {
    const result = await passwordSignIn(a.url, email, `wrong-${i}-password`, "127.0.0.131");
    if (result === "ok") throw new Error("a wrong password signed in");
    if (result === "invalid") counted += 1;
    else await sleep(result.retryAfter * 1000 + 150);
  }
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  try {
    const throttledRows = async () =>
      (
        await client.query(
          `SELECT count(*)::int AS n FROM "AuditEvent" WHERE "action" = 'auth.password_sign_in_failed'
             AND "actorEmail" = $1 AND "details"->>'reason' = 'throttled'`,
          [email],
        )
      ).rows[0].n as number;
    const before = await throttledRows();
    // Ten throttled attempts inside the 8 s window.
    for (let i = 0; i < 10; i++) {
      const result = await passwordSignIn(a.url, email, `more-${i}-password`, "127.0.0.131");
      expect(result).toEqual({ retryAfter: expect.any(Number) });
    }
    expect((await throttledRows()) - before, "audit rows for 10 throttled attempts in one window").toBe(1);
  } finally {
    await client.end();
  }
});
