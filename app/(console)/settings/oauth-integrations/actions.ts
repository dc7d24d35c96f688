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
  integrationCreateSchema,
  setIntegrationEnabledSchema,
} from "@/lib/integrations/schema";
import { createIntegration, updateIntegration } from "@/lib/integrations/service";
import { promoteNextSecret } from "@/lib/integrations/rotation/promote";
import { integrationEditFormSchema, promoteSecretSchema } from "@/lib/integrations/rotation/schema";
import { discardDraft, saveDraft } from "@/lib/integrations/rollout/draft";
import { promoteDraft, rollbackIntegration } from "@/lib/integrations/rollout/publish";
import {
  discardDraftSchema,
  draftFormFields,
  integrationRefSchema,
  promoteDraftSchema,
  rollbackSchema,
} from "@/lib/integrations/rollout/schema";
import { ValidationError } from "@/lib/errors";
import { addNextClientKey, promoteNextClientKey, removePreviousClientKey } from "@/lib/integrations/client-keys/keys";
import { acceptDrift, checkDrift } from "@/lib/integrations/drift/watch";
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
  schema: integrationCreateSchema(policy()),
  handler: async (input, user) => {
    const created = await createIntegration(actorOf(user), input);
    revalidateIntegrations();
    return { registrationId: created.registrationId, issuer: created.issuer };
  },
});

// Saves an edit made from the version the admin read (stale → refused); an empty secret keeps the stored one; a Next
// client secret is kept beside the current one (rotation).
export const updateIntegrationAction = authorizedAction({
  authority: "OAUTH_INTEGRATION_WRITE",
  schema: integrationEditFormSchema(policy()),
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

// Promote next secret: the next client secret becomes the current one (the old one is dropped).
export const promoteNextSecretAction = authorizedAction({
  authority: "OAUTH_INTEGRATION_WRITE",
  schema: promoteSecretSchema,
  handler: async (input, user) => {
    const result = await promoteNextSecret(actorOf(user), input.registrationId, { version: input.version });
    revalidateIntegrations();
    return result;
  },
});

// Private key JWT keys: Add next key (published at once, not signing), Promote next key, Remove previous key.
export const addNextClientKeyAction = authorizedAction({
  authority: "OAUTH_INTEGRATION_WRITE",
  schema: integrationRefSchema,
  handler: async ({ registrationId }, user) => {
    const result = await addNextClientKey(actorOf(user), registrationId);
    revalidateIntegrations();
    return result;
  },
});

export const promoteNextClientKeyAction = authorizedAction({
  authority: "OAUTH_INTEGRATION_WRITE",
  schema: integrationRefSchema,
  handler: async ({ registrationId }, user) => {
    const result = await promoteNextClientKey(actorOf(user), registrationId);
    revalidateIntegrations();
    return result;
  },
});

export const removePreviousClientKeyAction = authorizedAction({
  authority: "OAUTH_INTEGRATION_WRITE",
  schema: integrationRefSchema,
  handler: async ({ registrationId }, user) => {
    const result = await removePreviousClientKey(actorOf(user), registrationId);
    revalidateIntegrations();
    return result;
  },
});

// Save as draft: the edit is kept aside; the live configuration keeps serving until Promote draft.
export const saveDraftAction = authorizedAction({
  authority: "OAUTH_INTEGRATION_WRITE",
  schema: integrationEditFormSchema(policy()).extend(draftFormFields),
  handler: async ({ nextClientSecret, removeNextClientSecret, editingDraft, ...values }, user) => {
    if (nextClientSecret || removeNextClientSecret)
      throw new ValidationError({ nextClientSecret: "A next client secret is not part of a draft: use Save." });
    const saved = await saveDraft(actorOf(user), values, { keepDraftSecret: editingDraft });
    revalidateIntegrations();
    return { registrationId: saved.registrationId };
  },
});

// Promote draft: the draft becomes live (one config version bump), audited with its diff.
export const promoteDraftAction = authorizedAction({
  authority: "OAUTH_INTEGRATION_WRITE",
  schema: promoteDraftSchema,
  handler: async (input, user) => {
    const { registrationId, version } = await promoteDraft(actorOf(user), input.registrationId, input);
    revalidateIntegrations();
    return { registrationId, version };
  },
});

// Discard draft: the live configuration stays as it is.
export const discardDraftAction = authorizedAction({
  authority: "OAUTH_INTEGRATION_WRITE",
  schema: discardDraftSchema,
  handler: async (input, user) => {
    const result = await discardDraft(actorOf(user), input.registrationId);
    revalidateIntegrations();
    return result;
  },
});

// Roll back: restores the configuration live before the current one (settings and secret) as a new version.
export const rollbackIntegrationAction = authorizedAction({
  authority: "OAUTH_INTEGRATION_WRITE",
  schema: rollbackSchema,
  handler: async (input, user) => {
    const { registrationId, restoredVersion } = await rollbackIntegration(actorOf(user), input.registrationId, input);
    revalidateIntegrations();
    return { registrationId, restoredVersion };
  },
});

// Drift watch, Check now: re-checks the IdP at once (write authority: the token probe uses the stored secret).
export const checkDriftNowAction = authorizedAction({
  authority: "OAUTH_INTEGRATION_WRITE",
  schema: integrationRefSchema,
  handler: async ({ registrationId }) => {
    const result = await checkDrift(registrationId, "manual");
    revalidateIntegrations();
    return { registrationId, state: result?.state ?? null };
  },
});

// Drift watch, Accept current state: the IdP's latest state becomes the last good one (audited).
export const acceptDriftAction = authorizedAction({
  authority: "OAUTH_INTEGRATION_WRITE",
  schema: integrationRefSchema,
  handler: async ({ registrationId }, user) => {
    const result = await acceptDrift(actorOf(user), registrationId);
    revalidateIntegrations();
    return result;
  },
});
