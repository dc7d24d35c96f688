// Which network addresses Keyway may connect to when it talks to an identity provider. Admin-entered URLs must not
// turn Keyway into a proxy into its own network (cloud metadata, databases, admin ports on loopback).
import { isProduction } from "@/lib/config";
import { type AddressPolicy, type AllowList, ipRefusal, parseAllowList, parseIp } from "./address-ranges";

export { parseAllowList } from "./address-ranges";

let cached: { source: string; list: AllowList } | null = null;

function allowList(env: NodeJS.ProcessEnv): AllowList {
  const source = env.KEYWAY_OUTBOUND_ALLOW ?? "";
  if (cached?.source !== source) cached = { source, list: parseAllowList(source) };
  return cached.list;
}

/** The operator's policy from the environment: KEYWAY_OUTBOUND_ALLOW, and loopback outside production. */
export function outboundPolicy(env: NodeJS.ProcessEnv = process.env): AddressPolicy {
  return { allow: allowList(env), loopbackAllowed: !isProduction(env) };
}

/** Null when Keyway may connect to `address` (reached via `hostname`), else the reason it may not. */
export function addressRefusal(
  address: string,
  hostname = address,
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  const ip = parseIp(address);
  if (!ip) return `${address} is not an IP address.`;
  const refusal = ipRefusal(ip, hostname.replace(/^\[|\]$/g, ""), outboundPolicy(env));
  return refusal && `${refusal} (allow it with KEYWAY_OUTBOUND_ALLOW).`;
}
