// The one error envelope of the JSON API: every /api/v1 error answers `{"error":{"code","message","fields"?}}`.
// Server actions keep their own result type (lib/authz/action-result.ts); this is the JSON API's. Client-safe.
import { z } from "zod";
import type { FieldErrors } from "@/lib/errors";

export const errorEnvelopeSchema = z
  .object({
    error: z
      .object({
        code: z.string().meta({ description: "Stable, machine-readable: e.g. VALIDATION_FAILED, STALE_WRITE." }),
        message: z.string().meta({ description: "A sentence for people; never a secret or an internal detail." }),
        fields: z
          .record(z.string(), z.string())
          .optional()
          .meta({ description: "Problems per input field or document path, e.g. `integrations[2].tokenUri`." }),
      })
      .strict(),
  })
  .strict()
  .meta({ id: "ErrorEnvelope", description: "Every /api/v1 error." });
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

export function errorEnvelope(code: string, message: string, fields?: FieldErrors): ErrorEnvelope {
  return { error: fields && Object.keys(fields).length > 0 ? { code, message, fields } : { code, message } };
}

/** A zod issue path as people read it in a document: `["integrations", 2, "tokenUri"]` → `integrations[2].tokenUri`. */
export function documentPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else text += text ? `.${String(segment)}` : String(segment);
  }
  return text || "(document)";
}

/** Every problem of a document at once, keyed by its path (the first message per path). */
export function documentProblems(error: z.ZodError, { root }: { root?: string } = {}): FieldErrors {
  const problems: FieldErrors = {};
  for (const issue of error.issues) {
    const path = root && issue.path[0] === root ? issue.path.slice(1) : issue.path;
    problems[documentPath(path)] ??= issue.message;
  }
  return problems;
}
