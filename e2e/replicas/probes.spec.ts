// Probes and metrics on production servers against PostgreSQL: live never touches the database; ready follows the
// database, the migrations and draining (503 with reasons while PostgreSQL is stopped, 200 once it is back);
// /api/metrics is Prometheus text behind a bearer token, with bounded labels.
import { expect, test } from "@playwright/test";
import pg from "pg";
import { Client } from "../../bench/http";
import { postgresConfig } from "../../lib/db/url";
import { adminClient, crossSignIn, integrationBody, jsonSend, startWorld, type World } from "./support";
import { readFileSync } from "node:fs";

test.describe.configure({ mode: "serial" });
const packageJson = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

let world: World;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  // replica-1 runs without KEYWAY_METRICS_TOKEN: its /api/metrics does not exist.
  world = await startWorld(2, {
    replicaEnv: (i): Record<string, string> => (i === 1 ? { KEYWAY_METRICS_TOKEN: "" } : {}),
  });
});
test.afterAll(async () => world?.stop());

const replica = (i: number) => world.replicas[i]!.url;
const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers });
async function ready(i: number) {
  const res = await get(`${replica(i)}/api/health/ready`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const scrape = async () =>
  (await get(`${replica(0)}/api/metrics`, { authorization: `Bearer ${world.metricsToken}` })).text();

test("live: 200 ok; ready: 200 with the config version", async () => {
  for (const i of [0, 1]) {
    const live = await get(`${replica(i)}/api/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: "ok" });
    const r = await ready(i);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: "ready", configVersion: expect.any(Number), instance: expect.any(String) });
  }
});

test("metrics: 404 without KEYWAY_METRICS_TOKEN, 401 without the right bearer token, Prometheus text with it", async () => {
  expect((await get(`${replica(1)}/api/metrics`, { authorization: `Bearer ${world.metricsToken}` })).status).toBe(404);
  for (const authorization of ["", "Bearer wrong", `Basic ${world.metricsToken}`, `Bearer ${world.metricsToken}x`]) {
    const res = await get(`${replica(0)}/api/metrics`, authorization ? { authorization } : {});
    expect(res.status, authorization).toBe(401);
    expect(await res.text()).not.toContain("keyway_");
  }
  const res = await get(`${replica(0)}/api/metrics`, { authorization: `Bearer ${world.metricsToken}` });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/plain");
  const text = await res.text();
  expect(text).toContain(`keyway_build_info{version="${packageJson.version}",node="${process.version}"} 1`);
  for (const name of ["process_cpu_user_seconds_total", "nodejs_heap_size_total_bytes", "keyway_config_version"])
    expect(text).toContain(name);
});

test("metrics count sign-ins, callbacks, JWKS fetches with bounded labels, and the config version", async () => {
  const admin = await adminClient(world, replica(0));
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
    (await jsonSend(admin, "/api/v1/oauth-integrations", "POST", integrationBody("rep-probe", "Probe SSO"))).status,
  ).toBe(201);
  const wrong = new Client(replica(0));
  await wrong.form("/api/auth/callback/credentials", { email: world.admin.email, password: "not-the-password" });
  const ok = await crossSignIn(replica(0), replica(0), "rep-probe", "ann");
  expect(ok.callback.headers.get("location")).not.toContain("error=");
  const refused = await crossSignIn(replica(0), replica(0), "rep-probe", "nobody");
  expect(refused.callback.headers.get("location")).toContain("error=NO_ACCOUNT");
  // A made-up Registration ID in the URL must not become a label value.
  await get(`${replica(0)}/api/auth/callback/made-up-id-123?code=x&state=y`);
  const text = await scrape();
  expect(text).toContain('keyway_sso_sign_ins_total{integration="rep-probe",outcome="success",code=""} 1');
  expect(text).toContain('keyway_sso_sign_ins_total{integration="rep-probe",outcome="refused",code="NO_ACCOUNT"} 1');
  expect(text).toMatch(
    /keyway_sso_sign_ins_total\{integration="_unknown",outcome="failed",code="INTEGRATION_DISABLED"\} 1/,
  );
  expect(text).not.toContain("made-up-id-123");
  expect(text).toContain('keyway_sso_callback_duration_seconds_count{outcome="success"} 1');
  expect(text).toContain('keyway_password_sign_ins_total{outcome="success"} 1');
  expect(text).toContain('keyway_password_sign_ins_total{outcome="invalid"} 1');
  expect(text).toContain('keyway_jwks_fetches_total{integration="rep-probe",reason="first"} 1');
  const version = (await ready(0)).body.configVersion;
  expect(text).toContain(`keyway_config_version ${version}`);
});

test("ready: 503 with the reason when a migration is not applied, 200 once it is", async () => {
  const client = new pg.Client(postgresConfig(world.pg.url));
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT * FROM "_prisma_migrations" ORDER BY "migration_name" DESC LIMIT 1`);
    const newest = rows[0] as Record<string, unknown>;
    await client.query(`DELETE FROM "_prisma_migrations" WHERE "id" = $1`, [newest.id]);
    const r = await ready(0);
    expect(r.status).toBe(503);
    expect(r.body).toEqual({
      status: "not-ready",
      reasons: [`migrations not applied: ${String(newest.migration_name)}`],
      instance: expect.any(String),
    });
    const columns = Object.keys(newest);
    await client.query(
      `INSERT INTO "_prisma_migrations" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")})`,
      columns.map((c) => newest[c]),
    );
    expect((await ready(0)).status).toBe(200);
  } finally {
    await client.end();
  }
});

test("ready: 503 while PostgreSQL is stopped (live stays 200), 200 again once it is back", async () => {
  test.setTimeout(90_000);
  world.pg.pause();
  try {
    await expect(async () => {
      const r = await ready(0);
      expect(r.status).toBe(503);
      expect(r.body).toMatchObject({ status: "not-ready", reasons: ["database unreachable"] });
    }).toPass({ timeout: 15_000 });
    const live = await get(`${replica(0)}/api/health/live`);
    expect(live.status).toBe(200);
  } finally {
    world.pg.resume();
  }
  await expect(async () => expect((await ready(0)).status).toBe(200)).toPass({ timeout: 30_000 });
  await expect(async () => expect((await ready(1)).status).toBe(200)).toPass({ timeout: 30_000 });
});
