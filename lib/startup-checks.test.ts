import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { APP_ENV, GUEST } from "../e2e/support/env";
import { isRepositoryKnown, productionConfigProblems } from "./startup-checks";

const good = {
  NODE_ENV: "production",
  NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
  KEYWAY_SEALING_KEY: randomBytes(32).toString("base64"),
  NEXTAUTH_URL: "https://keyway.example.com",
  KEYWAY_ADMIN_PASSWORD: "a-long-unique-password",
  DATABASE_URL: "postgresql://k:k@db:5432/keyway",
} as NodeJS.ProcessEnv;
const problems = (env: Record<string, string | undefined>) => productionConfigProblems({ ...good, ...env }).join("\n");

describe("productionConfigProblems", () => {
  it("accepts a complete production configuration", () => {
    assert.deepEqual(productionConfigProblems(good), []);
  });

  it("never complains in development", () => {
    assert.deepEqual(productionConfigProblems({ NODE_ENV: "development" } as unknown as NodeJS.ProcessEnv), []);
  });

  it("refuses a missing, known-default or short NEXTAUTH_SECRET", () => {
    assert.match(problems({ NEXTAUTH_SECRET: undefined }), /NEXTAUTH_SECRET is not set/);
    for (const secret of ["secret", "changeme", "CHANGE-ME", "too-short-but-random"]) {
      assert.match(problems({ NEXTAUTH_SECRET: secret }), /NEXTAUTH_SECRET is a known default or shorter/, secret);
    }
  });

  it("refuses a low-entropy NEXTAUTH_SECRET (32 × 'a', a short repeated pattern)", () => {
    assert.match(problems({ NEXTAUTH_SECRET: "a".repeat(32) }), /NEXTAUTH_SECRET has too little entropy/);
    assert.match(problems({ NEXTAUTH_SECRET: "abcd".repeat(10) }), /NEXTAUTH_SECRET has too little entropy/);
    assert.equal(problems({ NEXTAUTH_SECRET: randomBytes(32).toString("hex") }), "");
  });

  it("refuses a known-default admin password (Password1234 included), a missing sealing key and a missing URL", () => {
    assert.match(problems({ KEYWAY_ADMIN_PASSWORD: "admin123" }), /KEYWAY_ADMIN_PASSWORD/);
    assert.match(problems({ KEYWAY_ADMIN_PASSWORD: "Password1234" }), /KEYWAY_ADMIN_PASSWORD is a known default/);
    assert.match(
      problems({ KEYWAY_ADMIN_PASSWORD: "zzzzzzzzzzzzzzzz" }),
      /KEYWAY_ADMIN_PASSWORD has too little variety/,
    );
    assert.match(problems({ KEYWAY_SEALING_KEY: undefined }), /KEYWAY_SEALING_KEY is not set/);
    assert.match(problems({ NEXTAUTH_URL: undefined }), /NEXTAUTH_URL is not set/);
  });

  it("checks the sealing key's format, length and randomness (current and previous)", () => {
    for (const key of [
      "not-a-key",
      Buffer.alloc(16, 9).toString("base64"),
      Buffer.alloc(33, 9).toString("base64"),
      "!".repeat(44),
    ]) {
      assert.match(problems({ KEYWAY_SEALING_KEY: key }), /KEYWAY_SEALING_KEY must be 32 random bytes, base64/, key);
    }
    assert.match(
      problems({ KEYWAY_SEALING_KEY: Buffer.alloc(32).toString("base64") }),
      /KEYWAY_SEALING_KEY is not random/,
    );
    assert.match(problems({ KEYWAY_SEALING_KEY: Buffer.alloc(32, 7).toString("base64") }), /not random/);
    assert.match(
      problems({ KEYWAY_SEALING_KEY_PREVIOUS: "nope" }),
      /KEYWAY_SEALING_KEY_PREVIOUS must be 32 random bytes/,
    );
  });

  it("requires https for NEXTAUTH_URL unless KEYWAY_ALLOW_INSECURE_URL=1", () => {
    assert.match(problems({ NEXTAUTH_URL: "http://keyway.example.com" }), /NEXTAUTH_URL must use https/);
    assert.equal(problems({ NEXTAUTH_URL: "http://keyway.example.com", KEYWAY_ALLOW_INSECURE_URL: "1" }), "");
  });

  it("every secret published in the e2e environment is refused in production", () => {
    const published = [
      APP_ENV.NEXTAUTH_SECRET,
      APP_ENV.KEYWAY_SEALING_KEY,
      APP_ENV.KEYWAY_ADMIN_PASSWORD,
      GUEST.password,
    ];
    for (const value of published) assert.ok(isRepositoryKnown(value), value);
    assert.match(problems({ NEXTAUTH_SECRET: APP_ENV.NEXTAUTH_SECRET }), /NEXTAUTH_SECRET is a known default/);
    assert.match(problems({ KEYWAY_SEALING_KEY: APP_ENV.KEYWAY_SEALING_KEY }), /KEYWAY_SEALING_KEY is published/);
    assert.match(
      problems({ KEYWAY_ADMIN_PASSWORD: APP_ENV.KEYWAY_ADMIN_PASSWORD }),
      /KEYWAY_ADMIN_PASSWORD is a known default/,
    );
  });

  it("KEYWAY_ALLOW_TEST_SECRETS is honoured only for loopback http + SQLite (the e2e server), never for a real deployment", () => {
    assert.deepEqual(productionConfigProblems(APP_ENV as unknown as NodeJS.ProcessEnv), []);
    const publicUrl = { ...APP_ENV, NEXTAUTH_URL: "https://keyway.example.com" };
    assert.match(
      productionConfigProblems(publicUrl as unknown as NodeJS.ProcessEnv).join(),
      /NEXTAUTH_SECRET is a known default/,
    );
    const publicHttp = { ...APP_ENV, NEXTAUTH_URL: "http://keyway.example.com" };
    assert.match(
      productionConfigProblems(publicHttp as unknown as NodeJS.ProcessEnv).join(),
      /NEXTAUTH_SECRET is a known default/,
    );
    const postgres = { ...APP_ENV, DATABASE_URL: "postgresql://k:k@db/keyway" };
    assert.match(
      productionConfigProblems(postgres as unknown as NodeJS.ProcessEnv).join(),
      /NEXTAUTH_SECRET is a known default/,
    );
    const noOptIn = { ...APP_ENV, KEYWAY_ALLOW_TEST_SECRETS: undefined };
    assert.match(
      productionConfigProblems(noOptIn as unknown as NodeJS.ProcessEnv).join(),
      /NEXTAUTH_SECRET is a known default/,
    );
  });
});

describe("drift watch settings", () => {
  it("an alert webhook must be signed with a real secret and use https (http only to loopback)", () => {
    const secret = "s".repeat(10) + "0123456789abcdefghijklmnopqrstuv";
    assert.match(problems({ KEYWAY_ALERT_WEBHOOK_URL: "https://alerts.example.com/k" }), /KEYWAY_ALERT_WEBHOOK_SECRET/);
    assert.match(
      problems({ KEYWAY_ALERT_WEBHOOK_URL: "https://alerts.example.com/k", KEYWAY_ALERT_WEBHOOK_SECRET: "short" }),
      /KEYWAY_ALERT_WEBHOOK_SECRET/,
    );
    assert.match(
      problems({ KEYWAY_ALERT_WEBHOOK_URL: "http://alerts.example.com/k", KEYWAY_ALERT_WEBHOOK_SECRET: secret }),
      /must use https/,
    );
    assert.equal(
      problems({ KEYWAY_ALERT_WEBHOOK_URL: "http://127.0.0.1:9/k", KEYWAY_ALERT_WEBHOOK_SECRET: secret }),
      "",
    );
    assert.equal(
      problems({ KEYWAY_ALERT_WEBHOOK_URL: "https://alerts.example.com/k", KEYWAY_ALERT_WEBHOOK_SECRET: secret }),
      "",
    );
  });

  it("the check interval is a number of seconds", () => {
    assert.match(problems({ KEYWAY_DRIFT_CHECK_INTERVAL_S: "soon" }), /KEYWAY_DRIFT_CHECK_INTERVAL_S/);
    assert.equal(problems({ KEYWAY_DRIFT_CHECK_INTERVAL_S: "0" }), "");
    assert.equal(problems({ KEYWAY_DRIFT_CHECK_INTERVAL_S: "1800" }), "");
  });
});
