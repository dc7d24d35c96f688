// Connections to identity providers that obey the address policy: the host is resolved once, every address is
// checked, and the socket connects to the checked address (no second DNS answer, so no rebinding gap).
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net, { isIP, type LookupFunction } from "node:net";
import type { Duplex } from "node:stream";
import { addressRefusal } from "./address-policy";

export class OutboundPolicyError extends Error {
  readonly code = "OUTBOUND_REFUSED";
  constructor(message: string) {
    super(message);
    this.name = "OutboundPolicyError";
  }
}

/** A `lookup` for net/http/https: resolves all addresses, refuses if any is refused, answers the first one. */
export const policyLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { all: true, family: options.family, hints: options.hints }, (error, addresses) => {
    if (error) return callback(error, "", 0);
    // Every address is checked: a name with one public and one internal address is refused as a whole.
    for (const { address } of addresses) {
      const refusal = addressRefusal(address, hostname);
      if (refusal) return callback(new OutboundPolicyError(refusal), "", 0);
    }
    const [first] = addresses;
    if (!first) return callback(new OutboundPolicyError(`${hostname} has no address.`), "", 0);
    if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, [first]);
    callback(null, first.address, first.family);
  });
};

/** An IP-literal host never reaches `lookup` (net connects to it directly), so it is checked here. */
function literalRefusal(host: string | null | undefined): string | null {
  const bare = (host ?? "").replace(/^\[|\]$/g, "");
  return isIP(bare) ? addressRefusal(bare, bare) : null;
}

function refusedSocket(message: string): Duplex {
  const socket = new net.Socket();
  process.nextTick(() => socket.destroy(new OutboundPolicyError(message)));
  return socket;
}

type ConnectOptions = { host?: string | null; lookup?: LookupFunction };

class PolicyHttpAgent extends http.Agent {
  createConnection(options: ConnectOptions, callback?: (err: Error | null, socket: Duplex) => void): Duplex {
    const refusal = literalRefusal(options.host);
    if (refusal) return refusedSocket(refusal);
    // @ts-expect-error -- createConnection exists on http.Agent at runtime (documented), not in its type.
    return super.createConnection({ ...options, lookup: policyLookup }, callback);
  }
}

class PolicyHttpsAgent extends https.Agent {
  createConnection(options: ConnectOptions, callback?: (err: Error | null, socket: Duplex) => void): Duplex {
    const refusal = literalRefusal(options.host);
    if (refusal) return refusedSocket(refusal);
    // @ts-expect-error -- as above, on https.Agent.
    return super.createConnection({ ...options, lookup: policyLookup }, callback);
  }
}

// No keep-alive: each request resolves and checks afresh, so a changed DNS answer is judged again.
export const policyHttpAgent = new PolicyHttpAgent({ keepAlive: false });
export const policyHttpsAgent = new PolicyHttpsAgent({ keepAlive: false });

/** The agent for a URL's protocol, for any http stack that takes one (openid-client, next-auth). */
export function policyAgentFor(url: URL | string): http.Agent {
  return new URL(url).protocol === "https:" ? policyHttpsAgent : policyHttpAgent;
}
