import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { VellumError } from "@vellum/model";
import { addressClass, privateAllowList } from "./address.js";
import { networkCode } from "./failures.js";

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Answers every address a host name resolves to; tests inject one that maps fake names. */
export type Resolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) => {
  const found = await lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

export interface GuardOptions {
  readonly resolver: Resolver;
  /** Open loopback and private ranges (not link-local or metadata) for every host. */
  readonly allowPrivate: boolean;
  /**
   * Host names, IP addresses and CIDR ranges for which loopback and private ranges are open
   * (`intranet.example`, `127.0.0.1`, `10.0.0.0/8`): `allowPrivate` narrowed.
   */
  readonly allowPrivateHosts: readonly string[];
  /** Open link-local ranges and the cloud metadata addresses. */
  readonly allowLinkLocal: boolean;
}

/** Host name → address to connect to, refusing what the options do not open. */
export interface AddressGuard {
  readonly resolver: Resolver;
  /** Why `host`, resolved to `address`, may not be reached; null when it may. */
  refusal(host: string, address: string): VellumError | null;
}

/** Reads the options once; throws `usage` for an allow-list entry that is no host, IP or CIDR. */
export function addressGuard(options: GuardOptions): AddressGuard {
  const narrowed = privateAllowList(options.allowPrivateHosts);
  const narrowedAny = options.allowPrivateHosts.some((h) => h.trim() !== "");
  return {
    resolver: options.resolver,
    refusal(host, address) {
      const kind = addressClass(address);
      const value = host === address ? host : `${host} → ${address}`;
      switch (kind) {
        case "public":
          return null;
        case "loopback":
        case "private":
          if (options.allowPrivate || narrowed.allows(host, address)) return null;
          return new VellumError(
            "private-address",
            `Refused a host on a ${kind === "loopback" ? "loopback" : "private"} address`,
            {
              value,
              hint: narrowedAny
                ? "it is not among the hosts and ranges given to --allow-private"
                : "pass --allow-private to capture hosts on your own network, or --allow-private HOST,CIDR for some of them",
            },
          );
        case "link-local":
        case "metadata":
          if (options.allowLinkLocal) return null;
          return new VellumError(
            "private-address",
            kind === "metadata"
              ? "Refused a cloud metadata address"
              : "Refused a host on a link-local address",
            {
              value,
              hint: "--allow-private does not open link-local and metadata addresses; pass --allow-link-local only if you mean to capture one",
            },
          );
        case "reserved":
          return new VellumError("private-address", "Refused a multicast or reserved address", {
            value,
            hint: "no web server answers there; check the URL",
          });
      }
    },
  };
}

/** `[::1]` → `::1`: URL host names keep IPv6 brackets, resolvers and sockets do not. */
export function bareHostname(hostname: string): string {
  return hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
}

/**
 * Resolves `hostname` and answers the address to connect to. Refuses when ANY resolved address
 * is refused, not just the first: a name that answers both a public and a private address could
 * otherwise be steered to the private one. The caller connects to the returned address itself,
 * so a second lookup (DNS rebinding) cannot swap it.
 */
export async function resolveGuarded(
  hostname: string,
  guard: AddressGuard,
): Promise<ResolvedAddress> {
  const host = bareHostname(hostname);
  let addresses: readonly ResolvedAddress[];
  const literal = isIP(host);
  if (literal !== 0) {
    addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await guard.resolver(host);
    } catch (error) {
      // EAI_AGAIN is a resolver that could not answer now; anything else is no such name.
      const later = networkCode(error) === "EAI_AGAIN";
      throw new VellumError(
        "fetch-failed",
        later ? "The host name could not be resolved just now" : "The host name did not resolve",
        {
          value: host,
          hint: later ? "check your network, or retry" : "check the URL for a typo",
          cause: error,
        },
      );
    }
  }
  const first = addresses[0];
  if (first === undefined) {
    throw new VellumError("fetch-failed", "The host name has no address", {
      value: host,
      hint: "check the URL",
    });
  }
  for (const { address } of addresses) {
    const refusal = guard.refusal(host, address);
    if (refusal !== null) throw refusal;
  }
  return first;
}
