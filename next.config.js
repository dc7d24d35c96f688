// @ts-check
import { readdirSync } from "node:fs";

/** The migration folders of one database flavour: the readiness probe checks each is applied (lib/ops/readiness.ts). */
const migrations = (/** @type {string} */ flavour) =>
  readdirSync(`prisma/${flavour}/migrations`, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .join(",");

/** @type {import("next").NextConfig} */
const nextConfig = {
  // The container image serves Next.js's standalone output (server.js with only the files it uses); its build sets
  // KEYWAY_BUILD_STANDALONE=1. `npm start` on a checkout serves .next with `next start`.
  output: process.env.KEYWAY_BUILD_STANDALONE === "1" ? "standalone" : undefined,
  // Native driver (better-sqlite3) and the Prisma adapters stay out of the bundle and load from node_modules.
  // The server-side libraries every API route, page, the proxy and instrumentation use load from node_modules too:
  // bundled, each route handler's chunk carried its own copy of them (~0.4 MB of source each, kept in memory by
  // V8 for every loaded chunk); external, Node loads one copy per process (see docs/performance.md, RSS).
  // Not next-auth: it keeps the logger in a module-level variable (utils/logger.js). Shared by every bundle, a page's
  // getServerSession installs that bundle's copy of Keyway's logger, and a failing callback's named code is noted in
  // the wrong bundle's request context (e2e/hardening.spec.ts, IdP hangs: the generic OAuthCallback page, not IDP_TIMEOUT).
  serverExternalPackages: [
    "@prisma/adapter-better-sqlite3",
    "better-sqlite3",
    "@prisma/adapter-pg",
    "pg",
    "jose",
    "zod",
    "openid-client",
    "bcryptjs",
    // One metrics registry per process (lib/ops/metrics.ts), whichever bundle counts.
    "prom-client",
  ],
  // Inlined at build time: the migrations this build expects, so the image needs no prisma/ folder to know them.
  env: { KEYWAY_MIGRATIONS_SQLITE: migrations("sqlite"), KEYWAY_MIGRATIONS_POSTGRESQL: migrations("postgresql") },
  // `npm test` type-checks the whole project (tsc) before it builds; its build skips Next's second, identical pass.
  typescript: { ignoreBuildErrors: process.env.KEYWAY_BUILD_TYPECHECKED === "1" },
  poweredByHeader: false,
  // The dev-mode badge sits over the console's Sign out control.
  devIndicators: false,
  experimental: {
    // Server action bodies are parsed before the action (and its session check) runs: keep them small. The
    // largest form (an integration) is a few KB.
    serverActions: { bodySizeLimit: "128kb" },
    // proxy.ts (CSP nonces) runs on page requests only; a body sent to a page is cloned up to this size, not more.
    proxyClientMaxBodySize: "64kb",
    // A build in a throwaway clone or a test run is never built again: writing Turbopack's cache is wasted time.
    turbopackFileSystemCacheForBuild: process.env.KEYWAY_BUILD_ONCE !== "1",
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          // Clickjacking and MIME-sniffing protection for every page, including the sign-in screen.
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          // Browsers ignore HSTS over plain http, so it takes effect exactly when Keyway is served over https.
          { key: "Strict-Transport-Security", value: "max-age=63072000" },
          {
            key: "Permissions-Policy",
            value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
          },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ],
      },
      {
        // JSON and next-auth endpoints: never cached by browsers or proxies (sessions, CSRF tokens, user data).
        source: "/api/:path*",
        headers: [
          { key: "Cache-Control", value: "no-store" },
          { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
        ],
      },
      {
        // Public keys only (Private key JWT): IdPs may cache them briefly. After the /api rule, so this value wins.
        // Keep in step with MAX_AGE_S in app/api/integrations/[registrationId]/jwks/route.ts.
        source: "/api/integrations/:registrationId/jwks",
        headers: [{ key: "Cache-Control", value: "public, max-age=300" }],
      },
    ];
  },
};

export default nextConfig;
