import { BlockList, isIP } from "node:net";

/**
 * Ranges a fetch must not reach unless the caller allows it: a page on the public web must not
 * make Vellum read the operator's own network or a cloud metadata service (SSRF).
 */
const blocked = new BlockList();
// RFC 6890 special-purpose IPv4 ranges that are not globally reachable.
for (const [net, prefix] of [
  ["0.0.0.0", 8], // "this network"; 0.0.0.0 reaches the local host on Linux
  ["10.0.0.0", 8], // RFC 1918
  ["100.64.0.0", 10], // RFC 6598 carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, includes the metadata address 169.254.169.254
  ["172.16.0.0", 12], // RFC 1918
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.168.0.0", 16], // RFC 1918
  ["198.18.0.0", 15], // benchmarking
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, and 255.255.255.255 broadcast
] as const) {
  blocked.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["fc00::", 7], // RFC 4193 unique-local, includes the AWS metadata address fd00:ec2::254
  ["fe80::", 10], // link-local
  ["fec0::", 10], // deprecated site-local
  ["ff00::", 8], // multicast
  ["64:ff9b:1::", 48], // RFC 8215 local-use NAT64
] as const) {
  blocked.addSubnet(net, prefix, "ipv6");
}

/** The IPv4 address embedded in an IPv4-mapped (`::ffff:a.b.c.d`) or NAT64 IPv6 address. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted?.[1] !== undefined) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex?.[1] !== undefined && hex[2] !== undefined) {
    const hi = Number.parseInt(hex[1], 16);
    const lo = Number.parseInt(hex[2], 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return null;
}

/**
 * True when `address` (an IP literal) is loopback, private (RFC 1918), carrier-grade NAT,
 * link-local, unique-local, multicast, unspecified or a cloud metadata address. A string that is
 * not an IP address counts as private: refusing is the safe answer.
 */
export function isPrivateAddress(address: string): boolean {
  const bracketless =
    address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  // A zone index (`fe80::1%eth0`, RFC 6874) names an interface, not part of the address.
  const bare = bracketless.replace(/%.*$/, "");
  const family = isIP(bare);
  if (family === 4) return blocked.check(bare, "ipv4");
  if (family === 6) {
    const v4 = embeddedIpv4(bare);
    if (v4 !== null) return blocked.check(v4, "ipv4");
    return blocked.check(bare, "ipv6");
  }
  return true;
}
