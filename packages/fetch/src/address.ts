import { BlockList, isIP } from "node:net";
import { VellumError } from "@vellum/model";

/**
 * What an address is, for the private-address guard: a page on the public web must not make
 * Vellum read the operator's own network or a cloud metadata service (SSRF).
 *
 * - `loopback`, `private`: the operator's own machine and networks; `allowPrivate` opens them.
 * - `link-local`, `metadata`: link-local ranges and the cloud instance-metadata services (the
 *   address every SSRF guide singles out, since it hands out credentials). Only `allowLinkLocal`
 *   opens them, never `allowPrivate`.
 * - `reserved`: multicast, broadcast and reserved ranges; no HTTP server lives there, nothing
 *   opens them.
 */
export type AddressClass =
  | "public"
  | "loopback"
  | "private"
  | "link-local"
  | "metadata"
  | "reserved";

type Ranges = readonly (readonly [string, number])[];

function blockList(v4: Ranges, v6: Ranges): BlockList {
  const list = new BlockList();
  for (const [net, prefix] of v4) list.addSubnet(net, prefix, "ipv4");
  for (const [net, prefix] of v6) list.addSubnet(net, prefix, "ipv6");
  return list;
}

// Checked in this order: the metadata addresses sit inside the link-local, CGNAT and
// unique-local ranges, and must be found before them.
const classes: ReadonlyArray<readonly [Exclude<AddressClass, "public">, BlockList]> = [
  [
    "metadata",
    blockList(
      [
        ["169.254.169.254", 32], // AWS, Google Cloud, Azure, Oracle, DigitalOcean, OpenStack
        ["169.254.170.2", 32], // AWS ECS task metadata and credentials
        ["100.100.100.200", 32], // Alibaba Cloud (inside the CGNAT range)
      ],
      [["fd00:ec2::", 32]], // AWS IMDS, DNS and NTP over IPv6 (inside unique-local fc00::/7)
    ),
  ],
  [
    "loopback",
    blockList(
      [
        ["127.0.0.0", 8],
        ["0.0.0.0", 8], // "this network"; 0.0.0.0 reaches the local host on Linux
      ],
      [
        ["::1", 128],
        ["::", 128], // unspecified, reaches the local host like 0.0.0.0
      ],
    ),
  ],
  ["link-local", blockList([["169.254.0.0", 16]], [["fe80::", 10]])],
  [
    "private",
    blockList(
      [
        ["10.0.0.0", 8], // RFC 1918
        ["172.16.0.0", 12], // RFC 1918
        ["192.168.0.0", 16], // RFC 1918
        ["100.64.0.0", 10], // RFC 6598 carrier-grade NAT
        ["192.0.0.0", 24], // IETF protocol assignments
        ["198.18.0.0", 15], // benchmarking networks, used in labs
      ],
      [
        ["fc00::", 7], // RFC 4193 unique-local
        ["fec0::", 10], // deprecated site-local
        ["64:ff9b:1::", 48], // RFC 8215 local-use NAT64
      ],
    ),
  ],
  [
    "reserved",
    blockList(
      [
        ["224.0.0.0", 4], // multicast
        ["240.0.0.0", 4], // reserved, and 255.255.255.255 broadcast
      ],
      [["ff00::", 8]], // multicast
    ),
  ],
];

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
 * An IP literal as a socket sees it: brackets and zone index (`fe80::1%eth0`, RFC 6874) gone,
 * an IPv4 address embedded in IPv6 taken out. Null when it is no IP address.
 */
function normalAddress(address: string): { address: string; family: "ipv4" | "ipv6" } | null {
  const bracketless =
    address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  const bare = bracketless.replace(/%.*$/, "");
  const family = isIP(bare);
  if (family === 4) return { address: bare, family: "ipv4" };
  if (family === 6) {
    const v4 = embeddedIpv4(bare);
    return v4 === null ? { address: bare, family: "ipv6" } : { address: v4, family: "ipv4" };
  }
  return null;
}

/**
 * Which class an IP literal falls in. A string that is not an IP address is `reserved`:
 * refusing is the safe answer.
 */
export function addressClass(address: string): AddressClass {
  const normal = normalAddress(address);
  if (normal === null) return "reserved";
  for (const [name, list] of classes) {
    if (list.check(normal.address, normal.family)) return name;
  }
  return "public";
}

/**
 * True when `address` (an IP literal) is anything but a public address: loopback, private
 * (RFC 1918), carrier-grade NAT, link-local, unique-local, multicast, unspecified or a cloud
 * metadata address. A string that is not an IP address counts as private.
 */
export function isPrivateAddress(address: string): boolean {
  return addressClass(address) !== "public";
}

/**
 * The hosts, addresses and CIDR ranges `allowPrivate` may be narrowed to
 * (`127.0.0.1,10.0.0.0/8,intranet.example`).
 */
export interface PrivateAllowList {
  /** True when the guard lets `host`, resolved to `address`, through as loopback or private. */
  allows(host: string, address: string): boolean;
}

/**
 * Reads an allow-list of host names, IP addresses and CIDR ranges. Throws `usage` for an entry
 * that is none of these, so a typo does not silently open nothing (or everything).
 */
export function privateAllowList(entries: readonly string[]): PrivateAllowList {
  const hosts = new Set<string>();
  const ranges = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (entry === "") continue;
    const slash = entry.indexOf("/");
    if (slash >= 0) {
      const net = normalAddress(entry.slice(0, slash));
      const prefixText = entry.slice(slash + 1);
      const prefix = Number(prefixText);
      const max = net?.family === "ipv6" ? 128 : 32;
      if (net === null || !/^\d+$/.test(prefixText) || prefix > max) {
        throw new VellumError("usage", "Not a CIDR range", {
          value: raw,
          hint: "write an address and a prefix length, e.g. 10.0.0.0/8 or fd12:3456::/48",
        });
      }
      ranges.addSubnet(net.address, prefix, net.family);
      continue;
    }
    const address = normalAddress(entry);
    if (address !== null) {
      ranges.addAddress(address.address, address.family);
      continue;
    }
    if (!/^[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?$/.test(entry) || entry.includes("..")) {
      throw new VellumError("usage", "Not a host name, IP address or CIDR range", {
        value: raw,
        hint: "list hosts, addresses or ranges separated by commas, e.g. 127.0.0.1,10.0.0.0/8",
      });
    }
    hosts.add(entry.replace(/\.$/, ""));
  }
  return {
    allows(host, address) {
      const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
      if (hosts.has(bare.toLowerCase().replace(/\.$/, ""))) return true;
      const normal = normalAddress(address);
      return normal !== null && ranges.check(normal.address, normal.family);
    },
  };
}
