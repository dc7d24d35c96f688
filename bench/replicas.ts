// Completed SSO sign-ins per second with 20 concurrent flows through nginx, for 1 and for 2 replicas of the one build
// on one PostgreSQL, and the p95 of the callback under that load. Prints figures (docs/performance.md); not a test.
// Run alone with `npm run bench:replicas`; `npm run bench` runs it after its own figures.
//   BENCH_PORT (default 3650): this part uses BENCH_PORT + 20 (nginx), + 21, + 22 (replicas), + 30 (test IdP)
//   BENCH_REPLICA_FLOWS (flows per measurement, default 200)
import os from "node:os";
import path from "node:path";
import { startReplicaWorld } from "../scripts/lib/replica-world";
import { startIdp } from "../tools/test-idp/server";
import { BENCH_CLIENT } from "./keyway";
import { Client, percentile, pool, signInFlow } from "./http";

const BASE = Number(process.env.BENCH_PORT ?? 3650) + 20;
const IDP_PORT = BASE + 10;
const IDP = `http://127.0.0.1:${IDP_PORT}`;
const FLOWS = Number(process.env.BENCH_REPLICA_FLOWS ?? 200);
const CONCURRENCY = 20;
const PEOPLE = 20;
/** The target the issue sets for 2 replicas against 1. */
export const REPLICA_SCALING_TARGET = 1.6;

type Run = { replicas: number; perSecond: number; p95CallbackMs: number; p50CallbackMs: number; errors: string[] };

async function measure(replicas: number): Promise<Run> {
  const balancer = `http://127.0.0.1:${BASE}`;
  const redirectUris = [`${balancer}/api/auth/callback/bench-sso`];
  const idp = await startIdp({ port: IDP_PORT, clients: [{ ...BENCH_CLIENT, redirectUris }] });
  const world = await startReplicaWorld({
    dir: path.join(os.tmpdir(), `keyway-bench-replicas-${BASE}`),
    balancerPort: BASE,
    replicas,
  }).catch(async (error) => {
    await idp.close();
    throw error;
  });
  try {
    const admin = new Client(balancer);
    await admin.form("/api/auth/callback/credentials", world.admin);
    const post = async (p: string, body: unknown) => {
      const res = await admin.send(p, {
        method: "POST",
        headers: { "content-type": "application/json", origin: balancer },
        body: JSON.stringify(body),
      });
      if (res.status !== 201) throw new Error(`${p}: ${res.status} ${await res.text()}`);
    };
    await post("/api/v1/oauth-integrations", {
      provider: "custom-sso",
      registrationId: "bench-sso",
      clientId: BENCH_CLIENT.clientId,
      clientSecret: BENCH_CLIENT.clientSecret,
      authorizationUrl: `${IDP}/auth`,
      jwksUri: `${IDP}/jwks`,
      tokenUri: `${IDP}/token`,
      userInfoUri: `${IDP}/me`,
      issuer: IDP,
      clientAuthMethod: BENCH_CLIENT.authMethod,
      loginButtonText: "Bench",
    });
    const login = (i: number) => `person-${i % PEOPLE}@bench.test`;
    for (let i = 0; i < PEOPLE; i += 1)
      await post("/api/v1/users", { email: login(i), name: `Person ${i}`, role: "GUEST", authorities: [] });
    // Warm every replica (routes compiled, JIT, keys fetched); not measured.
    await pool(10 * replicas, CONCURRENCY, (i) => signInFlow(balancer, "bench-sso", login(i)));
    const t0 = performance.now();
    const { results, errors } = await pool(FLOWS, CONCURRENCY, (i) => signInFlow(balancer, "bench-sso", login(i)));
    const seconds = (performance.now() - t0) / 1000;
    const callbacks = results.map((r) => r.callbackMs);
    return {
      replicas,
      perSecond: results.length / seconds,
      p50CallbackMs: percentile(callbacks, 50),
      p95CallbackMs: percentile(callbacks, 95),
      errors,
    };
  } finally {
    await world.stop();
    await idp.close();
  }
}

export async function benchReplicas(print: (line: string) => void = console.log): Promise<void> {
  const runs: Run[] = [];
  for (const replicas of [1, 2]) runs.push(await measure(replicas));
  const [one, two] = runs as [Run, Run];
  print("");
  print(
    `Replicas: ${FLOWS} SSO sign-ins (csrf → start → IdP login and consent → callback → session), ${CONCURRENCY} at a time, through nginx, one PostgreSQL; ${os.cpus().length} CPU cores shared by the replicas, nginx, PostgreSQL, the test IdP and this client.`,
  );
  print(`| replicas | completed sign-ins/s | callback p50 | callback p95 | errors |`);
  print(`|---|---|---|---|---|`);
  for (const r of runs)
    print(
      `| ${r.replicas} | ${r.perSecond.toFixed(1)} | ${r.p50CallbackMs.toFixed(0)} ms | ${r.p95CallbackMs.toFixed(0)} ms | ${r.errors.length} |`,
    );
  print(
    `| 2 vs 1 | ${(two.perSecond / one.perSecond).toFixed(2)}× (target ≥ ${REPLICA_SCALING_TARGET}×) | | ${(two.p95CallbackMs / one.p95CallbackMs).toFixed(2)}× | |`,
  );
  for (const r of runs)
    if (r.errors.length) console.error(`errors (${r.replicas}): ${[...new Set(r.errors)].slice(0, 3).join(" | ")}`);
}

if (process.argv[1]?.endsWith("replicas.ts")) {
  benchReplicas().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
