import type {
  Article,
  ArticleField,
  Author,
  HeaderList,
  Person,
  Provenance,
  Warning,
} from "@vellum/model";
import { emptyArticle } from "@vellum/model";
import type { CheerioAPI } from "cheerio";
import { load } from "cheerio/slim";
import type { DomElement } from "./content/dom.js";
import {
  type AuthorBox,
  type CleanContent,
  cleanContent,
  contentText,
  type Renderings,
  renderContent,
  type TextContent,
} from "./content/index.js";
import { decodeHtml } from "./decode/decode.js";
import { limitNesting } from "./decode/nesting.js";
import { PARSE_OPTIONS, parseHtml } from "./decode/parse.js";
import { accessibleForFree } from "./metadata/access.js";
import { articleType } from "./metadata/article-type.js";
import {
  type AuthorCandidate,
  finishCandidates,
  gatherCandidates,
  type PendingCandidates,
  printedUnderHeadline,
  type ReadyCandidates,
  type RuleOutput,
  readyCandidates,
  ruleOutputs,
} from "./metadata/authors/candidates.js";
import {
  AUTHOR_MODEL,
  chooseAuthors,
  probability,
  type RankModel,
  type ScoredCandidate,
} from "./metadata/authors/rank.js";
import { attachBios, authors, bioTexts, withBios } from "./metadata/authors.js";
import { breadcrumb } from "./metadata/breadcrumb.js";
import { canonical } from "./metadata/canonical.js";
import { dek } from "./metadata/dek.js";
import { description } from "./metadata/description.js";
import { leadImage } from "./metadata/image.js";
import { keywords } from "./metadata/keywords.js";
import { language } from "./metadata/language.js";
import { sameName, splitNames } from "./metadata/names.js";
import { type Found, type Page, readPage } from "./metadata/page.js";
import { dateModified, datePublished } from "./metadata/published.js";
import { publisher } from "./metadata/publisher.js";
import { section } from "./metadata/section.js";
import { siteName, title } from "./metadata/title.js";
import { EMPTY_JSONLD } from "./structured/jsonld.js";
import { type PageMarkup, readMarkup } from "./structured/markup.js";
import { readMeta } from "./structured/meta.js";
import { EMPTY_ITEM_PROPS } from "./structured/microdata.js";
import { allElements, type Element } from "./structured/walk.js";

export interface ExtractOptions {
  /** The page URL: the base for relative links, and a source of dates and sections. Default none. */
  readonly url?: string | null;
  /** The HTTP response headers: charset, `Content-Language`. Default none. */
  readonly headers?: HeaderList;
  /**
   * Elements nested deeper than this are dropped (their text kept) before parsing, because
   * parsing and querying take quadratic time in the depth. Default 1000.
   */
  readonly maxDepth?: number;
  /**
   * The model that chooses among the author candidates. Default: the bundled one
   * (`author-model.json`, trained on the dev pages by `pnpm train`).
   */
  readonly authorModel?: RankModel;
  /**
   * Told every author candidate of the page with its features and probability, before the choice
   * (for `pnpm train` and `pnpm eval`). Default none.
   */
  readonly onAuthorCandidates?: (candidates: readonly ScoredCandidate[]) => void;
  /**
   * Which renderings of the body to make besides the text: `{ html: false }` leaves `body.html`
   * "" and `{ markdown: false }` leaves `body.markdown` "", for a caller that does not use them
   * (`vellum extract --format text`); every other field is the same. Default both.
   */
  readonly renderings?: Renderings;
  /**
   * `false` reads the body alone (text, the renderings asked for, images, word count): no
   * metadata rule runs, and every metadata field is empty (`null`, `[]`), with no warning of
   * theirs — for a caller that prints only the body (`vellum extract --format text` or `html`),
   * where those rules were about a third of the work. The body is the same either way.
   * `extractWithMarkup` reads everything regardless. Default true.
   */
  readonly metadata?: boolean;
  /**
   * Told, with the page's length in characters, once the parsed document (some five times the
   * page in memory) has become garbage and before the body's HTML and Markdown are made: where a
   * full garbage collection frees the most. `vellum extract` collects there after pages of
   * several megabytes. Default none.
   */
  readonly onDocumentRead?: (page: { readonly characters: number }) => void;
}

const NO_CONTENT: CleanContent = { tree: null, authorBoxes: [], warnings: [] };

/**
 * HTML bytes (or text) + URL → `Article`. Decodes once, parses once with htmlparser2, reads every
 * metadata field from the pristine document, then hands the document to main-content detection
 * (which mutates it). Never throws: a failing rule becomes a warning and its field stays null.
 */
export function extract(input: Uint8Array | string, options: ExtractOptions = {}): Article {
  return read({ input }, options, false).article;
}

/**
 * A page handed over to be extracted: `input` is let go (set to "") as soon as it is decoded,
 * so that the bytes of a large page can be freed while it is parsed. For the extract pool, whose
 * caller keeps no reference of its own; `extract`'s caller holds its input anyway.
 */
export interface HandedPage {
  input: Uint8Array | string;
}

/** `extract` of a handed-over page (see `HandedPage`). */
export function extractHanded(page: HandedPage, options: ExtractOptions = {}): Article {
  return read(page, options, false).article;
}

/** The fields a reader sees on the page, and where each came from. */
export interface VisibleFields {
  readonly headline: string | null;
  readonly authors: readonly Author[];
  readonly datePublished: string | null;
  /** The lead image URL. */
  readonly image: string | null;
  readonly description: string | null;
  readonly sources: Partial<
    Record<"headline" | "authors" | "datePublished" | "image" | "description", Provenance>
  >;
}

/** What `extractWithMarkup` answers. */
export interface MarkupReading {
  /** Exactly what `extract` answers for the same input. */
  readonly article: Article;
  /** The page's own structured data as written: JSON-LD blocks, microdata and RDFa Lite items. */
  readonly markup: PageMarkup;
  /**
   * The same field rules run with the page's structured data hidden (JSON-LD, microdata and
   * RDFa Lite properties, `<meta itemprop>`): what the page shows and says in its other tags,
   * to hold the markup against. Null fields: the page shows nothing the rules recognise.
   */
  readonly visible: VisibleFields;
}

const NO_VISIBLE: VisibleFields = {
  headline: null,
  authors: [],
  datePublished: null,
  image: null,
  description: null,
  sources: {},
};

/**
 * `extract`, plus the page's structured data as written and the fields read without it, from
 * the same single parse (a second extraction would double the cost of a site-wide audit).
 * Never throws.
 */
export function extractWithMarkup(
  input: Uint8Array | string,
  options: ExtractOptions = {},
): MarkupReading {
  return read({ input }, options, true);
}

/** The page seen without its structured data: the field rules then read only what is shown. */
function withoutMarkup(page: Page): Page {
  const shown = page.elements.filter((el) => el.tagName !== "meta" || !el.attribs.itemprop);
  return {
    ...page,
    ld: EMPTY_JSONLD,
    props: EMPTY_ITEM_PROPS,
    meta: readMeta(shown),
    headlineEl: page.h1s[0] ?? null,
    warnings: [],
    // Its own readings: the rules read differently without the markup.
    memo: new Map(),
  };
}

function visibleFields(page: Page): VisibleFields {
  const sources: Record<string, Provenance> = {};
  const run = <T>(field: keyof VisibleFields["sources"], rule: () => Found<T> | null): T | null => {
    try {
      const found = rule();
      if (!found) return null;
      sources[field] = found.source;
      return found.value;
    } catch {
      return null;
    }
  };
  const site = run("headline", () => siteName(page));
  delete sources.headline;
  return {
    headline: run("headline", () => title(page, site)),
    authors: run("authors", () => authors(page, site)) ?? [],
    datePublished: run("datePublished", () => datePublished(page)),
    image: run("image", () => leadImage(page))?.url ?? null,
    description: run("description", () => description(page)),
    sources,
  };
}

function read(page: HandedPage, options: ExtractOptions, withMarkup: boolean): MarkupReading {
  const warnings: Warning[] = [];
  const sources: Partial<Record<ArticleField, Provenance>> = {};
  const doc = readDocument(page, options, withMarkup, warnings, sources);
  if ("article" in doc) return doc;
  options.onDocumentRead?.({ characters: doc.characters });
  // The parsed document was `readDocument`'s alone: from here it is garbage, and the renderings
  // below (and what a caller makes of the article) need not fit in memory beside it. On a 20 MB
  // page the document is some 105 MB; the clean tree and text are about 40.
  const text = contentText(doc.content);
  // The same array when the text is there: `readDocument` reported those already.
  if (text.warnings !== doc.content.warnings) warnings.push(...text.warnings);
  const authors = finishAuthors(doc.authors, text, options, sources, warnings);
  const content = renderContent(text, options.renderings);
  if (content.warnings !== text.warnings) warnings.push(...content.warnings);
  const { fields } = doc;
  const article: Article = {
    url: fields.url,
    canonicalUrl: fields.canonicalUrl,
    headline: fields.headline,
    alternativeHeadline: fields.alternativeHeadline,
    description: fields.description,
    authors,
    datePublished: fields.datePublished,
    dateModified: fields.dateModified,
    publisher: fields.publisher,
    image: fields.image,
    images: content.images,
    language: fields.language,
    section: fields.section,
    keywords: fields.keywords,
    articleType: fields.articleType,
    isAccessibleForFree: fields.isAccessibleForFree,
    siteName: fields.siteName,
    breadcrumb: fields.breadcrumb,
    wordCount: content.wordCount,
    body: content.body,
    pageJsonLd: fields.pageJsonLd,
    sources,
    warnings,
  };
  return { article, markup: doc.markup, visible: doc.visible };
}

/** What `readDocument` read: nothing in it holds the parsed document. */
interface DocumentReading {
  /** The decoded page's length. */
  readonly characters: number;
  readonly fields: Omit<
    Article,
    "authors" | "images" | "wordCount" | "body" | "sources" | "warnings"
  >;
  readonly content: CleanContent;
  readonly authors: AuthorsRead;
  readonly markup: PageMarkup;
  readonly visible: VisibleFields;
}

/**
 * Decodes and parses the page and reads everything that needs the document: the metadata
 * fields, the main content's clean tree and text, the authors. Answers the whole reading when
 * the page could not be parsed. Rule failures go into `warnings`, provenance into `sources`.
 */
function readDocument(
  handed: HandedPage,
  options: ExtractOptions,
  withMarkup: boolean,
  warnings: Warning[],
  sources: Partial<Record<ArticleField, Provenance>>,
): DocumentReading | MarkupReading {
  const url = options.url ?? null;
  const headers = options.headers ?? [];
  const attempt = <T>(field: ArticleField | null, rule: () => Found<T> | null): T | null => {
    try {
      const found = rule();
      if (!found) return null;
      if (field) sources[field] = found.source;
      return found.value;
    } catch (error) {
      warnings.push({
        code: "rule-failed",
        message: `${field ?? "metadata"}: ${error instanceof Error ? error.message : String(error)}`,
        ...(field ? { field } : {}),
      });
      return null;
    }
  };

  let html = takeHtml(handed, headers, warnings);

  try {
    const limited = limitNesting(html, options.maxDepth ?? 1000);
    if (limited.dropped) {
      html = limited.html;
      warnings.push({
        code: "nesting-limited",
        message: `${limited.dropped} tags nested deeper than ${options.maxDepth ?? 1000} levels were dropped`,
      });
    }
  } catch (error) {
    warnings.push({
      code: "parse-failed",
      message: error instanceof Error ? error.message : String(error),
    });
  }

  const bodyOnly = options.metadata === false && !withMarkup;
  let page: Page | null = null;
  let $: CheerioAPI | null = null;
  try {
    // The htmlparser2 path (`xml` with `xmlMode: false`) is several times faster than parse5, and
    // start indices let the date rules tell what comes after the headline. `parseHtml` makes the
    // document cheerio's `load` would, faster; `load` wraps it.
    $ = load(parseHtml(html), { xml: PARSE_OPTIONS });
    if (!bodyOnly) page = readPage($, url, headers);
  } catch (error) {
    warnings.push({
      code: "parse-failed",
      message: error instanceof Error ? error.message : String(error),
    });
  }

  if (bodyOnly && $ !== null) {
    const elements = allElements($.root().get(0));
    const content = readContent($, elements, url, warnings, sources);
    releaseTree($, elements);
    return {
      characters: html.length,
      fields: noFields(url),
      content,
      authors: { kind: "none" },
      markup: NO_MARKUP,
      visible: NO_VISIBLE,
    };
  }
  if (!page) {
    const empty: PageMarkup = { jsonld: [], microdata: [], rdfa: [] };
    return { article: emptyArticle({ url, warnings }), markup: empty, visible: NO_VISIBLE };
  }
  const p = page;
  let markup: PageMarkup = { jsonld: [], microdata: [], rdfa: [] };
  let visible = NO_VISIBLE;
  if (withMarkup) {
    // Before the article rules run on `p` (the title rule sets its headline element) and before
    // content extraction mutates the document.
    try {
      markup = readMarkup(p.elements, html, url);
    } catch (error) {
      warnings.push({ code: "rule-failed", message: `markup: ${String(error)}` });
    }
    visible = visibleFields(withoutMarkup(p));
  }

  const site = attempt("siteName", () => siteName(p));
  const siteFound = site ? { value: site, source: sources.siteName ?? "meta" } : null;
  const headline = attempt("headline", () => title(p, site));
  // Every rule's authors are candidates; the hand-ordered rules' own answer is one more piece of
  // evidence. Located now, while the document is as parsed.
  let outputs: RuleOutput[] = [];
  let pending: PendingCandidates | null = null;
  let printed: Found<Author[]> | null = null;
  try {
    const cascade = authors(p, site);
    if (printedUnderHeadline(p, cascade)) printed = cascade;
    else {
      outputs = ruleOutputs(p, site, cascade);
      pending = gatherCandidates(p, site, outputs);
    }
  } catch (error) {
    warnings.push({ code: "rule-failed", message: `authors: ${String(error)}`, field: "authors" });
  }
  const published = attempt("datePublished", () => datePublished(p));
  const modified = attempt("dateModified", () => dateModified(p));
  const desc = attempt("description", () => description(p));
  const alt = attempt("alternativeHeadline", () => dek(p, headline, desc));
  const pub = attempt("publisher", () => publisher(p, siteFound));
  const image = attempt("image", () => leadImage(p));
  const lang = attempt("language", () => language(p));
  const sect = attempt("section", () => section(p));
  const keys = attempt("keywords", () => keywords(p)) ?? [];
  const canon = attempt("canonicalUrl", () => canonical(p));
  const free = attempt("isAccessibleForFree", () => accessibleForFree(p));
  const type = attempt("articleType", () => articleType(p));
  const crumbs = attempt("breadcrumb", () => breadcrumb(p)) ?? [];
  warnings.push(...p.ld.warnings, ...p.warnings);

  // The page's elements as read for the metadata: content detection need not walk the tree
  // again to list them.
  const content = readContent(p.$, p.elements, url, warnings, sources);

  // What the author rules need of the document, read now; the ranking needs the text as well,
  // which is made once the document is let go (`finishAuthors`).
  let authorsRead: AuthorsRead = { kind: "none" };
  try {
    if (printed) {
      sources.authors = printed.source;
      authorsRead = { kind: "printed", authors: attachBios(p, printed.value) };
    } else if (pending) {
      const boxNames = content.authorBoxes.flatMap((b) =>
        b.name ? splitNames(b.name).slice(0, 1) : [],
      );
      authorsRead = {
        kind: "ranked",
        ready: readyCandidates(pending, boxNames),
        outputs,
        bios: bioTexts(p),
      };
    }
  } catch (error) {
    authorsRead = { kind: "failed", error };
  }

  releaseTree(p.$, p.elements);
  return {
    characters: html.length,
    fields: {
      url,
      canonicalUrl: canon,
      headline,
      alternativeHeadline: alt,
      description: desc,
      datePublished: published,
      dateModified: modified,
      publisher: pub,
      image,
      language: lang,
      section: sect,
      keywords: keys,
      articleType: type,
      isAccessibleForFree: free,
      siteName: site,
      breadcrumb: crumbs,
      pageJsonLd: p.ld.blocks,
    },
    content,
    authors: authorsRead,
    markup,
    visible,
  };
}

/**
 * Nothing reads the document after this, but it does not die young by itself: cheerio's `load`
 * defines a class per document whose closure holds the root, and V8 keeps a class (its map) in
 * the old generation until a full GC; and once V8 pretenures some of the tree's allocations (their
 * sites see most of what they made survive the parse), old garbage holds young nodes. A minor GC
 * takes whatever the old generation points at as alive, so every scavenge copied and promoted the
 * trees of all pages read since the last full GC. Emptying the root and every element's children
 * leaves nothing old pointing into the tree.
 */
function releaseTree($: CheerioAPI, elements: readonly Element[]): void {
  const root = $.root().get(0);
  if (root) root.children.length = 0;
  for (const el of elements) el.children.length = 0;
}

/** The main content's clean tree; its warnings (or its failure) go into `warnings`. */
function readContent(
  $: CheerioAPI,
  elements: readonly Element[],
  url: string | null,
  warnings: Warning[],
  sources: Partial<Record<ArticleField, Provenance>>,
): CleanContent {
  let content = NO_CONTENT;
  try {
    content = cleanContent($, { url }, elements as unknown as readonly DomElement[]);
    sources.body = "content";
  } catch (error) {
    warnings.push({
      code: "content-failed",
      message: error instanceof Error ? error.message : String(error),
      field: "body",
    });
  }
  warnings.push(...content.warnings);
  return content;
}

const NO_MARKUP: PageMarkup = { jsonld: [], microdata: [], rdfa: [] };

/** The metadata fields of a page whose metadata was not read (`ExtractOptions.metadata`). */
function noFields(url: string | null): DocumentReading["fields"] {
  const { authors, images, wordCount, body, sources, warnings, ...fields } = emptyArticle({ url });
  return fields;
}

/**
 * The page's text, decoded from its bytes or as given; the page keeps "" from then on. A frame
 * of its own, so that no register of the long `readDocument` holds the bytes while it parses.
 */
function takeHtml(page: HandedPage, headers: HeaderList, warnings: Warning[]): string {
  const input = page.input;
  page.input = "";
  if (typeof input === "string") return input;
  try {
    const decoded = decodeHtml(input, headers);
    if (decoded.overruled)
      warnings.push({
        code: "charset-mismatch",
        message: `declared ${decoded.overruled}, but the bytes are UTF-8: decoded as UTF-8`,
      });
    return decoded.html;
  } catch (error) {
    warnings.push({
      code: "decode-failed",
      message: error instanceof Error ? error.message : String(error),
    });
    return "";
  }
}

/** The authors as far as the document tells them (`readDocument`), before the text is known. */
type AuthorsRead =
  | { readonly kind: "none" }
  | { readonly kind: "failed"; readonly error: unknown }
  /** Printed under the headline: no ranking. */
  | { readonly kind: "printed"; readonly authors: readonly Author[] }
  | {
      readonly kind: "ranked";
      readonly ready: ReadyCandidates;
      readonly outputs: readonly RuleOutput[];
      /** The page's bio paragraphs, for the chosen Persons that have no description. */
      readonly bios: readonly (string | null)[];
    };

/** The article's authors, once its text is known: the candidates ranked, the bios attached. */
function finishAuthors(
  read: AuthorsRead,
  content: TextContent,
  options: ExtractOptions,
  sources: Partial<Record<ArticleField, Provenance>>,
  warnings: Warning[],
): readonly Author[] {
  try {
    if (read.kind === "failed") throw read.error;
    if (read.kind === "printed") return mergeAuthorBoxes(read.authors, content.authorBoxes);
    if (read.kind === "ranked") {
      const model = options.authorModel ?? AUTHOR_MODEL;
      const candidates: AuthorCandidate[] = finishCandidates(read.ready, content.text);
      const scored = candidates.map((c) => ({ ...c, probability: probability(model, c.features) }));
      options.onAuthorCandidates?.(scored);
      const chosen = chooseAuthors(scored, read.outputs, model);
      if (chosen) {
        sources.authors = chosen.source;
        return mergeAuthorBoxes(withBios(chosen.value, read.bios), content.authorBoxes);
      }
    }
  } catch (error) {
    warnings.push({ code: "rule-failed", message: `authors: ${String(error)}`, field: "authors" });
  }
  return [];
}

/** Author boxes give the bio (and a page URL and photo where the byline had none). Their names
 * alone are candidates like any other: whether they are the authors is the ranker's choice. */
function mergeAuthorBoxes(list: readonly Author[], boxes: readonly AuthorBox[]): readonly Author[] {
  if (!boxes.length) return list;
  const out = list.map((a) => {
    if (a.type !== "Person") return a;
    const box = boxes.find((b) => b.name && sameName(b.name, a.name));
    if (!box) return a;
    const merged: Person = {
      ...a,
      description: a.description ?? box.bio,
      url: a.url ?? box.url,
      image: a.image ?? box.image,
    };
    return merged;
  });
  return out;
}
