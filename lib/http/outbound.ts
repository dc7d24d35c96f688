// Every request Keyway itself makes to an identity provider goes through here: bounded time and size, no
// credentials in logs, named error codes. Sign-in's token, JWKS and userinfo requests all come through here.
export const OUTBOUND_TIMEOUT_MS = 8_000;
const MAX_BYTES = 512 * 1024;

export class OutboundError extends Error {
  constructor(
    readonly code: "IDP_UNREACHABLE" | "IDP_TIMEOUT" | "IDP_BAD_STATUS" | "IDP_REDIRECT" | "IDP_BAD_RESPONSE" | "IDP_NOT_JSON",
    message: string,
    /** An OAuth error response's `error` / `error_description` (RFC 6749 §5.2), when the IdP sent one. */
    readonly oauthError?: { error: string; description?: string },
  ) {
    super(message);
    this.name = "OutboundError";
  }
}

export async function fetchJson(url: string, init: RequestInit = {}, timeoutMs = OUTBOUND_TIMEOUT_MS): Promise<unknown> {
  const target = new URL(url);
  // Only http(s) leaves this process; file:, data: and friends are never fetched.
  if (target.protocol !== "https:" && target.protocol !== "http:") {
    throw new OutboundError("IDP_BAD_RESPONSE", `Refusing to fetch a ${target.protocol} URL.`);
  }
  let response: Response;
  try {
    response = await fetch(target, {
      ...init,
      // Never follow: a redirect could lead to another host than the one the admin configured.
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: "application/json", ...init.headers },
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === "TimeoutError";
    throw new OutboundError(
      timedOut ? "IDP_TIMEOUT" : "IDP_UNREACHABLE",
      timedOut ? `${target.origin} did not answer within ${timeoutMs / 1000} s.` : `Could not reach ${target.origin}.`,
    );
  }
  if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400)) {
    const location = response.headers.get("location");
    throw new OutboundError(
      "IDP_REDIRECT",
      `${target.origin}${target.pathname} answered with a redirect${location ? ` to ${location}` : ""}; Keyway does not follow redirects.`,
    );
  }
  if (!response.ok) {
    throw new OutboundError("IDP_BAD_STATUS", `${target.origin}${target.pathname} answered HTTP ${response.status}.`, await oauthErrorOf(response));
  }
  const text = await response.text();
  if (text.length > MAX_BYTES) throw new OutboundError("IDP_BAD_RESPONSE", `${target.pathname} sent an oversized response.`);
  try {
    return JSON.parse(text);
  } catch {
    throw new OutboundError("IDP_NOT_JSON", `${target.origin}${target.pathname} did not return JSON.`);
  }
}

export type OutboundAnswer = { status: number; headers: Headers; body: string; url: string };
export type OutboundRequestInit = {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  maxBytes?: number;
  /** An outer deadline (e.g. a whole connection check) that also aborts this request. */
  signal?: AbortSignal;
};

/**
 * The one request primitive for answers Keyway must read whatever their status (connection checks): any HTTP
 * status is returned, never thrown; redirects are returned, not followed; time and size are bounded.
 */
export async function outboundRequest(url: string, init: OutboundRequestInit = {}): Promise<OutboundAnswer> {
  const target = new URL(url);
  if (target.protocol !== "https:" && target.protocol !== "http:") {
    throw new OutboundError("IDP_BAD_RESPONSE", `Refusing to fetch a ${target.protocol} URL.`);
  }
  const timeoutMs = init.timeoutMs ?? OUTBOUND_TIMEOUT_MS;
  const maxBytes = init.maxBytes ?? MAX_BYTES;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = init.signal ? AbortSignal.any([timeout, init.signal]) : timeout;
  const failed = (error: unknown): OutboundError => {
    const timedOut = timeout.aborted || init.signal?.aborted || (error instanceof DOMException && error.name === "TimeoutError");
    return new OutboundError(
      timedOut ? "IDP_TIMEOUT" : "IDP_UNREACHABLE",
      timedOut ? `${target.origin} did not answer within ${timeoutMs / 1000} s.` : `Could not reach ${target.origin}.`,
    );
  };
  try {
    // Why manual: a redirect chosen by the IdP must never take Keyway's request (or its credentials) elsewhere.
    const response = await fetch(target, { method: init.method ?? "GET", headers: init.headers, body: init.body, redirect: "manual", signal });
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = response.body?.getReader();
    for (let read = await reader?.read(); reader && read && !read.done; read = await reader.read()) {
      size += read.value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new OutboundError("IDP_BAD_RESPONSE", `${target.origin}${target.pathname} sent an oversized response.`);
      }
      chunks.push(read.value);
    }
    return { status: response.status, headers: response.headers, body: Buffer.concat(chunks).toString("utf8"), url: target.href };
  } catch (error) {
    if (error instanceof OutboundError) throw error;
    throw failed(error);
  }
}

/** Parses an answer's body as a JSON object, or null when it is not one. */
export function jsonObjectOf(answer: OutboundAnswer): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(answer.body);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

async function oauthErrorOf(response: Response): Promise<OutboundError["oauthError"]> {
  try {
    const text = await response.text();
    if (text.length > MAX_BYTES) return undefined;
    const body = JSON.parse(text) as { error?: unknown; error_description?: unknown };
    if (typeof body?.error !== "string") return undefined;
    // Why: bounded, printable only; these strings end up in logs and error messages.
    const clean = (v: string) => v.replace(/[^\x20-\x7e]/g, "").slice(0, 200);
    return { error: clean(body.error), description: typeof body.error_description === "string" ? clean(body.error_description) : undefined };
  } catch {
    return undefined;
  }
}

/** POSTs an application/x-www-form-urlencoded body (e.g. a token request) and returns the JSON answer. */
export function postForm(url: string, form: Record<string, string>, headers: Record<string, string> = {}, timeoutMs = OUTBOUND_TIMEOUT_MS) {
  return fetchJson(url, {
    method: "POST",
    body: new URLSearchParams(form).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
  }, timeoutMs);
}
