// Keyway's expected failures: the domain's vocabulary, each with an HTTP status, a code and a message that is safe
// to show to the user. Anything else is unexpected and shown only as a reference (lib/authz/action.ts). Client-safe.
export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class UnauthenticatedError extends AppError {
  constructor() {
    super("Your session has ended. Sign in again.", 401, "UNAUTHENTICATED");
  }
}

export class ForbiddenError extends AppError {
  constructor(authority: string) {
    super(`You do not have the ${authority} authority needed for this.`, 403, "FORBIDDEN");
  }
}

export class ValidationError extends AppError {
  constructor(fieldErrors: FieldErrors, message = "Some fields need attention.") {
    super(message, 400, "VALIDATION_FAILED", fieldErrors);
  }
}

/** The request contradicts the current state; `field` puts the message under that form field too. */
export class ConflictError extends AppError {
  constructor(message: string, { field }: { field?: string } = {}) {
    super(message, 409, "CONFLICT", field ? { [field]: message } : undefined);
  }
}

/** Optimistic concurrency: the row changed since the writer read it (its version no longer matches). */
export class StaleWriteError extends AppError {
  constructor(message: string) {
    super(message, 409, "STALE_WRITE");
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super(`${what} was not found.`, 404, "NOT_FOUND");
  }
}

/** A 403 for a rule rather than a missing authority (e.g. granting what you do not hold yourself). */
export class NotPermittedError extends AppError {
  constructor(message: string) {
    super(message, 403, "FORBIDDEN");
  }
}

/** True for the failures above, whose message may be shown as is; false for bugs and infrastructure errors. */
export function isExpectedError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** An API request whose bearer token is wrong, expired or revoked, or whose owner can no longer sign in. */
export class InvalidTokenError extends AppError {
  constructor() {
    super(
      "The API token is not valid: it is wrong, expired or revoked, or its owner can no longer sign in.",
      401,
      "INVALID_TOKEN",
    );
  }
}

/** Too many failed attempts from one client address; `retryAfterSeconds` goes into the Retry-After header. */
export class TooManyRequestsError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed attempts. Try again in ${retryAfterSeconds} s.`, 429, "TOO_MANY_REQUESTS");
  }
}

/** A configuration document with problems: every one at once, keyed by its path (`integrations[2].tokenUri`). */
export class DocumentError extends AppError {
  constructor(fields: FieldErrors) {
    const count = Object.keys(fields).length;
    super(`The document has ${count} problem${count === 1 ? "" : "s"}.`, 422, "INVALID_DOCUMENT", fields);
  }
}
