// A production-shaped Keyway on this machine, for the replicas tests and `npm run bench`: a throwaway PostgreSQL,
// N `next start` servers of the one build in .next, and nginx in front (round robin, no sticky sessions), each
// on a port the caller gives. Everything it starts is stopped by stop(); nothing outside its temp folder is touched.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type CpuQuota, createCpuQuota } from "./cpu";
import { NEXT, NODE, PRISMA, SERVER_NODE_FLAGS } from "./processes";
import { startThrowawayPostgres, type ThrowawayPostgres } from "./throwaway-postgres";

export const NGINX = process.env.KEYWAY_NGINX ?? "/usr/sbin/nginx";
export const NGINX_INSTALL = "apt-get update && apt-get install -y nginx-light";

export type Replica = {
  name: string;
  port: number;
  url: string;
  child: ChildProcess;
  /** Everything the server printed (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (null when ended by a signal) once the process has exited. */
  exited: Promise<number | null>;
};

export type ReplicaWorldOptions = {
  /** Folder for the world's files (nginx config, logs); emptied first. */
  dir: string;
  /** The balancer's port; replicas listen on balancerPort + 1, + 2, … */
  balancerPort: number;
  replicas: number;
  /** Extra environment for every replica, then per replica (index). */
  env?: Record<string, string>;
  replicaEnv?: (index: number) => Record<string, string>;
  /** Cores each replica may use (a cgroup quota, as a pod's CPU limit): the benchmark's fixed share per replica. */
  cpuQuota?: number;
};

export type ReplicaWorld = {
  balancerUrl: string;
  replicas: Replica[];
  pg: ThrowawayPostgres;
  env: NodeJS.ProcessEnv;
  admin: { email: string; password: string };
  metricsToken: string;
  /** Starts replica `index` again (after it was killed) on its port. */
  restart(index: number): Promise<Replica>;
  stop(): Promise<void>;
};

function requireNginx(): void {
  if (!existsSync(NGINX)) {
    throw new Error(`nginx not found at ${NGINX}: the replicas tests need a real load balancer. ${NGINX_INSTALL}`);
  }
}

function runStep(title: string, args: string[], env: NodeJS.ProcessEnv): void {
  const res = spawnSync(NODE, args, { env, encoding: "utf8" });
  if (res.status !== 0) throw new Error(`${title} failed (exit ${res.status}):\n${res.stderr}${res.stdout}`);
}

/** nginx as a plain round-robin balancer: no ip_hash, no sticky cookie; the upstream that answered is a header. */
function nginxConfig(dir: string, balancerPort: number, ports: number[]): string {
  const temp = (name: string) => path.join(dir, `nginx-${name}`);
  return `pid ${path.join(dir, "nginx.pid")};
error_log ${path.join(dir, "nginx-error.log")} warn;
worker_processes 1;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${temp("body")};
  proxy_temp_path ${temp("proxy")};
  fastcgi_temp_path ${temp("fastcgi")};
  uwsgi_temp_path ${temp("uwsgi")};
  scgi_temp_path ${temp("scgi")};
  upstream keyway {
${ports.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join("\n")}
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${balancerPort};
    client_max_body_size 1m;
    location / {
      proxy_pass http://keyway;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_connect_timeout 2s;
      proxy_next_upstream error timeout;
      add_header X-Keyway-Upstream $upstream_addr always;
    }
  }
}
`;
}

async function waitForLive(url: string, replica: Replica, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (replica.child.exitCode !== null) throw new Error(`${replica.name} exited early:\n${replica.output()}`);
    try {
      // The sign-in page: it renders only once the server, its database and its providers work.
      if ((await fetch(`${url}/signin`, { redirect: "manual" })).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${replica.name} not ready after ${timeoutMs / 1000} s:\n${replica.output()}`);
}

export async function startReplicaWorld(options: ReplicaWorldOptions): Promise<ReplicaWorld> {
  requireNginx();
  if (!existsSync(".next/BUILD_ID")) throw new Error("No production build found: run `npm run build` first.");
  rmSync(options.dir, { recursive: true, force: true });
  mkdirSync(options.dir, { recursive: true });
  // nginx's workers run as an unprivileged user when the master is root: they must write their temp folders.
  chmodSync(options.dir, 0o777);
  const balancerUrl = `http://127.0.0.1:${options.balancerPort}`;
  const ports = Array.from({ length: options.replicas }, (_, i) => options.balancerPort + 1 + i);
  const admin = { email: "admin@replicas.test", password: `replicas-${randomBytes(12).toString("hex")}` };
  const metricsToken = randomBytes(24).toString("base64url");
  const pg = await startThrowawayPostgres();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: pg.url,
    // Every replica is reached through the balancer: one public URL, one secret, one sealing key.
    NEXTAUTH_URL: balancerUrl,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
    KEYWAY_SEALING_KEY: randomBytes(32).toString("base64"),
    KEYWAY_ADMIN_EMAIL: admin.email,
    KEYWAY_ADMIN_PASSWORD: admin.password,
    KEYWAY_OUTBOUND_ALLOW: "127.0.0.1",
    KEYWAY_ALLOW_INSECURE_URL: "1",
    KEYWAY_TRUST_PROXY: "1",
    KEYWAY_METRICS_TOKEN: metricsToken,
    ...options.env,
  };
  const replicas: Replica[] = [];
  const quotas: CpuQuota[] = [];
  let nginx: ChildProcess | null = null;
  const startReplica = async (index: number): Promise<Replica> => {
    const port = ports[index]!;
    let command: [string, string[]] = [
      NODE,
      [...SERVER_NODE_FLAGS, NEXT, "start", "-H", "127.0.0.1", "-p", String(port)],
    ];
    if (options.cpuQuota) {
      quotas[index] ??= createCpuQuota(`keyway-${options.balancerPort}-replica-${index}`, options.cpuQuota);
      command = quotas[index].wrap(...command);
    }
    const child = spawn(...command, {
      env: { ...env, ...options.replicaEnv?.(index) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const replica: Replica = {
      name: `replica-${index}`,
      port,
      url: `http://127.0.0.1:${port}`,
      child,
      output: () => out,
      exited,
    };
    replicas[index] = replica;
    await waitForLive(replica.url, replica);
    return replica;
  };
  const stop = async () => {
    for (const r of replicas)
      if (r && r.child.exitCode === null && r.child.signalCode === null) r.child.kill("SIGKILL");
    await Promise.all(replicas.map((r) => r?.exited));
    for (const quota of quotas) quota?.remove();
    if (nginx && nginx.exitCode === null) {
      nginx.kill("SIGTERM");
      await new Promise((r) => nginx!.once("exit", r));
    }
    pg.stop();
  };
  try {
    runStep("prisma migrate deploy", [PRISMA, "migrate", "deploy"], env);
    const cli = ["--conditions=react-server", "--import", "tsx", "scripts/keyway.ts"];
    runStep("bootstrap", [...cli, "bootstrap"], env);
    for (let i = 0; i < options.replicas; i += 1) await startReplica(i);
    const conf = path.join(options.dir, "nginx.conf");
    writeFileSync(conf, nginxConfig(options.dir, options.balancerPort, ports));
    nginx = spawn(
      NGINX,
      ["-p", options.dir, "-c", conf, "-e", path.join(options.dir, "nginx-error.log"), "-g", "daemon off;"],
      {
        stdio: ["ignore", "inherit", "inherit"],
      },
    );
    const balancer: Replica = {
      name: "nginx",
      port: options.balancerPort,
      url: balancerUrl,
      child: nginx,
      output: () => "",
      exited: new Promise(() => undefined),
    };
    await waitForLive(balancerUrl, balancer, 15_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { balancerUrl, replicas, pg, env, admin, metricsToken, restart: startReplica, stop };
}
