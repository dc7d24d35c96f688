// The only way to write: load the user, require the authority, parse input with the form's zod schema, run the
// handler, and turn failures into a result the form can show. Used by server actions and route handlers alike.
import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "@/lib/db/availability";
import {
  type FieldErrors,
  isExpectedError,
  TooManyRequestsError,
  UnauthenticatedError,
  ValidationError,
} from "@/lib/errors";
import { logLine } from "@/lib/log";
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
  if (isExpectedError(error)) {
    const retryAfter = error instanceof TooManyRequestsError ? { retryAfter: error.retryAfterSeconds } : {};
    return {
      ok: false,
      status: error.status,
      code: error.code,
      error: error.message,
      fieldErrors: error.fieldErrors,
      ...retryAfter,
    };
  }
  // The database is down or locked: a 503 the caller can retry, with no internals; Keyway recovers by itself.
  if (isDatabaseUnavailable(error)) {
    console.error(`[keyway] database unavailable: ${(error as Error)?.message?.split("\n")[0] ?? error}`);
    return { ok: false, status: 503, code: "DATABASE_UNAVAILABLE", error: DATABASE_UNAVAILABLE_MESSAGE };
  }
  // Unexpected: log server-side with a reference; the user sees only the reference (no internals, no secrets).
  const reference = randomUUID().slice(0, 8);
  console.error(logLine`[keyway] unexpected error ref=${reference}: ${error}`);
  return {
    ok: false,
    status: 500,
    code: "INTERNAL",
    error: `Something went wrong (reference ${reference}).`,
    reference,
  };
}

type Handler<S extends z.ZodType, T> = (input: z.infer<S>, user: CurrentUser) => Promise<T>;

/** One write, described as a sentence: who may do it, what input it takes, what it does. */
export type WriteOptions<S extends z.ZodType, T> = {
  authority: Authority;
  schema: S;
  handler: Handler<S, T>;
};

type RunOptions<S extends z.ZodType, T> = Omit<WriteOptions<S, T>, "authority"> & {
  /** null only through selfServiceAction: any signed-in, active user acting on their own account. */
  authority: Authority | null;
  input: unknown;
  /** Who is asking; the session user by default (tests pass their own). */
  loadUser?: () => Promise<CurrentUser | null>;
  /** How input the schema refuses is reported; a 400 ValidationError with the form's field names by default. */
  invalidInput?: (error: z.ZodError) => Error;
};

export async function runAuthorized<S extends z.ZodType, T>({
  authority,
  schema,
  handler,
  input,
  loadUser = getCurrentUser,
  invalidInput = (error) => new ValidationError(fieldErrorsOf(error)),
}: RunOptions<S, T>): Promise<ActionResult<T>> {
  try {
    const user = await loadUser();
    if (authority) requireAuthority(user, authority);
    else if (!user) throw new UnauthenticatedError();
    const parsed = await schema.safeParseAsync(input);
    if (!parsed.success) throw invalidInput(parsed.error);
    return { ok: true, data: await handler(parsed.data, user) };
  } catch (error) {
    return failure(error);
  }
}

/** Wraps a handler as a server action: `export const xAction = authorizedAction({ authority, schema, handler })`. */
export function authorizedAction<S extends z.ZodType, T>(options: WriteOptions<S, T>) {
  return async (input: unknown) => runAuthorized({ ...options, input });
}

/** A self-service action: signed in is enough, and the handler may act on `user`'s own account only. */
export function selfServiceAction<S extends z.ZodType, T>(schema: S, handler: Handler<S, T>) {
  return async (input: unknown) => runAuthorized({ authority: null, schema, handler, input });
}
