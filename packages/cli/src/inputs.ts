import { readFile as readFileCallback, stat as statCallback } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import type { Capture, HeaderList } from "@vellum/model";
import { VellumError } from "@vellum/model";

/** One page to work on, whatever it came from. */
export interface PageInput {
  /** What the user typed: a path, `-` or a URL. Used in messages. */
  readonly label: string;
  /** The page URL (fetched, or given with `--url`); null for a bare file. */
  readonly url: string | null;
  /**
   * The page bytes, content coding removed. `forEachArticle` takes them (leaving an empty array)
   * when it hands the page to the extractor, which lets them go once decoded.
   */
  bytes: Uint8Array;
  /** Response headers (fetched pages) or those given with `--header`. */
  readonly headers: HeaderList;
}

export interface ReadInputsOptions {
  /** The page URL for a file or stdin input (`--url`). Only with a single input. */
  readonly url?: string | undefined;
  /** Extra response headers for file inputs, e.g. a charset the server would have sent. */
  readonly headers?: HeaderList;
  readonly cwd: string;
  readonly stdin: AsyncIterable<Uint8Array>;
  /** Fetches an http(s) input. */
  readonly fetchPage: (url: string) => Promise<Capture>;
}

/** How `main` passes a `-` argument through yargs, which would drop it. */
export const STDIN_ARG = "\u0000-";

function isStdin(input: string): boolean {
  return input === "-" || input === STDIN_ARG;
}

const GZIP_MAGIC = [0x1f, 0x8b] as const;

// The callback forms: fs/promises' readFile reads in rounds of its own and costs this thread
// several times the CPU of the callback one for a page-sized file.
const readFile = promisify(readFileCallback);
const stat = promisify(statCallback);

/**
 * Whether the user meant an http(s) URL rather than a file path: only the scheme is looked at.
 * Not `@vellum/schema`'s `isHttpUrl`, which parses and says whether a value is a valid URL:
 * "https://exa mple.com" must still go to the fetcher and fail there as a URL, not be read as a
 * file named "https:" that does not exist, and `--url` takes it as meant for the fetcher too.
 */
export function looksLikeHttpUrl(input: string): boolean {
  return /^https?:\/\//i.test(input);
}

/**
 * Checks the command line before any work starts: what can only be a usage error. A file that is
 * missing is not one: it fails as its own input, and the others go on.
 */
export function checkInputs(inputs: readonly string[], options: ReadInputsOptions): void {
  if (inputs.length === 0) {
    throw new VellumError("usage", "no input given", {
      hint: "pass a path to .html or .html.gz, - for stdin, or an http(s) URL",
    });
  }
  if (options.url !== undefined && inputs.length > 1) {
    throw new VellumError("usage", "--url names the page of a single input", {
      value: options.url,
      hint: "give one input with --url, or run the command once per file",
    });
  }
  if (options.url !== undefined && !looksLikeHttpUrl(options.url)) {
    throw new VellumError("usage", "--url must be an absolute http(s) URL", { value: options.url });
  }
  if (inputs.filter(isStdin).length > 1) {
    throw new VellumError("usage", "stdin (-) can be read only once");
  }
}

/** The label an input goes by in messages and output: what the user typed, `-` for stdin. */
export function inputLabel(input: string): string {
  return isStdin(input) ? "-" : input;
}

export async function readInput(input: string, options: ReadInputsOptions): Promise<PageInput> {
  if (looksLikeHttpUrl(input)) {
    const capture = await options.fetchPage(input);
    return {
      label: input,
      url: capture.finalUrl,
      bytes: capture.content,
      headers: capture.headers,
    };
  }
  const stdin = isStdin(input);
  const raw = stdin ? await readAll(options.stdin) : await readLocal(input, options.cwd);
  return {
    label: stdin ? "-" : input,
    url: options.url ?? null,
    bytes: await gunzipIfNeeded(raw, input),
    headers: options.headers ?? [],
  };
}

function resolvePath(input: string, cwd: string): string {
  return isAbsolute(input) ? input : resolve(cwd, input);
}

async function readLocal(input: string, cwd: string): Promise<Uint8Array> {
  const path = resolvePath(input, cwd);
  const info = await stat(path).catch(() => null);
  if (info === null) {
    throw new VellumError("input-not-found", "no such file", {
      value: input,
      hint: "check the path; URLs must start with http:// or https://",
    });
  }
  if (!info.isFile()) {
    throw new VellumError("input-not-found", "not a file", { value: input });
  }
  try {
    return await readFile(path);
  } catch (cause) {
    throw new VellumError("io", "cannot read file", { value: input, cause });
  }
}

/**
 * Why bytes cannot be a page: empty (or only white space), or binary data (a NUL byte or mostly
 * control characters near the start, as in an image, a PDF or a zip). Null when they may be one.
 */
export function notAPage(bytes: Uint8Array): string | null {
  // The head as Latin-1 (one character a byte), read by native string and expression code: a
  // byte loop ran interpreted in a fresh process, ~0.4 ms a page of `vellum extract`'s start.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .subarray(0, 4096)
    .toString("latin1");
  if (head.includes("\0")) return "the input is binary data, not an HTML page";
  if (
    !NOT_BLANK.test(head) &&
    bytes.subarray(4096).every((b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d)
  )
    return "the input is empty";
  const control = head.match(CONTROL)?.length ?? 0;
  if (control > head.length / 10) return "the input is binary data, not an HTML page";
  return null;
}

/** A byte that is not white space (form feed counts as text here, as it always has). */
const NOT_BLANK = /[^ \t\n\r]/;
/** Control characters other than tab, line feed, form feed and carriage return (NUL aside). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it counts
const CONTROL = /[\x01-\x08\x0b\x0e-\x1f]/g;

async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const gunzipAsync = promisify(gunzip);

/** Output chunks of at most this size: a bound on what a lying gzip size field can allocate. */
const MAX_CHUNK = 64 * 1024 * 1024;

/**
 * The inflated size a gzip file announces (its last four bytes, ISIZE: the size modulo 2^32 of
 * its last member), plus one byte so that zlib sees the end without another round. A hint only:
 * zlib's output grows past it when it is wrong.
 */
function chunkSizeFor(bytes: Uint8Array): number {
  const n = bytes.byteLength;
  if (n < 18) return 64 * 1024;
  const size =
    (bytes[n - 4] as number) | ((bytes[n - 3] as number) << 8) | ((bytes[n - 2] as number) << 16);
  const announced = size + (bytes[n - 1] as number) * 2 ** 24;
  return Math.min(Math.max(announced + 1, 64 * 1024), MAX_CHUNK);
}

/**
 * Gzip is recognised by its magic bytes, not the file name: stdin has none. Inflated on libuv's
 * thread pool, so that with pages read ahead it overlaps the parsing of the one before.
 */
async function gunzipIfNeeded(bytes: Uint8Array, label: string): Promise<Uint8Array> {
  if (bytes[0] !== GZIP_MAGIC[0] || bytes[1] !== GZIP_MAGIC[1]) return bytes;
  try {
    // One output chunk of the announced size: with zlib's default 16 KiB, a page took a callback
    // on this thread (and a copy) per 16 KiB, several times the cost of inflating it.
    return await gunzipAsync(bytes, { chunkSize: chunkSizeFor(bytes) });
  } catch (cause) {
    throw new VellumError("input-invalid", "the gzip data is damaged", {
      value: label,
      hint: "check the file is complete",
      cause,
    });
  }
}

/** Parses `--header "Name: value"` options. */
export function parseHeaderOptions(values: readonly string[]): HeaderList {
  return values.map((line) => {
    const colon = line.indexOf(":");
    if (colon <= 0) {
      throw new VellumError("usage", "--header takes 'Name: value'", { value: line });
    }
    return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()] as const;
  });
}
