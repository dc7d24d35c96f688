// One /api/v1 operation described as data: method, path, who may call it, the zod schema its body is parsed with and
// the one its answer follows. The route handler runs with these very objects (lib/authz/route.ts) and the OpenAPI
// document is generated from them (lib/api/openapi.ts), so the published contract cannot drift from the code.
import type { z } from "zod";
import type { Authority } from "@/lib/authz/authorities";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Error statuses an operation documents (each proven by the contract test); any other error is `default`. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422;

export type Operation<B extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> = {
  operationId: string;
  method: HttpMethod;
  /** Under /api/v1, with `{param}` for path parameters, e.g. `/users/{id}`. */
  path: `/${string}`;
  tag: string;
  summary: string;
  description?: string;
  /** The authority required; null for a public operation (no credentials). */
  authority: Authority | null;
  /** The request body's schema (built per request: some depend on operator settings). */
  body?: () => B;
  /** "path": the input comes from the URL alone (no request body, e.g. a DELETE naming ids); "json" by default. */
  bodyFrom?: "json" | "path";
  /** How an invalid body is answered: 400 VALIDATION_FAILED (forms), or 422 INVALID_DOCUMENT with document paths. */
  invalidBody?: 400 | 422;
  status: 200 | 201;
  response: R;
  /** Response headers worth documenting (name → description). */
  responseHeaders?: Record<string, string>;
  errors: readonly ErrorStatus[];
};

/** Keeps the literal types (authority, body, response) so route handlers are checked against them. */
export function defineOperation<O extends Operation>(operation: O): O {
  return operation;
}

/** Statuses every authenticated read may answer, and those every JSON write adds. */
export const READ_ERRORS = [401, 403] as const satisfies readonly ErrorStatus[];
export const WRITE_ERRORS = [400, 401, 403, 413, 415] as const satisfies readonly ErrorStatus[];
