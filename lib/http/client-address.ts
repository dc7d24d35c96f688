// Which address a request came from, for throttling. Headers are client-controlled, so they are believed only as
// far as the operator says: KEYWAY_TRUST_PROXY=<n> trusts the last n X-Forwarded-For hops (n reverse proxies you
// run); otherwise the TCP peer address, which lib/http/peer-address.ts stamps on every request (overwriting any
// header of the same name a client sent).
import { isIP } from "node:net";

export const PEER_HEADER = "x-keyway-peer-address";

type HeaderBag = Headers | Record<string, string | string[] | undefined> | undefined;

function header(headers: HeaderBag, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

export function trustedProxyHops(env: NodeJS.ProcessEnv = process.env): number {
  const hops = Number(env.KEYWAY_TRUST_PROXY ?? 0);
  return Number.isInteger(hops) && hops > 0 && hops < 10 ? hops : 0;
}

/** The client's address, or "unknown" (then only the per-account throttle applies). */
export function clientAddress(headers: HeaderBag, env: NodeJS.ProcessEnv = process.env): string {
  const hops = trustedProxyHops(env);
  if (hops > 0) {
    // Each trusted proxy appends the address it saw; the entry `hops` from the right is the one our first proxy
    // saw. Anything to its left was written by the client and is ignored.
    const chain = (header(headers, "x-forwarded-for") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const candidate = chain[chain.length - hops];
    if (candidate && isIP(candidate)) return candidate;
    return "unknown";
  }
  const peer = header(headers, PEER_HEADER)?.trim();
  return peer && isIP(peer.replace(/^::ffff:/, "")) ? peer.replace(/^::ffff:/, "") : "unknown";
}
