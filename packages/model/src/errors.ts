/**
 * Every error Vellum raises on purpose carries a `code` from this list. The CLI maps codes to exit
 * codes and prints `message` plus `hint` as one line; `value` is the input that was wrong.
 */
export type VellumErrorCode =
  | "usage" // bad command line: unknown command or option, wrong argument
  | "input-not-found" // a file named on the command line does not exist or cannot be read
  | "input-invalid" // an input exists but is not what the command needs (not HTML, bad JSON …)
  | "no-content" // an input holds nothing to work on: no article, no JSON-LD; empty or binary
  | "fetch-failed" // network error, DNS failure, connection reset
  | "fetch-timeout" // connect, headers, body-idle or total timeout
  | "http-status" // the server answered with an error status
  | "robots-disallowed" // robots.txt forbids the URL
  | "robots-unreachable" // robots.txt answered 5xx or could not be read, so the site is not crawled (RFC 9309)
  | "private-address" // the host resolves to a loopback, private, link-local … address
  | "too-large" // a body, file or archive entry is over a size or ratio limit
  | "unsafe-path" // an archive entry points outside its root (`..`, absolute path, link)
  | "archive-invalid" // a WARC, WACZ, zip, tar or bag is malformed
  | "io" // reading or writing a local file failed
  | "disk-full" // the disk (or the user's quota) is full: nothing more can be written
  | "collection-locked" // another run is writing the same collection
  | "collection-invalid" // the collection database is unreadable, damaged or from a newer Vellum
  | "queue-unreachable" // the fleet's Redis server cannot be reached (`--queue`)
  | "browser-failed" // Chromium is missing, would not start, or died
  | "interrupted"; // the user stopped the run (Ctrl-C)

export interface VellumErrorOptions {
  /** The offending value: a path, a URL, an option. */
  readonly value?: string;
  /** What the user can do about it, as one short sentence. */
  readonly hint?: string;
  readonly cause?: unknown;
}

export class VellumError extends Error {
  override readonly name = "VellumError";
  readonly code: VellumErrorCode;
  readonly value: string | undefined;
  readonly hint: string | undefined;

  constructor(code: VellumErrorCode, message: string, options: VellumErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.value = options.value;
    this.hint = options.hint;
  }

  /** One line for a terminal: what was wrong, the value, what to do. */
  toLine(): string {
    const value = this.value === undefined || this.value === "" ? "" : `: ${this.value}`;
    const hint = this.hint === undefined ? "" : ` (${this.hint})`;
    return `${this.message}${value}${hint}`;
  }
}

export function isVellumError(error: unknown): error is VellumError {
  return error instanceof VellumError;
}
