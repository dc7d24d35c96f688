// Operator journeys: a production server with unsafe settings refuses to start and says why.
import { spawn } from "node:child_process";
import { expect, test } from "@playwright/test";
import { APP_ENV, APP_PORT, E2E_DIR } from "./support/env";

function startProduction(env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", String(APP_PORT + 2)],
      {
        env: { ...process.env, ...APP_ENV, DATABASE_URL: `file:${E2E_DIR}/refuse.db`, ...env },
      },
    );
    let output = "";
    child.stdout.on("data", (c) => (output += c));
    child.stderr.on("data", (c) => (output += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), 45_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

test("production refuses to start with a missing or default NEXTAUTH_SECRET and no sealing key", async () => {
  const { code, output } = await startProduction({ NEXTAUTH_SECRET: "changeme", KEYWAY_SEALING_KEY: undefined });
  expect(code).toBe(1);
  expect(output).toContain("Keyway refuses to start in production");
  expect(output).toContain("NEXTAUTH_SECRET is a known default");
  expect(output).toContain("KEYWAY_SEALING_KEY is not set");
});

test("production refuses a known default admin password", async () => {
  const { code, output } = await startProduction({ KEYWAY_ADMIN_PASSWORD: "admin123" });
  expect(code).toBe(1);
  expect(output).toContain("KEYWAY_ADMIN_PASSWORD is a known default");
});
