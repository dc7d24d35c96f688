// Signs the bootstrap admin and the guest in once each and keeps their sessions for the journeys.
import { expect, test as setup } from "@playwright/test";
import { ADMIN, AUTH_STATE, GUEST } from "./support/env";
import { expectSignedInAs, signInWithPassword } from "./support/fixtures";

for (const [name, account] of [
  ["admin", ADMIN],
  ["guest", GUEST],
] as const) {
  setup(`sign in as ${name}`, async ({ page }) => {
    await signInWithPassword(page, account.email, account.password);
    await expect(page).toHaveURL(/\/settings\/oauth-integrations$/);
    await expectSignedInAs(page, account.email);
    await page.context().storageState({ path: AUTH_STATE[name] });
  });
}
