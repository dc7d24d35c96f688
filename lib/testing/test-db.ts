// Test-only: a fresh, migrated database per call, on the flavour the runner chose (KEYWAY_TEST_DB=sqlite|postgresql).
// Applies the committed migration files, so tests also prove the migrations are right.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { createDbClient, type Db, type DbClientOptions } from "../db/client";
import { postgresConfig } from "../db/url";

export type TestDb = { db: Db; url: string; flavour: "sqlite" | "postgresql"; close(): Promise<void> };

function migrationScripts(flavour: string): string[] {
  const dir = path.resolve("prisma", flavour, "migrations");
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
}

export function testFlavour(): "sqlite" | "postgresql" {
  const flavour = process.env.KEYWAY_TEST_DB ?? "sqlite";
  if (flavour !== "sqlite" && flavour !== "postgresql")
    throw new Error(`KEYWAY_TEST_DB must be sqlite or postgresql, not ${flavour}`);
  return flavour;
}

export async function freshDatabase(options: DbClientOptions = {}): Promise<TestDb> {
  const flavour = testFlavour();
  if (flavour === "sqlite") {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "keyway-test-")), "test.db");
    const raw = new Database(file);
    for (const sql of migrationScripts("sqlite")) raw.exec(sql);
    raw.close();
    const url = `file:${file}`;
    const db = createDbClient(url, options);
    return { db, url, flavour, close: () => db.$disconnect() };
  }
  const serverUrl = process.env.KEYWAY_TEST_PG_URL;
  if (!serverUrl) {
    throw new Error("KEYWAY_TEST_DB=postgresql needs KEYWAY_TEST_PG_URL (npm test starts a throwaway server for you).");
  }
  const name = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client(postgresConfig(serverUrl));
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
  const setup = new pg.Client(postgresConfig(url));
  await setup.connect();
  for (const sql of migrationScripts("postgresql")) await setup.query(sql);
  await setup.end();
  const db = createDbClient(url, options);
  return { db, url, flavour, close: () => db.$disconnect() };
}

/**
 * A minimal integration row for tests of sign-in logic (matching, health, policy) that do not exercise the create
 * service itself: no discovery, no sealing, placeholder endpoints under https://i.
 */
export function seedIntegration(
  db: Db,
  registrationId: string,
  extra: {
    loginButtonText?: string;
    identityConfiguredById?: string;
    keysConfiguredById?: string;
    clientSecretSealed?: string;
  } = {},
) {
  return db.integration.create({
    data: {
      registrationId,
      clientId: "c",
      clientSecretSealed: "x",
      authorizationUrl: "https://i/a",
      jwksUri: "https://i/j",
      tokenUri: "https://i/t",
      userInfoUri: "https://i/u",
      issuer: "https://i",
      loginButtonText: registrationId,
      ...extra,
    },
  });
}

/**
 * The Add Integration form's input for a Custom SSO integration whose endpoints all live under `issuer`, for tests
 * that go through the create and update services (and their zod schemas).
 */
export function customSsoInput(registrationId: string, issuer: string, loginButtonText: string) {
  return {
    provider: "custom-sso",
    registrationId,
    clientId: "client-1",
    clientSecret: "secret-one",
    authorizationUrl: `${issuer}/auth`,
    jwksUri: `${issuer}/jwks`,
    tokenUri: `${issuer}/token`,
    userInfoUri: `${issuer}/me`,
    issuer,
    clientAuthMethod: "client_secret_post",
    loginButtonText,
  };
}
