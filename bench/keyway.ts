// What `npm run bench` and `npm run bench:memory` share: Keyway's production build on a fresh SQLite file at the
// in-process test IdP, its bootstrap admin, and integrations seeded through the JSON API. Loopback only.
import { type ChildProcess, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { NODE, PRISMA } from "../scripts/lib/processes";
import { Client } from "./http";

export const BENCH_ADMIN = { email: "admin@bench.test", password: "bench-admin-password-1234" };
export const BENCH_CLIENT = {
  clientId: "bench",
  clientSecret: "bench-secret",
  authMethod: "client_secret_post" as const,
};
export const BENCH_SECRET = "bench-only-secret-0123456789abcdefghijklmnopqrstuv";
/** Bench integrations: bench-0000, bench-0001, … each owning the Email domain org-<i>.bench.test. */
export const regId = (i: number) => `bench-${String(i).padStart(4, "0")}`;
/** The person at organisation `i` (inside its integration's Email domain: outside, issue 6 refuses them). */
export const benchLogin = (i: number) => `bench.user@org-${i}.bench.test`;

export function runStep(title: string, args: string[], env: NodeJS.ProcessEnv, cwd = process.cwd()): void {
  console.error(`▶ ${title}`);
  const res = spawnSync(NODE, args, { env, cwd, stdio: ["ignore", "ignore", "inherit"] });
  if (res.status !== 0) throw new Error(`${title} failed (exit ${res.status})`);
}

/**
 * Keyway's environment for a bench run at `url` with its database under `dir`, migrated and with the bootstrap
 * admin created.
 */
export function prepareKeyway(base: NodeJS.ProcessEnv, url: string, dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...base,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXTAUTH_SECRET: BENCH_SECRET,
    DATABASE_URL: `file:${path.join(dir, "keyway.db")}`,
    NEXTAUTH_URL: url,
    // A fresh random key per run (the boot checks refuse low-entropy keys); loopback-only test settings, which
    // Keyway honours only for a plain-http loopback URL and a SQLite file.
    KEYWAY_SEALING_KEY: randomBytes(32).toString("base64"),
    KEYWAY_OUTBOUND_ALLOW: "127.0.0.1",
    KEYWAY_ALLOW_INSECURE_URL: "1",
    KEYWAY_ALLOW_TEST_SECRETS: "1",
    KEYWAY_ADMIN_EMAIL: BENCH_ADMIN.email,
    KEYWAY_ADMIN_PASSWORD: BENCH_ADMIN.password,
  };
  runStep("Migrating the bench database", [PRISMA, "migrate", "deploy"], env);
  runStep(
    "Bootstrapping the admin",
    ["--conditions=react-server", "--import", "tsx", "scripts/keyway.ts", "bootstrap"],
    env,
  );
  return env;
}

/** Waits (bounded: 120 s) until `url` answers below 500; fails at once if `child` exits first. */
export async function waitFor(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 240; i += 1) {
    if (child.exitCode !== null) throw new Error(`${url} exited before it was ready`);
    try {
      if ((await fetch(url, { redirect: "manual" })).status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} not ready after 120 s`);
}

/** The bootstrap admin signed in to Keyway at `base`: JSON API calls (POST) and the creations the bench needs. */
export async function benchAdmin(base: string) {
  const admin = new Client(base);
  const login = await admin.form("/api/auth/callback/credentials", BENCH_ADMIN);
  if (!admin.jar.header().includes("session-token")) throw new Error(`admin sign-in failed (${login.status})`);
  const post = async (p: string, body: unknown, what: string) => {
    const res = await admin.send(p, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  };
  return {
    /** A GUEST who can sign in through SSO (Keyway never creates accounts on sign-in). */
    createUser: (email: string, name: string) =>
      post("/api/v1/users", { email, name, role: "GUEST", authorities: [] }, `creating ${email}`),
    /** Integration `i` at the IdP `idp`, owning org-<i>.bench.test; a button on the sign-in screen if `visible`. */
    createIntegration: (i: number, idp: string, visible: boolean) =>
      post(
        "/api/v1/oauth-integrations",
        {
          provider: "custom-sso",
          registrationId: regId(i),
          clientId: BENCH_CLIENT.clientId,
          clientSecret: BENCH_CLIENT.clientSecret,
          authorizationUrl: `${idp}/auth`,
          jwksUri: `${idp}/jwks`,
          tokenUri: `${idp}/token`,
          userInfoUri: `${idp}/me`,
          issuer: idp,
          clientAuthMethod: BENCH_CLIENT.authMethod,
          loginButtonText: `Sign in with Org ${i}`,
          emailDomains: [`org-${i}.bench.test`],
          showOnSignInScreen: visible,
        },
        `seeding ${regId(i)}`,
      ),
  };
}
