// Two replicas of one build on one PostgreSQL behind nginx (round robin, no sticky sessions) work as one Keyway:
// configuration live everywhere within 1 s, sign-ins that start on one replica and return on the other, sign-out
// everywhere at once, server actions across replicas, Settings > Instances, and one replica dying mid-run.
import { type Browser, expect, type Page, test } from "@playwright/test";
import { Client } from "../../bench/http";
import { closeContexts, expectSignedInAs, freshPage, signInWithPassword } from "../support/fixtures";
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
