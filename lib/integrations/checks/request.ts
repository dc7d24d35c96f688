// Check-side wrapper of the outbound primitive: an unreachable or silent IdP becomes a Fail result, not a throw.
import "server-only";
import { type OutboundAnswer, OutboundError, outboundRequest, type OutboundRequestInit } from "@/lib/http/outbound";
import { FIX_HINTS } from "./hints";
import { type CheckContext, type CheckId, type CheckResult, result } from "./types";

export async function ask(
  id: CheckId,
  url: string,
  ctx: CheckContext,
  init: OutboundRequestInit = {},
): Promise<OutboundAnswer | CheckResult> {
  try {
    return await outboundRequest(url, { timeoutMs: ctx.timeoutMs, signal: ctx.signal, maxBytes: 256 * 1024, ...init });
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    // A name that resolves internally passes the save-time check (only literals are judged there): say so here.
    const fix = error.code === "IDP_REFUSED" ? FIX_HINTS.internalAddress : FIX_HINTS.unreachable;
    return result(id, "fail", `${error.message} (${url})`, fix);
  }
}

export const isResult = (value: OutboundAnswer | CheckResult): value is CheckResult =>
  "status" in value && "id" in value;

/** `error` and `error_description` from an OAuth JSON error body or oidc-provider-style HTML error page. */
export function oauthErrorOf(body: string): { error: string | null; description: string | null } {
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    if (json && typeof json === "object") {
      return {
        error: typeof json.error === "string" ? json.error : null,
        description: typeof json.error_description === "string" ? json.error_description : null,
      };
    }
  } catch {
    // Not JSON: look for the words in an HTML error page.
  }
  const decoded = body
    .replace(/<[^>]+>/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, " ");
  const error = /\berror\s*[:=]\s*([a-z_]+)/i.exec(decoded)?.[1] ?? null;
  const description = /\berror_description\s*[:=]\s*([^:]{1,200}?)(?:\s+\w+\s*:|$)/i.exec(decoded)?.[1]?.trim() ?? null;
  return { error, description };
}

/** One line about an answer, for `seen`: status and OAuth error if any (bounded, no bodies). */
export function describeAnswer(answer: OutboundAnswer): string {
  const { error, description } = oauthErrorOf(answer.body);
  const detail = error ? ` ${error}${description ? ` (${description.slice(0, 160)})` : ""}` : "";
  return `HTTP ${answer.status}${detail}`;
}
