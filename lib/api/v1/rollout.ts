// Staged rollout and secret rotation of one integration (/api/v1/oauth-integrations/{registrationId}/…): the draft,
// its promotion, roll back, and promotion of the next client secret.
import { z } from "zod";
import { READ_ERRORS, WRITE_ERRORS, defineOperation } from "@/lib/api/operation";
import { discardDraftSchema, promoteDraftSchema, rollbackSchema } from "@/lib/integrations/rollout/schema";
import { promoteSecretSchema } from "@/lib/integrations/rotation/schema";
import { draftSummarySchema, fieldChangeSchema, integrationDetailsSchema } from "./oauth-integrations";

const changes = z.record(z.string(), fieldChangeSchema);
const TAG = "OAuth integrations";

export const getDraft = defineOperation({
  operationId: "getIntegrationDraft",
  method: "GET",
  path: "/oauth-integrations/{registrationId}/draft",
  tag: TAG,
  summary: "The integration's draft: what it changes against the live configuration (404 when there is none)",
  authority: "OAUTH_INTEGRATION_READ",
  status: 200,
  response: z.object({ draft: draftSummarySchema }),
  errors: [...READ_ERRORS, 404],
});

export const discardDraft = defineOperation({
  operationId: "discardIntegrationDraft",
  method: "DELETE",
  path: "/oauth-integrations/{registrationId}/draft",
  tag: TAG,
  summary: "Discard the draft; the live configuration is untouched",
  authority: "OAUTH_INTEGRATION_WRITE",
  body: () => discardDraftSchema,
  status: 200,
  response: z.object({ registrationId: z.string() }),
  errors: [...WRITE_ERRORS, 404],
});

export const promoteDraft = defineOperation({
  operationId: "promoteIntegrationDraft",
  method: "POST",
  path: "/oauth-integrations/{registrationId}/draft/promote",
  tag: TAG,
  summary: "Make the draft live (one config version), audited with its field diff; 409 without a draft or when stale",
  authority: "OAUTH_INTEGRATION_WRITE",
  body: () => promoteDraftSchema,
  status: 200,
  response: z.object({ changes, integration: integrationDetailsSchema.nullable() }),
  errors: [...WRITE_ERRORS, 404, 409],
});

export const rollback = defineOperation({
  operationId: "rollbackIntegration",
  method: "POST",
  path: "/oauth-integrations/{registrationId}/rollback",
  tag: TAG,
  summary: "Restore the previous live configuration (or `toVersion`, one of the last 20 kept) as a new version",
  authority: "OAUTH_INTEGRATION_WRITE",
  body: () => rollbackSchema,
  status: 200,
  response: z.object({
    restoredVersion: z.number().int(),
    changes,
    integration: integrationDetailsSchema.nullable(),
  }),
  errors: [...WRITE_ERRORS, 404, 409],
});

export const promoteNextSecret = defineOperation({
  operationId: "promoteNextClientSecret",
  method: "POST",
  path: "/oauth-integrations/{registrationId}/promote-secret",
  tag: TAG,
  summary: "Make the next client secret the current one (the old one is dropped); 409 when there is none",
  authority: "OAUTH_INTEGRATION_WRITE",
  body: () => promoteSecretSchema,
  status: 200,
  response: z.object({ integration: integrationDetailsSchema.nullable() }),
  errors: [...WRITE_ERRORS, 404, 409],
});
