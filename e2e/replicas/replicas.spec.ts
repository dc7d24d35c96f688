// Two replicas of one build on one PostgreSQL behind nginx (round robin, no sticky sessions) work as one Keyway:
// configuration live everywhere within 1 s, sign-ins that start on one replica and return on the other, sign-out
// everywhere at once, server actions across replicas, password throttling shared through the database, Settings >
// Instances, and one replica dying mid-run.
import { type Browser, expect, type Page, test } from "@playwright/test";
import pg from "pg";
import { Client } from "../../bench/http";
import { postgresConfig } from "../../lib/db/url";
import { walkToCallback } from "../../tools/test-idp/login-flow";
import { closeContexts, expectSignedInAs, freshPage, signInWithPassword } from "../support/fixtures";
import { keywayCli, rawRequest } from "../support/servers";
import {
  adminClient,
  BALANCER_URL,
  crossSignIn,
  integrationBody,
  jsonSend,
  loginAtIdp,
  sessionEmail,
  startWorld,
  type World,
} from "./support";

test.describe.configure({ mode: "serial" });

let world: World;
let admin: Client;
const LIVE_WITHIN_MS = 1_000;
const [ANN, BEN, CAT, DAN] = ["ann", "ben", "cat", "dan"].map((n) => `${n}@example.test`) as [
  string,
  string,
  string,
  string,
];

test.beforeAll(async () => {
  test.setTimeout(180_000);
  world = await startWorld(2);
  admin = await adminClient(world);
  for (const email of [ANN, BEN, CAT, DAN]) {
    const res = await jsonSend(admin, "/api/v1/users", "POST", { email, name: email, role: "GUEST", authorities: [] });
    expect(res.status, await res.text()).toBe(201);
  }
});
test.afterAll(async () => {
  await closeContexts();
  await world?.stop();
});

const replica = (i: number) => world.replicas[i]!.url;

/**
 * Polls `check` on replica `i` until it holds (fails after 5 s). Returns when the request that first saw the change
 * was sent, counted from the call: how soon the change was live there, not how long that page took to render on a
 * machine shared with other test runs.
 */
async function liveOn(i: number, what: string, check: (base: string) => Promise<boolean>): Promise<number> {
  const started = Date.now();
  for (;;) {
    const sent = Date.now();
    if (await check(replica(i))) return sent - started;
    if (Date.now() - started > 5_000) throw new Error(`${what}: not live on replica-${i} after 5 s`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
const signInPage = async (base: string) => (await fetch(`${base}/signin`)).text();
const providerIds = async (base: string) => Object.keys(await (await fetch(`${base}/api/auth/providers`)).json());
async function signInStart(base: string, id: string): Promise<string> {
  const res = await new Client(base).form(`/api/auth/signin/${id}`, {});
  return ((await res.json()) as { url: string }).url;
}
async function integrationVersion(id: string): Promise<number> {
  const res = await admin.send(`/api/v1/oauth-integrations/${id}`);
  return ((await res.json()) as { integration: { version: number } }).integration.version;
}

async function browserSso(browser: Browser, button: string, login: string, email: string, upstreams: Set<string>) {
  const page = await freshPage(browser);
  page.on("response", (r) => {
    if (/\/api\/auth\/(signin|callback)\//.test(r.url())) upstreams.add(r.headers()["x-keyway-upstream"] ?? "");
  });
  await page.goto("/signin");
  await page.getByRole("button", { name: button, exact: true }).click();
  await loginAtIdp(page, login);
  await expectSignedInAs(page, email);
  return page;
}

test("an integration created, edited, disabled, enabled or deleted on one replica is live on the other within 1 s", async () => {
  await test.step("created on replica-0: button, providers listing and sign-in start on replica-1", async () => {
    const created = await admin.send(`${replica(0)}/api/v1/oauth-integrations`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: BALANCER_URL },
      body: JSON.stringify(integrationBody("rep-sso", "Replica SSO")),
    });
    expect(created.status, await created.text()).toBe(201);
    expect(await liveOn(1, "button", async (b) => (await signInPage(b)).includes("Replica SSO"))).toBeLessThan(
      LIVE_WITHIN_MS,
    );
    expect(await liveOn(1, "providers", async (b) => (await providerIds(b)).includes("rep-sso"))).toBeLessThan(
      LIVE_WITHIN_MS,
    );
    expect(await signInStart(replica(1), "rep-sso")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/auth\?/);
  });
  await test.step("edited on replica-1 (button text, an email domain): live on replica-0", async () => {
    const res = await admin.send(`${replica(1)}/api/v1/oauth-integrations/rep-sso`, {
      method: "PATCH",
      headers: { "content-type": "application/json", origin: BALANCER_URL },
      body: JSON.stringify({
        version: await integrationVersion("rep-sso"),
        loginButtonText: "Replica Edited",
        emailDomains: ["example.test"],
      }),
    });
    expect(res.status, await res.text()).toBe(200);
    expect(
      await liveOn(0, "edited button", async (b) => (await signInPage(b)).includes("Replica Edited")),
    ).toBeLessThan(LIVE_WITHIN_MS);
    // The sign-in page offers Continue with SSO (email routing) once any enabled integration owns a domain.
    expect(await liveOn(0, "email routing", async (b) => (await signInPage(b)).includes("Work email"))).toBeLessThan(
      LIVE_WITHIN_MS,
    );
  });
  await test.step("disabled on replica-0: refused on replica-1; enabled on replica-1: back on replica-0", async () => {
    const patch = (base: string, enabled: boolean) =>
      integrationVersion("rep-sso").then((version) =>
        admin.send(`${base}/api/v1/oauth-integrations/rep-sso`, {
          method: "PATCH",
          headers: { "content-type": "application/json", origin: BALANCER_URL },
          body: JSON.stringify({ version, enabled }),
        }),
      );
    expect((await patch(replica(0), false)).status).toBe(200);
    expect(
      await liveOn(1, "disabled", async (b) => (await signInStart(b, "rep-sso")).includes("INTEGRATION_DISABLED")),
    ).toBeLessThan(LIVE_WITHIN_MS);
    expect(await signInPage(replica(1))).not.toContain("Replica Edited");
    expect((await patch(replica(1), true)).status).toBe(200);
    expect(
      await liveOn(0, "enabled", async (b) => (await signInStart(b, "rep-sso")).startsWith("http://127.0.0.1")),
    ).toBeLessThan(LIVE_WITHIN_MS);
  });
  await test.step("deleted on replica-0: gone from replica-1", async () => {
    expect(
      (await jsonSend(admin, "/api/v1/oauth-integrations", "POST", integrationBody("rep-two", "Second"))).status,
    ).toBe(201);
    await liveOn(1, "second created", async (b) => (await providerIds(b)).includes("rep-two"));
    const res = await admin.send(`${replica(0)}/api/v1/oauth-integrations/rep-two`, {
      method: "DELETE",
      headers: { "content-type": "application/json", origin: BALANCER_URL },
      body: JSON.stringify({ confirmation: "rep-two" }),
    });
    expect(res.status, await res.text()).toBe(200);
    expect(await liveOn(1, "deleted", async (b) => !(await providerIds(b)).includes("rep-two"))).toBeLessThan(
      LIVE_WITHIN_MS,
    );
    expect(await signInStart(replica(1), "rep-two")).toContain("INTEGRATION_DISABLED");
  });
});

test("a sign-in that starts on one replica and returns on the other succeeds, in both directions", async () => {
  for (const [from, to] of [
    [0, 1],
    [1, 0],
  ] as const) {
    const { client, callback } = await crossSignIn(replica(from), replica(to), "rep-sso", "ann");
    expect(callback.status).toBe(302);
    expect(callback.headers.get("location")).toBe(`${BALANCER_URL}/settings/oauth-integrations`);
    for (const i of [0, 1]) expect(await sessionEmail(replica(i), client.jar.header())).toBe(ANN);
  }
});

test("one person's first sign-ins, returning at once on both replicas, all succeed and make one link", async () => {
  // Found by `npm run bench:replicas`: the second of two concurrent first sign-ins failed on the link's unique key,
  // and next-auth put the database's error text in the error page's URL.
  const eve = "eve@example.test";
  const created = await jsonSend(admin, "/api/v1/users", "POST", {
    email: eve,
    name: "Eve",
    role: "GUEST",
    authorities: [],
  });
  const text = await created.text();
  expect(created.status, text).toBe(201);
  const { id } = JSON.parse(text) as { id: string };
  const flows = await Promise.all(
    Array.from({ length: 6 }, async (_, i) => {
      const client = new Client(replica(i % 2));
      const start = await client.form(`/api/auth/signin/rep-sso`, {});
      const { url } = (await start.json()) as { url: string };
      const { callbackUrl } = await walkToCallback(url, `${BALANCER_URL}/api/auth/callback/rep-sso`, "eve");
      return { client, callbackUrl: callbackUrl.replace(BALANCER_URL, replica((i + 1) % 2)) };
    }),
  );
  const callbacks = await Promise.all(flows.map(({ client, callbackUrl }) => client.send(callbackUrl)));
  for (const callback of callbacks) {
    expect(callback.headers.get("location")).toBe(`${BALANCER_URL}/settings/oauth-integrations`);
  }
  for (const { client } of flows) expect(await sessionEmail(replica(0), client.jar.header())).toBe(eve);
  const db = new pg.Client(postgresConfig(world.pg.url));
  await db.connect();
  try {
    const links = await db.query(`SELECT "provider" FROM "Account" WHERE "userId" = $1`, [id]);
    expect(links.rows).toEqual([{ provider: "rep-sso" }]);
  } finally {
    await db.end();
  }
});

test("three SSO sign-ins in Chromium through the balancer", async ({ browser }) => {
  const upstreams = new Set<string>();
  for (const [login, email] of [
    ["ann", ANN],
    ["ben", BEN],
    ["cat", CAT],
  ] as const) {
    await browserSso(browser, "Replica Edited", login, email, upstreams);
  }
  // Round robin, no stickiness: the sign-in requests were answered by both replicas.
  expect([...upstreams].sort()).toEqual(world.replicas.map((r) => `127.0.0.1:${r.port}`).sort());
});

test("sign-out on one replica ends the session on both; Sign out everywhere too", async ({ browser }) => {
  await test.step("Sign out on replica-0: the copied cookie opens nothing on either replica", async () => {
    const { client } = await crossSignIn(replica(0), replica(1), "rep-sso", "ben");
    const cookie = client.jar.header();
    for (const i of [0, 1]) expect(await sessionEmail(replica(i), cookie)).toBe(BEN);
    const out = await client.form("/api/auth/signout", {});
    expect(out.status).toBe(200);
    for (const i of [0, 1]) expect(await sessionEmail(replica(i), cookie)).toBeNull();
  });
  await test.step("Sign out everywhere (the console, through the balancer) ends Cat's sessions on both", async () => {
    const cats = [
      await crossSignIn(replica(0), replica(0), "rep-sso", "cat"),
      await crossSignIn(replica(1), replica(1), "rep-sso", "cat"),
    ].map((s) => s.client.jar.header());
    const page = await freshPage(browser);
    await signInWithPassword(page, world.admin.email, world.admin.password);
    await expectSignedInAs(page, world.admin.email);
    const { users } = (await (await page.request.get("/api/v1/users")).json()) as {
      users: { id: string; email: string }[];
    };
    await page.goto(`/settings/users/${users.find((u) => u.email === CAT)!.id}`);
    await page.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(page.getByRole("status").filter({ hasText: /Signed out everywhere/ })).toBeVisible();
    for (const cookie of cats) for (const i of [0, 1]) expect(await sessionEmail(replica(i), cookie)).toBeNull();
  });
});

test("a server action rendered by one replica runs on the other (one build: one action key)", async ({ browser }) => {
  const page = await freshPage(browser);
  await signInWithPassword(page, world.admin.email, world.admin.password);
  await expectSignedInAs(page, world.admin.email);
  await page.goto("/settings/oauth-integrations/rep-sso");
  // Check connection is bound to the integration: its argument travels encrypted with the build's action key.
  const request = page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]);
  await page.getByRole("button", { name: "Check connection" }).click();
  const sent = await request;
  await expect(page.getByText("JWK Set URI").first()).toBeVisible({ timeout: 20_000 });
  const headers = {
    "next-action": sent.headers()["next-action"]!,
    "content-type": sent.headers()["content-type"] ?? "text/plain;charset=UTF-8",
    accept: "text/x-component",
  };
  const body = sent.postData() ?? "";
  // Posted through the balancer until each replica has answered one: both run it.
  const answeredBy = new Set<string>();
  for (let i = 0; i < 6 && answeredBy.size < 2; i += 1) {
    const res = await page.request.post("/settings/oauth-integrations/rep-sso", {
      headers: { ...headers, origin: BALANCER_URL },
      data: body,
    });
    expect(res.status()).toBe(200);
    expect(await res.text()).toContain("JWK Set URI");
    answeredBy.add(res.headers()["x-keyway-upstream"] ?? "");
  }
  expect(answeredBy.size).toBe(2);
});

type PasswordResult = "ok" | "invalid" | { retryAfter: number };
const csrfTokens = new Map<string, { cookie: string; token: string }>();

/**
 * One password sign-in (csrf, then the credentials callback) at `base` from the local address `from`, returning the
 * outcome and the replica that answered the callback. Sent to a replica directly, `forwardedFor` plays the balancer's
 * X-Forwarded-For (the world trusts one proxy hop), so both ways key the throttle on the same kind of address.
 */
async function passwordAttempt(base: string, email: string, password: string, from: string, forwardedFor?: string) {
  const via: Record<string, string> = forwardedFor ? { "x-forwarded-for": forwardedFor } : {};
  // One CSRF token per caller, reused: each attempt is then a single request, so round robin alternates the replicas
  // that check them (a csrf + callback pair per attempt would land every callback on the same replica).
  const tokenKey = `${base} ${from}`;
  let csrf = csrfTokens.get(tokenKey);
  if (!csrf) {
    const res = await rawRequest(base, { path: "/api/auth/csrf", from, headers: via });
    csrf = {
      cookie: (res.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; "),
      token: JSON.parse(res.body).csrfToken as string,
    };
    csrfTokens.set(tokenKey, csrf);
  }
  const cookie = csrf.cookie;
  const form = new URLSearchParams({ csrfToken: csrf.token, email, password, json: "true" });
  const res = await rawRequest(base, {
    method: "POST",
    path: "/api/auth/callback/credentials",
    from,
    body: form.toString(),
    headers: { ...via, cookie, "content-type": "application/x-www-form-urlencoded", origin: BALANCER_URL },
  });
  const url = decodeURIComponent(JSON.parse(res.body).url ?? "");
  const wait = /Try again in (\d+) s/.exec(url);
  const upstream = String(res.headers["x-keyway-upstream"] ?? base);
  let result: PasswordResult;
  if (wait) result = { retryAfter: Number(wait[1]) };
  else if (url.includes("error=CredentialsSignin")) result = "invalid";
  else if (!url.includes("error=") && (res.headers["set-cookie"] ?? []).some((c) => c.includes("session-token")))
    result = "ok";
  else throw new Error(`unexpected answer ${res.status}: ${url}`);
  return { result, upstream };
}

/**
 * Eight wrong passwords for `email` (a throttled attempt is waited out and not counted, so exactly eight are
 * checked), then the right one. Returns the blocks met on the way, who answered, and what the right password got.
 */
async function eightWrongThenRight(send: (password: string) => ReturnType<typeof passwordAttempt>) {
  const waits: number[] = [];
  const answeredBy = new Set<string>();
  for (let i = 0, checked = 0; checked < 8; i++) {
    expect(i, "eight wrong passwords within 30 attempts").toBeLessThan(30);
    const { result, upstream } = await send(`wrong-password-${i}`);
    answeredBy.add(upstream);
    if (result === "ok") throw new Error("a wrong password signed in");
    if (result === "invalid") checked += 1;
    else {
      waits.push(result.retryAfter);
      await new Promise((r) => setTimeout(r, result.retryAfter * 1000 + 150));
    }
  }
  return { waits, answeredBy, right: (await send(THROTTLE_PASSWORD)).result };
}

const THROTTLE_PASSWORD = "throttled-owner-password-1234";

test("password throttling is shared: 8 wrong passwords over both replicas lock the account exactly as 8 on one", async () => {
  test.setTimeout(120_000);
  const [onOne, overBoth] = ["one-replica@example.test", "both-replicas@example.test"];
  for (const email of [onOne, overBoth])
    keywayCli(
      world.env as Record<string, string>,
      ["user:create", "--email", email, "--role", "GUEST", "--password-stdin"],
      THROTTLE_PASSWORD,
    );
  const one = await eightWrongThenRight((password) =>
    passwordAttempt(replica(0), onOne, password, "127.0.0.141", "127.0.0.141"),
  );
  const both = await eightWrongThenRight((password) =>
    passwordAttempt(BALANCER_URL, overBoth, password, "127.0.0.142"),
  );
  console.log(`one replica: blocks ${one.waits} then ${JSON.stringify(one.right)}`);
  console.log(`both replicas: blocks ${both.waits} then ${JSON.stringify(both.right)}`);
  // Round robin, no stickiness: the balancer's attempts were checked by both replicas.
  expect([...both.answeredBy].sort()).toEqual(world.replicas.map((r) => `127.0.0.1:${r.port}`).sort());
  // Five free failures, then blocks of 1 s, 2 s…: after the 8th failure the right password waits, on one replica as
  // over both (with a counter per process, each replica would have seen only 4 and let it in).
  expect(one.right, "the right password after 8 failures on one replica").toEqual({ retryAfter: expect.any(Number) });
  expect(both.right, "the right password after 8 failures over both replicas").toEqual({
    retryAfter: expect.any(Number),
  });
});

async function instancesSummary(page: Page): Promise<string> {
  await page.goto("/settings/instances");
  return (await page.getByTestId("instances-summary").textContent()) ?? "";
}

test("Settings > Instances shows both replicas; one killed mid-run: the next sign-in works, Instances shows one", async ({
  browser,
}) => {
  const page = await freshPage(browser);
  await signInWithPassword(page, world.admin.email, world.admin.password);
  await expectSignedInAs(page, world.admin.email);
  const version = ((await (await fetch(`${BALANCER_URL}/api/health/ready`)).json()) as { configVersion: number })
    .configVersion;
  await expect(async () =>
    expect(await instancesSummary(page)).toBe(`2 of 2 instances on config version ${version}`),
  ).toPass({ timeout: 20_000 });
  await expect(page.getByRole("row")).toHaveCount(3);
  await expect(page.getByRole("link", { name: "Instances" })).toHaveAttribute("aria-current", "page");
  await page.screenshot({ path: ".tmp/replicas-instances.png", fullPage: true });

  world.replicas[1]!.child.kill("SIGKILL");
  await world.replicas[1]!.exited;
  await browserSso(browser, "Replica Edited", "dan", DAN, new Set());
  // A killed replica stops its heartbeat and drops off after the stated timeout.
  await expect(async () =>
    expect(await instancesSummary(page)).toBe(`1 of 1 instance on config version ${version}`),
  ).toPass({ timeout: 40_000, intervals: [2_000] });
  await expect(page.getByRole("row")).toHaveCount(2);
});
