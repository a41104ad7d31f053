import { isIP } from "node:net";
import type { FetchOptions } from "@vellum/fetch";
import type { Argv } from "yargs";

/** The options every fetching command shares: robots.txt and the private-address guard. */
export interface NetworkArgs {
  /** Absent: refuse private addresses; `""`: allow them all; a list: allow these hosts/ranges. */
  readonly allowPrivate?: string;
  readonly allowLinkLocal: boolean;
  readonly ignoreRobots: boolean;
}

export function networkOptions(y: Argv): Argv {
  return y
    .option("allow-private", {
      type: "string",
      describe:
        "Allow loopback and private networks; or only these hosts, addresses and CIDR ranges (--allow-private 127.0.0.1,10.0.0.0/8)",
    })
    .option("allow-link-local", {
      type: "boolean",
      default: false,
      describe:
        "Also allow link-local and cloud metadata addresses (169.254.169.254, fe80::/10 …), which --allow-private never opens",
    })
    .option("ignore-robots", {
      type: "boolean",
      default: false,
      describe: "Do not obey robots.txt (only with the site's permission)",
    });
}

/** The fetch options the flags stand for. */
export function guardOptions(
  args: NetworkArgs,
): Pick<FetchOptions, "allowPrivate" | "allowPrivateHosts" | "allowLinkLocal" | "respectRobots"> {
  const list = (args.allowPrivate ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  return {
    allowPrivate: args.allowPrivate !== undefined && list.length === 0,
    allowPrivateHosts: list,
    allowLinkLocal: args.allowLinkLocal,
    respectRobots: !args.ignoreRobots,
  };
}

/** An IP address or CIDR range: what can follow `--allow-private` without `=`. */
function isAddressOrRange(entry: string): boolean {
  const bare = entry.replace(/^\[(.*)\]$/, "$1");
  const slash = bare.indexOf("/");
  if (slash < 0) return isIP(bare) !== 0;
  return isIP(bare.slice(0, slash)) !== 0 && /^\d{1,3}$/.test(bare.slice(slash + 1));
}

/**
 * `--allow-private` is a flag that may take a list. Written with a space, the word after it is
 * its list only when it reads as one (it has a comma, or is an IP address or CIDR range);
 * anything else (a URL, a file) is left as the command's input. A single host name is written
 * `--allow-private=intranet.example`.
 */
export function joinAllowPrivate(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg !== "--allow-private") {
      out.push(arg);
      continue;
    }
    const next = argv[i + 1];
    const isList =
      next !== undefined &&
      !next.startsWith("-") &&
      !/^[a-z][a-z0-9+.-]*:\/\//i.test(next) &&
      (next.includes(",") || isAddressOrRange(next));
    if (isList) {
      out.push(`--allow-private=${next}`);
      i++;
    } else {
      out.push("--allow-private=");
    }
  }
  return out;
}
