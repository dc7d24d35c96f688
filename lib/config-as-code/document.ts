// The configuration document (`apiVersion: keyway/v1`): every integration with all its settings, and the sign-in
// policy. Built from the console's own schemas (integrationSchema, signInPolicySchema, the user email), so a
// document is refused for exactly what the console refuses. Client-safe: no I/O.
import { z } from "zod";
import {
  CLIENT_SECRET_REQUIRED,
  clientSecretMissing,
  idpUrl,
  integrationFieldsSchema,
  presetRule,
  type SchemaPolicy,
} from "@/lib/integrations/schema";
import { MAX_BREAK_GLASS_ACCOUNTS, signInPolicySchema } from "@/lib/sign-in-policy/schema";
import { emailSchema } from "@/lib/users/schema";

export const CONFIG_API_VERSION = "keyway/v1";
export const MAX_DOCUMENT_INTEGRATIONS = 500;

const ENV_NAME = /^[A-Z_][A-Z0-9_]{0,127}$/;

/** The environment variable an exported integration's secret is read from: `acme-sso` → `ACME_SSO_CLIENT_SECRET`. */
export function secretEnvName(registrationId: string): string {
  return `${registrationId.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_CLIENT_SECRET`;
}

/** A secret is never written into a document: it names the environment variable the CLI reads it from. */
export const secretReferenceSchema = z
  .object({ fromEnv: z.string().regex(ENV_NAME, "Name an environment variable, like ACME_CLIENT_SECRET.") })
  .strict();

/** One integration of a document: the console's fields, a required issuer (nothing is discovered), and `enabled`. */
function integrationDocumentSchema(policy: SchemaPolicy) {
  // With the console's rule that Post and Basic need a Client Secret (Private key JWT needs none).
  return integrationDocumentFields(policy)
    .superRefine(presetRule)
    .refine((values) => !clientSecretMissing(values), {
      path: ["clientSecret"],
      message: CLIENT_SECRET_REQUIRED,
      when: ({ value }) => clientSecretMissing(value),
    });
}

function integrationDocumentFields(policy: SchemaPolicy) {
  const console = integrationFieldsSchema(policy);
  return console
    .extend({
      // Why required: plan and apply never call the IdP, so the issuer cannot be discovered here.
      issuer: idpUrl("Issuer", policy),
      clientSecret: z.union(
        [console.shape.clientSecret, secretReferenceSchema],
        "Give the client secret, or {fromEnv: NAME} to have the CLI read it from the environment.",
      ),
      enabled: z.boolean("Choose whether the integration is enabled.").default(true),
    })
    .strict();
}

export const signInPolicyDocumentSchema = z
  .object({
    requireSso: signInPolicySchema.shape.requireSso,
    breakGlassAccounts: z
      .array(emailSchema)
      .max(MAX_BREAK_GLASS_ACCOUNTS, `Choose at most ${MAX_BREAK_GLASS_ACCOUNTS} break-glass accounts.`)
      .default([]),
  })
  .strict();

function documentObject(policy: SchemaPolicy) {
  return z
    .object({
      apiVersion: z.literal(CONFIG_API_VERSION, `apiVersion must be "${CONFIG_API_VERSION}".`),
      /** Delete integrations that are not in the document (off by default: a partial document deletes nothing). */
      prune: z.boolean().default(false),
      integrations: z.array(integrationDocumentSchema(policy)).max(MAX_DOCUMENT_INTEGRATIONS).default([]),
      /** Omitted: the policy is left as it is. */
      signInPolicy: signInPolicyDocumentSchema.optional(),
    })
    .strict();
}

const built = new Map<string, unknown>();

/** The document as plan and apply take it: every problem reported at once, with its path. */
export function configDocumentSchema(policy: SchemaPolicy) {
  // Keyed by the whole policy: a schema that accepts an address the policy refuses is never handed out.
  const key = JSON.stringify([policy.allowInsecureUrls, policy.allowLoopback, policy.outboundAllow]);
  if (!built.has(key)) {
    built.set(
      key,
      documentObject(policy).superRefine((doc, ctx) => {
        const ids = new Map<string, number>();
        const domains = new Map<string, number>();
        doc.integrations.forEach((integration, index) => {
          if (ids.has(integration.registrationId)) {
            ctx.addIssue({
              code: "custom",
              path: ["integrations", index, "registrationId"],
              message: `${integration.registrationId} appears twice (also integrations[${ids.get(integration.registrationId)}]).`,
            });
          } else ids.set(integration.registrationId, index);
          for (const domain of integration.emailDomains) {
            if (domains.has(domain)) {
              ctx.addIssue({
                code: "custom",
                path: ["integrations", index, "emailDomains"],
                message: `${domain} is also given to integrations[${domains.get(domain)}]; each domain routes to one integration.`,
              });
            } else domains.set(domain, index);
          }
        });
      }),
    );
  }
  return built.get(key) as ReturnType<typeof documentObject>;
}
export type ConfigDocumentInput = z.input<ReturnType<typeof configDocumentSchema>>;
export type ConfigDocumentValues = z.output<ReturnType<typeof configDocumentSchema>>;

/** What GET /api/v1/config answers: a document with every integration's secret as a reference. */
export const exportedDocumentSchema = documentObject({ allowInsecureUrls: true })
  .omit({ prune: true })
  .extend({
    integrations: z.array(
      // Private key JWT integrations have no secret: "" (nothing for the CLI to read).
      integrationDocumentFields({ allowInsecureUrls: true }).extend({
        clientSecret: z.union([secretReferenceSchema, z.literal("")]),
      }),
    ),
    signInPolicy: signInPolicyDocumentSchema,
  });
export type ExportedDocument = z.input<typeof exportedDocumentSchema>;

/** POST /api/v1/config/apply: the document and the configVersion its plan was made against. */
export function applyRequestSchema(policy: SchemaPolicy) {
  return z.object({
    configVersion: z.number("Send the configVersion your plan was made against.").int().min(0),
    document: configDocumentSchema(policy),
  });
}
