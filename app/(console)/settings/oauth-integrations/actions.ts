"use server";
// Server actions of Settings > OAuth Integrations: every one needs OAUTH_INTEGRATION_WRITE, checked on the server by
// authorizedAction for each call (a hand-made POST gets the same 401/403/400 as the forms).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authorizedAction } from "@/lib/authz/action";
import type { CurrentUser } from "@/lib/authz/current-user";
import { integrationSchemaPolicy } from "@/lib/config";
import { discoverConfiguration } from "@/lib/integrations/discovery";
import { deleteIntegration, setIntegrationEnabled } from "@/lib/integrations/lifecycle";
import {
  deleteIntegrationSchema,
  fetchConfigurationSchema,
  integrationEditSchema,
  integrationSchema,
  setIntegrationEnabledSchema,
} from "@/lib/integrations/schema";
import { createIntegration, updateIntegration } from "@/lib/integrations/service";
import { runConnectionChecks } from "@/lib/integrations/checks/run";
import { connectionCheckSchema } from "@/lib/integrations/checks/schema";
import { formCheckTarget, savedCheckTarget } from "@/lib/integrations/checks/target";

const actorOf = (user: CurrentUser) => ({ id: user.id, email: user.email });
const policy = () => integrationSchemaPolicy();

// The list, each integration's page and the sign-in screen show what these actions change.
function revalidateIntegrations() {
  revalidatePath("/settings/oauth-integrations", "layout");
  revalidatePath("/signin");
}

// Creates a Custom SSO integration; the secret is sealed and never returned.
export const createIntegrationAction = authorizedAction({
  authority: "OAUTH_INTEGRATION_WRITE",
  schema: integrationSchema(policy()),
  handler: async (input, user) => {
    const created = await createIntegration(actorOf(user), input);
    revalidateIntegrations();
    return { registrationId: created.registrationId, issuer: created.issuer };
  },
});

// Saves an edit made from the version the admin read (stale → refused); an empty secret keeps the stored one.
export const updateIntegrationAction = authorizedAction({
  authority: "OAUTH_INTEGRATION_WRITE",
  schema: integrationEditSchema(policy()),
  handler: async (input, user) => {
    const saved = await updateIntegration(actorOf(user), input);
    revalidateIntegrations();
    return saved;
  },
});

// Disable / Enable: a disabled integration has no button and its sign-in and callback URLs are refused.
export const setIntegrationEnabledAction = authorizedAction({
  authority: "OAUTH_INTEGRATION_WRITE",
  schema: setIntegrationEnabledSchema,
  handler: async (input, user) => {
    const result = await setIntegrationEnabled(actorOf(user), input.registrationId, input.enabled);
    revalidateIntegrations();
    return result;
  },
});

// Deletes the integration and its links (users stay) once the admin typed its Registration ID.
export const deleteIntegrationAction = authorizedAction({
  authority: "OAUTH_INTEGRATION_WRITE",
  schema: deleteIntegrationSchema,
  handler: async (input, user) => {
    const result = await deleteIntegration(actorOf(user), input.registrationId, input.confirmation);
    revalidateIntegrations();
    return result;
  },
});

// Fetch configuration: reads the IdP's discovery document through lib/http/outbound.ts. Write authority, because
// it makes the server send a request to an admin-chosen URL.
export const fetchConfigurationAction = authorizedAction({
  authority: "OAUTH_INTEGRATION_WRITE",
  schema: fetchConfigurationSchema,
  handler: async (input) => discoverConfiguration(input.url),
});

// Runs Check connection on a saved integration (write authority: it uses the stored secret).
export const checkSavedIntegrationAction = authorizedAction({
  authority: "OAUTH_INTEGRATION_WRITE",
  schema: z.object({ registrationId: z.string().max(40) }),
  handler: async ({ registrationId }) => runConnectionChecks(await savedCheckTarget(registrationId)),
});

// Runs Check connection on a form's unsaved values (secret optional: empty → the saved one, when editing).
export const checkIntegrationValuesAction = authorizedAction({
  authority: "OAUTH_INTEGRATION_WRITE",
  schema: connectionCheckSchema(policy()),
  handler: async (values) => runConnectionChecks(await formCheckTarget(values)),
});
