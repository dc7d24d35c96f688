"use server";
// Provisioning (SCIM) switch of one integration: OAUTH_INTEGRATION_WRITE, checked on the server for each call.
import { revalidatePath } from "next/cache";
import { authorizedAction } from "@/lib/authz/action";
import { actorOf } from "@/lib/authz/current-user";
import { scimSettingsSchema, scimSwitchSchema } from "@/lib/scim/schema";
import { disableScim, enableScim, setScimEmailChanges } from "@/lib/scim/token";

// Turns provisioning on or rotates the token; the token goes back to this one response only (shown once).
export const enableScimAction = authorizedAction({
  authority: "OAUTH_INTEGRATION_WRITE",
  schema: scimSwitchSchema,
  handler: async (input, user) => {
    const result = await enableScim(actorOf(user), input.registrationId);
    revalidatePath(`/settings/oauth-integrations/${input.registrationId}`);
    return result;
  },
});

// Turns provisioning off; the token stops working at once.
export const disableScimAction = authorizedAction({
  authority: "OAUTH_INTEGRATION_WRITE",
  schema: scimSwitchSchema,
  handler: async (input, user) => {
    const result = await disableScim(actorOf(user), input.registrationId);
    revalidatePath(`/settings/oauth-integrations/${input.registrationId}`);
    return result;
  },
});

// Whether the IdP may change the email of the users it provisioned (off by default; audited).
export const scimSettingsAction = authorizedAction({
  authority: "OAUTH_INTEGRATION_WRITE",
  schema: scimSettingsSchema,
  handler: async (input, user) => {
    const result = await setScimEmailChanges(actorOf(user), input.registrationId, input.allowEmailChange);
    revalidatePath(`/settings/oauth-integrations/${input.registrationId}`);
    return result;
  },
});
