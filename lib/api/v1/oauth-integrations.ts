// /api/v1/oauth-integrations: the operations, their body schemas (the console's) and their answers. The client
// secret is in no answer.
import { z } from "zod";
import { READ_ERRORS, WRITE_ERRORS, defineOperation } from "@/lib/api/operation";
import { integrationSchemaPolicy } from "@/lib/config";
import { scimSettingsSchema } from "@/lib/scim/schema";
import { CHECKS } from "@/lib/integrations/checks/types";
import { DRIFT_STATES } from "@/lib/integrations/drift/judge";
import {
  deleteIntegrationSchema,
  integrationEditSchema,
  integrationSchema,
  type SchemaPolicy,
} from "@/lib/integrations/schema";

const policy = (): SchemaPolicy => integrationSchemaPolicy();

export const integrationListItemSchema = z.object({
  id: z.string(),
  registrationId: z.string(),
  provider: z.string(),
  clientId: z.string(),
  loginButtonText: z.string(),
  clientAuthMethod: z.string(),
  issuer: z.string(),
  enabled: z.boolean(),
  createdByEmail: z.string().nullable(),
  createdAt: z.date(),
  lastSignInAt: z.date().nullable(),
  lastFailureAt: z.date().nullable(),
  lastFailureCode: z.string().nullable(),
  trustEmailAddresses: z.boolean(),
  showOnSignInScreen: z.boolean(),
  emailDomains: z.array(z.object({ domain: z.string() })),
});

export const fieldChangeSchema = z.union([
  z.object({ from: z.union([z.string(), z.boolean()]), to: z.union([z.string(), z.boolean()]) }),
  z.literal("changed"),
]);

export const draftSummarySchema = z.object({
  savedAt: z.date(),
  savedByEmail: z.string().nullable(),
  baseVersion: z.number().int().meta({ description: "The live version the draft was made from." }),
  liveChangedSince: z.boolean(),
  changes: z.record(z.string(), fieldChangeSchema).meta({ description: "Field by field: live → draft." }),
});

const secretUseSchema = z.object({
  addedAt: z.date().nullable(),
  lastAcceptedAt: z.date().nullable(),
  lastRejectedAt: z.date().nullable(),
});

export const integrationDetailsSchema = integrationListItemSchema.extend({
  scopes: z.string(),
  authorizationParams: z.string(),
  emailClaim: z.string(),
  nameClaim: z.string(),
  groupsClaim: z.string(),
  updateNameOnSignIn: z.boolean(),
  signInRequirement: z.string(),
  authorizationUrl: z.string(),
  jwksUri: z.string(),
  tokenUri: z.string(),
  userInfoUri: z.string(),
  endSessionUri: z.string().meta({ description: "The IdP's end_session_endpoint; empty when none." }),
  rpInitiatedLogout: z.boolean(),
  version: z.number().int().meta({ description: "Send it back with PATCH: a newer one means someone saved since." }),
  secrets: z
    .object({
      current: secretUseSchema,
      next: secretUseSchema
        .extend({
          addedByEmail: z.string().nullable(),
          acceptedAfterRejection: z.number().int(),
          usable: z.boolean().meta({ description: "Entered for the current Token URI's origin." }),
        })
        .nullable(),
      promotionSuggested: z.boolean(),
    })
    .meta({ description: "The client secrets' bookkeeping during a rotation: when added, last accepted or refused." }),
  draft: draftSummarySchema
    .nullable()
    .meta({ description: "The draft waiting to be promoted (PATCH ?draft=true), or null." }),
  drift: z
    .object({
      state: z.enum(DRIFT_STATES),
      since: z.date(),
      changes: z.array(z.object({ kind: z.string(), message: z.string(), fix: z.string() })),
      checkedAt: z.date(),
    })
    .nullable()
    .meta({ description: "The drift watch's verdict (null until the first check)." }),
});

export const listIntegrations = defineOperation({
  operationId: "listIntegrations",
  method: "GET",
  path: "/oauth-integrations",
  tag: "OAuth integrations",
  summary: "List OAuth integrations with their health stamps",
  authority: "OAUTH_INTEGRATION_READ",
  status: 200,
  response: z.object({ integrations: z.array(integrationListItemSchema) }),
  errors: READ_ERRORS,
});

export const createIntegration = defineOperation({
  operationId: "createIntegration",
  method: "POST",
  path: "/oauth-integrations",
  tag: "OAuth integrations",
  summary: "Create a Custom SSO (OpenID Connect) integration",
  description: "An empty issuer is read from the IdP's discovery document. The caller becomes its identity configurer.",
  authority: "OAUTH_INTEGRATION_WRITE",
  body: () => integrationSchema(policy()),
  status: 201,
  response: z.object({ registrationId: z.string(), issuer: z.string() }),
  errors: [...WRITE_ERRORS, 409],
});

export const getIntegration = defineOperation({
  operationId: "getIntegration",
  method: "GET",
  path: "/oauth-integrations/{registrationId}",
  tag: "OAuth integrations",
  summary: "Read one integration (never its secret)",
  authority: "OAUTH_INTEGRATION_READ",
  status: 200,
  response: z.object({ integration: integrationDetailsSchema }),
  errors: [...READ_ERRORS, 404],
});

type IntegrationPatch = {
  registrationId: string;
  version: number;
  enabled?: boolean;
  nextClientSecret?: string | null;
} & Record<string, unknown>;

// The form's fields, each optional and without its default (an omitted field keeps its value); `version` as read.
const patchSchemas = new Map<string, z.ZodType>();
export function integrationPatchSchema(schemaPolicy: SchemaPolicy) {
  // Keyed by the whole policy: a schema that accepts an address the policy refuses is never handed out.
  const key = JSON.stringify([schemaPolicy.allowInsecureUrls, schemaPolicy.allowLoopback, schemaPolicy.outboundAllow]);
  if (!patchSchemas.has(key)) {
    const { provider: _p, registrationId: _r, version: _v, ...fields } = integrationEditSchema(schemaPolicy).shape;
    const optional = Object.fromEntries(
      Object.entries(fields).map(([key, schema]) => [
        key,
        (schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema).optional(),
      ]),
    );
    patchSchemas.set(
      key,
      z.object({
        ...optional,
        registrationId: z.string(),
        version: z.number("Send the version you read (GET this integration).").int().positive(),
        enabled: z.boolean().optional(),
        nextClientSecret: z
          .string()
          .max(2048, "The Next client secret is at most 2,048 characters.")
          .nullable()
          .optional()
          .meta({ description: "Adds (or replaces) the next client secret of a rotation; null removes it." }),
      }),
    );
  }
  return patchSchemas.get(key) as z.ZodType<IntegrationPatch, unknown>;
}

export const updateIntegration = defineOperation({
  operationId: "updateIntegration",
  method: "PATCH",
  path: "/oauth-integrations/{registrationId}",
  tag: "OAuth integrations",
  summary: "Change settings and/or enabled; omitted fields keep their values, an empty clientSecret keeps the secret",
  description:
    "With the query `?draft=true` the fields go into the integration's draft instead (from the draft, or from live when there is none); the live configuration is untouched, and `enabled` and `nextClientSecret` are refused.",
  authority: "OAUTH_INTEGRATION_WRITE",
  body: () => integrationPatchSchema(policy()),
  status: 200,
  response: z.object({ integration: integrationDetailsSchema.nullable() }),
  errors: [...WRITE_ERRORS, 404, 409],
});

export const deleteIntegration = defineOperation({
  operationId: "deleteIntegration",
  method: "DELETE",
  path: "/oauth-integrations/{registrationId}",
  tag: "OAuth integrations",
  summary: "Delete an integration and its users' links; the body confirms the Registration ID",
  authority: "OAUTH_INTEGRATION_WRITE",
  body: () => deleteIntegrationSchema,
  status: 200,
  response: z.object({ registrationId: z.string(), linksRemoved: z.number().int() }),
  errors: [...WRITE_ERRORS, 404],
});

export const checkResultSchema = z.object({
  id: z.enum(Object.keys(CHECKS) as [keyof typeof CHECKS, ...(keyof typeof CHECKS)[]]),
  name: z.string(),
  status: z.enum(["pass", "warning", "fail"]),
  seen: z.string(),
  fix: z.string().nullable(),
});

export const checkIntegration = defineOperation({
  operationId: "checkIntegration",
  method: "POST",
  path: "/oauth-integrations/{registrationId}/check",
  tag: "OAuth integrations",
  summary: "Check connection: seven checks against the IdP with the saved settings (at most 15 s)",
  authority: "OAUTH_INTEGRATION_WRITE",
  body: () => z.object({}),
  status: 200,
  response: z.object({ registrationId: z.string(), results: z.array(checkResultSchema) }),
  errors: [...WRITE_ERRORS, 404],
});

export const enableScimProvisioning = defineOperation({
  operationId: "enableScimProvisioning",
  method: "POST",
  path: "/oauth-integrations/{registrationId}/scim",
  tag: "OAuth integrations",
  summary: "Turn SCIM provisioning on, or rotate its token; answers the SCIM base URL and the token, once",
  description:
    "The token is shown only in this answer (Keyway keeps its SHA-256). After a rotation the previous token keeps working until the new one is first used or 24 hours pass.",
  authority: "OAUTH_INTEGRATION_WRITE",
  body: () => z.object({ registrationId: z.string() }),
  status: 200,
  response: z.object({ baseUrl: z.string(), token: z.string() }),
  errors: [...WRITE_ERRORS, 404],
});

export const updateScimProvisioning = defineOperation({
  operationId: "updateScimProvisioning",
  method: "PATCH",
  path: "/oauth-integrations/{registrationId}/scim",
  tag: "OAuth integrations",
  summary: "Change a provisioning setting: whether the IdP may change the email of the users it provisioned",
  description:
    "allowEmailChange is off by default: the email is how accounts are matched at sign-in. 409 while provisioning is off.",
  authority: "OAUTH_INTEGRATION_WRITE",
  body: () => scimSettingsSchema,
  status: 200,
  response: z.object({ registrationId: z.string(), allowEmailChange: z.boolean() }),
  errors: [...WRITE_ERRORS, 404, 409],
});

export const disableScimProvisioning = defineOperation({
  operationId: "disableScimProvisioning",
  method: "DELETE",
  path: "/oauth-integrations/{registrationId}/scim",
  tag: "OAuth integrations",
  summary: "Turn SCIM provisioning off: its token stops working at once; provisioned users stay",
  authority: "OAUTH_INTEGRATION_WRITE",
  body: () => z.object({ registrationId: z.string() }),
  bodyFrom: "path",
  status: 200,
  response: z.object({ registrationId: z.string(), enabled: z.literal(false) }),
  errors: [401, 403, 404],
});
