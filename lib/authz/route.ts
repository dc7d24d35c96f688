// Route-handler twin of authorizedAction: same wrapper, answered as JSON with the matching HTTP status.
import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import type { Authority } from "./authorities";
import { type ActionResult, runAuthorized } from "./action";
import type { CurrentUser } from "./current-user";

export function jsonResult<T>(result: ActionResult<T>, okStatus = 200): NextResponse {
  return result.ok ? NextResponse.json(result.data, { status: okStatus }) : NextResponse.json(result, { status: result.status });
}

export async function authorizedJsonWrite<S extends z.ZodType, T>(
  request: Request,
  authority: Authority,
  schema: S,
  handler: (input: z.infer<S>, user: CurrentUser) => Promise<T>,
  extra: Record<string, unknown> = {},
): Promise<NextResponse> {
  // JSON only: a cross-site HTML form cannot send it without a CORS preflight, which we never grant.
  if (!request.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
    return NextResponse.json({ ok: false, status: 415, code: "UNSUPPORTED_MEDIA_TYPE", error: "Send application/json." }, { status: 415 });
  }
  const body = await request.json().catch(() => undefined);
  const input = body && typeof body === "object" ? { ...body, ...extra } : body;
  return jsonResult(await runAuthorized(authority, schema, input, handler), 201);
}
