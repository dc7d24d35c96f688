// Test-only (resolved through `#test-session-user` under `--conditions=keyway-test`, never in a build): in-process
// tests (the fuzzer) call route handlers and actions without a cookie and name the session's user id under this
// process-global symbol; getCurrentUser still loads that user from the database for real.
const TEST_SESSION_USER = Symbol.for("keyway.test.sessionUserId");

export function testSessionUserId(): string | null {
  const stubbed = (globalThis as Record<symbol, unknown>)[TEST_SESSION_USER];
  return typeof stubbed === "string" ? stubbed : null;
}
