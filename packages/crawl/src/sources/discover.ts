import { headerValue, isVellumError, VellumError } from "@vellum/model";
import { type ByteTally, documentBytes } from "./bytes.js";
import { decodeDocument } from "./charset.js";
import { type DateSpan, parseSourceDate } from "./dates.js";
import type { RawEntry } from "./entries.js";
import { FeedReader, feedFormat } from "./feed-xml.js";
import { dateVerdict, type SourceFilters, urlVerdict } from "./filters.js";
import { readJsonFeed } from "./json-feed.js";
import { listEntries, openLocalFile } from "./lists.js";
import { peek } from "./peek.js";
import { ProblemTally, problem, SourceFault } from "./problems.js";
import {
  PROTOCOL_MAX_BYTES,
  PROTOCOL_MAX_URLS,
  SitemapIndexReader,
  UrlsetReader,
} from "./sitemap-xml.js";
import { readTextUrls } from "./text-lines.js";
import type {
  DiscoveredUrl,
  DocumentFormat,
  SourceEvent,
  SourceFetcher,
  SourceInput,
  SourceProblem,
  SourceProblemCode,
  SourceRef,
  SourceSummary,
} from "./types.js";
import { httpUrl, parseHttpUrl } from "./urls.js";
import { readXml, type XmlElement, type XmlHandler } from "./xml.js";

export interface DiscoverOptions {
  /** Reaches the network for sitemaps, feeds and robots.txt. Required for those inputs. */
  readonly fetcher?: SourceFetcher;
  /** Dates, patterns, scope, limit. Default: none (every URL, once). */
  readonly filters?: SourceFilters;
  /**
   * How deep sitemap indexes are followed: 1 reads the sitemaps an index lists, 2 also indexes
   * listed in an index (the protocol forbids that, sites do it). Default: 5.
   */
  readonly maxDepth?: number;
  /** Sitemaps and feeds fetched in one run, a bound on generated endless indexes. Default: 50,000. */
  readonly maxDocuments?: number;
  /**
   * Bytes one document may have after decompression. The protocol allows 50 MB; the default
   * leaves room for sites a little over it and stops a decompression bomb. Default: 100 MiB.
   */
  readonly maxDocumentBytes?: number;
  /** Characters of a JSON Feed, which is parsed whole. Default: 16 Mi. */
  readonly maxJsonChars?: number;
  /** Characters of one URL, date, title or text line. Default: 8,192 (the protocol allows 2,048). */
  readonly maxValueChars?: number;
  /** Stops the run between documents and entries; the iteration then throws `interrupted`. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: SourceEvent) => void;
  /** Opens a local URL list. Default: the file system. */
  readonly openFile?: (path: string) => AsyncIterable<Uint8Array>;
}

/** The URLs, as they are found; `summary()` says what was read, dropped and wrong so far. */
export interface Discovery extends AsyncIterable<DiscoveredUrl> {
  summary(): SourceSummary;
}

interface Counts {
  documents: number;
  found: number;
  emitted: number;
  duplicates: number;
  filtered: { date: number; match: number; exclude: number; scope: number };
  undated: number;
  limited: boolean;
}

/** A document in the making: what the readers found out while reading it. */
interface Reading {
  /** Its kind is what the document turned out to be: a feed given as a sitemap is a feed. */
  source: SourceRef;
  readonly tally: ProblemTally;
  format: DocumentFormat;
  entries: number;
  /** Entries that named a usable URL (for telling a text sitemap from anything else). */
  valid: number;
}

const SITEMAP_HINT = "check the URL; --sitemap takes an XML or text sitemap, or an RSS/Atom feed";

export function discoverUrls(
  inputs: readonly SourceInput[],
  options: DiscoverOptions = {},
): Discovery {
  const filters = options.filters ?? {};
  const maxDepth = options.maxDepth ?? 5;
  const maxDocuments = options.maxDocuments ?? 50_000;
  const maxBytes = options.maxDocumentBytes ?? 100 * 1024 * 1024;
  const maxJson = options.maxJsonChars ?? 16 * 1024 * 1024;
  const maxValue = options.maxValueChars ?? 8_192;
  const limit = filters.limit ?? Number.POSITIVE_INFINITY;
  const openFile = options.openFile ?? openLocalFile;
  const counts: Counts = {
    documents: 0,
    found: 0,
    emitted: 0,
    duplicates: 0,
    filtered: { date: 0, match: 0, exclude: 0, scope: 0 },
    undated: 0,
    limited: false,
  };
  const problems: SourceProblem[] = [];
  const seen = new Set<string>();
  /** Sitemaps and feeds already read, by requested and final URL. */
  const visited = new Set<string>();
  let documentBudgetReported = false;

  function report(p: SourceProblem): void {
    problems.push(p);
    options.onEvent?.({ type: "problem", problem: p });
  }

  function reachedLimit(): boolean {
    if (counts.emitted < limit) return false;
    counts.limited = true;
    return true;
  }

  /**
   * A failed fetch is the source's problem, reported; a stop, or a bug (anything but a
   * VellumError), ends the run.
   */
  function unreachable(source: SourceRef, error: unknown, hint: string): void {
    if (!isVellumError(error) || error.code === "interrupted" || error.code === "usage")
      throw error;
    report(problem(source, "source-unreachable", `could not be fetched: ${error.toLine()}`, hint));
  }

  function checkSignal(at: string): void {
    if (options.signal?.aborted === true)
      throw new VellumError("interrupted", "Stopped", { value: at });
  }

  function fetcher(): SourceFetcher {
    if (options.fetcher === undefined)
      throw new VellumError("usage", "Sitemaps, feeds and sites need a fetcher", {
        hint: "pass DiscoverOptions.fetcher",
      });
    return options.fetcher;
  }

  /** The URL an entry names, checked and filtered; null when it is not handed on. */
  function accept(entry: RawEntry, reading: Reading, root: URL | null): DiscoveredUrl | null {
    counts.found += 1;
    const url = parseHttpUrl(entry.loc, entry.base);
    if (url === null) {
      reading.tally.add(
        "url-invalid",
        "entries that are no absolute http(s) URL skipped",
        "the file lists something that is not a web address",
        `${entry.line === undefined ? "" : `line ${entry.line}: `}${entry.loc.slice(0, 120)}`,
      );
      return null;
    }
    reading.valid += 1;
    const lastmod = date(entry.lastmod, reading);
    const published = date(entry.published, reading);
    const verdict = dateVerdict(lastmod ?? published, filters);
    if (verdict === "drop") {
      counts.filtered.date += 1;
      return null;
    }
    const href = url.href;
    // A listed URL is its own root: scope narrows what a sitemap, feed or site leads to.
    const byUrl = urlVerdict(url, root ?? url, filters);
    if (byUrl !== "keep") {
      counts.filtered[byUrl] += 1;
      return null;
    }
    if (seen.has(href)) {
      counts.duplicates += 1;
      return null;
    }
    seen.add(href);
    if (verdict === "undated") counts.undated += 1;
    counts.emitted += 1;
    return {
      url: href,
      source: reading.source,
      ...(lastmod === null ? {} : { lastmod: lastmod.text }),
      ...(published === null ? {} : { published: published.text }),
      ...(entry.title === undefined ? {} : { title: entry.title }),
      ...(entry.images === undefined ? {} : { images: entry.images }),
    };
  }

  function date(raw: string | undefined, reading: Reading): DateSpan | null {
    if (raw === undefined) return null;
    const span = parseSourceDate(raw);
    if (span === null)
      reading.tally.add(
        "date-invalid",
        "dates in no known form ignored",
        "sitemaps use W3C Datetime (2024-05-01T10:00:00+00:00), RSS uses RFC 822",
        raw.slice(0, 60),
      );
    return span;
  }

  function finishReading(reading: Reading, bytes: number): void {
    if (reading.entries > PROTOCOL_MAX_URLS || bytes > PROTOCOL_MAX_BYTES)
      report(
        problem(
          reading.source,
          "sitemap-over-limit",
          reading.entries > PROTOCOL_MAX_URLS
            ? `lists ${reading.entries.toLocaleString("en-US")} entries, over the protocol's ${PROTOCOL_MAX_URLS.toLocaleString("en-US")}; all were read`
            : `is ${(bytes / 1024 / 1024).toFixed(1)} MiB, over the protocol's 50 MB; all of it was read`,
          "search engines may ignore the rest; ask the site to split the file",
        ),
      );
    for (const p of reading.tally.drain(reading.source)) report(p);
    // A document never read (an error status, a loop) is told by its problem alone.
    if (reading.format === "unknown" && bytes === 0) return;
    options.onEvent?.({
      type: "document",
      source: reading.source,
      format: reading.format,
      entries: reading.entries,
      bytes,
    });
  }

  function fault(reading: Reading, f: SourceFault, kept: number): void {
    const keptNote =
      kept > 0 ? `; the ${kept.toLocaleString("en-US")} URLs read before it are kept` : "";
    report(
      problem(reading.source, f.code, `${f.message}${keptNote}`, f.hint, {
        example: f.example,
      }),
    );
  }

  /** Reads a list file of URLs. */
  async function* readList(path: string): AsyncGenerator<DiscoveredUrl> {
    const reading: Reading = {
      source: { kind: "list", location: path },
      tally: new ProblemTally(),
      format: "list",
      entries: 0,
      valid: 0,
    };
    counts.documents += 1;
    const tally: ByteTally = { bytes: 0, compressed: false };
    const before = counts.emitted;
    try {
      for await (const entry of listEntries(
        path,
        openFile,
        maxValue,
        reading.tally,
        tally,
        reading,
      )) {
        const url = accept(entry, reading, null);
        if (url !== null) yield url;
        if (reachedLimit()) return;
        checkSignal(path);
      }
    } catch (error) {
      if (error instanceof SourceFault) fault(reading, error, counts.emitted - before);
      else if (isVellumError(error)) throw error;
      else
        report(
          problem(
            reading.source,
            "list-unreadable",
            `cannot be read (${(error as Error).message})`,
            "check the --input path",
          ),
        );
    } finally {
      finishReading(reading, tally.bytes);
    }
  }

  /**
   * Fetches and reads one sitemap or feed; an index's children are read after it, depth first.
   * `chain` holds the indexes that led here, to tell a loop from a sitemap listed twice.
   */
  async function* readDocument(
    location: string,
    kind: "sitemap" | "feed",
    root: URL,
    depth: number,
    chain: readonly string[],
  ): AsyncGenerator<DiscoveredUrl> {
    checkSignal(location);
    const requested: SourceRef = { kind, location };
    if (counts.documents >= maxDocuments) {
      if (!documentBudgetReported) {
        documentBudgetReported = true;
        report(
          problem(
            requested,
            "too-many-documents",
            `more than ${maxDocuments.toLocaleString("en-US")} sitemaps and feeds in one run; the rest were not read`,
            "narrow the run to the sitemaps you need",
          ),
        );
      }
      return;
    }
    counts.documents += 1;
    visited.add(location);
    let doc: Awaited<ReturnType<SourceFetcher["document"]>>;
    try {
      doc = await fetcher().document(location, kind, options.signal);
    } catch (error) {
      unreachable(
        requested,
        error,
        "check the URL and the network; robots.txt and the private-address guard apply to sitemaps too",
      );
      return;
    }
    const reading: Reading = {
      source: { kind, location: doc.url },
      tally: new ProblemTally(),
      format: "unknown",
      entries: 0,
      valid: 0,
    };
    const tally: ByteTally = { bytes: 0, compressed: false };
    const children: RawEntry[] = [];
    const before = counts.emitted;
    try {
      if (doc.url !== location) {
        if (chain.includes(doc.url)) {
          report(loopProblem(requested, doc.url));
          return;
        }
        visited.add(doc.url);
      }
      if (doc.status < 200 || doc.status > 299) {
        report(
          problem(
            reading.source,
            "source-http-status",
            `answered HTTP ${doc.status}`,
            doc.status >= 500 ? "the site has a problem; try again later" : "check the URL",
          ),
        );
        return;
      }
      const bytes = documentBytes(
        doc.body,
        {
          contentEncoding: headerValue(doc.headers, "content-encoding"),
          maxBytes,
          truncated: doc.truncated,
        },
        tally,
      );
      const text = await decodeDocument(
        bytes,
        headerValue(doc.headers, "content-type"),
        reading.tally,
      );
      for await (const entry of readEntries(text.chunks, doc.url, kind, reading)) {
        if (entry.type === "sitemap") {
          children.push(entry);
          continue;
        }
        const url = accept(entry, reading, root);
        if (url !== null) yield url;
        if (reachedLimit()) return;
        checkSignal(location);
      }
      if (reading.format === "text" && reading.entries > 0 && reading.valid === 0)
        throw new SourceFault("not-a-sitemap", "is text, but no line is a URL", SITEMAP_HINT);
    } catch (error) {
      if (!(error instanceof SourceFault)) throw error;
      fault(reading, error, counts.emitted - before);
    } finally {
      await doc.release();
      if (doc.truncated)
        report(
          problem(
            reading.source,
            "source-truncated",
            `was cut short by the fetcher (size cap, timeout or disconnect) after ${tally.bytes.toLocaleString("en-US")} bytes; the URLs before the cut are kept`,
            "raise --max-bytes or --timeout, or fetch it again",
          ),
        );
      finishReading(reading, tally.bytes);
    }
    // An index broken halfway still leads to the sitemaps it listed before the break.
    yield* readChildren(children, reading.source, root, depth, [...chain, location, doc.url]);
  }

  async function* readChildren(
    children: readonly RawEntry[],
    index: SourceRef,
    root: URL,
    depth: number,
    chain: readonly string[],
  ): AsyncGenerator<DiscoveredUrl> {
    const tally = new ProblemTally();
    try {
      for (const child of children) {
        if (reachedLimit()) return;
        const href = httpUrl(child.loc, child.base);
        if (href === null) {
          tally.add(
            "url-invalid",
            "sitemap entries that are no absolute http(s) URL skipped",
            "the index lists something that is not a web address",
            child.loc.slice(0, 120),
          );
          continue;
        }
        if (chain.includes(href)) {
          report(loopProblem(index, href));
          continue;
        }
        // Listed twice, or by two indexes: read once.
        if (visited.has(href)) continue;
        const changed = child.lastmod === undefined ? null : parseSourceDate(child.lastmod);
        // The protocol's <lastmod> of a sitemap is when the file last changed: one unchanged
        // since before --since lists no page changed since.
        if (
          filters.since !== undefined &&
          changed !== null &&
          dateVerdict(changed, { since: filters.since }) === "drop"
        )
          continue;
        if (depth + 1 > maxDepth) {
          report(
            problem(
              index,
              "sitemap-too-deep",
              `lists sitemaps nested more than ${maxDepth} deep; the deeper ones were not read`,
              "raise the depth bound only for a site you know nests its indexes",
              { example: href },
            ),
          );
          return;
        }
        yield* readDocument(href, "sitemap", root, depth + 1, chain);
      }
    } finally {
      for (const p of tally.drain(index)) report(p);
    }
  }

  function loopProblem(index: SourceRef, target: string): SourceProblem {
    return problem(
      index,
      "sitemap-loop",
      target === index.location
        ? "lists itself"
        : "lists a sitemap that leads back to it (a loop); it was read once",
      "every URL was read once; tell the site its index is circular",
      { example: target },
    );
  }

  /** Picks the reader for what the document turns out to be. */
  async function* readEntries(
    chunks: AsyncIterable<string>,
    url: string,
    kind: "sitemap" | "feed",
    reading: Reading,
  ): AsyncGenerator<RawEntry> {
    const peeked = await peek(chunks, (head) => head.join("").trim() !== "");
    const lead = peeked.head.join("").trimStart().charAt(0);
    const text = () => peeked.stream;
    if (lead === "<") {
      yield* readXml(
        text(),
        url,
        (root, emit) => chooseXml(root, emit, kind, reading),
        reading.tally,
      );
      return;
    }
    if (lead === "{" || lead === "[") {
      const entries = await readJsonFeed(
        text(),
        url,
        maxJson,
        reading.tally,
        reading,
        kind === "feed",
      );
      reading.format = "json-feed";
      reading.source = { kind: "feed", location: reading.source.location };
      yield* entries;
      return;
    }
    if (kind === "feed") {
      await peeked.close();
      throw new SourceFault(
        "not-a-feed",
        lead === "" ? "is empty" : "is neither XML nor JSON, so no feed",
        "check the URL; a site's feed is linked from its pages as <link rel=alternate>",
      );
    }
    reading.format = "text";
    yield* readTextUrls(text(), maxValue, reading.tally, reading);
  }

  function chooseXml(
    root: XmlElement,
    emit: (entry: RawEntry) => void,
    kind: "sitemap" | "feed",
    reading: Reading,
  ): XmlHandler {
    const local = root.local.toLowerCase();
    const counted = (handler: XmlHandler & { entries: number }): XmlHandler => ({
      open: (el) => handler.open(el),
      text: (t) => handler.text(t),
      close: (el) => {
        handler.close(el);
        reading.entries = handler.entries;
      },
    });
    const format = feedFormat(root);
    if (format !== null) {
      reading.format = format;
      reading.source = { kind: "feed", location: reading.source.location };
      return counted(new FeedReader(format, emit, reading.tally, maxValue));
    }
    if (kind === "sitemap" && local === "urlset") {
      reading.format = "urlset";
      return counted(new UrlsetReader(emit, reading.tally, maxValue));
    }
    if (kind === "sitemap" && local === "sitemapindex") {
      reading.format = "sitemapindex";
      return counted(new SitemapIndexReader(emit, reading.tally, maxValue));
    }
    const code: SourceProblemCode = kind === "feed" ? "not-a-feed" : "not-a-sitemap";
    const isSitemap = local === "urlset" || local === "sitemapindex";
    throw new SourceFault(
      code,
      `is XML with root <${root.prefix === "" ? "" : `${root.prefix}:`}${root.local}>, not ${kind === "feed" ? "an RSS, RSS 1.0 or Atom feed" : "a sitemap or feed"}`,
      isSitemap
        ? "it is a sitemap: give it with --sitemap"
        : kind === "feed"
          ? "check the URL; a site's feed is linked from its pages as <link rel=alternate>"
          : SITEMAP_HINT,
    );
  }

  async function* readSite(location: string): AsyncGenerator<DiscoveredUrl> {
    checkSignal(location);
    const root = new URL(location);
    const robotsRef: SourceRef = { kind: "robots", location: new URL("/robots.txt", root).href };
    let sitemaps: readonly string[] = [];
    let outcome = "";
    try {
      const answer = await fetcher().robotsSitemaps(root.href);
      sitemaps = answer.sitemaps;
      outcome = answer.outcome;
    } catch (error) {
      unreachable(robotsRef, error, "check the site's address and the network");
      return;
    }
    if (sitemaps.length > 0) {
      for (const sitemap of sitemaps) {
        if (reachedLimit()) return;
        if (visited.has(sitemap)) continue;
        yield* readDocument(sitemap, "sitemap", root, 0, []);
      }
      return;
    }
    const fallback = new URL("/sitemap.xml", root).href;
    report(
      problem(
        robotsRef,
        "robots-no-sitemap",
        `names no sitemap (${outcome}); trying ${fallback}`,
        "give the sitemap with --sitemap if the site keeps it elsewhere",
      ),
    );
    if (visited.has(fallback)) return;
    const before = problems.length;
    yield* readDocument(fallback, "sitemap", root, 0, []);
    // A missing /sitemap.xml after an empty robots.txt means the site offers no sitemap at all:
    // say that, rather than only "HTTP 404".
    const notFound = problems
      .slice(before)
      .find((p) => p.code === "source-http-status" && p.source.location === fallback);
    if (notFound !== undefined)
      report(
        problem(
          { kind: "robots", location: root.href },
          "no-sitemap",
          `offers no sitemap: robots.txt names none and ${fallback} ${notFound.message}`,
          "give the sitemap with --sitemap or the site's feed with --feed",
        ),
      );
  }

  async function* run(): AsyncGenerator<DiscoveredUrl> {
    for (const input of inputs) {
      if (reachedLimit()) return;
      switch (input.kind) {
        case "url": {
          const href = httpUrl(input.location, "");
          const reading: Reading = {
            source: { kind: "url", location: href ?? input.location },
            tally: new ProblemTally(),
            format: "list",
            entries: 1,
            valid: 0,
          };
          if (href === null) {
            report(
              problem(reading.source, "url-invalid", "is no absolute http(s) URL", "check the URL"),
            );
            break;
          }
          const url = accept({ type: "page", loc: href, base: "" }, reading, null);
          if (url !== null) yield url;
          break;
        }
        case "list":
          yield* readList(input.location);
          break;
        case "sitemap":
        case "feed": {
          const href = httpUrl(input.location, "");
          if (href === null) {
            report(problem(input, "url-invalid", "is no absolute http(s) URL", "check the URL"));
            break;
          }
          if (visited.has(href)) break;
          yield* readDocument(href, input.kind, new URL(href), 0, []);
          break;
        }
        case "site": {
          const href = httpUrl(input.location, "");
          if (href === null) {
            report(
              problem(
                { kind: "robots", location: input.location },
                "url-invalid",
                "is no absolute http(s) URL",
                "give the site as https://example.com",
              ),
            );
            break;
          }
          yield* readSite(href);
          break;
        }
      }
    }
  }

  return {
    [Symbol.asyncIterator]: () => run()[Symbol.asyncIterator](),
    summary: () => ({
      documents: counts.documents,
      found: counts.found,
      emitted: counts.emitted,
      duplicates: counts.duplicates,
      filtered: { ...counts.filtered },
      undated: counts.undated,
      limited: counts.limited,
      problems: [...problems],
    }),
  };
}
