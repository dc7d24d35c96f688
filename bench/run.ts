// `npm run bench`: Keyway's production build (SQLite) against a minimal static next-auth v4 app (bench/static-app)
// at the same test IdP, measured in one interleaved run. Prints figures; not a test. Loopback only.
//   BENCH_PORT (default 3650: IdP, +1 static app, +2 Keyway)  BENCH_SKIP_BUILD=1 reuses existing builds
//   BENCH_FLOWS (timed sign-in pairs, default 30)
//   BENCH_IDP_LATENCY_MS (default "5,20"): further sets of timed flows with the test IdP answering every request this
//   many ms later, as an IdP across a network would (on loopback an IdP round trip costs well under a millisecond)
//   BENCH_REPLICAS=0 skips the last part: 1 and 2 replicas on PostgreSQL behind nginx (bench/replicas.ts)
//   BENCH_ALL_VISIBLE=1: every seeded integration gets a button (default: one per customer organisation, each with
//   its own Email domain and hidden from the sign-in screen, reached through Continue with SSO; bench-0000 visible)
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { startIdp } from "../tools/test-idp/server";
import { NEXT, NODE, SERVER_NODE_FLAGS } from "../scripts/lib/processes";
import { percentile, pool, signInFlow, timedGet, treeRssMb } from "./http";
import { benchReplicas } from "./replicas";
import {
  BENCH_CLIENT as CLIENT,
  BENCH_SECRET,
  benchAdmin,
  benchLogin,
  prepareKeyway,
  regId,
  runStep as run,
  waitFor,
} from "./keyway";

const PORT = Number(process.env.BENCH_PORT ?? 3650);
const IDP = `http://127.0.0.1:${PORT}`;
const STATIC = `http://127.0.0.1:${PORT + 1}`;
const KEYWAY = `http://127.0.0.1:${PORT + 2}`;
const FLOWS = Number(process.env.BENCH_FLOWS ?? 30);
const LATENCIES = (process.env.BENCH_IDP_LATENCY_MS ?? "5,20")
  .split(",")
  .map(Number)
  .filter((ms) => ms > 0);
const GETS = 40;
const SCALES = [1, 100, 1000];
const ALL_VISIBLE = process.env.BENCH_ALL_VISIBLE === "1";
const DIR = path.resolve(".tmp", "bench");
// In bench-0000's Email domain: an integration with domains refuses identities outside them (issue 6).
const LOGIN = benchLogin(0);
// …and the same person at the organisation behind bench-0001, the integration whose first JWKS fetch is counted.
const LOGIN_FRESH = benchLogin(1);

const median = (v: number[]) => percentile(v, 50);
const ratio = (k: number, s: number) => `${(k / s).toFixed(2)}×`;
const ms = (v: number) => `${v.toFixed(1)} ms`;

async function main() {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXTAUTH_SECRET: BENCH_SECRET,
  };
  if (process.env.BENCH_SKIP_BUILD !== "1") {
    run("Building Keyway (next build)", [NEXT, "build"], baseEnv);
    run(
      "Building the static next-auth app (next build --webpack)",
      [path.resolve(NEXT), "build", "--webpack"],
      baseEnv,
      path.resolve("bench/static-app"),
    );
  }

  const redirectUris = [
    `${STATIC}/api/auth/callback/idp`,
    ...Array.from({ length: Math.max(...SCALES) }, (_, i) => `${KEYWAY}/api/auth/callback/${regId(i)}`),
  ];
  const idp = await startIdp({ port: PORT, clients: [{ ...CLIENT, redirectUris }], exposeTestApi: true });
  const keywayEnv = prepareKeyway(baseEnv, KEYWAY, DIR);
  const servers: ChildProcess[] = [
    // Keyway as `npm start` runs it (its server's Node flags included); the static app as plain `next start`.
    spawn(NODE, [...SERVER_NODE_FLAGS, NEXT, "start", "-H", "127.0.0.1", "-p", String(PORT + 2)], {
      env: keywayEnv,
      stdio: "ignore",
    }),
    spawn(NODE, [path.resolve(NEXT), "start", "-H", "127.0.0.1", "-p", String(PORT + 1)], {
      env: {
        ...baseEnv,
        NEXTAUTH_URL: STATIC,
        BENCH_IDP_URL: IDP,
        BENCH_CLIENT_ID: CLIENT.clientId,
        BENCH_CLIENT_SECRET: CLIENT.clientSecret,
      },
      cwd: path.resolve("bench/static-app"),
      stdio: "ignore",
    }),
  ];
  const [keywayProc, staticProc] = servers as [ChildProcess, ChildProcess];
  const stopAll = () => servers.forEach((s) => s.exitCode === null && s.kill("SIGTERM"));
  process.once("SIGINT", () => {
    stopAll();
    process.exit(130);
  });
  try {
    await waitFor(`${KEYWAY}/signin`, keywayProc);
    await waitFor(`${STATIC}/api/auth/providers`, staticProc);

    const admin = await benchAdmin(KEYWAY);
    await admin.createUser(LOGIN, "Bench User");
    await admin.createUser(LOGIN_FRESH, "Bench User One");
    let seeded = 0;
    const seedTo = async (n: number) => {
      for (; seeded < n; seeded += 1) await admin.createIntegration(seeded, IDP, ALL_VISIBLE || seeded === 0);
    };

    const out: string[] = [];
    const print = (line: string) => {
      out.push(line);
      console.log(line);
    };
    type Flow = { callbackMs: number; totalMs: number };
    // Timed flows per IdP latency: 0 (loopback) first, then each of BENCH_IDP_LATENCY_MS.
    const flows = new Map<number, { keyway: Flow[]; static: Flow[] }>();
    const pages: Record<number, { k: number[]; s: number[]; pk: number[]; ps: number[] }> = {};

    for (const scale of SCALES) {
      await seedTo(scale);
      const r = (pages[scale] = { k: [] as number[], s: [] as number[], pk: [] as number[], ps: [] as number[] });
      // Warm both servers (first requests compile routes, JIT-compile and fill caches); not measured.
      for (let i = 0; i < 15; i += 1) {
        await timedGet(`${KEYWAY}/signin`);
        await timedGet(`${STATIC}/api/auth/signin`);
        await timedGet(`${KEYWAY}/api/auth/providers`);
        await timedGet(`${STATIC}/api/auth/providers`);
      }
      for (let i = 0; i < GETS; i += 1) {
        r.k.push(await timedGet(`${KEYWAY}/signin`));
        r.s.push(await timedGet(`${STATIC}/api/auth/signin`));
        r.pk.push(await timedGet(`${KEYWAY}/api/auth/providers`));
        r.ps.push(await timedGet(`${STATIC}/api/auth/providers`));
      }
      if (scale === 1) {
        await signInFlow(KEYWAY, regId(0), LOGIN);
        await signInFlow(STATIC, "idp", LOGIN);
        for (const latency of [0, ...LATENCIES]) {
          const set = { keyway: [] as Flow[], static: [] as Flow[] };
          flows.set(latency, set);
          idp.setLatency(latency);
          for (let i = 0; i < FLOWS; i += 1) {
            set.keyway.push(await signInFlow(KEYWAY, regId(0), LOGIN));
            set.static.push(await signInFlow(STATIC, "idp", LOGIN));
          }
        }
        idp.setLatency(0);
      }
    }

    const counts = async () =>
      (await (await fetch(`${IDP}/__test/fetch-counts`)).json()) as { jwks: number; discovery: number };
    const reset = () => fetch(`${IDP}/__test/fetch-counts`, { method: "DELETE" });
    const per100: Record<string, { jwks: number; discovery: number }> = {};
    // Keyway through an integration nobody has used yet (bench-0001): its first JWKS fetch is counted too.
    for (const [name, base, id] of [
      ["keyway", KEYWAY, regId(1)],
      ["static", STATIC, "idp"],
    ] as const) {
      await reset();
      for (let i = 0; i < 100; i += 1) await signInFlow(base, id, name === "keyway" ? LOGIN_FRESH : LOGIN);
      per100[name] = await counts();
    }

    const rss = { idleK: treeRssMb(keywayProc.pid!), idleS: treeRssMb(staticProc.pid!), loadK: 0, loadS: 0 };
    await Promise.all(Array.from({ length: 50 }, () => timedGet(`${KEYWAY}/signin`)));
    await Promise.all(Array.from({ length: 50 }, () => timedGet(`${STATIC}/api/auth/signin`)));
    rss.loadK = treeRssMb(keywayProc.pid!);
    rss.loadS = treeRssMb(staticProc.pid!);

    const throughput: Record<string, { perSecond: number; errors: string[] }> = {};
    for (const [name, base, id] of [
      ["keyway", KEYWAY, regId(0)],
      ["static", STATIC, "idp"],
    ] as const) {
      const t0 = performance.now();
      const { results, errors } = await pool(60, 20, () => signInFlow(base, id, LOGIN));
      throughput[name] = { perSecond: results.length / ((performance.now() - t0) / 1000), errors };
    }

    print("");
    print(
      `Seeded integrations: ${ALL_VISIBLE ? "all with a button" : "bench-0000 with a button, the rest hidden with one Email domain each"}.`,
    );
    print(`| measure | Keyway | static next-auth | ratio | target |`);
    print(`|---|---|---|---|---|`);
    for (const [latency, set] of flows) {
      const k = { cb: median(set.keyway.map((f) => f.callbackMs)), all: median(set.keyway.map((f) => f.totalMs)) };
      const st = { cb: median(set.static.map((f) => f.callbackMs)), all: median(set.static.map((f) => f.totalMs)) };
      const where = latency ? `, IdP ${latency} ms away` : "";
      print(
        `| callback server time, median of ${FLOWS}${where || " (1 integration)"} | ${ms(k.cb)} | ${ms(st.cb)} | ${ratio(k.cb, st.cb)} | ≤ 0.8× |`,
      );
      print(
        `| whole sign-in flow, median of ${FLOWS}${where} | ${ms(k.all)} | ${ms(st.all)} | ${ratio(k.all, st.all)} | — |`,
      );
    }
    print(
      `| GET /api/auth/providers p50, 1 integration | ${ms(median(pages[1]!.pk))} | ${ms(median(pages[1]!.ps))} | ${ratio(median(pages[1]!.pk), median(pages[1]!.ps))} | ≤ 1.1× |`,
    );
    for (const scale of SCALES) {
      const p = pages[scale]!;
      print(
        `| sign-in page p50 / p95, ${scale} integration(s) | ${ms(median(p.k))} / ${ms(percentile(p.k, 95))} | ${ms(median(p.s))} / ${ms(percentile(p.s, 95))} | ${ratio(median(p.k), median(p.s))} | — |`,
      );
    }
    print(
      `| sign-in page p50, 1,000 vs 1 integration (Keyway) | ${ratio(median(pages[1000]!.k), median(pages[1]!.k))} | | | ≤ 1.5× |`,
    );
    print(
      `| GET /api/auth/providers p50, 1,000 vs 1 integration (Keyway) | ${ratio(median(pages[1000]!.pk), median(pages[1]!.pk))} | | | — |`,
    );
    print(
      `| JWKS / discovery fetches per 100 sign-ins (Keyway: a not yet used integration) | ${per100.keyway!.jwks} / ${per100.keyway!.discovery} | ${per100.static!.jwks} / ${per100.static!.discovery} | | JWKS ≤ 1 |`,
    );
    print(
      `| RSS idle (1,000 integrations) | ${rss.idleK.toFixed(0)} MB | ${rss.idleS.toFixed(0)} MB | ${ratio(rss.idleK, rss.idleS)} | — |`,
    );
    print(
      `| RSS after 50 concurrent sign-in pages and the flows | ${rss.loadK.toFixed(0)} MB | ${rss.loadS.toFixed(0)} MB | ${ratio(rss.loadK, rss.loadS)} | ≤ 2× |`,
    );
    print(
      `| sign-ins/s, 20 concurrent flows (60 flows) | ${throughput.keyway!.perSecond.toFixed(1)} (${throughput.keyway!.errors.length} errors) | ${throughput.static!.perSecond.toFixed(1)} (${throughput.static!.errors.length} errors) | ${ratio(throughput.keyway!.perSecond, throughput.static!.perSecond)} | 0 errors |`,
    );
    for (const [name, t] of Object.entries(throughput))
      if (t.errors.length) console.error(`${name} errors: ${[...new Set(t.errors)].slice(0, 3).join(" | ")}`);
  } finally {
    stopAll();
    await idp.close();
  }
  if (process.env.BENCH_REPLICAS !== "0") await benchReplicas();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
