// Every request Keyway itself makes to an identity provider goes through here: the address policy (resolved,
// checked, pinned; see policy-agent.ts), one overall deadline, a size limit enforced while streaming, no
// credentials in logs, named error codes. openid-client's token/JWKS/userinfo calls use the same agents
// (lib/http/openid-client-policy.ts).
import http from "node:http";
import https from "node:https";
import { OutboundPolicyError, policyAgentFor } from "./policy-agent";

export { policyAgentFor, policyLookup, OutboundPolicyError } from "./policy-agent";
export { addressRefusal } from "./address-policy";

// Well under the 10 s a person waits on a sign-in button: a hanging IdP fails that button clearly and quickly.
export const OUTBOUND_TIMEOUT_MS = 6_000;
export const MAX_RESPONSE_BYTES = 512 * 1024;

export class OutboundError extends Error {
  constructor(
    readonly code: "IDP_UNREACHABLE" | "IDP_TIMEOUT" | "IDP_BAD_STATUS" | "IDP_BAD_RESPONSE" | "IDP_REFUSED",
    message: string,
  ) {
    super(message);
    this.name = "OutboundError";
  }
}

export type OutboundRequest = {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  maxBytes?: number;
};
export type OutboundResponse = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** The one request primitive: policy-checked connection, deadline over the whole exchange, bounded body. */
export function outboundRequest(url: string, options: OutboundRequest = {}): Promise<OutboundResponse> {
  const target = new URL(url);
  // Only http(s) leaves this process; file:, data: and friends are never fetched.
  if (target.protocol !== "https:" && target.protocol !== "http:") {
    return Promise.reject(new OutboundError("IDP_BAD_RESPONSE", `Refusing to fetch a ${target.protocol} URL.`));
  }
  const { timeoutMs = OUTBOUND_TIMEOUT_MS, maxBytes = MAX_RESPONSE_BYTES } = options;
  return new Promise((resolve, reject) => {
    const send = target.protocol === "https:" ? https.request : http.request;
    const req = send(target, {
      method: options.method ?? "GET",
      agent: policyAgentFor(target),
      headers: { accept: "application/json", "accept-encoding": "identity", ...options.headers },
    });
    let settled = false;
    const fail = (error: OutboundError) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      req.destroy();
      reject(error);
    };
    // One deadline for connect + headers + body: a server that trickles bytes cannot hold a request open.
    const deadline = setTimeout(
      () => fail(new OutboundError("IDP_TIMEOUT", `${target.origin} did not answer within ${timeoutMs / 1000} s.`)),
      timeoutMs,
    );
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
        if (size > maxBytes) fail(new OutboundError("IDP_BAD_RESPONSE", `${target.pathname} sent an oversized response.`));
        else chunks.push(chunk);
      });
      response.on("error", () => fail(new OutboundError("IDP_UNREACHABLE", `${target.origin} closed the connection.`)));
      response.on("end", () => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") });
      });
    });
    req.end(options.body);
  });
}

export async function fetchJson(url: string, init: OutboundRequest = {}, timeoutMs = init.timeoutMs ?? OUTBOUND_TIMEOUT_MS): Promise<unknown> {
  const target = new URL(url);
  const response = await outboundRequest(url, { ...init, timeoutMs });
  // Redirects are not followed: a 3xx is a bad status like any other.
  if (response.status < 200 || response.status >= 300) {
    throw new OutboundError("IDP_BAD_STATUS", `${target.origin}${target.pathname} answered HTTP ${response.status}.`);
  }
  try {
    return JSON.parse(response.body);
  } catch {
    throw new OutboundError("IDP_BAD_RESPONSE", `${target.origin}${target.pathname} did not return JSON.`);
  }
}
