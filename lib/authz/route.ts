// Route-handler twin of authorizedAction: same wrapper, answered as JSON with the matching HTTP status.
import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import type { Authority } from "./authorities";
import { type ActionResult, runAuthorized, type WriteOptions } from "./action";
import type { CurrentUser } from "./current-user";

const MAX_BODY_CHARS = 64 * 1024;

export function jsonResult<T>(result: ActionResult<T>, okStatus = 200): NextResponse {
  return result.ok ? NextResponse.json(result.data, { status: okStatus }) : NextResponse.json(result, { status: result.status });
}

type JsonWriteOptions<S extends z.ZodType, T> = WriteOptions<S, T> & {
  /** Values from the URL (e.g. `{ id }`); they override the same keys in the body. */
  extra?: Record<string, unknown>;
  okStatus?: number;
};

export async function authorizedJsonWrite<S extends z.ZodType, T>(
  request: Request,
  { extra = {}, okStatus = 201, ...write }: JsonWriteOptions<S, T>,
): Promise<NextResponse> {
  // JSON only: a cross-site HTML form cannot send it without a CORS preflight, which we never grant.
  if (!request.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
    return NextResponse.json({ ok: false, status: 415, code: "UNSUPPORTED_MEDIA_TYPE", error: "Send application/json." }, { status: 415 });
  }
  // Bounded bodies: no field of any form comes near this, and a huge body must not tie up the server.
  const text = await request.text();
  if (text.length > MAX_BODY_CHARS) {
    return NextResponse.json({ ok: false, status: 413, code: "PAYLOAD_TOO_LARGE", error: "The request body is too large." }, { status: 413 });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const input = body && typeof body === "object" ? { ...body, ...extra } : body;
  return jsonResult(await runAuthorized({ ...write, input }), okStatus);
}

/** Read twin: the same user load and authority check (401/403), no input; answers 200 with the handler's data. */
export async function authorizedJsonRead<T>({
  authority,
  handler,
}: {
  authority: Authority;
  handler: (user: CurrentUser) => Promise<T>;
}): Promise<NextResponse> {
  return jsonResult(await runAuthorized({ authority, schema: z.undefined(), input: undefined, handler: (_input, user) => handler(user) }));
}
