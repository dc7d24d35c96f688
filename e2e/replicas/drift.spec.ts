// The drift watch on two production replicas sharing one PostgreSQL, with a short check interval: the test IdP
// rotates its signing keys out, names another issuer, starts refusing the client, goes down, and people fail to sign
// in. Each time the verdict (API), the badge (list), the banner (page), the audit event (exactly one across both
// replicas: the watch runs under a database lease), the metric (on every replica) and the HMAC-signed webhook (retried
// after a refused delivery) follow within a few check intervals.
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { type Browser, expect, type Page, test } from "@playwright/test";
import pg from "pg";
import type { Client } from "../../bench/http";
import { postgresConfig } from "../../lib/db/url";
import { closeContexts, freshPage, signInWithPassword } from "../support/fixtures";
import {
  adminClient,
  BASE_PORT,
  crossSignIn,
  IDP_CLIENT,
  IDP_URL,
  integrationBody,
  jsonSend,
  startWorld,
  type World,
} from "./support";

test.describe.configure({ mode: "serial" });

const ID = "rep-drift";
const INTERVAL_S = 4;
/** A verdict must follow a change within this: one interval, a housekeeping tick and the probes, with slack. */
const FOLLOW_MS = (INTERVAL_S * 3 + 6) * 1000;
const HOOK_PORT = BASE_PORT + 30;
const HOOK_SECRET = "drift-e2e-webhook-secret-0123456789abcdefghij";

type Delivery = { at: number; headers: IncomingHttpHeaders; body: string };
const deliveries: Delivery[] = [];
let refuseNext = 1;
let hook: Server;
let world: World;
let admin: Client;
let db: pg.Client;

type Drift = {
  state: string;
  since: string;
  checkedAt: string;
  changes: { kind: string; message: string; fix: string }[];
} | null;

async function drift(): Promise<Drift> {
  const res = await admin.send(`/api/v1/oauth-integrations/${ID}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { integration: { drift: Drift } }).integration.drift;
}

/** Waits until the API reports `state` (with a change of `kind`); returns the verdict and how long it took. */
async function until(state: string, kind?: string) {
  const started = Date.now();
  let last: Drift = null;
  await expect
    .poll(
      async () => {
        last = await drift();
        return last && last.state === state && (!kind || last.changes.some((c) => c.kind === kind));
      },
      { timeout: FOLLOW_MS, intervals: [500] },
    )
    .toBe(true);
  const tookMs = Date.now() - started;
  console.log(`drift ${state}${kind ? ` (${kind})` : ""} seen after ${tookMs} ms`);
  return { drift: last as unknown as NonNullable<Drift>, tookMs };
}

async function idp(path: string, method: string, body: unknown) {
  const res = await fetch(`${IDP_URL}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.text()).toBe(200);
}

async function auditCount(action: string): Promise<number> {
  const { rows } = await db.query(
    `SELECT count(*)::int AS n FROM "AuditEvent" WHERE "action" = $1 AND "targetId" = $2`,
    [action, ID],
  );
  return (rows[0] as { n: number }).n;
}

async function metricLine(replica: number): Promise<string> {
  const res = await fetch(`${world.replicas[replica]!.url}/api/metrics`, {
    headers: { authorization: `Bearer ${world.metricsToken}` },
  });
  expect(res.status).toBe(200);
  return res.text();
}

async function expectMetric(state: string) {
  for (const replica of [0, 1]) {
    const text = await metricLine(replica);
    expect(text, `replica ${replica}`).toContain(`keyway_integration_drift{integration="${ID}",state="${state}"} 1`);
    expect(text, `replica ${replica}`).toContain(
      `keyway_integration_drift{integration="${ID}",state="ok"} ${state === "ok" ? 1 : 0}`,
    );
  }
}

/** The webhook deliveries (first attempts and retries) whose payload says `state`, signature checked. */
function hooksFor(state: string) {
  return deliveries.filter((d) => (JSON.parse(d.body) as { state: string }).state === state);
}

function expectSigned(d: Delivery) {
  const header = String(d.headers["keyway-signature"] ?? "");
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  expect(match, header).not.toBeNull();
  const expected = createHmac("sha256", HOOK_SECRET).update(`${match![1]}.${d.body}`).digest("hex");
  expect(match![2]).toBe(expected);
  expect(Math.abs(Number(match![1]) - d.at / 1000)).toBeLessThan(60);
}

const ADMIN_STATE = `.tmp/e2e-${BASE_PORT}-drift-admin.json`;
let adminSignedIn = false;

/** The admin's browser page: signed in with the password once, then the saved session is reused. */
async function adminPage(browser: Browser): Promise<Page> {
  if (adminSignedIn) return freshPage(browser, ADMIN_STATE);
  const page = await freshPage(browser);
  await signInWithPassword(page, world.admin.email, world.admin.password);
  await expect(page.getByTestId("signed-in-as")).toHaveText(world.admin.email, { timeout: 30_000 });
  await page.context().storageState({ path: ADMIN_STATE });
  adminSignedIn = true;
  return page;
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  hook = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      deliveries.push({ at: Date.now(), headers: req.headers, body });
      // The receiver refuses the first delivery: Keyway must retry it after its backoff.
      if (refuseNext > 0) {
        refuseNext -= 1;
        res.writeHead(503).end();
      } else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(HOOK_PORT, "127.0.0.1", resolve));
  world = await startWorld(2, {
    env: {
      KEYWAY_DRIFT_CHECK_INTERVAL_S: String(INTERVAL_S),
      KEYWAY_ALERT_WEBHOOK_URL: `http://127.0.0.1:${HOOK_PORT}/keyway-alerts`,
      KEYWAY_ALERT_WEBHOOK_SECRET: HOOK_SECRET,
    },
  });
  admin = await adminClient(world);
  const created = await jsonSend(admin, "/api/v1/oauth-integrations", "POST", integrationBody(ID, "Drift SSO"));
  expect(created.status, await created.text()).toBe(201);
  db = new pg.Client(postgresConfig(world.pg.url));
  await db.connect();
});
test.afterAll(async () => {
  await closeContexts();
  await db?.end();
  await world?.stop();
  await new Promise((resolve) => hook?.close(resolve));
});
test.afterEach(closeContexts);

test("the first scheduled check finds nothing wrong: drift ok in the API and the metric, no badge", async ({
  browser,
}) => {
  const { drift: ok } = await until("ok");
  expect(ok.changes).toEqual([]);
  await expectMetric("ok");
  const page = await adminPage(browser);
  await page.goto("/settings/oauth-integrations");
  const row = page.getByRole("row").filter({ hasText: ID });
  await expect(row).toBeVisible();
  await expect(row.getByText("Drifted")).toHaveCount(0);
  await expect(page.getByText("Drifted")).toHaveCount(0);
});

test("keys rotated out: Drifted badge, banner, one audit event across replicas, metric, signed webhook retried", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  await idp("/__test/keys", "POST", { retire: true });
  const { drift: d } = await until("drifted", "jwks-keys");
  expect(d.changes.find((c) => c.kind === "jwks-keys")!.message).toMatch(/signing keys changed: removed \S+ \(RS256\)/);

  await test.step("the list shows Drifted, the page's banner says what changed since when and what to do", async () => {
    const page = await adminPage(browser);
    await page.goto("/settings/oauth-integrations");
    await expect(page.getByRole("row").filter({ hasText: ID }).getByText("Drifted", { exact: true })).toBeVisible();
    await page.screenshot({ path: ".tmp/screens/drift-list.png", fullPage: true });
    await page.goto(`/settings/oauth-integrations/${ID}`);
    const banner = page.getByTestId("drift-banner");
    await expect(banner).toContainText("Configuration drifted");
    await expect(banner).toContainText("Since");
    await expect(banner).toContainText("The IdP's signing keys changed: removed");
    await expect(banner).toContainText("What to do:");
    await page.screenshot({ path: ".tmp/screens/drift-banner.png", fullPage: true });
  });

  await test.step("the metric says drifted on both replicas", async () => expectMetric("drifted"));

  await test.step("the webhook: refused once, retried after its backoff, HMAC-signed, same delivery id", async () => {
    await expect.poll(() => hooksFor("drifted").length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    const [first, retry] = hooksFor("drifted") as [Delivery, Delivery];
    for (const d of [first, retry]) expectSigned(d);
    expect(first.headers["keyway-delivery"]).toBe(retry.headers["keyway-delivery"]);
    expect([first.headers["keyway-delivery-attempt"], retry.headers["keyway-delivery-attempt"]]).toEqual(["1", "2"]);
    expect(retry.at - first.at).toBeGreaterThanOrEqual(4_500);
    expect(first.headers["content-type"]).toContain("application/json");
    const payload = JSON.parse(first.body) as Record<string, unknown>;
    expect(payload).toMatchObject({
      type: "integration.drift",
      integration: ID,
      state: "drifted",
      previousState: "ok",
    });
    expect(JSON.stringify(payload.changes)).toContain("jwks-keys");
    expect(first.body).not.toContain(IDP_CLIENT.clientSecret);
  });

  await test.step("one audit event, though both replicas run the watch (a few more intervals add none)", async () => {
    await new Promise((r) => setTimeout(r, INTERVAL_S * 2 * 1000));
    expect(await auditCount("integration.drift_detected")).toBe(1);
    expect(
      hooksFor("drifted")
        .map((d) => d.headers["keyway-delivery"])
        .filter((v, i, a) => a.indexOf(v) === i),
    ).toHaveLength(1);
  });

  await test.step("Accept current state: the new keys are the new normal (audited), and stay ok", async () => {
    const page = await adminPage(browser);
    await page.goto(`/settings/oauth-integrations/${ID}`);
    await page.getByTestId("drift-banner").getByRole("button", { name: "Accept current state" }).click();
    await expect(page.getByTestId("drift-banner")).toHaveCount(0);
    expect((await drift())!.state).toBe("ok");
    expect(await auditCount("integration.drift_accepted")).toBe(1);
    await new Promise((r) => setTimeout(r, INTERVAL_S * 2 * 1000));
    expect((await drift())!.state).toBe("ok");
  });
});

test("another issuer in the discovery document: drifted (issuer), then resolved when it is back", async ({
  browser,
}) => {
  await idp("/__test/issuer", "PUT", { issuer: `${IDP_URL}/moved` });
  const { drift: d } = await until("drifted", "issuer");
  expect(d.changes.find((c) => c.kind === "issuer")!.message).toContain(`now names the issuer ${IDP_URL}/moved`);
  const page = await adminPage(browser);
  await page.goto(`/settings/oauth-integrations/${ID}`);
  await expect(page.getByTestId("drift-banner")).toContainText(`${IDP_URL}/moved`);
  await idp("/__test/issuer", "PUT", { issuer: null });
  await until("ok");
  expect(await auditCount("integration.drift_resolved")).toBeGreaterThanOrEqual(1);
  await expect.poll(() => hooksFor("ok").length, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
});

test("the IdP refuses the client: drifted (client), with the next-secret advice", async () => {
  await idp("/__test/client-secrets", "PUT", { clientId: IDP_CLIENT.clientId, accept: ["rotated-by-the-idp-admin"] });
  try {
    const { drift: d } = await until("drifted", "client");
    const change = d.changes.find((c) => c.kind === "client")!;
    expect(change.message).toContain("refuses Keyway's client credentials");
    expect(change.fix).toContain("Next client secret");
    expect(JSON.stringify(d)).not.toContain(IDP_CLIENT.clientSecret);
  } finally {
    await idp("/__test/client-secrets", "PUT", { clientId: IDP_CLIENT.clientId, accept: null });
  }
  await until("ok");
});

test("the IdP is down (JWKS answers 503): IdP down, not drifted", async ({ browser }) => {
  await idp("/__test/jwks", "PUT", { down: true });
  try {
    const { drift: d } = await until("idp-down", "unreachable");
    expect(d.changes.map((c) => c.message).join(" ")).toContain("503");
    await expectMetric("idp-down");
    const page = await adminPage(browser);
    await page.goto("/settings/oauth-integrations");
    await expect(page.getByRole("row").filter({ hasText: ID }).getByText("IdP down", { exact: true })).toBeVisible();
    await page.goto(`/settings/oauth-integrations/${ID}`);
    await expect(page.getByTestId("drift-banner")).toContainText("The IdP is down");
  } finally {
    await idp("/__test/jwks", "PUT", { down: false });
  }
  await until("ok");
});

test("people failing: a burst of refused sign-ins (no account) with the IdP unchanged", async ({ browser }) => {
  for (let i = 0; i < 5; i += 1) {
    const { callback } = await crossSignIn(world.balancerUrl, world.balancerUrl, ID, `nobody-${i}`);
    expect(callback.headers.get("location")).toContain("error=NO_ACCOUNT");
  }
  const { drift: d } = await until("people-failing", "sign-ins");
  expect(d.changes[0]!.message).toContain("NO_ACCOUNT");
  const page = await adminPage(browser);
  await page.goto(`/settings/oauth-integrations/${ID}`);
  await expect(page.getByTestId("drift-banner")).toContainText("People are failing to sign in");
  await page.screenshot({ path: ".tmp/screens/drift-people.png", fullPage: true });
  const checks = page.getByRole("table", { name: "Drift checks" });
  // The scheduled check or the burst check (whichever ran first) saw it; both are kept with their reason.
  await expect(checks.getByRole("row").filter({ hasText: "People failing" }).first()).toBeVisible();
  await expect(checks.getByRole("row").filter({ hasText: "NO_ACCOUNT" }).first()).toContainText(
    /Scheduled|After failed sign-ins/,
  );
});
