import type { HeaderList } from "@vellum/model";

/**
 * Where a URL came from. `location` is the document that listed it (a sitemap's or feed's URL
 * after redirects, a list file's path) or, for `url`, the URL itself.
 */
export interface SourceRef {
  readonly kind: "url" | "list" | "sitemap" | "feed" | "robots" | "recapture";
  readonly location: string;
}

/** One URL a source named, with what the source said about it. */
export interface DiscoveredUrl {
  /** Absolute http(s) URL, fragment removed, as the WHATWG URL parser writes it. */
  readonly url: string;
  readonly source: SourceRef;
  /**
   * When the page last changed, per the source (`<lastmod>`, Atom `updated`, JSON Feed
   * `date_modified`): `YYYY-MM-DD` when only the day is known, else a UTC instant
   * `YYYY-MM-DDTHH:MM:SSZ`.
   */
  readonly lastmod?: string;
  /** When it was published (`news:publication_date`, RSS `pubDate`, Atom `published` …), same form. */
  readonly published?: string;
  /** `news:title`, or the feed item's title. */
  readonly title?: string;
  /** Image URLs the source lists for the page (image sitemaps, feed enclosures and media). */
  readonly images?: readonly string[];
}

/** What the user asked to read. */
export type SourceInput =
  /** A page URL given directly. */
  | { readonly kind: "url"; readonly location: string }
  /** A local file of URLs, one per line (`#` comments). */
  | { readonly kind: "list"; readonly location: string }
  /** An XML sitemap, sitemap index, plain-text sitemap or RSS/Atom feed used as a sitemap. */
  | { readonly kind: "sitemap"; readonly location: string }
  /** An RSS 2.0, RSS 1.0 (RDF), Atom 1.0 or JSON Feed 1.x feed. */
  | { readonly kind: "feed"; readonly location: string }
  /** A bare site: its robots.txt `Sitemap:` lines, else `/sitemap.xml`. */
  | { readonly kind: "site"; readonly location: string };

/** A fetched sitemap or feed, handed over as bytes so that it is never held whole. */
export interface FetchedDocument {
  /** The URL after redirects: the base for relative links in the document. */
  readonly url: string;
  readonly status: number;
  readonly headers: HeaderList;
  /** The payload as served: content coding (gzip, br) kept, transfer coding removed. */
  readonly body: AsyncIterable<Uint8Array>;
  /** True when the engine cut the body short (its size or time cap, a disconnect). */
  readonly truncated: boolean;
  /** Called once when the reader is done with the body, read or not (spooled files go). */
  release(): Promise<void>;
}

/**
 * How sources reach the network. The crawl engine provides one that goes through its fetcher
 * (politeness, robots.txt, the private-address guard) and archives every exchange, so the
 * sitemaps and feeds a collection was built from are in its WARCs too.
 */
export interface SourceFetcher {
  /** Fetches a sitemap or a feed. Network failures throw `VellumError`; any status is an answer. */
  document(url: string, kind: "sitemap" | "feed", signal?: AbortSignal): Promise<FetchedDocument>;
  /** The `Sitemap:` lines of the robots.txt governing `url`, and how that file was obtained. */
  robotsSitemaps(
    url: string,
  ): Promise<{ readonly sitemaps: readonly string[]; readonly outcome: string }>;
}

/**
 * What can be wrong with a source, one code each, so a log or a script can tell them apart.
 * Errors mean something could not be read (URLs may be missing); warnings mean everything
 * readable was read.
 */
export type SourceProblemCode =
  // errors
  | "source-unreachable" // the fetch failed: network, timeout, robots.txt, private address
  | "source-http-status" // the server answered with an error status
  | "source-truncated" // the body was cut short by a size or time cap or a disconnect
  | "source-too-large" // over the size bound (uncompressed)
  | "gzip-bomb" // decompresses past the size bound
  | "gzip-damaged" // gzip/deflate/br data that does not decode
  | "xml-malformed" // not well-formed XML (unclosed or mismatched tags, cut off …)
  | "html-not-xml" // an HTML page where a sitemap or feed was expected
  | "not-a-sitemap" // readable, but no sitemap format (unknown XML root, JSON, no URL on any line)
  | "not-a-feed" // readable, but no feed format
  | "json-malformed" // a JSON Feed that is not valid JSON
  | "sitemap-loop" // a sitemap index lists itself or an index that leads back to it
  | "sitemap-too-deep" // sitemap indexes nested past the depth bound
  | "too-many-documents" // more sitemaps than the bound on documents per run
  | "list-unreadable" // a local URL list cannot be read
  | "no-sitemap" // a site whose robots.txt names no sitemap and has none at /sitemap.xml
  // warnings
  | "sitemap-over-limit" // more than the protocol's 50,000 URLs or 50 MB in one file (all kept)
  | "xml-repaired" // unescaped `&`, unknown entities, control characters: read leniently
  | "encoding-unknown" // an encoding label nobody knows: read as UTF-8
  | "encoding-mismatch" // a legacy label on bytes that are UTF-8: read as UTF-8
  | "encoding-invalid" // bytes invalid in the declared encoding: read as windows-1252
  | "url-invalid" // an entry that is no absolute http(s) URL (skipped)
  | "date-invalid" // a date that parses as none of the protocol's forms (ignored)
  | "line-too-long" // a line or value past the bound (skipped)
  | "robots-no-sitemap"; // robots.txt names no sitemap: /sitemap.xml was tried instead

export type SourceProblemSeverity = "error" | "warning";

export interface SourceProblem {
  readonly code: SourceProblemCode;
  readonly severity: SourceProblemSeverity;
  /** The document the problem is about. */
  readonly source: SourceRef;
  /** What was wrong, as a sentence without the location. */
  readonly message: string;
  /** What the user can do about it. */
  readonly hint: string;
  /** How many times it happened in this document (aggregated warnings). */
  readonly count: number;
  /** The first offending value (a URL, a date, a line number), when there is one. */
  readonly example?: string;
}

/** What a discovery run did, for a summary line and the report. */
export interface SourceSummary {
  /** Sitemaps, feeds and lists read (fetched or not found). */
  readonly documents: number;
  /** Entries read from all documents, before filtering and de-duplication. */
  readonly found: number;
  /** URLs handed on. */
  readonly emitted: number;
  readonly duplicates: number;
  /** URLs dropped by each filter. */
  readonly filtered: {
    readonly date: number;
    readonly match: number;
    readonly exclude: number;
    readonly scope: number;
  };
  /** URLs kept by a date filter because their source gives no date. */
  readonly undated: number;
  /** True when `limit` stopped the run. */
  readonly limited: boolean;
  readonly problems: readonly SourceProblem[];
}

/** Something a progress display or a log may want to show. */
export type SourceEvent =
  | {
      readonly type: "document";
      readonly source: SourceRef;
      /** What the document turned out to be. */
      readonly format: DocumentFormat;
      /** Entries it listed (URLs, or sitemaps for an index). */
      readonly entries: number;
      /** Bytes read after decompression. */
      readonly bytes: number;
    }
  | { readonly type: "problem"; readonly problem: SourceProblem };

export type DocumentFormat =
  | "urlset"
  | "sitemapindex"
  | "text"
  | "rss"
  | "rdf"
  | "atom"
  | "json-feed"
  | "list"
  | "unknown";
