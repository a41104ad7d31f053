import type { HeaderList } from "@vellum/model";
import type { Severity } from "@vellum/schema";

/** Where a finding is: one syntax of the page's structured data, or the page as a whole. */
export type FindingSource = "jsonld" | "microdata" | "rdfa" | "page";

/**
 * One problem on one page. Keyed by `rule` (not `code`, as `@vellum/schema`'s `Finding` is) since
 * audit has rules of its own; each schema `Finding` it reports becomes one, its `code` the `rule`.
 */
export interface AuditFinding {
  /** The rule's id (`--rules` lists them). */
  readonly rule: string;
  readonly severity: Severity;
  readonly source: FindingSource;
  /** 0-based position of the JSON-LD block or item among the page's blocks of that syntax. */
  readonly item: number | null;
  /** 1-based line of the page's HTML where that block or item starts. */
  readonly line: number | null;
  /** JSONPath inside the block or item, e.g. `$['@graph'][1].author`; `$` for the page. */
  readonly path: string;
  readonly message: string;
}

/** A field the markup states and the page shows. */
export type ConsistencyField = "headline" | "authors" | "datePublished" | "image" | "description";

/** One field as the markup states it and as the page shows it. */
export interface FieldComparison {
  readonly field: ConsistencyField;
  readonly source: Exclude<FindingSource, "page">;
  readonly item: number;
  readonly markup: string;
  /** Null: the page shows no value Vellum recognises, so there is nothing to compare. */
  readonly visible: string | null;
  readonly agrees: boolean | null;
}

/** One operation of an RFC 6902 JSON Patch. */
export type PatchOperation =
  | { readonly op: "add" | "replace" | "test"; readonly path: string; readonly value: unknown }
  | { readonly op: "remove"; readonly path: string }
  | { readonly op: "move" | "copy"; readonly from: string; readonly path: string };

/** The JSON-LD to paste, and how it differs from what the page has. */
export interface AuditFix {
  /**
   * The graph Vellum builds for the page, merged with the page's own JSON-LD (as `vellum jsonld`
   * emits it), plus the page's nodes it does not describe, carried over unchanged.
   */
  readonly graph: unknown;
  /**
   * The page's JSON-LD gathered into one `@graph` document (blocks that are not valid JSON left
   * out): the document the patch applies to.
   */
  readonly from: unknown;
  /** RFC 6902 operations that turn `from` into `graph`. */
  readonly patch: readonly PatchOperation[];
}

export type PageStatus = "audited" | "failed";

/** The audit of one page. */
export interface PageAudit {
  /** Position in the source: reports list pages in this order. */
  readonly index: number;
  /** The page URL (after redirects), or the file path of a local page without one. */
  readonly url: string;
  /** The site section the page belongs to, from its URL (`/news/…` → `news`). */
  readonly section: string;
  readonly status: PageStatus;
  /** HTTP status of the page, when it was fetched or captured. */
  readonly httpStatus: number | null;
  readonly headline: string | null;
  /** Counts of each syntax's blocks on the page. */
  readonly markup: { readonly jsonld: number; readonly microdata: number; readonly rdfa: number };
  readonly findings: readonly AuditFinding[];
  readonly comparisons: readonly FieldComparison[];
  /** Null for a page that could not be audited. */
  readonly fix: AuditFix | null;
}

/** A page to audit: its URL, its bytes and the headers it was served with. */
export interface AuditInput {
  readonly kind: "page";
  /** The page URL; null for a local file given without one. */
  readonly url: string | null;
  /** What to call it in reports when it has no URL: the file path. */
  readonly label: string;
  /** The body, content coding removed (charset decoding is extraction's). */
  readonly bytes: Uint8Array;
  readonly headers: HeaderList;
  readonly status: number | null;
  /** Pixel sizes of images captured with the page, by absolute URL. */
  readonly imageSizes?: ReadonlyMap<string, { readonly width: number; readonly height: number }>;
}

/** A page that could not be had: fetch failed, not HTML, a capture with an error status. */
export interface AuditInputFailure {
  readonly kind: "failure";
  readonly url: string | null;
  readonly label: string;
  readonly status: number | null;
  /** One readable line. */
  readonly reason: string;
}

/** What an audit reads: pages one after another, from URLs, files or a collection. */
/** One page of a source: its bytes to audit, or why it could not be had. */
export type AuditItem = AuditInput | AuditInputFailure;

export type AuditSource = AsyncIterable<AuditItem>;
