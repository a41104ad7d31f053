import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { discoverUrls, fetcherSource, type SourceFilters, type SourceInput } from "@vellum/crawl";
import { createFetcher, type Fetcher, type FetchOptions } from "@vellum/fetch";
import { type Capture, type HeaderList, headerValue, isVellumError } from "@vellum/model";
import type { AuditInput, AuditInputFailure, AuditItem } from "./types.js";

const HTML_TYPE = /html|xml/i;

/** A response as a page to audit, or why it is not one: an error status, not HTML. */
export function pageFromResponse(
  url: string,
  status: number | null,
  headers: HeaderList,
  bytes: Uint8Array,
  imageSizes?: AuditInput["imageSizes"],
): AuditItem {
  if (status !== null && (status < 200 || status >= 300)) {
    return { kind: "failure", url, label: url, status, reason: `HTTP ${status}` };
  }
  const type = headerValue(headers, "content-type");
  if (type !== null && type.trim() !== "" && !HTML_TYPE.test(type)) {
    return { kind: "failure", url, label: url, status, reason: `not an HTML page (${type})` };
  }
  return {
    kind: "page",
    url,
    label: url,
    bytes,
    headers,
    status,
    ...(imageSizes === undefined ? {} : { imageSizes }),
  };
}

function failure(url: string, error: unknown): AuditInputFailure {
  const reason = isVellumError(error)
    ? error.toLine()
    : error instanceof Error
      ? error.message
      : String(error);
  return { kind: "failure", url, label: url, status: null, reason };
}

/**
 * Pages fetched over HTTP, politely (robots.txt, one request at a time per host with a pause,
 * private addresses refused: @vellum/fetch's defaults, as `vellum snapshot`), several hosts at
 * once, answered in the order given.
 */
export async function* urlSource(
  urls: Iterable<string> | AsyncIterable<string>,
  fetch: FetchOptions | Fetcher = {},
): AsyncGenerator<AuditItem> {
  const fetcher = "capture" in fetch ? fetch : createFetcher(fetch);
  const window = Math.max(1, fetcher.options.concurrency * 2);
  const get = async (url: string): Promise<AuditItem> => {
    let capture: Capture;
    try {
      capture = await fetcher.capture(url, { content: "text" });
    } catch (error) {
      return failure(url, error);
    }
    try {
      const last = capture.exchanges[capture.exchanges.length - 1];
      return pageFromResponse(
        capture.finalUrl,
        last?.status ?? null,
        capture.headers,
        capture.content,
      );
    } finally {
      await fetcher.release(capture);
    }
  };
  const queue: Promise<AuditItem>[] = [];
  for await (const url of urls) {
    queue.push(get(url));
    if (queue.length >= window) yield await (queue.shift() as Promise<AuditItem>);
  }
  while (queue.length > 0) yield await (queue.shift() as Promise<AuditItem>);
}

/**
 * Pages found by crawl's sources (URLs, URL lists, sitemaps and sitemap indexes, feeds, a bare
 * site's robots.txt sitemaps), filtered as `vellum snapshot` filters them, fetched through one
 * fetcher so that the sitemaps and the pages share its politeness.
 */
export function discoveredSource(
  inputs: readonly SourceInput[],
  options: {
    readonly fetch?: FetchOptions;
    readonly filters?: SourceFilters;
    readonly signal?: AbortSignal;
  } = {},
): AsyncGenerator<AuditItem> {
  const fetcher = createFetcher(options.fetch ?? {});
  const discovery = discoverUrls(inputs, {
    fetcher: fetcherSource(fetcher),
    ...(options.filters === undefined ? {} : { filters: options.filters }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  return urlSource(
    (async function* () {
      for await (const found of discovery) yield found.url;
    })(),
    fetcher,
  );
}

/**
 * Local pages: `.html` or `.html.gz` files (gzip recognised by its bytes), each with the URL
 * it was served at when known (`urlOf`), else audited as a file.
 */
export async function* fileSource(
  paths: readonly string[],
  options: { readonly cwd?: string; readonly urlOf?: (path: string) => string | null } = {},
): AsyncGenerator<AuditItem> {
  for (const path of paths) {
    const url = options.urlOf?.(path) ?? null;
    let bytes: Uint8Array;
    try {
      bytes = await readFile(resolve(options.cwd ?? ".", path));
    } catch (error) {
      yield {
        kind: "failure",
        url,
        label: path,
        status: null,
        reason: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      };
      continue;
    }
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      try {
        bytes = gunzipSync(bytes);
      } catch {
        yield {
          kind: "failure",
          url,
          label: path,
          status: null,
          reason: "the gzip data is damaged",
        };
        continue;
      }
    }
    yield { kind: "page", url, label: path, bytes, headers: [], status: null };
  }
}
