// Playwright in Debian's Chromium (never `playwright install`) against the production build, with the real
// oidc-provider test IdP. One worker: the journeys share one database and one IdP.
import { defineConfig } from "@playwright/test";
import { APP_PORT, APP_URL, IDP_CLIENTS, IDP_PORT, IDP_URL } from "./e2e/support/env";

const CHROMIUM = process.env.KEYWAY_CHROMIUM ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  testMatch: /.*\.(spec|setup)\.ts$/,
  // The replicas journeys bring their own world (playwright.replicas.config.ts).
  testIgnore: ["replicas/**"],
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  // Per run (KEYWAY_E2E_PORT): two runs side by side must not clear each other's results.
  outputDir: `.tmp/test-results-${APP_PORT}`,
  use: {
    baseURL: APP_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        // Nothing but this machine is reachable; fail fast instead of waiting on DNS.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts$/ },
    { name: "journeys", testMatch: /.*\.spec\.ts$/, dependencies: ["setup"] },
  ],
  webServer: [
    {
      command: "node --import tsx tools/test-idp/cli.ts",
      url: `${IDP_URL}/.well-known/openid-configuration`,
      env: { IDP_PORT: String(IDP_PORT), IDP_TEST_API: "1", IDP_CLIENTS: JSON.stringify(Object.values(IDP_CLIENTS)) },
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe",
    },
    {
      command: "node --import tsx e2e/support/start-app.ts",
      url: `${APP_URL}/signin`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
    },
  ],
});
