// /api/v1/config: export, plan and apply of the whole sign-in configuration (lib/config-as-code/).
import { z } from "zod";
import { READ_ERRORS, defineOperation } from "@/lib/api/operation";
import { integrationSchemaPolicy } from "@/lib/config";
import { applyRequestSchema, configDocumentSchema, exportedDocumentSchema } from "@/lib/config-as-code/document";

const policy = () => integrationSchemaPolicy();

const fieldChange = z.union([
  z.object({ from: z.union([z.string(), z.boolean()]), to: z.union([z.string(), z.boolean()]) }),
  z.literal("changed"),
]);
const configChangeSchema = z.object({
  target: z.enum(["integration", "signInPolicy"]),
  registrationId: z.string().optional(),
  action: z.enum(["create", "update", "delete"]),
  fields: z
    .record(z.string(), z.union([fieldChange, z.string(), z.boolean()]))
    .meta({ description: "update: from → to per changed field; create: every setting. Secrets: only set/changed." }),
  notes: z.array(z.string()),
});
const unmanaged = z
  .array(z.string())
  .meta({ description: "Integrations not in the document and left as they are (prune is off)." });

export const CONFIG_VERSION_HEADER = "keyway-config-version";

export const exportConfig = defineOperation({
  operationId: "exportConfig",
  method: "GET",
  path: "/config",
  tag: "Configuration",
  summary: "Export the whole sign-in configuration as one document (apiVersion keyway/v1); secrets as references",
  authority: "OAUTH_INTEGRATION_WRITE",
  status: 200,
  response: exportedDocumentSchema,
  responseHeaders: { [CONFIG_VERSION_HEADER]: "The configuration version this document was read at." },
  errors: READ_ERRORS,
});

export const planConfig = defineOperation({
  operationId: "planConfig",
  method: "POST",
  path: "/config/plan",
  tag: "Configuration",
  summary: "The exact changes applying this document would make; nothing is written",
  description: "The body is a document. `configVersion` in the answer is what apply must send back.",
  authority: "OAUTH_INTEGRATION_WRITE",
  body: () => configDocumentSchema(policy()),
  invalidBody: 422,
  status: 200,
  response: z.object({
    configVersion: z.number().int(),
    hasChanges: z.boolean(),
    changes: z.array(configChangeSchema),
    unmanaged,
  }),
  // An invalid document is a 422 with every problem (never the forms' 400).
  errors: [401, 403, 413, 415, 422],
});

export const applyConfig = defineOperation({
  operationId: "applyConfig",
  method: "POST",
  path: "/config/apply",
  tag: "Configuration",
  summary: "Apply a document in one transaction, or nothing",
  description:
    "409 STALE_CONFIG when the configuration changed since `configVersion`; 422 with every problem of the document, " +
    "or LAST_WAY_IN when the change would leave nobody who manages integrations able to sign in.",
  authority: "OAUTH_INTEGRATION_WRITE",
  body: () => applyRequestSchema(policy()),
  invalidBody: 422,
  status: 200,
  response: z.object({ configVersion: z.number().int(), changes: z.array(configChangeSchema), unmanaged }),
  errors: [401, 403, 409, 413, 415, 422],
});
