import type { VellumErrorCode } from "@vellum/model";

/**
 * Exit codes, one meaning each, so scripts can tell a bad command line from a bad page from a
 * dead network. 1 is reserved for "the command ran and found problems" (validation errors,
 * failed verification, some URLs not captured).
 */
export const ExitCode = {
  ok: 0,
  findings: 1,
  usage: 2,
  inputInvalid: 3,
  network: 4,
  io: 5,
  /** Not a failure of the network: Vellum's own rules refused (robots.txt, private addresses). */
  refused: 6,
  /** Another run is writing the same collection. */
  locked: 7,
  /** The collection database is unreadable, damaged or from a newer Vellum. */
  collectionInvalid: 8,
  /** The disk is full; what was committed is kept and the same command resumes. */
  diskFull: 9,
  /** The input was read but holds nothing to work on: no article, no JSON-LD. */
  noContent: 10,
  /**
   * A sitemap, feed, site or URL list could not be read whole (broken, not what it claims, a
   * loop …): what it led to was captured, but pages it lists may be missing.
   */
  sources: 11,
  /** The fleet's Redis server (`--queue`) cannot be reached. */
  queueUnreachable: 12,
  /** Chromium is missing, would not start, or died (`--browser`). */
  browser: 13,
  internal: 70,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export function exitCodeFor(code: VellumErrorCode): ExitCode {
  switch (code) {
    case "usage":
    case "input-not-found":
      return ExitCode.usage;
    case "input-invalid":
    case "too-large":
    case "unsafe-path":
    case "archive-invalid":
      return ExitCode.inputInvalid;
    case "fetch-failed":
    case "fetch-timeout":
    case "http-status":
    case "robots-unreachable":
      return ExitCode.network;
    case "robots-disallowed":
    case "private-address":
      return ExitCode.refused;
    case "io":
      return ExitCode.io;
    case "collection-locked":
      return ExitCode.locked;
    case "collection-invalid":
      return ExitCode.collectionInvalid;
    case "disk-full":
      return ExitCode.diskFull;
    case "no-content":
      return ExitCode.noContent;
    case "queue-unreachable":
      return ExitCode.queueUnreachable;
    case "browser-failed":
      return ExitCode.browser;
    case "interrupted":
      return ExitCode.interrupted;
  }
}
