import type { HeaderList, Provenance, Warning } from "@vellum/model";
import type { CheerioAPI } from "cheerio";
import { isObject, type JsonLdData, type JsonObject, readJsonLd } from "../structured/jsonld.js";
import { type MetaTags, readMeta } from "../structured/meta.js";
import { type ItemProps, readItemProps } from "../structured/microdata.js";
import { clean, decodeEntities } from "../structured/normalize.js";
import { allElements, type Element, spacedText } from "../structured/walk.js";

/** A value with the rule that gave it. */
export interface Found<T> {
  readonly value: T;
  readonly source: Provenance;
}

/**
 * Everything the field rules read, gathered once from the pristine document so that no rule
 * scans the whole page again: meta tags, JSON-LD, microdata, headings.
 */
export interface Page {
  readonly $: CheerioAPI;
  readonly url: string | null;
  readonly headers: HeaderList;
  readonly meta: MetaTags;
  readonly props: ItemProps;
  readonly ld: JsonLdData;
  /** Every element in document order, gathered once; rules filter it instead of querying. */
  readonly elements: readonly Element[];
  /** `<html lang>` as written, lower case, or "". */
  readonly htmlLang: string;
  /** The `<title>` text. */
  readonly titleTag: string | null;
  /** `<h1>` elements outside page chrome, in order. */
  readonly h1s: readonly Element[];
  /** The h1 chosen as the headline (set by the title rule, which runs first), else the first h1. */
  headlineEl: Element | null;
  readonly warnings: Warning[];
  /** True when the element sits in a sidebar, comment, related list, footer or navigation. */
  isChrome(el: Element): boolean;
  /**
   * The narrower test for explicit markup (`itemprop=author`): only comments, related lists and
   * sidebars disqualify it, not a `<nav>` or footer that some sites wrap their byline in.
   */
  isAside(el: Element): boolean;
  /** What `PageCache`s hold for this view of the page (a copy of the view needs its own). */
  readonly memo: Map<unknown, unknown>;
  /** What `DocumentCache`s hold for the document, shared by every view of it. */
  readonly documentMemo: Map<unknown, unknown>;
}

const ASIDE =
  /(?:^|[\s_-])(?:comments?|comment-list|respond|replies|sidebar|related|recommend\w*)(?:$|[\s_-])/i;

/** Class or id words that mark page chrome: dates and names found in there are not the article's. */
const CHROME =
  /(?:^|[\s_-])(?:comments?|comment-list|respond|replies|sidebar|side-bar|related|recommend\w*|more-stories|popular|most-read|mostread|trending|archives?|cookies?|consent|gdpr|modal|popup|footer|navbar|navigation|breadcrumbs?|newsletter|promo|outbrain|taboola|rail|carousel|read-more|readmore|next-post|prev-post|post-navigation)(?:$|[\s_-])/i;
const CHROME_TAGS = new Set(["aside", "footer", "nav", "form"]);

/**
 * Class words that name no chrome although they contain a chrome word: layout modifiers on the
 * wrappers around the article (`has-sidebar`, `with-double-sidebar`), and the taxonomy classes
 * WordPress's post_class() puts on every post (`category-popular`, `tag-related-news`), which
 * count as such only on an element that is a post (`post`, `hentry`, `type-*`): a widget classed
 * `category-popular-posts` is still a widget.
 */
const LAYOUT_MODIFIER = /^(?:has|with|no)-(?:\w+-)?sidebar$/i;
const TAXONOMY = /^(?:category|tag|post_tag|format|post-format)-/i;
const POST_CLASS = /^(?:post|hentry|type-[\w-]+)$/i;

function isChromeName(cls: string | undefined, id: string | undefined): boolean {
  const names = `${cls ?? ""} ${id ?? ""}`;
  if (!CHROME.test(names)) return false;
  // Rare: only names that contain a chrome word get split into words.
  const words = names.split(/\s+/);
  const isPost = words.some((w) => POST_CLASS.test(w));
  return CHROME.test(
    words.filter((w) => !LAYOUT_MODIFIER.test(w) && !(isPost && TAXONOMY.test(w))).join(" "),
  );
}
const STOP_TAGS = new Set(["article", "main", "body", "html"]);

/**
 * A `footer` inside an `article` is that article's own footer, which "typically contains
 * information about its section such as who wrote it" (HTML §4.3.8), not the page's.
 */
function inArticle(el: Element): boolean {
  for (let n = el.parent as Element | null; n?.attribs; n = n.parent as Element | null)
    if (n.tagName === "article") return true;
  return false;
}

export function readPage($: CheerioAPI, url: string | null, headers: HeaderList): Page {
  const chromeCache = new Map<Element, boolean>();
  const isChrome = (el: Element): boolean => {
    const path: Element[] = [];
    let node: Element | null = el;
    let result = false;
    while (node?.attribs) {
      const cached = chromeCache.get(node);
      if (cached !== undefined) {
        result = cached;
        break;
      }
      path.push(node);
      const tag = node.tagName.toLowerCase();
      // Above the article's own container, wrapper classes ("has-sidebar", "nav-open") say nothing.
      if (STOP_TAGS.has(tag)) break;
      const a = node.attribs;
      if (
        (CHROME_TAGS.has(tag) && !(tag === "footer" && inArticle(node))) ||
        // Most elements carry neither attribute: no string to build, no regex to run.
        ((a.class || a.id) && isChromeName(a.class, a.id)) ||
        a.role === "complementary"
      ) {
        result = true;
        break;
      }
      node = node.parent as Element | null;
    }
    for (const p of path) chromeCache.set(p, result);
    return result;
  };
  const elements = allElements($.root().get(0));
  const titleEl = elements.find((el) => el.tagName === "title");
  const h1s = elements.filter((el) => el.tagName === "h1" && !isChrome(el));
  const htmlEl = elements.find((el) => el.tagName === "html");
  return {
    $,
    url,
    headers,
    meta: readMeta(elements),
    props: readItemProps(elements),
    ld: readJsonLd(elements),
    elements,
    htmlLang: (htmlEl?.attribs.lang ?? htmlEl?.attribs["xml:lang"] ?? "").trim().toLowerCase(),
    titleTag: titleEl ? clean(spacedText(titleEl, 1000)) : null,
    h1s,
    headlineEl: h1s[0] ?? null,
    warnings: [],
    memo: new Map(),
    documentMemo: new Map(),
    isChrome,
    isAside(el: Element): boolean {
      for (let n: Element | null = el; n?.attribs; n = n.parent as Element | null) {
        const a = n.attribs;
        if (
          n.tagName === "aside" ||
          ((a.class || a.id) && ASIDE.test(`${a.class ?? ""} ${a.id ?? ""}`))
        )
          return true;
        if (STOP_TAGS.has(n.tagName)) return false;
      }
      return false;
    },
  };
}

/** A JSON-LD value as text: a string, the first of an array, `{@value}`, or `{name}`. */
export function ldText(page: Page, v: unknown): string | null {
  const x = page.ld.deref(Array.isArray(v) ? v[0] : v);
  // JSON-LD is raw script text, never entity-decoded by the parser, yet CMSs write entities in it.
  if (typeof x === "string") return clean(decodeEntities(x));
  if (typeof x === "number") return String(x);
  if (isObject(x)) {
    if (typeof x["@value"] === "string") return clean(decodeEntities(x["@value"]));
    if (typeof x.name === "string") return clean(decodeEntities(x.name));
  }
  return null;
}

/** A JSON-LD value as a list (a single value, an array, a comma-separated string stays one). */
export function ldList(page: Page, v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => page.ld.deref(x));
}

/** The article node's property, falling back to the WebPage node. */
export function ldProp(page: Page, key: string): unknown {
  const a = page.ld.article;
  if (a && a[key] !== undefined) return a[key];
  return page.ld.webPage?.[key];
}

export function articleNode(page: Page): JsonObject | null {
  return page.ld.article;
}

/**
 * One value per view of a page, held by the page itself rather than by a module-level WeakMap:
 * V8's minor GC keeps every value of an old WeakMap alive whatever its key, so a WeakMap of
 * per-page readings made each page's readings (and the elements they hold) survive into the old
 * generation, copied twice by the scavenger on the way, until a full GC.
 */
export class PageCache<V> {
  get(page: Page): V | undefined {
    return page.memo.get(this) as V | undefined;
  }
  has(page: Page): boolean {
    return page.memo.has(this);
  }
  set(page: Page, value: V): void {
    page.memo.set(this, value);
  }
}

/** Like `PageCache`, for readings of the document alone, which every view of it shares. */
export class DocumentCache<V> {
  get(page: Page): V | undefined {
    return page.documentMemo.get(this) as V | undefined;
  }
  set(page: Page, value: V): void {
    page.documentMemo.set(this, value);
  }
}

/**
 * A rule's reading of a page, computed once: the hand-ordered author rules and the candidate
 * gathering ask the same rules of the same page (the site name is the same for every asker).
 */
export function once<T>(page: Page, rule: unknown, read: () => T): T {
  const memo = page.memo;
  if (memo.has(rule)) return memo.get(rule) as T;
  const value = read();
  memo.set(rule, value);
  return value;
}
