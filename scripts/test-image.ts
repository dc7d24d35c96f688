// `npm run test:image`: builds the Dockerfile with podman and runs what it built the way an operator would, on this
// machine's host network (no registry: the base image is made locally, scripts/image/local-base.ts):
//   the image: non-root user, HEALTHCHECK on the live probe, `keyway` as entrypoint;
//   `migrate` in a throwaway container against a throwaway PostgreSQL (read-only root filesystem, /tmp a tmpfs);
//   two replicas of `start`, read-only too, behind nginx (deploy/nginx/nginx.conf, round robin) on the host;
//   both replicas ready (/api/health/ready: database, migrations, providers);
//   one real SSO sign-in through nginx with the test IdP on the host, served by both replicas (nginx's log);
//   the container's health check; one replica stopped with SIGTERM (stops in time), then another sign-in works.
// Root only (podman, debootstrap, apt). Separate from `npm test`: building the image takes minutes.
// Ports: KEYWAY_E2E_PORT (default 3100) + 40, + 41 (replicas), + 42 (nginx), + 43 (test IdP).
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startIdp } from "../tools/test-idp/server";
import { ensureLocalBase } from "./image/local-base";
import { startThrowawayPostgres } from "./lib/throwaway-postgres";
import { SMOKE_REGISTRATION_ID, smokeIdpClient, ssoSmoke, waitForOk } from "./lib/sso-smoke";

const APT = ["podman", "buildah", "runc", "fuse-overlayfs", "slirp4netns", "uidmap", "debootstrap", "nginx-light"];
const BASE_PORT = Number(process.env.KEYWAY_E2E_PORT ?? 3100) + 40;
const [PORT_A, PORT_B, PORT_LB, PORT_IDP] = [BASE_PORT, BASE_PORT + 1, BASE_PORT + 2, BASE_PORT + 3];
const PUBLIC_URL = `http://127.0.0.1:${PORT_LB}`;
const WORK = path.resolve(".tmp", `image-${BASE_PORT}`);
const IMAGE = `localhost/keyway:test-${BASE_PORT}`;
const NAMES = [`keyway-test-${PORT_A}`, `keyway-test-${PORT_B}`];

const results: { name: string; ok: boolean; detail?: string }[] = [];
const timings: [string, number][] = [];
const record = (name: string, ok: boolean, detail?: string) => {
  results.push({ name, ok, detail });
  const mark = ok ? "✔" : "✖";
  console.log(`${mark} ${name}${detail ? ` — ${detail}` : ""}`);
};
async function timed<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
  console.log(`\n▶ ${name}`);
  const t0 = Date.now();
  const value = await fn();
  timings.push([name, (Date.now() - t0) / 1000]);
  return value;
}

function ensureSystemPackages(): void {
  const missing = APT.filter((p) => spawnSync("dpkg", ["-s", p], { stdio: "ignore" }).status !== 0);
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y ${APT.join(" ")}`;
  if (process.getuid?.() !== 0) {
    console.error(`✖ Missing system packages: ${missing.join(", ")}. As root: ${command}`);
    process.exit(1);
  }
  console.log(`▶ Installing ${missing.join(", ")}: ${command}`);
  const res = spawnSync("bash", ["-c", command], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (res.status !== 0) process.exit(1);
}

if (process.getuid?.() !== 0) {
  console.error("✖ npm run test:image runs podman and debootstrap as root; run it as root.");
  process.exit(1);
}
ensureSystemPackages();
rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });

// podman on these machines: runc (crun fails on hybrid cgroups), cgroupfs, and ulimits within the hard limits.
const hardLimit = (flag: string) =>
  Math.min(20000, Number(execFileSync("bash", ["-c", `ulimit -H${flag}`], { encoding: "utf8" }).trim()) || 20000);
writeFileSync(
  path.join(WORK, "containers.conf"),
  `[containers]\ndefault_ulimits = ["nofile=${hardLimit("n")}:${hardLimit("n")}", "nproc=${Math.min(4096, hardLimit("u"))}:${Math.min(4096, hardLimit("u"))}"]\n` +
    `[engine]\nruntime = "runc"\ncgroup_manager = "cgroupfs"\nevents_logger = "file"\n`,
);
const env: NodeJS.ProcessEnv = { ...process.env, CONTAINERS_CONF: path.join(WORK, "containers.conf") };
const podman = (args: string[], options: { allowFail?: boolean } = {}) => {
  const res = spawnSync("podman", args, { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (res.status !== 0 && !options.allowFail) {
    throw new Error(`podman ${args.slice(0, 2).join(" ")} failed (${res.status}):\n${res.stdout}${res.stderr}`);
  }
  return res;
};

let nginx: ChildProcess | undefined;
let pg: Awaited<ReturnType<typeof startThrowawayPostgres>> | undefined;
let idp: Awaited<ReturnType<typeof startIdp>> | undefined;
let failure: Error | undefined;
try {
  const base = await timed("Local base image (debootstrap + Node.js 24)", () => ensureLocalBase(env));
  // npm inside the build may sit behind a TLS-intercepting proxy: hand it this machine's CA bundle as a secret.
  const cafile = spawnSync("npm", ["config", "get", "cafile"], { encoding: "utf8" }).stdout.trim();
  const secret = cafile && cafile !== "null" && existsSync(cafile) ? ["--secret", `id=npm_ca,src=${cafile}`] : [];
  await timed("podman build (Dockerfile)", () => {
    const res = spawnSync(
      "podman",
      [
        "build",
        "--format",
        "docker",
        "--network=host",
        "--build-arg",
        `BASE_IMAGE=${base}`,
        ...secret,
        "-t",
        IMAGE,
        ".",
      ],
      { env, stdio: "inherit" },
    );
    if (res.status !== 0) throw new Error("podman build failed");
  });
  type Healthcheck = { Test?: string[] };
  const [inspect] = JSON.parse(podman(["image", "inspect", IMAGE]).stdout) as {
    Size: number;
    // podman reports the health check beside Config, Docker inside it.
    Healthcheck?: Healthcheck;
    Config: { User?: string; Entrypoint?: string[]; Cmd?: string[]; Healthcheck?: Healthcheck };
  }[];
  const config = inspect!.Config;
  const healthcheck = inspect!.Healthcheck ?? config.Healthcheck;
  record("image runs as user 10001:10001", config.User === "10001:10001", config.User);
  record("HEALTHCHECK probes /api/health/live", (healthcheck?.Test ?? []).join(" ").includes("/api/health/live"));
  record(
    "entrypoint is the keyway command, default command start",
    JSON.stringify(config.Entrypoint) === '["node","/app/dist/keyway.mjs"]' &&
      JSON.stringify(config.Cmd) === '["start"]',
  );
  console.log(`  image size: ${(inspect!.Size / 1e6).toFixed(0)} MB`);

  pg = await timed("Throwaway PostgreSQL", () => startThrowawayPostgres());
  idp = await startIdp({ port: PORT_IDP, clients: [smokeIdpClient(PUBLIC_URL)] });
  const admin = { email: "admin@image.test", password: randomBytes(18).toString("base64url") };
  // Fresh random secrets (the production checks refuse known ones), in an env file: not on command lines.
  const envFile = path.join(WORK, "keyway.env");
  writeFileSync(
    envFile,
    Object.entries({
      DATABASE_URL: pg.url,
      NEXTAUTH_URL: PUBLIC_URL,
      NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
      KEYWAY_SEALING_KEY: randomBytes(32).toString("base64"),
      KEYWAY_ADMIN_EMAIL: admin.email,
      KEYWAY_ADMIN_PASSWORD: admin.password,
      KEYWAY_ALLOW_INSECURE_URL: "1",
      KEYWAY_OUTBOUND_ALLOW: "127.0.0.1",
      KEYWAY_TRUST_PROXY: "1",
      KEYWAY_HOST: "127.0.0.1",
    })
      .map(([k, v]) => `${k}=${v}`)
      .join("\n"),
    { mode: 0o600 },
  );
  // As Kubernetes runs it (readOnlyRootFilesystem, an emptyDir on /tmp): nothing else is writable.
  const runFlags = [
    "--network=host",
    "--read-only",
    "--read-only-tmpfs=false",
    "--tmpfs",
    "/tmp",
    "--env-file",
    envFile,
  ];

  const migrate = await timed("keyway migrate (one-off container)", () =>
    podman(["run", "--rm", ...runFlags, IMAGE, "migrate"], { allowFail: true }),
  );
  process.stdout.write(migrate.stdout + migrate.stderr);
  record(
    "`migrate` applies every migration on PostgreSQL from a read-only container",
    migrate.status === 0 && /All migrations have been successfully applied/.test(migrate.stdout + migrate.stderr),
  );

  await timed("Two replicas (keyway start), until /signin answers on each", async () => {
    for (const [i, name] of NAMES.entries()) {
      podman(["rm", "-f", name], { allowFail: true });
      podman(["run", "-d", "--name", name, ...runFlags, "-e", `PORT=${[PORT_A, PORT_B][i]}`, IMAGE]);
    }
    const running = (name: string) => podman(["inspect", "-f", "{{.State.Running}}", name]).stdout.trim() === "true";
    await Promise.all(
      NAMES.map((name, i) => waitForOk(`http://127.0.0.1:${[PORT_A, PORT_B][i]}/signin`, () => running(name))),
    );
  });
  const ready = await Promise.all(
    [PORT_A, PORT_B].map(async (port) => {
      const res = await fetch(`http://127.0.0.1:${port}/api/health/ready`);
      return `${res.status} ${((await res.json()) as { status?: string }).status}`;
    }),
  );
  record(
    "both replicas answer /api/health/ready with 200 ready",
    ready.every((r) => r === "200 ready"),
    ready.join(", "),
  );
  const uid = podman(["exec", NAMES[0]!, "node", "-p", "process.getuid()"]).stdout.trim();
  record("the server process runs as a non-root user", uid === "10001", `uid ${uid}`);

  const conf = readFileSync("deploy/nginx/nginx.conf", "utf8")
    .replace("server keyway-1:3000", `server 127.0.0.1:${PORT_A}`)
    .replace("server keyway-2:3000", `server 127.0.0.1:${PORT_B}`)
    .replace(/listen 8080;/, `listen 127.0.0.1:${PORT_LB};`)
    .replace("access_log /dev/stdout keyway;", `access_log ${WORK}/access.log keyway;`)
    .replace(
      "http {",
      `http {\n  ${["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `${t}_temp_path ${WORK}/${t};`).join(" ")}`,
    );
  if (!conf.includes(`127.0.0.1:${PORT_B}`) || !conf.includes(`${WORK}/access.log`)) {
    throw new Error("deploy/nginx/nginx.conf no longer has the upstream/listen/access_log lines this test rewrites");
  }
  writeFileSync(path.join(WORK, "nginx.conf"), conf);
  execFileSync("chmod", ["0777", WORK]);
  nginx = spawn(
    "nginx",
    [
      "-p",
      WORK,
      "-c",
      path.join(WORK, "nginx.conf"),
      "-g",
      `daemon off; pid ${WORK}/nginx.pid; error_log ${WORK}/error.log;`,
    ],
    { stdio: "inherit" },
  );
  await waitForOk(`${PUBLIC_URL}/signin`, () => nginx?.exitCode === null, 20_000);

  // Only the log lines of this sign-in count (not the readiness polls before it).
  const accessLog = path.join(WORK, "access.log");
  const logOffset = readFileSync(accessLog).length;
  const smoke = await timed("SSO sign-in through nginx", () => ssoSmoke(PUBLIC_URL, idp!.issuer, admin));
  record("SSO sign-in through nginx (password, create integration, IdP, callback, session)", true, smoke.signedInAs);
  const signInLines = readFileSync(accessLog).subarray(logOffset).toString("utf8").split("\n").filter(Boolean);
  const upstreams = new Set(signInLines.map((line) => /upstream=(127\.0\.0\.1:\d+)/.exec(line)?.[1]));
  const callbackLine = signInLines.find((line) => line.includes(`/api/auth/callback/${SMOKE_REGISTRATION_ID}?`));
  record(
    "that sign-in's requests were served by both replicas (round robin, no stickiness)",
    upstreams.has(`127.0.0.1:${PORT_A}`) && upstreams.has(`127.0.0.1:${PORT_B}`) && upstreams.size === 2,
    `${signInLines.length} requests; SSO callback: ${callbackLine?.match(/upstream=\S+/)?.[0] ?? "not in the log"}`,
  );
  record("nginx logged the SSO callback with a 302", / 302 upstream=/.test(callbackLine ?? ""), callbackLine);

  const health = podman(["healthcheck", "run", NAMES[0]!], { allowFail: true });
  record("the image's HEALTHCHECK passes on a running replica", health.status === 0, health.stdout + health.stderr);

  const logs = NAMES.map((name) => podman(["logs", name]).stdout + podman(["logs", name]).stderr).join("\n");
  record("no write to the read-only root filesystem was refused (EROFS)", !/EROFS|read-only file system/i.test(logs));

  const stopped = await timed("SIGTERM to one replica (podman stop -t 20)", () => {
    const t0 = Date.now();
    podman(["stop", "-t", "20", NAMES[0]!]);
    return {
      seconds: (Date.now() - t0) / 1000,
      code: podman(["inspect", "-f", "{{.State.ExitCode}}", NAMES[0]!]).stdout.trim(),
    };
  });
  record(
    "a replica stops on SIGTERM before the 20 s kill (PID 1 forwards it to the server)",
    stopped.seconds < 19,
    `${stopped.seconds.toFixed(1)} s, exit code ${stopped.code}`,
  );
  const again = await timed("SSO sign-in through nginx with one replica stopped", () =>
    ssoSmoke(PUBLIC_URL, idp!.issuer, admin),
  );
  record("SSO sign-in still works through nginx with one replica stopped", true, `session for ${again.signedInAs}`);
} catch (error) {
  failure = error as Error;
  record(failure.message, false);
} finally {
  for (const name of NAMES) podman(["rm", "-f", "-t", "2", name], { allowFail: true });
  if (nginx && nginx.exitCode === null) nginx.kill("SIGTERM");
  await idp?.close();
  pg?.stop();
}

console.log("\nImage check, times:");
for (const [name, seconds] of timings) console.log(`  ${seconds.toFixed(1).padStart(7)} s  ${name}`);
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`Image: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
