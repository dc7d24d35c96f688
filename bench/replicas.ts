// Completed SSO sign-ins per second with 20 concurrent flows through nginx, for 1 and for 2 replicas of the one build
// on one PostgreSQL, and the p95 of the callback under that load. Prints figures (docs/performance.md); not a test.
// Run alone with `npm run bench:replicas`; `npm run bench` runs it after its own figures.
//   BENCH_PORT (default 3650): this part uses BENCH_PORT + 20 (nginx), + 21, + 22 (replicas), + 30 (test IdP)
//   BENCH_REPLICA_FLOWS (flows per measurement, default 200)
//   BENCH_REPLICA_CPU (cores per replica for the second pair of runs, default DEFAULT_REPLICA_CPU; 0 skips it): each replica in a
//     cgroup with that CPU quota, as a pod's CPU limit, so that each replica brings its own fixed share of CPU
//     (needs root and a cgroup cpu controller)
import os from "node:os";
import path from "node:path";
import { DEFAULT_REPLICA_CPU, machineBusyMs, processCpuMs } from "../scripts/lib/cpu";
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

const CPU_PER_REPLICA = Number(process.env.BENCH_REPLICA_CPU ?? DEFAULT_REPLICA_CPU);

type Run = {
  replicas: number;
  perSecond: number;
  p95CallbackMs: number;
  p50CallbackMs: number;
  errors: string[];
  /** CPU ms per completed sign-in: Keyway's replicas, this process (the test IdP and the client), the rest. */
  cpu: { keyway: number; idpAndClient: number; rest: number; busy: number };
};

async function measure(replicas: number, cpuQuota?: number): Promise<Run> {
  const balancer = `http://127.0.0.1:${BASE}`;
  const redirectUris = [`${balancer}/api/auth/callback/bench-sso`];
  const idp = await startIdp({ port: IDP_PORT, clients: [{ ...BENCH_CLIENT, redirectUris }] });
  const world = await startReplicaWorld({
    dir: path.join(os.tmpdir(), `keyway-bench-replicas-${BASE}`),
    balancerPort: BASE,
    replicas,
    cpuQuota,
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
    const keywayCpu = () => world.replicas.reduce((sum, r) => sum + processCpuMs(r.child.pid!), 0);
    const selfCpu = () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    };
    const before = { keyway: keywayCpu(), self: selfCpu(), machine: machineBusyMs() };
    const t0 = performance.now();
    const { results, errors } = await pool(FLOWS, CONCURRENCY, (i) => signInFlow(balancer, "bench-sso", login(i)));
    const seconds = (performance.now() - t0) / 1000;
    const used = {
      keyway: keywayCpu() - before.keyway,
      self: selfCpu() - before.self,
      machine: machineBusyMs() - before.machine,
    };
    const per = (ms: number) => ms / Math.max(results.length, 1);
    const callbacks = results.map((r) => r.callbackMs);
    return {
      cpu: {
        keyway: per(used.keyway),
        idpAndClient: per(used.self),
        rest: per(Math.max(used.machine - used.keyway - used.self, 0)),
        busy: used.machine / (seconds * 1000 * os.cpus().length),
      },
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

function printRuns(print: (line: string) => void, runs: Run[]): void {
  const [one, two] = runs as [Run, Run];
  print(
    `| replicas | completed sign-ins/s | callback p50 | callback p95 | errors | CPU per sign-in: Keyway / test IdP + client / PostgreSQL, nginx, rest | machine busy |`,
  );
  print(`|---|---|---|---|---|---|---|`);
  for (const r of runs)
    print(
      `| ${r.replicas} | ${r.perSecond.toFixed(1)} | ${r.p50CallbackMs.toFixed(0)} ms | ${r.p95CallbackMs.toFixed(0)} ms | ${r.errors.length} | ${r.cpu.keyway.toFixed(1)} / ${r.cpu.idpAndClient.toFixed(1)} / ${r.cpu.rest.toFixed(1)} ms | ${(r.cpu.busy * 100).toFixed(0)} % |`,
    );
  print(
    `| 2 vs 1 | ${(two.perSecond / one.perSecond).toFixed(2)}× (target ≥ ${REPLICA_SCALING_TARGET}×) | | ${(two.p95CallbackMs / one.p95CallbackMs).toFixed(2)}× | | | |`,
  );
  for (const r of runs)
    if (r.errors.length) console.error(`errors (${r.replicas}): ${[...new Set(r.errors)].slice(0, 3).join(" | ")}`);
}

export async function benchReplicas(print: (line: string) => void = console.log): Promise<void> {
  const cores = os.cpus().length;
  const shared: Run[] = [];
  for (const replicas of [1, 2]) shared.push(await measure(replicas));
  print("");
  print(
    `Replicas: ${FLOWS} SSO sign-ins (csrf → start → IdP login and consent → callback → session), ${CONCURRENCY} at a time, through nginx, one PostgreSQL.`,
  );
  print("");
  print(
    `Unlimited: ${cores} CPU cores shared by the replicas, nginx, PostgreSQL, the test IdP and this client; the last column says how busy the machine was.`,
  );
  printRuns(print, shared);
  if (!(CPU_PER_REPLICA > 0)) return;
  const quota: Run[] = [];
  try {
    for (const replicas of [1, 2]) quota.push(await measure(replicas, CPU_PER_REPLICA));
  } catch (error) {
    print("");
    print(`${CPU_PER_REPLICA} core per replica: not measured here: ${(error as Error).message}`);
    return;
  }
  print("");
  print(
    `${CPU_PER_REPLICA} core per replica (a cgroup CPU quota, as a pod's CPU limit): each replica brings its own share; the other ${cores - CPU_PER_REPLICA * 2}+ cores run nginx, PostgreSQL, the test IdP and this client.`,
  );
  printRuns(print, quota);
}

if (process.argv[1]?.endsWith("replicas.ts")) {
  benchReplicas().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
