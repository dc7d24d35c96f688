// Which IP addresses and host names are internal to Keyway's own network: one classification for the request-time
// policy (address-policy.ts, every resolved address) and the save-time check of IdP URLs (lib/integrations/schema.ts,
// in the browser too), so they always agree. Client-safe: no Node modules; addresses are read through the WHATWG URL
// parser, which also turns every other spelling (2852039166, 0xa9fea9fe, 0251.0376.0251.0376, 169.254.43518,
// [::ffff:169.254.169.254]) into the canonical one.

type Family = 4 | 6;
export type Ip = { family: Family; bytes: number[] };
type Range = { family: Family; bytes: number[]; prefix: number };

/** Canonical form of an IP literal (brackets and a trailing dot allowed), or null when it is not one. */
export function parseIp(text: string): Ip | null {
  const bare = text
    .trim()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
  if (/^[\d.]+$/.test(bare)) {
    const parts = bare.split(".");
    if (parts.length !== 4 || parts.some((p) => p === "" || Number(p) > 255 || (p.length > 1 && p[0] === "0")))
      return null;
    return { family: 4, bytes: parts.map(Number) };
  }
  if (!bare.includes(":") || !URL.canParse(`http://[${bare}]/`)) return null;
  const canonical = new URL(`http://[${bare}]/`).hostname.slice(1, -1);
  const [head, tail = null] = canonical.split("::");
  const groups = (s: string | null) => (s ? s.split(":").map((g) => parseInt(g, 16)) : []);
  const left = groups(head);
  const right = groups(tail);
  const words = tail === null ? left : [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
  return { family: 6, bytes: words.flatMap((w) => [w >> 8, w & 255]) };
}

/** `::ffff:a.b.c.d` is the IPv4 address a.b.c.d: judged as IPv4. */
function unmapped(ip: Ip): Ip {
  const mapped = ip.family === 6 && ip.bytes.slice(0, 10).every((b) => b === 0) && ip.bytes[10] === 255;
  return mapped && ip.bytes[11] === 255 ? { family: 4, bytes: ip.bytes.slice(12) } : ip;
}

function range(cidr: string): Range {
  const [address, prefix] = cidr.split("/");
  const ip = parseIp(address)!;
  return { ...ip, prefix: prefix === undefined ? ip.bytes.length * 8 : Number(prefix) };
}

function inRange(ip: Ip, r: Range): boolean {
  if (ip.family !== r.family) return false;
  for (let bit = 0; bit < r.prefix; bit += 1) {
    const mask = 0x80 >> (bit % 8);
    if ((ip.bytes[bit >> 3] & mask) !== (r.bytes[bit >> 3] & mask)) return false;
  }
  return true;
}

// Never reachable from the public internet, or special-purpose: loopback, private, CGNAT (incl. 100.100.100.200,
// a metadata address), link-local (incl. 169.254.169.254 metadata), "this network", benchmarking, documentation,
// multicast, reserved, and their IPv6 twins.
export const REFUSED_RANGES = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.0.0.0/24",
  "192.0.2.0/24",
  "192.168.0.0/16",
  "198.18.0.0/15",
  "198.51.100.0/24",
  "203.0.113.0/24",
  "224.0.0.0/4",
  "240.0.0.0/4",
  "::/128",
  "::1/128",
  "fe80::/10",
  "fc00::/7",
  "ff00::/8",
  // NAT64, 6to4, Teredo and IPv4-compatible forms can carry an internal IPv4 address: refused outright.
  "64:ff9b::/96",
  "64:ff9b:1::/48",
  "2002::/16",
  "2001::/32",
  "::/96",
] as const;
const refused = REFUSED_RANGES.map(range);
const loopback = ["127.0.0.0/8", "::1/128"].map(range);

/** Host names of cloud metadata services: internal wherever they resolve. */
export const METADATA_HOST_NAMES = [
  "metadata.google.internal",
  "metadata.goog",
  "metadata",
  "instance-data",
  "instance-data.ec2.internal",
];

export const isRefusedIp = (ip: Ip) => refused.some((r) => inRange(unmapped(ip), r));
export const isLoopbackIp = (ip: Ip) => loopback.some((r) => inRange(unmapped(ip), r));

export type AllowList = { ranges: Range[]; hosts: Set<string> };

const hostKey = (host: string) =>
  host
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");

/** KEYWAY_OUTBOUND_ALLOW: comma/space separated CIDRs, addresses or host names the operator vouches for. */
export function parseAllowList(source: string): AllowList {
  const ranges: Range[] = [];
  const hosts = new Set<string>();
  for (const entry of source.split(/[\s,]+/).filter(Boolean)) {
    const [address, prefix] = entry.split("/");
    const ip = parseIp(address);
    if (ip) {
      const plain = unmapped(ip);
      ranges.push({ ...plain, prefix: prefix ? Number(prefix) : plain.bytes.length * 8 });
    } else hosts.add(hostKey(entry));
  }
  return { ranges, hosts };
}

export type AddressPolicy = { allow: AllowList; loopbackAllowed: boolean };

/** Null when Keyway may connect to `ip` (reached via `hostname`), else why not. */
export function ipRefusal(ip: Ip, hostname: string, policy: AddressPolicy): string | null {
  const plain = unmapped(ip);
  if (policy.allow.ranges.some((r) => inRange(plain, r)) || policy.allow.hosts.has(hostKey(hostname))) return null;
  if (!isRefusedIp(plain)) return null;
  // Development runs the demo IdP on loopback; private ranges stay refused even there.
  if (policy.loopbackAllowed && isLoopbackIp(plain)) return null;
  const address = formatIp(plain);
  const what = "a private, loopback, link-local or reserved address";
  return hostKey(hostname) === address ? `${address} is ${what}` : `${hostname} resolves to ${address}, ${what}`;
}

function formatIp(ip: Ip): string {
  if (ip.family === 4) return ip.bytes.join(".");
  return new URL(
    `http://[${Array.from({ length: 8 }, (_, i) => ((ip.bytes[2 * i] << 8) | ip.bytes[2 * i + 1]).toString(16)).join(":")}]/`,
  ).hostname.slice(1, -1);
}

/**
 * Save time: null when a URL's host may be saved, else why not. IP literals (any spelling the URL parser accepts) are
 * judged as request time will judge them; `localhost` names are loopback; metadata host names are refused. Other
 * names are judged when Keyway resolves them (request time, Check connection).
 */
export function hostRefusal(hostname: string, policy: AddressPolicy): string | null {
  const host = hostKey(hostname);
  if (policy.allow.hosts.has(host)) return null;
  const ip = parseIp(host);
  if (ip) return ipRefusal(ip, host, policy);
  if (host === "localhost" || host.endsWith(".localhost")) return ipRefusal(parseIp("127.0.0.1")!, host, policy);
  if (METADATA_HOST_NAMES.includes(host)) return `${host} is a cloud metadata service`;
  return null;
}
