// SCIM's own error format (RFC 7644 §3.12): `{"schemas":[…Error], "status":"400", "scimType":…, "detail":…}`.
// Every failure of /api/scim/v2 answers this, never the /api/v1 envelope, because IdPs parse only this one.

export const SCIM_ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
export const SCIM_MEDIA_TYPE = "application/scim+json";

/** RFC 7644 §3.12 scimType values Keyway uses. */
export type ScimType =
  | "invalidFilter"
  | "tooMany"
  | "uniqueness"
  | "mutability"
  | "invalidSyntax"
  | "invalidPath"
  | "noTarget"
  | "invalidValue"
  | "sensitive";

/** An expected SCIM failure: its message is safe to show (no secret, no other integration's data). */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly scimType?: ScimType,
  ) {
    super(message);
    this.name = "ScimError";
  }
}

export function scimErrorBody(status: number, detail: string, scimType?: ScimType) {
  return { schemas: [SCIM_ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail };
}

export const notFound = (what: string) => new ScimError(404, `${what} not found.`);
