import type { ArticlePeople, Organization, Warning } from "@vellum/model";
import type { Graph } from "schema-dts";
import type { Vocabulary } from "./vocabulary.js";

/** A schema.org JSON-LD document: one `@context` and one `@graph` of nodes linked by `@id`. */
export type JsonLdDocument = Graph;

export interface JsonLdOptions {
  /** Add `articleBody` (the plain text). Default `false`: the body is long and rarely wanted in SEO markup. */
  readonly withBody?: boolean;
  /** The site's home page URL, for site-level `@id`s. Default: the origin of the page URL. */
  readonly siteUrl?: string;
  /** The site name for `WebSite.name`. Default: the extracted site name, else the publisher's. */
  readonly siteName?: string;
  /** The publisher to describe. Default: the extracted one, else one named after the site. */
  readonly publisher?: Organization;
  /**
   * Merge the page's own JSON-LD (`article.pageJsonLd`): keep its sound values, fill its gaps.
   * Default `true`.
   */
  readonly merge?: boolean;
  /** Told about every value fixed or left out. Default: none. */
  readonly onWarning?: (warning: Warning) => void;
  /** The vocabulary used to judge page values when merging. Default: the bundled one. */
  readonly vocabulary?: Vocabulary;
  /**
   * The people the article quotes (`@vellum/people`): each becomes a Person node with `jobTitle`
   * and `worksFor`, referenced from the article's `mentions`. Default none: no `mentions`.
   */
  readonly people?: ArticlePeople;
}

/** `info`: a recommendation worth knowing, never a defect. */
export type Severity = "error" | "warning" | "info";

/**
 * One thing the validator noticed in a JSON-LD document. Not archive's `Finding` (what `verify`
 * noticed in an archive: no `info`, a path that may be null) nor audit's `AuditFinding` (keyed by
 * its rule, with where on the page); they share no base type on purpose: their fields differ in
 * what they mean, each is a package's public output, and no code handles two kinds together.
 */
export interface Finding {
  readonly severity: Severity;
  /** JSONPath of the offending value, e.g. `$['@graph'][1].author`. */
  readonly path: string;
  /** Stable, kebab-case, e.g. `unknown-type`, `author-name-prefix`. */
  readonly code: string;
  readonly message: string;
}

export interface ValidationReport {
  /** True when there is no error (warnings allowed). */
  readonly valid: boolean;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  /** In document order. */
  readonly findings: readonly Finding[];
}

export interface ValidateOptions {
  /** The vocabulary to check against. Default: the bundled schema.org vocabulary. */
  readonly vocabulary?: Vocabulary;
  /** Apply Google's Article guidance on top of the vocabulary. Default `true`. */
  readonly google?: boolean;
  /**
   * Also report Google's recommended Article properties that are missing (`info` findings:
   * dateModified, author.url). Default `false`: they are advice, not defects.
   */
  readonly recommended?: boolean;
  /**
   * The pixel size of an image the markup gives without width and height, when it can be read
   * (an image captured with the page). Default: sizes only from the markup.
   */
  readonly imageSize?: (url: string) => { readonly width: number; readonly height: number } | null;
}
