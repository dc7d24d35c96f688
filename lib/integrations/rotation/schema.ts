// The Next client secret fields of the Edit form, as an extension of the edit schema (never a copy). Client-safe.
import { z } from "zod";
import { keptSecretRefusal } from "../identity-settings";
import { integrationEditSchema, type SchemaPolicy } from "../schema";

export const nextSecretFields = {
  nextClientSecret: z.string().max(2048, "The Next client secret is at most 2,048 characters.").default(""),
  removeNextClientSecret: z.boolean().default(false),
};

const built = new Map<string, ReturnType<typeof build>>();
const build = (policy: SchemaPolicy) => integrationEditSchema(policy).extend(nextSecretFields);

/**
 * Edit with the rotation fields: an empty Next client secret keeps (or, with removeNextClientSecret, drops) it. With
 * the saved Token URI, a blank Client Secret is refused once the Token URI moves to another origin (as
 * integrationEditSchemaFor does).
 */
export function integrationEditFormSchema(policy: SchemaPolicy, savedTokenUri?: string) {
  const id = `${policy.allowInsecureUrls}:${policy.allowLoopback ?? true}:${policy.outboundAllow ?? ""}`;
  if (!built.has(id)) built.set(id, build(policy));
  const schema = built.get(id)!;
  if (savedTokenUri === undefined) return schema;
  return schema.superRefine((values, ctx) => {
    // Why: the saved secret is only sent to the origin it was saved for.
    const message = keptSecretRefusal(savedTokenUri, values.tokenUri, values.clientSecret, values.clientAuthMethod);
    if (message) ctx.addIssue({ code: "custom", path: ["clientSecret"], message });
  });
}
export type IntegrationEditFormValues = z.output<ReturnType<typeof integrationEditFormSchema>>;
export type NextSecretInput = { nextClientSecret?: string; removeNextClientSecret?: boolean };

/** Promote next secret: the integration, and optionally the version the admin read. */
export const promoteSecretSchema = z.object({
  registrationId: z.string().min(1).max(40),
  version: z.number().int().positive().optional(),
});
