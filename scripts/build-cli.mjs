// Part of `npm run build`: compiles the `keyway` command (scripts/cli.ts and what it imports) and Prisma's
// configuration (prisma.config.ts) to plain JavaScript in dist/, so they run on the production dependencies alone.
// The TypeScript files stay the one source; dist/ is build output (git-ignored), like .next/.
import { rmSync } from "node:fs";
import { build } from "esbuild";

// Loaded from node_modules at run time: the native SQLite driver, bcryptjs (loaded by path in worker threads) and
// pg's optional native binding. Everything else is bundled.
const RUNTIME_PACKAGES = ["better-sqlite3", "bcryptjs", "pg-native"];

rmSync("dist", { recursive: true, force: true });
const common = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  logLevel: "warning",
  legalComments: "none",
};
await build({
  ...common,
  entryPoints: { keyway: "scripts/cli.ts" },
  // The operator commands load only when asked for (a chunk of their own); `start` and `migrate` stay small.
  splitting: true,
  chunkNames: "[name]-[hash]",
  // lib/db.ts imports "server-only", which is an empty module only under the react-server condition.
  conditions: ["react-server"],
  external: RUNTIME_PACKAGES,
  // Bundled CommonJS packages call require(); give ES modules one.
  banner: {
    js: "import { createRequire as __keywayRequire } from 'node:module'; const require = __keywayRequire(import.meta.url);",
  },
});
await build({
  ...common,
  entryPoints: { "prisma.config": "prisma.config.ts" },
  // Prisma's CLI, the driver adapters and pg come from node_modules (dependencies of Keyway).
  packages: "external",
});
console.log("Built dist/keyway.mjs and dist/prisma.config.mjs");
