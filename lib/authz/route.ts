// Route-handler twin of authorizedAction: same wrapper, answered as JSON with the matching HTTP status and, for every
// failure, the one error envelope `{"error":{"code","message","fields"?}}` (lib/api/errors.ts). Callers are
// authenticated by an API token (`Authorization: Bearer kw_…`) or, without that header, by the session cookie.
import "server-only";
import { headers as nextHeaders } from "next/headers";
import { NextResponse } from "next/server";
import { z } from "zod";
import { authenticateBearer } from "@/lib/api-tokens/authenticate";
import { documentProblems, errorEnvelope } from "@/lib/api/errors";
import type { Operation } from "@/lib/api/operation";
import { DocumentError } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { MAX_JSON_BODY_BYTES, readBoundedText } from "@/lib/http/body-limit";
import type { Authority } from "./authorities";
import { type ActionResult, failure, runAuthorized, type WriteOptions } from "./action";
import { type CurrentUser, getCurrentUser } from "./current-user";
import { requireAuthority } from "./require-authority";

type LoadUser = () => Promise<CurrentUser | null>;
type Failure = Extract<ActionResult<never>, { ok: false }>;

/** The JSON API's answer to a failure: the error envelope, plus the headers its status calls for. */
export function errorResponse({ status, code, error, fieldErrors, retryAfter }: Failure): NextResponse {
  const headers: Record<string, string> = {};
  // A database outage is temporary: tell clients when to retry.
  if (status === 503) headers["retry-after"] = "5";
  if (status === 429 && retryAfter) headers["retry-after"] = String(retryAfter);
  // RFC 6750: a refused token says so; a request without credentials is told which scheme to use.
  if (status === 401)
    headers["www-authenticate"] = code === "INVALID_TOKEN" ? 'Bearer error="invalid_token"' : 'Bearer realm="keyway"';
  return NextResponse.json(errorEnvelope(code, error, fieldErrors), { status, headers });
}

const refuse = (status: number, code: string, error: string) => errorResponse({ ok: false, status, code, error });

export function jsonResult<T>(result: ActionResult<T>, okStatus = 200): NextResponse {
  if (result.ok) return NextResponse.json(result.data, { status: okStatus });
  return errorResponse(result);
}

async function requestHeaders(request?: Request): Promise<Headers | null> {
  if (request) return request.headers;
  try {
    return new Headers(await nextHeaders());
  } catch {
    return null; // called outside a request (in-process tests): cookie session only
  }
}

/**
 * Who is calling the JSON API. With an `Authorization` header, that header alone decides (a bearer token, checked
 * against the database on every request); without one, the session cookie does, with today's checks.
 */
export async function loadApiCaller(request?: Request): Promise<CurrentUser | null> {
  const headers = await requestHeaders(request);
  const authorization = headers?.get("authorization");
  // Why no fallback to the cookie: a request naming a token is judged by that token, so a bad token is never
  // silently replaced by whatever session the same client also happens to carry.
  if (headers && authorization != null) return authenticateBearer(authorization, clientAddress(headers));
  return getCurrentUser();
}

type JsonWriteOptions<S extends z.ZodType, T> = WriteOptions<S, T> & {
  /** Values from the URL (e.g. `{ id }`); they override the same keys in the body. */
  extra?: Record<string, unknown>;
  okStatus?: number;
  /** Who is asking; the API caller (token or session) by default (tests pass their own). */
  loadUser?: LoadUser;
  /** 422: an invalid body is a document whose every problem is reported with its path. */
  invalidBody?: 400 | 422;
  /** "path": a DELETE whose input is the URL alone (`extra`); no body is read, none is needed. */
  bodyFrom?: "json" | "path";
};

export async function authorizedJsonWrite<S extends z.ZodType, T>(
  request: Request,
  { extra = {}, okStatus = 201, loadUser, invalidBody = 400, bodyFrom = "json", ...write }: JsonWriteOptions<S, T>,
): Promise<NextResponse> {
  // Why a bodiless DELETE needs no JSON content type: no cross-site form can send DELETE, and a cross-site fetch of it
  // needs a CORS preflight, which we never grant.
  const pathOnly = bodyFrom === "path" && request.method === "DELETE";
  // JSON only: a cross-site HTML form cannot send it without a CORS preflight, which we never grant. (That is the
  // CSRF defence of cookie requests; a bearer request carries no ambient credential and needs none.)
  if (!pathOnly && !request.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
    return refuse(415, "UNSUPPORTED_MEDIA_TYPE", "Send application/json.");
  }
  // The caller and authority are checked before a single body byte is read: unauthenticated senders cost nothing.
  let user: CurrentUser;
  try {
    const loaded = await (loadUser ?? (() => loadApiCaller(request)))();
    requireAuthority(loaded, write.authority);
    user = loaded;
  } catch (error) {
    return jsonResult(failure(error));
  }
  if (pathOnly)
    return jsonResult(await runAuthorized({ ...write, input: extra, loadUser: async () => user }), okStatus);
  // Bounded bodies: no field of any form comes near this, and a huge body must not tie up the server.
  const read = await readBoundedText(request, MAX_JSON_BODY_BYTES);
  if (!read.ok) {
    if (read.status === 413) return refuse(413, "PAYLOAD_TOO_LARGE", "The request body is too large.");
    return refuse(400, "BAD_REQUEST", "The request body could not be read.");
  }
  let body: unknown;
  try {
    body = JSON.parse(read.text);
  } catch {
    body = undefined;
  }
  const input = body && typeof body === "object" && !Array.isArray(body) ? { ...body, ...extra } : body;
  const invalidInput =
    invalidBody === 422
      ? (error: z.ZodError) => new DocumentError(documentProblems(error, { root: "document" }))
      : undefined;
  return jsonResult(await runAuthorized({ ...write, input, invalidInput, loadUser: async () => user }), okStatus);
}

/** Read twin: the same caller load and authority check (401/403), no input; answers 200 with the handler's data. */
export async function authorizedJsonRead<T>({
  authority,
  handler,
  request,
  loadUser,
}: {
  authority: Authority;
  handler: (user: CurrentUser) => Promise<T>;
  /** The request (its Authorization header); without it, the current request's headers are read. */
  request?: Request;
  loadUser?: LoadUser;
}): Promise<NextResponse> {
  return jsonResult(
    await runAuthorized({
      authority,
      schema: z.undefined(),
      input: undefined,
      handler: (_input, user) => handler(user),
      loadUser: loadUser ?? (() => loadApiCaller(request)),
    }),
  );
}

type Answer<R extends z.ZodType> = Promise<z.input<R>>;

/** Runs a read operation of lib/api/v1 (its authority, its documented answer). */
export function apiRead<R extends z.ZodType>(
  request: Request,
  operation: Operation<z.ZodType, R> & { authority: Authority },
  handler: (user: CurrentUser) => Answer<R>,
): Promise<NextResponse> {
  return authorizedJsonRead({ authority: operation.authority, handler, request });
}

/** Runs a write operation of lib/api/v1: its authority, its body schema, its success status, its documented answer. */
export function apiWrite<B extends z.ZodType, R extends z.ZodType>(
  request: Request,
  operation: Operation<B, R> & { authority: Authority; body: () => B },
  handler: (input: z.output<B>, user: CurrentUser) => Answer<R>,
  { extra }: { extra?: Record<string, unknown> } = {},
): Promise<NextResponse> {
  return authorizedJsonWrite(request, {
    authority: operation.authority,
    schema: operation.body(),
    handler,
    extra,
    okStatus: operation.status,
    invalidBody: operation.invalidBody,
    bodyFrom: operation.bodyFrom,
  });
}
