// The only way to write: load the user, require the authority, parse input with the form's zod schema, run the
// handler, and turn failures into a result the form can show. Used by server actions and route handlers alike.
import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { logLine } from "@/lib/log";
import { AppError, type FieldErrors, ValidationError } from "./errors";
import { getCurrentUser, type CurrentUser } from "./current-user";
import { requireAuthority } from "./require-authority";
import type { Authority } from "./authorities";

import type { ActionResult } from "./action-result";

export type { ActionResult };

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "form";
    out[key] ??= issue.message;
  }
  return out;
}

export function failure(error: unknown): Extract<ActionResult<never>, { ok: false }> {
  if (error instanceof AppError) {
    return { ok: false, status: error.status, code: error.code, error: error.message, fieldErrors: error.fieldErrors };
  }
  // Unexpected: log server-side with a reference; the user sees only the reference (no internals, no secrets).
  const reference = randomUUID().slice(0, 8);
  console.error(logLine`[keyway] unexpected error ref=${reference}: ${error}`);
  return { ok: false, status: 500, code: "INTERNAL", error: `Something went wrong (reference ${reference}).`, reference };
}

type Handler<S extends z.ZodType, T> = (input: z.infer<S>, user: CurrentUser) => Promise<T>;

export async function runAuthorized<S extends z.ZodType, T>(
  authority: Authority,
  schema: S,
  rawInput: unknown,
  handler: Handler<S, T>,
  loadUser: () => Promise<CurrentUser | null> = getCurrentUser,
): Promise<ActionResult<T>> {
  try {
    const user = await loadUser();
    requireAuthority(user, authority);
    const parsed = await schema.safeParseAsync(rawInput);
    if (!parsed.success) throw new ValidationError(fieldErrorsOf(parsed.error));
    return { ok: true, data: await handler(parsed.data, user) };
  } catch (error) {
    return failure(error);
  }
}

/** Wraps a handler as a server action: `export const createUserAction = authorizedAction(...)`. */
export function authorizedAction<S extends z.ZodType, T>(authority: Authority, schema: S, handler: Handler<S, T>) {
  return async (rawInput: unknown) => runAuthorized(authority, schema, rawInput, handler);
}
