// Route-handler twin of authorizedAction: same wrapper, answered as JSON with the matching HTTP status.
import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { MAX_JSON_BODY_BYTES, readBoundedText } from "@/lib/http/body-limit";
import type { Authority } from "./authorities";
import { type ActionResult, failure, runAuthorized, type WriteOptions } from "./action";
import { type CurrentUser, getCurrentUser } from "./current-user";
import { requireAuthority } from "./require-authority";

type LoadUser = () => Promise<CurrentUser | null>;

const tooLarge = () =>
  NextResponse.json(
    { ok: false, status: 413, code: "PAYLOAD_TOO_LARGE", error: "The request body is too large." },
    { status: 413 },
  );

export function jsonResult<T>(result: ActionResult<T>, okStatus = 200): NextResponse {
  if (result.ok) return NextResponse.json(result.data, { status: okStatus });
  // A database outage is temporary: tell clients when to retry.
  const headers: Record<string, string> = result.status === 503 ? { "retry-after": "5" } : {};
  return NextResponse.json(result, { status: result.status, headers });
}

type JsonWriteOptions<S extends z.ZodType, T> = WriteOptions<S, T> & {
  /** Values from the URL (e.g. `{ id }`); they override the same keys in the body. */
  extra?: Record<string, unknown>;
  okStatus?: number;
  /** Who is asking; the session user by default (tests pass their own). */
  loadUser?: LoadUser;
};

export async function authorizedJsonWrite<S extends z.ZodType, T>(
  request: Request,
  { extra = {}, okStatus = 201, loadUser = getCurrentUser, ...write }: JsonWriteOptions<S, T>,
): Promise<NextResponse> {
  // JSON only: a cross-site HTML form cannot send it without a CORS preflight, which we never grant.
  if (!request.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
    return NextResponse.json(
      { ok: false, status: 415, code: "UNSUPPORTED_MEDIA_TYPE", error: "Send application/json." },
      { status: 415 },
    );
  }
  // The session and authority are checked before a single body byte is read: signed-out senders cost nothing.
  let user: CurrentUser;
  try {
    const loaded = await loadUser();
    requireAuthority(loaded, write.authority);
    user = loaded;
  } catch (error) {
    return jsonResult(failure(error));
  }
  // Bounded bodies: no field of any form comes near this, and a huge body must not tie up the server.
  const read = await readBoundedText(request, MAX_JSON_BODY_BYTES);
  if (!read.ok) {
    if (read.status === 413) return tooLarge();
    return NextResponse.json(
      { ok: false, status: 400, code: "BAD_REQUEST", error: "The request body could not be read." },
      { status: 400 },
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(read.text);
  } catch {
    body = undefined;
  }
  const input = body && typeof body === "object" ? { ...body, ...extra } : body;
  return jsonResult(await runAuthorized({ ...write, input, loadUser: async () => user }), okStatus);
}

/** Read twin: the same user load and authority check (401/403), no input; answers 200 with the handler's data. */
export async function authorizedJsonRead<T>({
  authority,
  handler,
  loadUser = getCurrentUser,
}: {
  authority: Authority;
  handler: (user: CurrentUser) => Promise<T>;
  loadUser?: LoadUser;
}): Promise<NextResponse> {
  return jsonResult(
    await runAuthorized({
      authority,
      schema: z.undefined(),
      input: undefined,
      handler: (_input, user) => handler(user),
      loadUser,
    }),
  );
}
