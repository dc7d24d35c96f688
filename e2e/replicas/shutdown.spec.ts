// Graceful shutdown of a real production server (`next start`, PostgreSQL): on SIGTERM it answers not-ready, lets
// the sign-in in flight finish, leaves Settings > Instances, closes its database pool and exits 0.
import { expect, test } from "@playwright/test";
import { Client } from "../../bench/http";
import { walkToCallback } from "../../tools/test-idp/login-flow";
import { adminClient, BALANCER_URL, integrationBody, jsonSend, startWorld, type World } from "./support";
import pg from "pg";
import { postgresConfig } from "../../lib/db/url";

let world: World;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  world = await startWorld(1, { env: { KEYWAY_SHUTDOWN_DELAY_MS: "1500" } });
});
test.afterAll(async () => world?.stop());

test("SIGTERM: not ready at once, the sign-in in flight completes, pool closed, exit 0 within 10 s", async () => {
  const server = world.replicas[0]!;
  const admin = await adminClient(world, server.url);
  expect(
    (
      await jsonSend(admin, "/api/v1/users", "POST", {
        email: "ann@example.test",
        name: "Ann",
        role: "GUEST",
        authorities: [],
      })
    ).status,
  ).toBe(201);
  expect(
    (await jsonSend(admin, "/api/v1/oauth-integrations", "POST", integrationBody("rep-drain", "Drain SSO"))).status,
  ).toBe(201);
  const db = new pg.Client(postgresConfig(world.pg.url));
  await db.connect();
  const instances = async () => Number((await db.query(`SELECT count(*) AS n FROM "Instance"`)).rows[0].n);
  await expect(async () => expect(await instances()).toBe(1)).toPass({ timeout: 15_000 });

  const browser = new Client(server.url);
  const start = await browser.form("/api/auth/signin/rep-drain", {});
  const { url } = (await start.json()) as { url: string };
  const { callbackUrl } = await walkToCallback(url, `${BALANCER_URL}/api/auth/callback/rep-drain`, "ann");
  // The IdP now answers each request 1.5 s late: the callback (token, JWKS, userinfo) is in flight for ~4.5 s.
  world.idp.setLatency(1_500);
  const inFlight = browser.send(callbackUrl.replace(BALANCER_URL, server.url));
  await new Promise((r) => setTimeout(r, 500));
  const signalledAt = Date.now();
  server.child.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 300));

  const readyRes = await fetch(`${server.url}/api/health/ready`);
  expect(readyRes.status).toBe(503);
  expect(await readyRes.json()).toMatchObject({ status: "not-ready", reasons: ["draining: shutting down"] });
  expect((await fetch(`${server.url}/api/health/live`)).status).toBe(200);

  const callback = await inFlight;
  world.idp.setLatency(0);
  expect(callback.status).toBe(302);
  expect(callback.headers.get("location")).toBe(`${BALANCER_URL}/settings/oauth-integrations`);
  expect(browser.jar.header()).toContain("next-auth.session-token");

  expect(await server.exited).toBe(0);
  expect(Date.now() - signalledAt).toBeLessThan(10_000 + 1_000);
  expect(server.output()).toMatch(/\[keyway\] SIGTERM: draining/);
  expect(server.output()).toMatch(/\[keyway\] stopped after \d+ ms: every request finished, database pool closed/);
  // It left the instance list at once (not after the heartbeat timeout), and nothing is listening any more.
  expect(await instances()).toBe(0);
  await expect(fetch(`${server.url}/api/health/live`)).rejects.toThrow();
  await db.end();
});
