import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { VellumError } from "@vellum/model";
import { isPrivateAddress } from "./address.js";

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
  readonly allowPrivate: boolean;
  /** Host names exempt from the guard (an intranet host the operator means to capture). */
  readonly allowPrivateHosts: readonly string[];
}

/** `[::1]` → `::1`: URL host names keep IPv6 brackets, resolvers and sockets do not. */
export function bareHostname(hostname: string): string {
  return hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
}

/**
 * Resolves `hostname` and answers the address to connect to. Refuses when ANY resolved address
 * is private, not just the first: a name that answers both a public and a private address could
 * otherwise be steered to the private one. The caller connects to the returned address itself,
 * so a second lookup (DNS rebinding) cannot swap it.
 */
export async function resolveGuarded(
  hostname: string,
  options: GuardOptions,
): Promise<ResolvedAddress> {
  const host = bareHostname(hostname);
  let addresses: readonly ResolvedAddress[];
  const literal = isIP(host);
  if (literal !== 0) {
    addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await options.resolver(host);
    } catch (error) {
      throw new VellumError("fetch-failed", "Could not resolve the host name", {
        value: host,
        hint: "check the URL and your network",
        cause: error,
      });
    }
  }
  const first = addresses[0];
  if (first === undefined) {
    throw new VellumError("fetch-failed", "The host name has no address", {
      value: host,
      hint: "check the URL",
    });
  }
  const exempt = options.allowPrivate || options.allowPrivateHosts.includes(host.toLowerCase());
  if (!exempt) {
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad !== undefined) {
      throw new VellumError(
        "private-address",
        "Refused a host that resolves to a private address",
        {
          value: `${host} → ${bad.address}`,
          hint: "pass --allow-private to capture hosts on your own network",
        },
      );
    }
  }
  return first;
}
