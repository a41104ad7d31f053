import { clean, fold } from "../structured/normalize.js";
import { type Element, spacedText } from "../structured/walk.js";
import type { Found, Page } from "./page.js";
import { ldProp, ldText } from "./page.js";

/** Separators between a headline and the site name in `<title>` and `og:title`. */
const SEPARATOR = /\s+[|\-–—:·•»«/]\s+|\s+::\s+|\s*\|\s*/u;

/** The site name: og:site_name, application-name, the JSON-LD publisher, in that order. */
export function siteName(page: Page): Found<string> | null {
  const og = page.meta.first([
    "og:site_name",
    "application-name",
    "apple-mobile-web-app-title",
    "twitter:app:name:iphone",
  ]);
  if (og) {
    const v = clean(og.value);
    if (v) return { value: v, source: og.key.startsWith("og:") ? "og" : "meta" };
  }
  const pub = ldText(page, ldProp(page, "publisher"));
  if (pub) return { value: pub, source: "jsonld" };
  const ws = page.ld.nodes.find((n) => n["@type"] === "WebSite" && typeof n.name === "string");
  if (ws) {
    const v = clean(ws.name as string);
    if (v) return { value: v, source: "jsonld" };
  }
  return null;
}

/** Scripts written without spaces between words, where one token can be a whole headline. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

/**
 * About how many words `s` has: its tokens, with a run of Chinese or Japanese (or Thai) counted
 * as one word per two characters, so length rules hold for titles written without spaces.
 */
function words(s: string): number {
  let n = 0;
  for (const t of tokens(s)) n += UNSPACED.test(t) ? Math.ceil(t.length / 2) : 1;
  return n;
}

function tokens(s: string): string[] {
  return fold(s).split(" ").filter(Boolean);
}

/** A text's tokens, as a list and as a set. */
interface TokenSet {
  readonly list: readonly string[];
  readonly set: ReadonlySet<string>;
}

function tokenSet(s: string): TokenSet {
  const list = tokens(s);
  return { list, set: new Set(list) };
}

/** Share of `a`'s words found in `b`. */
function overlap(a: TokenSet, b: TokenSet): number {
  if (!a.list.length) return 0;
  return a.list.filter((t) => b.set.has(t)).length / a.list.length;
}

/** Tests for "this title segment is the site's name", from the declared name and the host. */
interface SiteMatcher {
  /** Equal to or within the declared site name. */
  declared(segment: string): boolean;
  /** The declared name, or the host's name exactly ("example" or "example.com"). */
  exact(segment: string): boolean;
  /**
   * A short name built around a distinctive host name ("Mara Quint's Workshop Notes" on
   * maraquint.example): only trusted where a segment's place in the title agrees.
   */
  around(segment: string): boolean;
}

/** A section name ("Politics", "Wirtschaft & Börse") is this many words at most. */
const SECTION_WORDS = 4;
/** A host name this long is distinctive enough to look for inside a segment. */
const DISTINCT_LABEL = 5;
/** Site names run to a few words; a segment longer than this is a headline. */
const SITE_NAME_WORDS = 5;

function siteMatcher(site: string | null, host: string | null): SiteMatcher {
  const s = site ? fold(site) : "";
  const bare = host?.replace(/^www\./, "") ?? "";
  const label = (bare.split(".")[0] ?? "").replace(/-/g, "");
  const dotless = bare.replace(/\./g, "");
  const declared = (segment: string): boolean => {
    const f = fold(segment);
    if (!f) return true;
    return (
      !!s &&
      (f === s || (s.length > 3 && (f.includes(s) || s.includes(f)) && f.split(" ").length <= 6))
    );
  };
  const exact = (segment: string): boolean => {
    if (declared(segment)) return true;
    const compact = fold(segment).replace(/ /g, "");
    return label.length > 2 && (compact === label || compact === dotless);
  };
  const around = (segment: string): boolean => {
    const f = fold(segment);
    return (
      label.length >= DISTINCT_LABEL &&
      f.split(" ").length <= SITE_NAME_WORDS &&
      f.replace(/ /g, "").includes(label)
    );
  };
  return { declared, exact, around };
}

/** Separators written without spaces, as CJK titles do ("見出し：サイト名", "标题_网站"). */
const TIGHT_SEPARATOR = /[:：|｜_\-–—»·]/gu;

/**
 * Removes a site name attached to the headline by a separator without spaces. A declared site
 * name counts anywhere; the host's name only in Chinese or Japanese titles, since in Latin text a
 * hyphen joins words ("Die beste Reise-Zeit" on zeit.de keeps its last word).
 */
function stripAttachedSite(title: string, site: SiteMatcher): string {
  let last: RegExpExecArray | null = null;
  for (const m of title.matchAll(TIGHT_SEPARATOR)) last = m as RegExpExecArray;
  // A separator in the first few characters opens the title ("Re: …"); it ends no headline.
  if (!last || last.index < 4) return title;
  // A separator with spaces on both sides is the spaced split's to handle.
  const spaced = (i: number) => /\s/.test(title[i] ?? "");
  if (spaced(last.index - 1) && spaced(last.index + 1)) return title;
  const tail = title.slice(last.index + 1).trim();
  if (!tail) return title;
  if (!site.declared(tail) && !(UNSPACED.test(title) && site.exact(tail))) return title;
  return title.slice(0, last.index).trim();
}

/**
 * Removes the site name from a `<title>`-like string: the segment that matches the site name or
 * the host, else a short last (or first) segment when the rest is clearly the headline.
 */
export function stripSiteName(title: string, site: string | null, host: string | null): string {
  const named = siteMatcher(site, host);
  const attached = stripAttachedSite(title, named);
  if (attached !== title) return attached;
  const parts = title
    .split(SEPARATOR)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length < 2) return title;
  let kept = parts;
  // The last segment is where titles put the site; a name built around the host counts there
  // when it is no longer than what stays ("Kinder und Arbeit » Hafenkinder e.V.").
  const atEnd = (p: string, rest: readonly string[]) =>
    named.exact(p) || (named.around(p) && words(rest.join(" ")) >= words(p));
  while (kept.length > 1 && atEnd(kept[kept.length - 1] as string, kept.slice(0, -1)))
    kept = kept.slice(0, -1);
  // First, only when what stays is the longer part: "Berlin feiert … | Portal" on berlin.de
  // keeps its headline.
  const atStart = (p: string, rest: readonly string[]) =>
    named.exact(p) || (named.around(p) && words(rest.join(" ")) > words(p));
  const beforeFront = kept.length;
  while (kept.length > 1 && atStart(kept[0] as string, kept.slice(1))) kept = kept.slice(1);
  const siteFirst = kept.length < beforeFront;
  // "Headline : Site | Site's tagline | Founded 2005": what follows the site's name is its own.
  const inner = kept.findIndex(
    (p, i) => i > 0 && (named.exact(p) || (named.around(p) && words(p) <= 3)),
  );
  if (inner > 0) kept = kept.slice(0, inner);
  if (kept.length === parts.length) {
    // No segment named the site: drop a short trailing segment ("… | Politics | The Daily X").
    const last = kept[kept.length - 1] as string;
    const head = kept.slice(0, -1).join(" ");
    if (words(last) <= SECTION_WORDS && words(head) >= SECTION_WORDS) kept = kept.slice(0, -1);
  }
  if (
    (kept.length > 2 || (siteFirst && kept.length === 2)) &&
    parts.length > 2 &&
    (/[»|]|::/.test(title) || siteFirst)
  ) {
    // Breadcrumb-style titles ("Blog » Archive » The Post", "Site | Section | The Post", and any
    // title that opens with its site's name, "Site - The Post - Section"): the longest segment
    // is the headline.
    const longest = kept.reduce((a, b) => (words(b) > words(a) ? b : a));
    const rest = kept.filter((k) => k !== longest);
    if (rest.every((r) => words(r) * 1.5 <= words(longest) || words(r) <= 3)) kept = [longest];
  }
  // Join back with the original separators by slicing the original string.
  if (kept.length === parts.length) return title;
  const first = kept[0] as string;
  const last = kept[kept.length - 1] as string;
  const start = title.indexOf(first);
  const end = title.lastIndexOf(last) + last.length;
  return start >= 0 && end > start ? title.slice(start, end).trim() : kept.join(" - ");
}

/**
 * The headline: the on-page `<h1>` that best matches the metadata titles (it carries neither the
 * site name nor SEO rewrites), else the metadata title with the site name removed.
 */
export function title(page: Page, site: string | null): Found<string> | null {
  const host = page.url ? safeHost(page.url) : null;
  const candidates = metadataTitles(page);
  const h1s = headlineReadings(page);
  const best = bestHeading(h1s, candidates, (h) => isSiteLike(h, site, host, page.titleTag));
  if (!best) {
    // Not the headline element for the rules below it: what sits around an h1 inside chrome is
    // the chrome's, not the article's byline or date.
    const confirmed = confirmedChromeHeading(page, candidates, site, host);
    if (confirmed) return { value: confirmed, source: "heading" };
  }
  // The rules that look "under the headline" (byline, date, dek) start from this element.
  if (best) page.headlineEl = best.el;
  if (best && best.score >= AGREES && words(best.text) >= 2) {
    // A kicker written as plain text in the h1 ("Tunesien Große Aufgaben …", "Politics | …"):
    // when a metadata title is exactly the h1's tail, the head is the kicker.
    const h = fold(best.text);
    for (const c of candidates) {
      const v = fromMarkup(c) ? c.value : stripSiteName(c.value, site, host);
      const f = fold(v);
      if (
        f.length >= MIN_TAIL &&
        h !== f &&
        h.endsWith(f) &&
        words(h.slice(0, -f.length)) <= KICKER_WORDS
      ) {
        return { value: v, source: "heading" };
      }
    }
    return { value: best.text, source: "heading" };
  }

  // The page's own headline often differs from its SEO title (rewritten for search and social):
  // the visible h1 wins when it reads as a headline, several words and not the site's name.
  // Not a short h1 in Latin letters that shares no word with a metadata title written in
  // another script: an injected widget's label ("Original text" of a translation box).
  const label =
    best !== null &&
    best.score <= 0 &&
    words(best.text) <= 3 &&
    latinShare(best.text) === 1 &&
    candidates.some((c) => latinShare(c.value) < 0.5);
  if (best && words(best.text) >= 2 && !label && !isSiteLike(best.text, site, host, page.titleTag))
    return { value: best.text, source: "heading" };

  const first = candidates[0];
  if (first) {
    // With no declared site name, a logo h1 that the `<title>` ends with names the site.
    const name =
      site ?? (best && isSiteLike(best.text, null, null, page.titleTag) ? best.text : null);
    const value = fromMarkup(first) ? first.value : stripSiteName(first.value, name, host);
    return restoredQuote(page, value, name, host) ?? { value, source: first.source };
  }
  const h = h1s[0]?.text;
  return h ? { value: h, source: "heading" } : null;
}

/**
 * With no h1 outside page chrome: an h1 inside something classed as chrome (a "teaser-breadcrumb"
 * wrapper) is still the headline when a metadata title, its site name removed, says exactly it.
 */
function confirmedChromeHeading(
  page: Page,
  candidates: readonly Found<string>[],
  site: string | null,
  host: string | null,
): string | null {
  if (page.h1s.length > 0 || candidates.length === 0) return null;
  const titles = new Set(
    candidates.map((c) => fold(fromMarkup(c) ? c.value : stripSiteName(c.value, site, host))),
  );
  for (const el of page.elements) {
    if (el.tagName !== "h1") continue;
    const text = headingText(el);
    if (text && words(text) >= 2 && titles.has(fold(text))) return text;
  }
  return null;
}

/** The share of a text's letters that are Latin (0 with no letters). */
function latinShare(text: string): number {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  return letters ? (text.match(/\p{Script=Latin}/gu)?.length ?? 0) / letters : 0;
}

/** The score at which an h1 and a metadata title say the same headline. */
const AGREES = 0.8;
/** A metadata title this long can be an h1's tail; a kicker before it is a few words at most. */
const MIN_TAIL = 12;
const KICKER_WORDS = 5;

/** Titles from JSON-LD and microdata are the headline alone; the others may carry the site. */
function fromMarkup(c: Found<string>): boolean {
  return c.source === "jsonld" || c.source === "microdata";
}

/** The page's metadata titles, most trusted first. */
function metadataTitles(page: Page): Found<string>[] {
  const candidates: Found<string>[] = [];
  const push = (v: string | null, source: Found<string>["source"]) => {
    if (v && v.length < 500) candidates.push({ value: v, source });
  };
  push(ldText(page, page.ld.article?.headline ?? page.ld.article?.name), "jsonld");
  const og = page.meta.first(["og:title"]);
  push(og ? clean(og.value) : null, "og");
  const tw = page.meta.first(["twitter:title"]);
  push(tw ? clean(tw.value) : null, "twitter");
  const dc = page.meta.first([
    "dc.title",
    "dcterms.title",
    "parsely-title",
    "sailthru.title",
    "title",
  ]);
  push(dc ? clean(dc.value) : null, dc?.key.startsWith("dc") ? "dublincore" : "meta");
  const md = page.props.get("headline").find((p) => p.el.tagName !== "meta");
  push(md ? clean(md.value) : null, "microdata");
  push(page.titleTag, "title");
  return candidates;
}

interface HeadingReading {
  readonly el: Element;
  readonly text: string;
}

/**
 * Each h1 read twice: whole, and without its secondary lines (subtitle, top title, `<small>`);
 * the metadata titles pick, and on a tie the h1 stays as written.
 */
function headlineReadings(page: Page): HeadingReading[] {
  return page.h1s
    .slice(0, 8)
    .flatMap((el) => {
      const whole = headingText(el);
      const main = headingText(el, true);
      return main && main !== whole
        ? [
            { el, text: whole },
            { el, text: main },
          ]
        : [{ el, text: whole }];
    })
    .filter((h): h is HeadingReading => !!h.text && h.text.length < 400);
}

/** The reading the metadata titles agree with best; a logo h1 ("Site Name") scores down. */
function bestHeading(
  readings: readonly HeadingReading[],
  candidates: readonly Found<string>[],
  isSiteName: (text: string) => boolean,
): (HeadingReading & { readonly score: number }) | null {
  let best: (HeadingReading & { score: number }) | null = null;
  // Each text's tokens once, not once per pairing.
  const candidateTokens = candidates.map((c) => tokenSet(c.value));
  for (const { el, text } of readings) {
    let score = 0;
    if (candidateTokens.length) {
      const own = tokenSet(text);
      for (const c of candidateTokens)
        score = Math.max(score, Math.min(overlap(own, c), overlap(c, own) + 0.3));
    }
    if (isSiteName(text)) score -= 1;
    if (!best || score > best.score) best = { text, score, el };
  }
  return best;
}

/**
 * A `content="… de "quoted""` attribute ends at the first unescaped quote; the `<title>` element
 * has no such limit and shows what was cut.
 */
function restoredQuote(
  page: Page,
  value: string,
  site: string | null,
  host: string | null,
): Found<string> | null {
  const whole = page.titleTag ? stripSiteName(page.titleTag, site, host) : null;
  if (!whole || whole.length <= value.length || !whole.startsWith(value)) return null;
  return /^\s*"/.test(whole.slice(value.length)) ? { value: whole, source: "title" } : null;
}

/**
 * Kicker, roofline and label elements inside a headline ("Klimaschutz" in `<h1><span class=kicker>`),
 * and the subtitle line some themes print inside the h1, before or after the headline's words.
 */
const KICKER =
  /kicker|roof|overline|dachzeile|topline|eyebrow|supertitle|super-title|pretitle|pre-title|spitzmarke|flag|label|category|rubri|ressort|topic|headline-intro|headline__intro|intro|prefix/i;
/**
 * Secondary lines inside an h1 (a top title, a subtitle, `<small>`): sometimes a kicker or a dek,
 * sometimes part of the headline ("Title: subtitle"), so the metadata titles decide.
 */
const SECONDARY = /sub-?heading|sub-?title|subline|top-?title/i;
/**
 * Text a reader never sees, written for screen readers (`<span class="element-invisible"> | Site</span>`
 * after the headline's words): the conventional class names of the common CSS frameworks and CMSs.
 */
const SCREEN_READER_ONLY =
  /(?:^|\s)(?:element-invisible|visually-hidden|visuallyhidden|u-visually-hidden|sr-only|screen-reader-text|screen-reader-only|offscreen|invisible)(?:\s|$)/i;
/** A part of the h1 marked as the headline itself, beside a kicker or subtitle that is not. */
const HEADLINE_PART = /(?:^|\s)(?:headline|[\w-]*title-primary|[\w-]*__headline)(?:\s|$)/i;

interface TextNode {
  type: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: TextNode[];
}

/**
 * The headline's own words: kicker elements dropped, a space between sibling elements (cheerio's
 * `.text()` glues `<span>Die Zukunft</span><span>"Wir …"</span>` into one word).
 */
export function headingText(el: Element, dropSecondary = false): string | null {
  const children = (el as unknown as TextNode).children ?? [];
  const marked = dropSecondary
    ? children.find((c) => c.type === "tag" && HEADLINE_PART.test(c.attribs?.class ?? ""))
    : undefined;
  if (marked) return headingText(marked as unknown as Element);
  const parts: string[] = [];
  let prevElement = false;
  for (const child of children) {
    if (child.type === "text") {
      parts.push(child.data ?? "");
      prevElement = false;
    } else if (child.type === "tag") {
      const cls = `${child.attribs?.class ?? ""} ${child.attribs?.id ?? ""}`;
      if (KICKER.test(cls) || SCREEN_READER_ONLY.test(cls)) continue;
      // `<small>` in a heading is its secondary line by convention.
      if (
        dropSecondary &&
        (SECONDARY.test(cls) || (child as { tagName?: string }).tagName === "small")
      )
        continue;
      const t = spacedText(child as unknown as Element, 600);
      // Two sibling elements are two words unless the script has no spaces (CJK) or it is punctuation.
      if (
        prevElement &&
        /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{N}.!?:;,"“”]$/u.test(
          parts.join(""),
        ) &&
        /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{N}"„“«]/u.test(t)
      )
        parts.push(" ");
      parts.push(t);
      prevElement = true;
    }
  }
  // A kicker dropped from the front leaves its separator behind (": Title", "- Title").
  const text = clean(parts.join(""))?.replace(/^[\s:|\-–—·•]+|[\s:|\-–—·•]+$/gu, "") ?? null;
  return text && text.length < 400 ? text : null;
}

/** A logo's name is short, and a small part of a `<title>` that also holds the headline. */
const LOGO_SHARE = 0.4;
const LOGO_WORDS = 4;

function isSiteLike(
  text: string,
  site: string | null,
  host: string | null,
  titleTag: string | null = null,
): boolean {
  const f = fold(text);
  if (site && (f === fold(site) || f.includes(fold(site)))) return true;
  const h = host?.replace(/^www\./, "").split(".")[0];
  if (h && f.replace(/ /g, "").includes(h)) return true;
  // A logo h1 repeats the short name a long `<title>` ends with ("… 新しい橋が開通_川辺日報"); a
  // title that ends with the headline itself ("Press release: Headline") does not count.
  const tail = titleTag?.split(TIGHT_SEPARATOR).pop()?.trim();
  return (
    !!tail &&
    tail.length <= LOGO_SHARE * (titleTag?.length ?? 0) &&
    words(tail) <= LOGO_WORDS &&
    fold(tail) === f
  );
}

export function safeHost(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}
