import {
  extractWithMarkup,
  type MarkupBlock,
  type PageMarkup,
  type VisibleFields,
} from "@vellum/extract";
import type { Article } from "@vellum/model";
import {
  buildJsonLd,
  type Finding,
  loadVocabulary,
  type Vocabulary,
  validateJsonLd,
} from "@vellum/schema";
import { compareWithPage, type MarkupArticle } from "./consistency.js";
import { fixFor } from "./fix.js";
import { type FoundNode, findNodes, isA, nodeIndex, pickArticle } from "./nodes.js";
import { severityOf } from "./rules.js";
import { sectionOf } from "./section.js";
import type {
  AuditFinding,
  AuditInput,
  AuditInputFailure,
  ConsistencyField,
  FieldComparison,
  FindingSource,
  PageAudit,
} from "./types.js";

export interface AuditPageOptions {
  /** Default: the bundled schema.org vocabulary. */
  readonly vocabulary?: Vocabulary;
}

const BLOCK_PATH = /^\$\[(\d+)\]/;

/** The validator's findings for one syntax's blocks, each placed in its block. */
function validateBlocks(
  syntax: Exclude<FindingSource, "page">,
  blocks: readonly MarkupBlock[],
  vocab: Vocabulary,
  imageSize: ((url: string) => { width: number; height: number } | null) | null,
): AuditFinding[] {
  if (blocks.length === 0) return [];
  const options = {
    vocabulary: vocab,
    recommended: true,
    ...(imageSize === null ? {} : { imageSize }),
  };
  const place = (f: Finding, item: number, path: string): AuditFinding => ({
    rule: f.code,
    severity: f.severity,
    source: syntax,
    item,
    line: blocks[item]?.line ?? null,
    path,
    message: f.message,
  });
  const out: AuditFinding[] = [];
  for (const block of blocks) {
    if (block.error !== null) {
      out.push({
        rule: "invalid-json",
        severity: severityOf("invalid-json"),
        source: syntax,
        item: block.index,
        line: block.line,
        path: "$",
        message: `not valid JSON: ${block.error}`,
      });
    }
  }
  if (syntax === "jsonld") {
    // A page's JSON-LD blocks are one document: their @ids may link across blocks.
    const together = blocks.map((b) => (b.error === null ? b.data : undefined));
    for (const f of validateJsonLd(together, options).findings) {
      const m = BLOCK_PATH.exec(f.path);
      const item = Number(m?.[1] ?? 0);
      if (blocks[item]?.error !== null) continue; // its invalid-json says all there is
      out.push(place(f, item, `$${f.path.slice(m?.[0].length ?? 1)}`));
    }
  } else {
    for (const block of blocks) {
      for (const f of validateJsonLd(block.data, options).findings) {
        out.push(place(f, block.index, f.path));
      }
    }
  }
  return out;
}

/** The article node of each syntax that has one. */
function markupArticles(
  markup: PageMarkup,
  pageUrl: string | null,
  vocab: Vocabulary,
): { articles: MarkupArticle[]; anyArticle: boolean } {
  const articles: MarkupArticle[] = [];
  let anyArticle = false;
  for (const syntax of ["jsonld", "microdata", "rdfa"] as const) {
    const blocks = markup[syntax].filter((b) => b.error === null);
    const found: Array<FoundNode & { item: number }> = [];
    for (const block of blocks) {
      for (const f of findNodes(block.data)) found.push({ ...f, item: block.index });
    }
    if (found.some((f) => isA(f.node, "Article", vocab))) anyArticle = true;
    const chosen = pickArticle(found, pageUrl, vocab) as (FoundNode & { item: number }) | null;
    if (chosen === null) continue;
    articles.push({
      source: syntax,
      item: chosen.item,
      line: markup[syntax][chosen.item]?.line ?? null,
      path: chosen.path,
      node: chosen.node,
      index: nodeIndex(found),
    });
  }
  return { articles, anyArticle };
}

function pageFinding(rule: string, message: string): AuditFinding {
  return {
    rule,
    severity: severityOf(rule),
    source: "page",
    item: null,
    line: null,
    path: "$",
    message,
  };
}

/**
 * Audits one page: each block of its structured data validated (the schema.org vocabulary and
 * Google's Article guidance, recommended properties as info), its article markup held against
 * what the page shows, and the fix. Never throws for a bad page: what is wrong with it is a
 * finding.
 */
export function auditPage(
  input: AuditInput,
  index: number,
  options: AuditPageOptions = {},
): PageAudit {
  const vocab = options.vocabulary ?? loadVocabulary();
  const { article, markup, visible } = extractWithMarkup(input.bytes, {
    url: input.url,
    headers: input.headers,
    // Nothing in an audit reads the body's HTML or Markdown (the graph takes its text at most):
    // rendering them cost about 3% of a page's audit.
    renderings: { html: false, markdown: false },
  });
  const sizes = input.imageSizes;
  const imageSize = sizes === undefined ? null : (url: string) => sizes.get(url) ?? null;
  const findings: AuditFinding[] = [];
  const total = markup.jsonld.length + markup.microdata.length + markup.rdfa.length;
  if (total === 0) {
    findings.push(
      pageFinding("no-structured-data", "the page has no JSON-LD, microdata or RDFa item"),
    );
  }
  for (const syntax of ["jsonld", "microdata", "rdfa"] as const) {
    findings.push(...validateBlocks(syntax, markup[syntax], vocab, imageSize));
  }
  const { articles, anyArticle } = markupArticles(markup, input.url, vocab);
  if (total > 0 && !anyArticle) {
    findings.push(
      pageFinding(
        "no-article-markup",
        "the page's structured data has no Article, NewsArticle, BlogPosting or other Article type",
      ),
    );
  }
  const comparisons: FieldComparison[] = [];
  for (const a of articles) {
    const compared = compareWithPage(a, visible);
    comparisons.push(...compared.comparisons);
    findings.push(...compared.findings);
  }
  const built = buildJsonLd(agreeingArticle(article, visible, comparisons, input.url, vocab), {
    vocabulary: vocab,
  }) as { "@graph"?: unknown };
  return {
    index,
    url: input.url ?? input.label,
    section: sectionOf(input.url),
    status: "audited",
    httpStatus: input.status,
    headline: article.headline,
    markup: {
      jsonld: markup.jsonld.length,
      microdata: markup.microdata.length,
      rdfa: markup.rdfa.length,
    },
    findings,
    comparisons,
    fix: fixFor(built, markup.jsonld, vocab),
  };
}

const ARTICLE_KEYS: Readonly<Record<ConsistencyField, readonly string[]>> = {
  headline: ["headline", "name"],
  authors: ["author"],
  datePublished: ["datePublished"],
  image: ["image", "thumbnailUrl"],
  description: ["description"],
};

/**
 * The article the fix is built from: where the markup contradicts the page, the page is right
 * (that is what readers see), so the visible value is taken and the page's contradicting JSON-LD
 * value is kept out of the merge, which would otherwise carry it back in.
 */
function agreeingArticle(
  article: Article,
  visible: VisibleFields,
  comparisons: readonly FieldComparison[],
  pageUrl: string | null,
  vocab: Vocabulary,
): Article {
  const wrong = new Set(comparisons.filter((c) => c.agrees === false).map((c) => c.field));
  if (wrong.size === 0) return article;
  const blocks = structuredClone(article.pageJsonLd) as unknown[];
  const found = blocks.flatMap((b) => findNodes(b));
  const own = pickArticle(found, pageUrl, vocab);
  for (const field of wrong) for (const key of ARTICLE_KEYS[field]) delete own?.node[key];
  const fixed: { -readonly [K in keyof Article]: Article[K] } = { ...article, pageJsonLd: blocks };
  if (wrong.has("headline")) fixed.headline = visible.headline;
  if (wrong.has("authors")) fixed.authors = visible.authors;
  if (wrong.has("datePublished")) fixed.datePublished = visible.datePublished;
  if (wrong.has("description")) fixed.description = visible.description;
  if (wrong.has("image") && visible.image !== null) {
    fixed.image = { url: visible.image, width: null, height: null, caption: null };
  }
  return fixed;
}

/** The entry for a page that could not be audited: one finding saying why. */
export function failedPage(failure: AuditInputFailure, index: number): PageAudit {
  return {
    index,
    url: failure.url ?? failure.label,
    section: sectionOf(failure.url),
    status: "failed",
    httpStatus: failure.status,
    headline: null,
    markup: { jsonld: 0, microdata: 0, rdfa: 0 },
    findings: [pageFinding("page-not-audited", failure.reason)],
    comparisons: [],
    fix: null,
  };
}
