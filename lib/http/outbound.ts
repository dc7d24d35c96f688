// Every request Keyway itself makes to an identity provider goes through here: bounded time and size, no
// credentials in logs, named error codes. (openid-client's token/JWKS calls get the same timeout via httpOptions.)
export const OUTBOUND_TIMEOUT_MS = 8_000;
const MAX_BYTES = 512 * 1024;

export class OutboundError extends Error {
  constructor(
    readonly code: "IDP_UNREACHABLE" | "IDP_TIMEOUT" | "IDP_BAD_STATUS" | "IDP_REDIRECT" | "IDP_BAD_RESPONSE" | "IDP_NOT_JSON",
    message: string,
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
    throw new OutboundError("IDP_BAD_STATUS", `${target.origin}${target.pathname} answered HTTP ${response.status}.`);
  }
  const text = await response.text();
  if (text.length > MAX_BYTES) throw new OutboundError("IDP_BAD_RESPONSE", `${target.pathname} sent an oversized response.`);
  try {
    return JSON.parse(text);
  } catch {
    throw new OutboundError("IDP_NOT_JSON", `${target.origin}${target.pathname} did not return JSON.`);
  }
}
