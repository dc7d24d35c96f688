// The session stub of in-process tests, as production sees it: nothing. `#test-session-user` (package.json
// "imports") resolves here in every build and server; only a Node process started with `--conditions=keyway-test`
// (the unit test runner) gets lib/testing/test-session-user.ts instead. Why: the stub is then not in the production
// bundle at all, so no setting or process global can ever make a request signed in without a session.

/** The user id a test names as signed in, or null. Always null here. */
export function testSessionUserId(): string | null {
  return null;
}
