// Which network addresses Keyway may connect to when it talks to an identity provider. Admin-entered URLs must not
// turn Keyway into a proxy into its own network (cloud metadata, databases, admin ports on loopback).
import { BlockList, isIP } from "node:net";
import { isProduction } from "@/lib/config";

type Range = [address: string, prefix: number, family: "ipv4" | "ipv6"];

// Never reachable from the public internet, or special-purpose: loopback, private, CGNAT, link-local (incl.
// 169.254.169.254 metadata), "this network", benchmarking, multicast, reserved, and their IPv6 twins.
const REFUSED: Range[] = [
  ["0.0.0.0", 8, "ipv4"],
  ["10.0.0.0", 8, "ipv4"],
  ["100.64.0.0", 10, "ipv4"],
  ["127.0.0.0", 8, "ipv4"],
  ["169.254.0.0", 16, "ipv4"],
  ["172.16.0.0", 12, "ipv4"],
  ["192.0.0.0", 24, "ipv4"],
  ["192.0.2.0", 24, "ipv4"],
  ["192.168.0.0", 16, "ipv4"],
  ["198.18.0.0", 15, "ipv4"],
  ["198.51.100.0", 24, "ipv4"],
  ["203.0.113.0", 24, "ipv4"],
  ["224.0.0.0", 4, "ipv4"],
  ["240.0.0.0", 4, "ipv4"],
  ["::", 128, "ipv6"],
  ["::1", 128, "ipv6"],
  ["fe80::", 10, "ipv6"],
  ["fc00::", 7, "ipv6"],
  ["ff00::", 8, "ipv6"],
  // NAT64, 6to4, Teredo and IPv4-compatible forms can carry an internal IPv4 address: refused outright.
  ["64:ff9b::", 96, "ipv6"],
  ["64:ff9b:1::", 48, "ipv6"],
  ["2002::", 16, "ipv6"],
  ["2001::", 32, "ipv6"],
  ["::", 96, "ipv6"],
];
const refused = new BlockList();
for (const [address, prefix, family] of REFUSED) refused.addSubnet(address, prefix, family);
const loopback = new BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

/** `::ffff:a.b.c.d` and `::ffff:7f00:1` are the IPv4 address a.b.c.d: judge them as IPv4. */
export function unmapIpv4(address: string): string {
  const lower = address.toLowerCase().replace(/^\[|\]$/g, "");
  const dotted = /^(?:0{0,4}:){0,5}ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:0{0,4}:){0,5}ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const [hi, lo] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return lower;
}

type AllowList = { ranges: BlockList; hosts: Set<string> };
let cached: { source: string; list: AllowList } | null = null;

/** KEYWAY_OUTBOUND_ALLOW: comma/space separated CIDRs, addresses or host names the operator vouches for. */
export function parseAllowList(source: string): AllowList {
  const ranges = new BlockList();
  const hosts = new Set<string>();
  for (const entry of source.split(/[\s,]+/).filter(Boolean)) {
    const [address, prefix] = entry.split("/");
    const ip = unmapIpv4(address);
    const family = isIP(ip);
    if (family) ranges.addSubnet(ip, prefix ? Number(prefix) : family === 4 ? 32 : 128, family === 4 ? "ipv4" : "ipv6");
    else hosts.add(entry.toLowerCase().replace(/\.$/, ""));
  }
  return { ranges, hosts };
}

function allowList(env: NodeJS.ProcessEnv): AllowList {
  const source = env.KEYWAY_OUTBOUND_ALLOW ?? "";
  if (cached?.source !== source) cached = { source, list: parseAllowList(source) };
  return cached.list;
}

/** Null when Keyway may connect to `address` (reached via `hostname`), else the reason it may not. */
export function addressRefusal(
  address: string,
  hostname = address,
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  const ip = unmapIpv4(address);
  const family = isIP(ip);
  if (!family) return `${address} is not an IP address.`;
  const type = family === 4 ? "ipv4" : "ipv6";
  const allow = allowList(env);
  if (
    allow.ranges.check(ip, type) ||
    allow.hosts.has(
      hostname
        .toLowerCase()
        .replace(/^\[|\]$/g, "")
        .replace(/\.$/, ""),
    )
  )
    return null;
  if (!refused.check(ip, type)) return null;
  // Development runs the demo IdP on loopback; private ranges stay refused even there.
  if (!isProduction(env) && loopback.check(ip, type)) return null;
  return `${hostname} resolves to ${ip}, a private, loopback, link-local or reserved address (allow it with KEYWAY_OUTBOUND_ALLOW).`;
}
