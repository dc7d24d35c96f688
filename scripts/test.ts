// `npm test`: every test Keyway has, on a fresh machine. Installs missing system packages when run as root
// (as `playwright install --with-deps` would), otherwise stops with the exact command to run.
//   npm test                     everything
//   npm test -- --only unit,pg   a subset: prereq, static, unit, pg, e2e, replicas
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { startThrowawayPostgres } from "./lib/throwaway-postgres";
import { NEXT, NODE, PRISMA } from "./lib/processes";

const CHROMIUM = process.env.KEYWAY_CHROMIUM ?? "/usr/bin/chromium";
const APT_PACKAGES = ["chromium", "postgresql", "nginx-light"];
const NGINX = process.env.KEYWAY_NGINX ?? "/usr/sbin/nginx";
const E2E_PORT = Number(process.env.KEYWAY_E2E_PORT ?? 3100);
const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1].split(",") : null;
const wants = (part: string) => !only || only.includes(part);
const totals = { passed: 0, failed: 0 };
const parts: string[] = [];
const started = Date.now();

function hasPostgres(): boolean {
  const root = "/usr/lib/postgresql";
  return existsSync(root) && readdirSync(root).some((v) => existsSync(path.join(root, v, "bin", "initdb")));
}

function ensurePrerequisites(): void {
  const missing = [
    !existsSync(CHROMIUM) && "chromium",
    !hasPostgres() && "postgresql",
    !existsSync(NGINX) && "nginx-light",
  ].filter(Boolean) as string[];
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y ${APT_PACKAGES.join(" ")}`;
  if (process.getuid?.() !== 0) {
    console.error(
      `✖ Missing system packages: ${missing.join(", ")}. Install them, then run npm test again:\n    sudo ${command}`,
    );
    process.exit(1);
  }
  console.log(`▶ Installing missing system packages (${missing.join(", ")}): ${command}`);
  const res = spawnSync("bash", ["-c", command], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (res.status !== 0 || !existsSync(CHROMIUM) || !hasPostgres() || !existsSync(NGINX)) {
    console.error(`✖ Could not install ${missing.join(", ")}; run as root: ${command}`);
    process.exit(1);
  }
}

/**
 * Runs a command, echoing its output, and adds what its test runner reported to the totals. `alongside`: it runs
 * beside another part, so its output is held and printed in one piece when it ends.
 */
function run(
  title: string,
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  { alongside = false } = {},
): Promise<void> {
  console.log(alongside ? `\n▶ ${title} (started alongside; its output follows when it ends)` : `\n▶ ${title}`);
  const partStarted = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const onData = (chunk: Buffer) => {
      if (!alongside) process.stdout.write(chunk);
      out += chunk.toString();
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => {
      if (alongside) process.stdout.write(`\n▶ ${title}: its output\n${out}`);
      const node = /^# pass (\d+)$[\s\S]*^# fail (\d+)$/m.exec(out);
      const pw = { passed: /^\s+(\d+) passed/m.exec(out), failed: /^\s+(\d+) failed/m.exec(out) };
      if (node) {
        totals.passed += Number(node[1]);
        totals.failed += Number(node[2]);
      } else if (pw.passed || pw.failed) {
        totals.passed += Number(pw.passed?.[1] ?? 0);
        totals.failed += Number(pw.failed?.[1] ?? 0);
      }
      if (code !== 0) {
        console.error(`✖ ${title} failed (exit ${code}).`);
        if (!(node || pw.failed)) totals.failed += 1;
      }
      parts.push(`${String(Math.round((Date.now() - partStarted) / 1000)).padStart(6)}s  ${title}`);
      resolve();
    });
  });
}

function testFiles(dir: string, pattern: RegExp, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (["node_modules", ".next", ".git", ".tmp", "generated"].includes(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) testFiles(full, pattern, out);
    else if (pattern.test(entry.name)) out.push(full);
  }
  return out.sort();
}

/** Fails (exit 2) when a schema change has no migration: the migrations replayed must equal the schema. */
function migrationDriftArgs(flavour: "sqlite" | "postgresql"): string[] {
  return [
    PRISMA,
    "migrate",
    "diff",
    "--exit-code",
    "--from-migrations",
    `prisma/${flavour}/migrations`,
    "--to-schema-datamodel",
    `prisma/${flavour}/schema.prisma`,
  ];
}

// keyway-test: in-process tests get the session stub (package.json "imports", #test-session-user); builds never do.
const nodeTest = [
  "--conditions=react-server",
  "--conditions=keyway-test",
  "--import",
  "tsx",
  "--test",
  "--test-concurrency=2",
];
const baseEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
// The static part ran tsc on the whole project; a build in the same run need not type-check again (next.config.js).
const buildEnv: NodeJS.ProcessEnv = {
  ...baseEnv,
  NODE_ENV: "production",
  KEYWAY_BUILD_TYPECHECKED: wants("static") ? "1" : "",
  KEYWAY_BUILD_ONCE: "1",
};

if (wants("prereq") || wants("e2e") || wants("pg") || wants("replicas")) ensurePrerequisites();

if (wants("static")) {
  await run("Schema check: PostgreSQL schema generated from the SQLite one", NODE, [
    "scripts/db/sync-schema.mjs",
    "--check",
  ]);
  await run("Type check", NODE, ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "."]);
  await run("Lint (ESLint: Next.js, typescript-eslint, house import rules)", NODE, [
    "node_modules/eslint/bin/eslint.js",
    "--max-warnings=0",
    ".",
  ]);
  await run("Format check (Prettier)", NODE, [
    "node_modules/prettier/bin/prettier.cjs",
    "--check",
    "--log-level=warn",
    ".",
  ]);
  await run("Migrations match the SQLite schema (prisma migrate diff)", NODE, migrationDriftArgs("sqlite"), {
    ...baseEnv,
    DATABASE_URL: `file:${path.resolve(".tmp", "drift-check.db")}`,
  });
}

if (wants("unit")) {
  const files = testFiles(".", /\.test\.tsx?$/).filter((f) => !f.startsWith("e2e/"));
  const ui = files.filter((f) => f.endsWith(".tsx"));
  await run(
    `Unit and integration tests on SQLite (${files.length - ui.length} files)`,
    NODE,
    [...nodeTest, ...files.filter((f) => !ui.includes(f))],
    { ...baseEnv, KEYWAY_TEST_DB: "sqlite" },
  );
  // React DOM rendering needs the ordinary (non react-server) condition.
  if (ui.length) await run("Component tests", NODE, ["--import", "tsx", "--test", ...ui], baseEnv);
}

if (wants("pg")) {
  const pg = await startThrowawayPostgres();
  try {
    const env = { ...baseEnv, DATABASE_URL: pg.url, KEYWAY_TEST_DB: "postgresql", KEYWAY_TEST_PG_URL: pg.url };
    await run("PostgreSQL: prisma migrate deploy with the real CLI", NODE, [PRISMA, "migrate", "deploy"], env);
    await run(
      "Migrations match the PostgreSQL schema (prisma migrate diff)",
      NODE,
      migrationDriftArgs("postgresql"),
      env,
    );
    const files = testFiles(".", /\.db\.test\.ts$/);
    await run(`Integration tests on PostgreSQL (${files.length} files)`, NODE, [...nodeTest, ...files], env);
  } finally {
    pg.stop();
  }
}

const replicasTitle = "Replicas behind nginx on PostgreSQL (Playwright, Debian Chromium)";
const replicasArgs = ["node_modules/@playwright/test/cli.js", "test", "-c", "playwright.replicas.config.ts"];
const playwrightEnv = { ...baseEnv, CI: process.env.CI ?? "" };
if (wants("e2e")) {
  await run("Production build (next build)", NODE, [NEXT, "build"], buildEnv);
  // The replicas part mostly waits (worlds starting, intervals, drains: about a third of the two cores busy), so it
  // runs beside the journeys, on ports of its own (KEYWAY_E2E_PORT + 100: its range never meets theirs).
  const replicas = wants("replicas")
    ? run(
        replicasTitle,
        NODE,
        replicasArgs,
        { ...playwrightEnv, KEYWAY_E2E_PORT: String(E2E_PORT + 100) },
        { alongside: true },
      )
    : null;
  await run(
    "Playwright journeys in Debian Chromium",
    NODE,
    ["node_modules/@playwright/test/cli.js", "test"],
    playwrightEnv,
  );
  await replicas;
} else if (wants("replicas")) {
  // Two replicas of the same build on a throwaway PostgreSQL behind nginx; probes, metrics, graceful shutdown.
  await run("Production build (next build)", NODE, [NEXT, "build"], buildEnv);
  await run(replicasTitle, NODE, replicasArgs, playwrightEnv);
}

const minutes = ((Date.now() - started) / 60000).toFixed(1);
console.log(`\nKeyway tests finished in ${minutes} min:\n${parts.join("\n")}`);
console.log(`Summary: ${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 ? 1 : 0);
