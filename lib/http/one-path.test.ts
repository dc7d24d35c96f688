// Every request Keyway makes to an IdP goes through lib/http/outbound.ts and its address policy. Proved two ways:
// 1. Behaviour: a loopback listener that the policy refuses (production, not on KEYWAY_OUTBOUND_ALLOW) stands in
//    for every IdP endpoint; a sign-in's code exchange, JWKS and userinfo, a Test sign-in, Check connection,
//    discovery and next-auth's own openid-client must each end in a refusal while the listener receives nothing.
//    The same calls with loopback allowed do reach it, so the listener would see a request that slipped past.
// 2. Structure: no module outside lib/http/ opens connections itself (node:http/https/net/tls, fetch, undici) or
//    uses openid-client for anything but its generators and types.
import { CLAIM_SETTINGS_DEFAULTS } from "@/lib/integrations/claims";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { after, afterEach, before, describe, it } from "node:test";
import { Issuer } from "openid-client";
import { buildOidcProvider } from "@/lib/auth/oidc-provider";
import { createSigningKeyCache, DEFAULT_KEY_CACHE } from "@/lib/auth/signing-keys";
import { verifyIdToken } from "@/lib/auth/id-token";
import { runConnectionChecks } from "@/lib/integrations/checks/run";
import { discoverConfiguration } from "@/lib/integrations/discovery";
import { finishTestSignIn, type PendingTestSignIn } from "@/lib/integrations/test-sign-in/flow";
import { installOpenidClientPolicy } from "./openid-client-policy";

const saved = { NODE_ENV: process.env.NODE_ENV, KEYWAY_OUTBOUND_ALLOW: process.env.KEYWAY_OUTBOUND_ALLOW };
function setEnv(env: Record<string, string | undefined>) {
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}
afterEach(() => setEnv(saved));

/** Loopback refused: what production does for an address the operator did not allow. */
const refuseLoopback = () => setEnv({ NODE_ENV: "production", KEYWAY_OUTBOUND_ALLOW: undefined });
const allowLoopback = () => setEnv({ NODE_ENV: "test", KEYWAY_OUTBOUND_ALLOW: undefined });

let server: http.Server;
let base = "";
const seen: string[] = [];

before(async () => {
  server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(400, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: "invalid_grant" }));
  });
  // Every connection counts, even one that never sends a complete request.
  server.on("connection", () => seen.push("connection"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const integration = () => ({
  registrationId: "one-path",
  loginButtonText: "One path",
  clientId: "one-path-client",
  clientSecret: "one-path-secret",
  clientAuthMethod: "client_secret_post",
  authorizationUrl: `${base}/auth`,
  tokenUri: `${base}/token`,
  userInfoUri: `${base}/me`,
  jwksUri: `${base}/jwks`,
  issuer: base,
  ...CLAIM_SETTINGS_DEFAULTS,
  groupsUsed: false,
});
const pending: PendingTestSignIn = {
  registrationId: "one-path",
  adminId: "admin",
  state: "s",
  nonce: "n",
  codeVerifier: "v".repeat(43),
  expiresAt: Date.now() + 60_000,
};
const callbackParams = { code: "c", state: "s" };
/** A well-formed (unsigned-looking) id_token, so verification gets as far as asking for keys. */
const idToken = [
  Buffer.from(JSON.stringify({ alg: "RS256", kid: "k" })).toString("base64url"),
  Buffer.from(JSON.stringify({ iss: "x", sub: "s", aud: "one-path-client", exp: 2e9, iat: 1e9 })).toString("base64url"),
  "c2ln",
].join(".");

/** Each way Keyway (or a library on its behalf) can call an IdP, settled whatever happens. */
const REQUESTS: Record<string, () => Promise<unknown>> = {
  "sign-in: code exchange (next-auth token.request)": async () => {
    const provider = buildOidcProvider(integration(), "one-path-secret");
    const token = provider.token as { request: (context: unknown) => Promise<unknown> };
    const checks = { state: pending.state, nonce: pending.nonce, code_verifier: pending.codeVerifier };
    return token.request({ provider: { callbackUrl: `${base}/cb` }, params: callbackParams, checks });
  },
  "sign-in: signing keys (JWKS)": () =>
    verifyIdToken(
      idToken,
      { integrationId: "one-path", jwksUri: `${base}/jwks`, issuer: "x", clientId: "one-path-client", nonce: "n" },
      createSigningKeyCache(DEFAULT_KEY_CACHE),
    ),
  "sign-in: userinfo (profile)": async () => {
    const provider = buildOidcProvider(integration(), "one-path-secret");
    const user = (await provider.profile({ sub: "s" }, { access_token: "at" })) as { refusal?: string };
    // The profile step reports a failed userinfo request as a refusal rather than throwing.
    if (user.refusal) throw new Error(user.refusal);
    return user;
  },
  "Test sign-in": async () => {
    const result = await finishTestSignIn(integration(), pending, callbackParams, `${base}/cb`);
    if (!result.ok) throw new Error(result.failure?.code);
    return result;
  },
  "Check connection": () => runConnectionChecks({ ...integration(), redirectUri: `${base}/cb` }),
  "Fetch configuration (discovery)": () => discoverConfiguration(base),
  "next-auth's openid-client (as next-auth builds it)": async () => {
    installOpenidClientPolicy();
    const issuer = new Issuer({ issuer: base, token_endpoint: `${base}/token`, jwks_uri: `${base}/jwks` });
    const client = new issuer.Client({ client_id: "one-path-client", client_secret: "one-path-secret" });
    return client.grant({ grant_type: "authorization_code", code: "c", redirect_uri: `${base}/cb` });
  },
};

describe("one HTTP path to IdPs", () => {
  for (const [name, request] of Object.entries(REQUESTS)) {
    it(`${name}: a listener the policy refuses receives nothing`, async () => {
      refuseLoopback();
      seen.length = 0;
      await request().catch(() => undefined);
      assert.deepEqual(seen, [], `${name} reached a refused address without the outbound policy`);
    });
    it(`${name}: the same request reaches the listener once loopback is allowed (the probe sees requests)`, async () => {
      allowLoopback();
      seen.length = 0;
      await request().catch(() => undefined);
      assert.ok(seen.length > 0, `${name} sent nothing at all`);
    });
  }
});

/** Server-side source files (tests and test support excluded). */
function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!["generated", "node_modules"].includes(entry.name)) sourceFiles(full, out);
    } else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && entry.name !== "test-idps.ts") {
      out.push(full);
    }
  }
  return out;
}

const FETCH_CALL = /\bfetch\(/;
const NETWORK = [
  /from "(node:)?(http|https|net|tls|http2|dgram)"/,
  /from "(undici|node-fetch|axios|got)"/,
  FETCH_CALL,
  /require\("(node:)?(http|https|net|tls)"\)/,
];
// Why allowed: it watches this process's own inbound servers (http.Server "request" events for graceful shutdown)
// and opens no connection; every other import of a network module outside lib/http/ is an offender.
const INBOUND_ONLY = new Set([path.join("lib", "ops", "requests.ts")]);
// openid-client: only its random-value generators and types (its HTTP requests would bypass outbound.ts).
const OPENID_CLIENT_VALUE_IMPORT = /import\s*\{([^}]*)\}\s*from\s*"openid-client"/g;

describe("no other module opens connections", () => {
  it("only lib/http/ imports network modules, calls fetch, or uses openid-client beyond generators and types", () => {
    const offenders: string[] = [];
    for (const file of ["lib", "app", "components"].flatMap((dir) => sourceFiles(dir))) {
      const text = readFileSync(file, "utf8");
      if (!file.startsWith(`lib${path.sep}http${path.sep}`) && !INBOUND_ONLY.has(file)) {
        // Why a client component's fetch is allowed: it runs in the browser, to Keyway's own API, never to an IdP.
        const browserOnly = /^\s*["']use client["']/.test(text);
        for (const rule of NETWORK) {
          if (browserOnly && rule === FETCH_CALL) continue;
          if (rule.test(text)) offenders.push(`${file}: ${rule}`);
        }
      }
      for (const [, names] of text.matchAll(OPENID_CLIENT_VALUE_IMPORT)) {
        const values = names
          .split(",")
          .map((name) => name.trim())
          .filter((name) => name && !name.startsWith("type ") && name !== "generators");
        if (values.length && file !== path.join("lib", "http", "openid-client-policy.ts"))
          offenders.push(`${file}: openid-client ${values.join(", ")}`);
      }
    }
    assert.deepEqual(offenders, []);
  });
});
