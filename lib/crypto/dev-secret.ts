// Development convenience: a random secret generated once and kept in ./data (mode 0600), so a fresh machine
// runs without configuration. Production never uses this (lib/startup-checks.ts refuses to start instead).
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export function devSecret(name: string, bytes = 32): string {
  const file = path.resolve(/*turbopackIgnore: true*/ process.cwd(), "data", name);
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(bytes).toString("base64"), { mode: 0o600, flag: "wx" });
  }
  chmodSync(file, 0o600);
  return readFileSync(file, "utf8").trim();
}
