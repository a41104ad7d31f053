/**
 * Main-content detection over a cheerio document: finds the article, drops the page furniture
 * around and inside it, and serialises what is left as text, safe HTML and Markdown.
 * Never throws: an input it cannot make sense of yields empty strings and a warning.
 */
import type { ArticleBody, ImageRef, Warning } from "@vellum/model";
import type { CheerioAPI } from "cheerio";
import { parseDate } from "../metadata/dates.js";
import { PageStats } from "./analyze.js";
import { type AuthorBox, isAuthorBoxName, readAuthorBox } from "./author-box.js";
import { classWeight, semanticTag } from "./boilerplate.js";
import { buildCleanTree, type CleanElement, type CleanNode } from "./clean-tree.js";
import { attr, type DomElement, type DomParent, textOf } from "./dom.js";
import { toHtml, toMarkdown, toText } from "./render.js";
import { selectContent } from "./select.js";
import { UrlResolver } from "./urls.js";

export type { AuthorBox } from "./author-box.js";

export interface ContentResult {
  readonly body: ArticleBody;
  /** The body's images in order, absolute, with width/height when the page gives them. */
  readonly images: readonly ImageRef[];
  /** Words (runs of letters and digits) in `body.text`. */
  readonly wordCount: number;
  /** Author boxes removed from the body; their bios belong to the Person. */
  readonly authorBoxes: readonly AuthorBox[];
  /** `content-not-found`, `content-too-large`, `content-failed`. */
  readonly warnings: readonly Warning[];
}

export interface ContentOptions {
  /** Base for absolute URLs in `body.html` (a `<base href>` in the page is honoured). */
  readonly url: string | null;
  /**
   * Pages with more elements than this are not analysed (a warning says so), which bounds the
   * time spent on hostile input. Default 1,000,000.
   */
  readonly maxElements?: number;
  /** Which renderings of the body to make besides its text (see `Renderings`). Default both. */
  readonly renderings?: Renderings;
}

/**
 * The body renderings besides the text, which is always made: a caller that prints only the text
 * (or JSON, which carries only the text) skips the cost of the others. One skipped is "".
 */
export interface Renderings {
  /** `body.html`, the safe HTML. Default true. */
  readonly html?: boolean;
  /** `body.markdown`. Default true. */
  readonly markdown?: boolean;
}

const EMPTY_BODY: ArticleBody = { text: "", html: "", markdown: "" };

/** Runs of link text this long or longer inside the body are a list of links, not prose. */
const LINK_LIST_DENSITY = 0.5;

export function extractContent($: CheerioAPI, options: ContentOptions): ContentResult {
  return renderContent(contentText(cleanContent($, options)), options.renderings);
}

/**
 * The main content read from the document: its clean tree, which holds nothing of the document,
 * so that the document can be let go before the body is rendered.
 */
export interface CleanContent {
  /** Null when there is no main content (`warnings` says why). */
  readonly tree: CleanElement | null;
  readonly authorBoxes: readonly AuthorBox[];
  readonly warnings: readonly Warning[];
}

/** `CleanContent` and its text. */
export interface TextContent extends CleanContent {
  /** `body.text`. */
  readonly text: string;
}

function failed(error: unknown): Warning {
  return {
    code: "content-failed",
    message: `main-content detection failed: ${error instanceof Error ? error.message : String(error)}`,
    field: "body",
  };
}

/** The first step of `extractContent`: everything that reads the document. Never throws. */
export function cleanContent(
  $: CheerioAPI,
  options: ContentOptions,
  elements?: readonly DomElement[],
): CleanContent {
  try {
    // The page's statistics (an array per element) live only in `cleanBody`'s frame: they are
    // garbage by the time the body is rendered.
    const found = cleanBody($, options, elements);
    if (!("tree" in found))
      return { tree: null, authorBoxes: found.authorBoxes, warnings: found.warnings };
    return { tree: found.tree, authorBoxes: found.authorBoxes, warnings: [] };
  } catch (error) {
    return { tree: null, authorBoxes: [], warnings: [failed(error)] };
  }
}

/**
 * The second step of `extractContent`: the text of the clean tree. Never throws. The warnings
 * are the content's own, or (a new array) that the text is empty or could not be made.
 */
export function contentText(content: CleanContent): TextContent {
  const { tree } = content;
  if (tree === null) return { ...content, text: "" };
  try {
    const text = toText(tree);
    if (text) return { ...content, text };
    return {
      ...content,
      text,
      warnings: [
        { code: "content-not-found", message: "the main content has no text", field: "body" },
      ],
    };
  } catch (error) {
    return { tree: null, text: "", authorBoxes: [], warnings: [failed(error)] };
  }
}

/** The last step of `extractContent`: the renderings of the clean tree. Never throws. */
export function renderContent(content: TextContent, renderings?: Renderings): ContentResult {
  const { tree, text, authorBoxes, warnings } = content;
  if (tree === null) return empty(warnings, authorBoxes);
  try {
    return {
      body: {
        text,
        html: renderings?.html === false ? "" : toHtml(tree),
        markdown: renderings?.markdown === false ? "" : toMarkdown(tree),
      },
      images: collectImages(tree),
      wordCount: countWords(text),
      authorBoxes,
      warnings,
    };
  } catch (error) {
    return empty([failed(error)]);
  }
}

/** No main content, and why. */
function none(
  warnings: readonly Warning[],
  authorBoxes: readonly AuthorBox[] = [],
): { readonly authorBoxes: readonly AuthorBox[]; readonly warnings: readonly Warning[] } {
  return { authorBoxes, warnings };
}

function empty(
  warnings: readonly Warning[],
  authorBoxes: readonly AuthorBox[] = [],
): ContentResult {
  return { body: EMPTY_BODY, images: [], wordCount: 0, authorBoxes, warnings };
}

/** The clean tree of the main content, or why there is none. */
function cleanBody(
  $: CheerioAPI,
  options: ContentOptions,
  elements: readonly DomElement[] | undefined,
):
  | { readonly authorBoxes: readonly AuthorBox[]; readonly warnings: readonly Warning[] }
  | { readonly tree: CleanElement; readonly authorBoxes: readonly AuthorBox[] } {
  const root = $.root().get(0) as unknown as DomParent | undefined;
  if (!root || !Array.isArray(root.children)) {
    return none([{ code: "content-not-found", message: "the document is empty", field: "body" }]);
  }
  const stats = new PageStats(root, elements);
  const maxElements = options.maxElements ?? 1_000_000;
  if (stats.els.length > maxElements) {
    return none([
      {
        code: "content-too-large",
        message: `the page has ${stats.els.length} elements, over the limit of ${maxElements}`,
        field: "body",
      },
    ]);
  }
  const baseEl = stats.els.find((e) => e.name === "base" && attr(e, "href"));
  const urls = new UrlResolver(options.url, baseEl ? attr(baseEl, "href") : null);

  const authorBoxes: AuthorBox[] = [];
  for (let i = 0; i < stats.els.length; i++) {
    const el = stats.els[i] as DomElement;
    if (el.name === "body" || el.name === "html" || el.name === "article" || el.name === "main")
      continue;
    if (!isAuthorBoxName(el)) continue;
    // Only the outermost box: its inner parts match the same names.
    let inside = false;
    for (
      let p = stats.parent[i] as number, k = 0;
      p >= 0 && k < 6;
      p = stats.parent[p] as number, k++
    ) {
      if (stats.dropped[p]) inside = true;
    }
    if (inside) continue;
    const box = readAuthorBox(el, urls);
    if (box) authorBoxes.push(box);
    stats.dropped[i] = 1;
  }

  stats.markDrops();
  const { roots } = selectContent(stats);
  if (roots.length === 0) {
    return none(
      [{ code: "content-not-found", message: "no main content found", field: "body" }],
      authorBoxes,
    );
  }
  const tree = buildCleanTree(
    roots.map((i) => stats.els[i] as DomElement),
    { urls, skip: headlineAware(stats, new Set(roots)), rename: semanticTag },
  );
  return { tree, authorBoxes };
}

/** Whether each BMP code point is a word character: 0 not yet known, 1 no, 2 yes. */
const WORD_CHAR = new Uint8Array(0x10000);
const WORD_CP = /^[\p{L}\p{N}_]$/u;

function isWordChar(cp: number): boolean {
  if (cp < 0x80)
    return (cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90) || (cp >= 48 && cp <= 57) || cp === 95;
  if (cp > 0xffff) return WORD_CP.test(String.fromCodePoint(cp));
  let known = WORD_CHAR[cp] as number;
  if (known === 0) {
    known = WORD_CP.test(String.fromCharCode(cp)) ? 2 : 1;
    WORD_CHAR[cp] = known;
  }
  return known === 2;
}

/** Runs of `[\p{L}\p{N}_]`, counted by code point without an array of every word. */
export function countWords(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i) as number;
    const word = isWordChar(cp);
    if (word && !inWord) count++;
    inWord = word;
    i += cp > 0xffff ? 2 : 1;
  }
  return count;
}

/** Elements that may wrap several blocks; judged on their link density and class words. */
const CONDITIONAL = new Set([
  "div",
  "section",
  "ul",
  "ol",
  "dl",
  "table",
  "form",
  "aside",
  "header",
  "footer",
  "nav",
  "figure",
]);

const TEASER_LEAD =
  /^(?:related|read more|read also|also read|see also|more|recommended|watch|listen|click here|more on this|don[’']?t miss|editor'?s pick|trending|popular|sign up|subscribe|follow us)\b[^.!?]{0,40}[:|»›>–—-]/iu;

/** A short line selling the newsletter or a subscription, set between paragraphs. */
const PROMO_LINE =
  /\byour inbox\b|\bsign up (?:for|to)\b.{0,60}\bnewsletter|\bsubscribe to (?:our|the)\b|\bsubscriptions? service\b/iu;

/**
 * Every PROMO_LINE match contains one of these, under the same `iu` folding. V8 runs the `\b`
 * alternation of PROMO_LINE some 30 times slower than this literal scan, on every short block.
 */
const MAYBE_PROMO = /inbox|sign up|subscri/iu;

/** The same leads set as a shouted label ("DON'T MISS" then a line break and links). */
const TEASER_CAPS =
  /^(?:RELATED|READ MORE|READ ALSO|SEE ALSO|ALSO READ|DON[’']?T MISS|MORE|RECOMMENDED|WATCH|LISTEN|TRENDING|MOST READ)\b/u;

const JUNK_LINE =
  /^(?:https?:\/\/\S+|advertisement|advertisements|just watched|must watch|read more|more videos|replay|video ad feedback|don[’']?t miss|related|related (?:articles|stories|posts|content|coverage)|read next|most popular|most read|trending now|more stories|image \d+ of \d+|photo \d+ of \d+|\d+ of \d+|\((?:image|photo|picture) credit:[^)]*\)|(?:image|photo|picture) credit:.*|sponsored(?: content)?|scroll to continue(?: with content)?|continue reading(?: below)?|share this(?: article| story| post)?:?|click to share.*|loading\.*|image|photo|skip (?:to )?ad)$/iu;

/**
 * The skip rule for the build walk, which visits elements in document order: an `<h1>` before
 * any paragraph is the page headline (not body text), while later ones are section headings
 * on pages that use `<h1>` for those.
 */
function headlineAware(stats: PageStats, roots: ReadonlySet<number>): (el: DomElement) => boolean {
  let seenParagraph = false;
  const totalPara = stats.totalPara();
  const headline = firstHeading(stats, roots);
  return (el) => {
    if (el.name === "h1" && !seenParagraph) return true;
    const i = stats.indexOf(el);
    if (!seenParagraph && i !== undefined) {
      if (isLeadFurniture(stats, el, i)) return true;
      if (i < headline && (stats.end[i] as number) <= headline && isKicker(stats, el, i))
        return true;
    }
    // The selection already judged the roots as a whole; only their parts are weighed here.
    if (i !== undefined && roots.has(i)) return stats.dropped[i] === 1;
    const skip = skipInBody(stats, el, totalPara);
    if (!skip && el.name === "p") {
      const i = stats.indexOf(el);
      if (i !== undefined && (stats.text[i] as number) > 0) seenParagraph = true;
    }
    return skip;
  };
}

const BYLINE_LINE =
  /^(?:(?:by|von|par|por|door|di|av|af)\s+|(?:author|auteur|autor(?:in)?|autore|автор|yazar)\s*[:：]\s*)\S.{0,80}$/iu;
const MONTH =
  /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s|\b\d{1,4}[./年-]\s?\d{1,2}[./月-]\s?\d{1,4}/iu;
const DATE_LEAD =
  /^(?:published|updated|posted|last updated|modified|veröffentlicht|aktualisiert|publié|publicado)\b/iu;

/**
 * Before the first paragraph, a short byline ("By Jane Doe") or date line ("Nov. 19, 2019,
 * 8:41 AM UTC", "Published November 20th, 2019") belongs to the page's metadata, not its text.
 */
function isLeadFurniture(stats: PageStats, el: DomElement, i: number): boolean {
  const t = stats.text[i] as number;
  if (t === 0 || t > 100 || INLINE_FORMATTING.has(el.name)) return false;
  const line = textOf(el, undefined, 120);
  if (BYLINE_LINE.test(line)) return true;
  if (!/\b(?:19|20)\d{2}\b/u.test(line) || line.split(" ").length > 12) return false;
  // Month names of the languages the date rules read ("5 октября 2023", "3. März 2024").
  return DATE_LEAD.test(line) || MONTH.test(line) || parseDate(line) !== null;
}

/**
 * The document-order index of the first `<h1>` inside the selected roots (the page headline,
 * which the walk leaves out), or -1 when they hold none.
 */
function firstHeading(stats: PageStats, roots: ReadonlySet<number>): number {
  let first = -1;
  for (const r of roots) {
    const end = stats.end[r] as number;
    for (let d = r; d < end; d++) {
      if ((stats.els[d] as DomElement).name === "h1") {
        if (first === -1 || d < first) first = d;
        break;
      }
    }
  }
  return first;
}

/**
 * Above the headline, a label of a word or three with no sentence in it ("Travel", "Review",
 * "TECH") is the section's kicker, metadata rather than text; under the headline the same words
 * may be a dateline or a subheading the article begins with.
 */
function isKicker(stats: PageStats, el: DomElement, i: number): boolean {
  const t = stats.text[i] as number;
  if (t === 0 || t > 40 || INLINE_FORMATTING.has(el.name)) return false;
  const line = textOf(el, undefined, 60);
  return line.split(" ").length <= 3 && !/[.!?:;]$/u.test(line);
}

/** Inline formatting inside a sentence: never judged as a line of its own. */
const INLINE_FORMATTING = new Set([
  "a",
  "b",
  "em",
  "i",
  "strong",
  "u",
  "code",
  "sub",
  "sup",
  "small",
]);

function skipInBody(stats: PageStats, el: DomElement, totalPara: number): boolean {
  const i = stats.indexOf(el);
  if (i === undefined) return false;
  if (stats.dropped[i]) return true;
  const t = stats.text[i] as number;
  const ld = stats.linkDensity(i);
  // A counter ("6", "3/8") or a bare URL on a line of its own is a widget's, not prose.
  if (t > 0 && t <= 7 && (el.name === "div" || el.name === "span" || el.name === "p")) {
    if (/^[\d\s/.,:|-]+$/u.test(textOf(el, undefined, 20))) return true;
  }
  if (
    t >= 4 &&
    t <= 80 &&
    !INLINE_FORMATTING.has(el.name) &&
    JUNK_LINE.test(textOf(el, undefined, 60))
  ) {
    return true;
  }
  if (CONDITIONAL.has(el.name)) {
    // Most of the page's paragraphs: the article itself, however many links it carries.
    if ((stats.para[i] as number) >= 0.5 * totalPara && totalPara > 0) return false;
    const weight = classWeight(el);
    if (ld > LINK_LIST_DENSITY && t < 3000) return true;
    if (weight < 0 && (stats.para[i] as number) < 0.5 * t && t < 1000) return true;
    return false;
  }
  if (
    el.name === "p" ||
    el.name === "li" ||
    el.name === "h2" ||
    el.name === "h3" ||
    el.name === "h4" ||
    el.name === "div"
  ) {
    if (t === 0) return false;
    // Prose is not made of links: a block that is nearly all link text is a teaser or a list.
    if (t < 1000 && ld > 0.8 && el.name !== "li") return true;
    // Reading the text costs an allocation per block: only where a rule below can apply.
    if (t < 200 || (t < 600 && ld > 0.3)) {
      const line = textOf(el, undefined, 300);
      if (t < 200 && JUNK_LINE.test(line)) return true;
      if (t < 160 && MAYBE_PROMO.test(line) && PROMO_LINE.test(line)) return true;
      if (ld > 0.3 && (TEASER_LEAD.test(line) || TEASER_CAPS.test(line))) return true;
    }
  }
  return false;
}

function collectImages(tree: CleanElement): ImageRef[] {
  const images: ImageRef[] = [];
  const seen = new Set<string>();
  const visit = (node: CleanNode, caption: string | null) => {
    if (typeof node === "string") return;
    if (node.tag === "img") {
      const get = (k: string) => node.attrs.find(([key]) => key === k)?.[1] ?? null;
      const src = get("src");
      if (!src || seen.has(src)) return;
      const width = numberOrNull(get("width"));
      const height = numberOrNull(get("height"));
      // 1×1 trackers are not images of the article.
      if ((width !== null && width <= 2) || (height !== null && height <= 2)) return;
      seen.add(src);
      images.push({ url: src, width, height, caption });
      return;
    }
    let inner = caption;
    if (node.tag === "figure") {
      const fc = node.children.find(
        (c): c is CleanElement => typeof c !== "string" && c.tag === "figcaption",
      );
      inner = fc ? plainText(fc) || null : null;
    }
    for (const child of node.children) visit(child, inner);
  };
  visit(tree, null);
  return images;
}

function plainText(node: CleanNode): string {
  if (typeof node === "string") return node;
  return node.children.map(plainText).join("").replace(/\s+/gu, " ").trim();
}

function numberOrNull(value: string | null): number | null {
  if (value === null) return null;
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) && n > 0 ? n : null;
}
