import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { productionConfigProblems } from "./startup-checks";

const good = {
  NODE_ENV: "production",
  NEXTAUTH_SECRET: "R2f9kq0VbC3xL8mZt1yW6uE4pN7sJ5hA",
  KEYWAY_SEALING_KEY: Buffer.alloc(32, 1).toString("base64"),
  NEXTAUTH_URL: "https://keyway.example.com",
  KEYWAY_ADMIN_PASSWORD: "a-long-unique-password",
} as NodeJS.ProcessEnv;

describe("productionConfigProblems", () => {
  it("accepts a complete production configuration", () => {
    assert.deepEqual(productionConfigProblems(good), []);
  });

  it("never complains in development", () => {
    assert.deepEqual(productionConfigProblems({ NODE_ENV: "development" } as NodeJS.ProcessEnv), []);
  });

  it("refuses a missing, known-default or short NEXTAUTH_SECRET", () => {
    assert.match(productionConfigProblems({ ...good, NEXTAUTH_SECRET: undefined }).join(), /NEXTAUTH_SECRET is not set/);
    for (const secret of ["secret", "changeme", "CHANGE-ME", "too-short-but-random"]) {
      assert.match(productionConfigProblems({ ...good, NEXTAUTH_SECRET: secret }).join(), /NEXTAUTH_SECRET is a known default or shorter/, secret);
    }
  });

  it("refuses a known-default admin password, a missing sealing key and a missing public URL", () => {
    assert.match(productionConfigProblems({ ...good, KEYWAY_ADMIN_PASSWORD: "admin123" }).join(), /KEYWAY_ADMIN_PASSWORD/);
    assert.match(productionConfigProblems({ ...good, KEYWAY_SEALING_KEY: undefined }).join(), /KEYWAY_SEALING_KEY is not set/);
    assert.match(productionConfigProblems({ ...good, NEXTAUTH_URL: undefined }).join(), /NEXTAUTH_URL is not set/);
  });
});
