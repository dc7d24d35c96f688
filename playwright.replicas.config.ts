// The replicas journeys (e2e/replicas/): each spec starts its own production-shaped world — a throwaway PostgreSQL,
// `next start` replicas of the one build, nginx round robin in front, the test IdP (scripts/lib/replica-world.ts).
// Same Chromium as the other journeys; the browser always goes through the balancer.
import { defineConfig } from "@playwright/test";
import base from "./playwright.config";
import { BALANCER_URL } from "./e2e/replicas/support";

export default defineConfig({
  ...base,
  testDir: "e2e/replicas",
  testMatch: /.*\.spec\.ts$/,
  testIgnore: [],
  timeout: 120_000,
  outputDir: ".tmp/test-results-replicas",
  use: { ...base.use, baseURL: BALANCER_URL },
  projects: [{ name: "replicas" }],
  webServer: undefined,
});
