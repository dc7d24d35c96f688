// Every request Keyway itself makes to an identity provider goes through here: the address policy (resolved,
// checked, pinned; see policy-agent.ts), one overall deadline, a size limit enforced while streaming, redirects
// never followed, no credentials in logs, named error codes. Sign-in's and Test sign-in's token, JWKS and userinfo
// requests, discovery and the connection checks all come through here (lib/http/one-path.test.ts fails when a
// request does not). next-auth's own openid-client, which Keyway leaves nothing to request, gets the same agents
// all the same (lib/http/openid-client-policy.ts).
import http from "node:http";
import https from "node:https";
import { OutboundPolicyError, policyAgentFor } from "./policy-agent";

export { policyAgentFor, policyLookup, OutboundPolicyError } from "./policy-agent";
export { addressRefusal } from "./address-policy";

// Well under the 10 s a person waits on a sign-in button: a hanging IdP fails that button clearly and quickly.
export const OUTBOUND_TIMEOUT_MS = 6_000;
export const MAX_RESPONSE_BYTES = 512 * 1024;

export type OutboundErrorCode =
  | "IDP_UNREACHABLE"
  | "IDP_TIMEOUT"
  | "IDP_BAD_STATUS"
  | "IDP_REDIRECT"
  | "IDP_BAD_RESPONSE"
  | "IDP_NOT_JSON"
  | "IDP_REFUSED";

export class OutboundError extends Error {
  constructor(
    readonly code: OutboundErrorCode,
    message: string,
    /** An OAuth error response's `error` / `error_description` (RFC 6749 §5.2), when the IdP sent one. */
    readonly oauthError?: { error: string; description?: string },
  ) {
    super(message);
    this.name = "OutboundError";
  }
}

export type OutboundRequestInit = {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  maxBytes?: number;
  /** An outer deadline (e.g. a whole connection check) that also aborts this request. */
  signal?: AbortSignal;
};
export type OutboundAnswer = { status: number; headers: Headers; body: string; url: string };

function headersOf(raw: http.IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

/**
 * The one request primitive: policy-checked, pinned connection; one deadline over the whole exchange; bounded
 * body. Any HTTP status is returned, never thrown; redirects are returned, not followed.
 */
export function outboundRequest(url: string, init: OutboundRequestInit = {}): Promise<OutboundAnswer> {
  const target = new URL(url);
  // Only http(s) leaves this process; file:, data: and friends are never fetched.
  if (target.protocol !== "https:" && target.protocol !== "http:") {
    return Promise.reject(new OutboundError("IDP_BAD_RESPONSE", `Refusing to fetch a ${target.protocol} URL.`));
  }
  const { timeoutMs = OUTBOUND_TIMEOUT_MS, maxBytes = MAX_RESPONSE_BYTES, signal } = init;
  return new Promise((resolve, reject) => {
    const send = target.protocol === "https:" ? https.request : http.request;
    const req = send(target, {
      method: init.method ?? "GET",
      agent: policyAgentFor(target),
      headers: { accept: "application/json", "accept-encoding": "identity", ...init.headers },
    });
    let settled = false;
    const timedOut = () =>
      new OutboundError("IDP_TIMEOUT", `${target.origin} did not answer within ${timeoutMs / 1000} s.`);
    const onAbort = () => fail(timedOut());
    const fail = (error: OutboundError) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      signal?.removeEventListener("abort", onAbort);
      req.destroy();
      reject(error);
    };
    // One deadline for connect + headers + body: a server that trickles bytes cannot hold a request open.
    const deadline = setTimeout(() => fail(timedOut()), timeoutMs);
    if (signal?.aborted) onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    req.on("error", (error) => {
      if (error instanceof OutboundPolicyError) fail(new OutboundError("IDP_REFUSED", error.message));
      else fail(new OutboundError("IDP_UNREACHABLE", `Could not reach ${target.origin}.`));
    });
    req.on("response", (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        // Enforced while streaming: an oversized answer is cut off, never buffered whole.
        if (size > maxBytes)
          fail(new OutboundError("IDP_BAD_RESPONSE", `${target.origin}${target.pathname} sent an oversized response.`));
        else chunks.push(chunk);
      });
      response.on("error", () => fail(new OutboundError("IDP_UNREACHABLE", `${target.origin} closed the connection.`)));
      response.on("end", () => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        signal?.removeEventListener("abort", onAbort);
        const body = Buffer.concat(chunks).toString("utf8");
        resolve({ status: response.statusCode ?? 0, headers: headersOf(response.headers), body, url: target.href });
      });
    });
    req.end(init.body);
  });
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

function oauthErrorOf(answer: OutboundAnswer): OutboundError["oauthError"] {
  const body = jsonObjectOf(answer);
  if (typeof body?.error !== "string") return undefined;
  // Why: bounded, printable only; these strings end up in logs and error messages.
  const clean = (v: string) => v.replace(/[^\x20-\x7e]/g, "").slice(0, 200);
  return {
    error: clean(body.error),
    description: typeof body.error_description === "string" ? clean(body.error_description) : undefined,
  };
}

/** A JSON answer with a 2xx status, or a named OutboundError (redirects, other statuses, non-JSON). */
export async function fetchJson(
  url: string,
  init: OutboundRequestInit = {},
  timeoutMs = init.timeoutMs ?? OUTBOUND_TIMEOUT_MS,
): Promise<unknown> {
  const target = new URL(url);
  const answer = await outboundRequest(url, { ...init, timeoutMs });
  if (answer.status >= 300 && answer.status < 400) {
    const location = answer.headers.get("location");
    throw new OutboundError(
      "IDP_REDIRECT",
      `${target.origin}${target.pathname} answered with a redirect${location ? ` to ${location}` : ""}; Keyway does not follow redirects.`,
    );
  }
  if (answer.status < 200 || answer.status >= 300) {
    throw new OutboundError(
      "IDP_BAD_STATUS",
      `${target.origin}${target.pathname} answered HTTP ${answer.status}.`,
      oauthErrorOf(answer),
    );
  }
  try {
    return JSON.parse(answer.body);
  } catch {
    throw new OutboundError("IDP_NOT_JSON", `${target.origin}${target.pathname} did not return JSON.`);
  }
}

/** POSTs an application/x-www-form-urlencoded body (e.g. a token request) and returns the JSON answer. */
export function postForm(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
  timeoutMs = OUTBOUND_TIMEOUT_MS,
) {
  return fetchJson(
    url,
    {
      method: "POST",
      body: new URLSearchParams(form).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    },
    timeoutMs,
  );
}
