import { type Element, spacedText } from "../structured/dom.js";
import { clean, fold } from "../structured/text.js";
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

function tokens(s: string): string[] {
  return fold(s).split(" ").filter(Boolean);
}

/** Share of `a`'s words found in `b`. */
function overlap(a: string, b: string): number {
  const ta = tokens(a);
  if (!ta.length) return 0;
  const tb = new Set(tokens(b));
  return ta.filter((t) => tb.has(t)).length / ta.length;
}

/**
 * Removes the site name from a `<title>`-like string: the segment that matches the site name or
 * the host, else a short last (or first) segment when the rest is clearly the headline.
 */
export function stripSiteName(title: string, site: string | null, host: string | null): string {
  const parts = title
    .split(SEPARATOR)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length < 2) return title;
  const isSite = (p: string): boolean => {
    const f = fold(p);
    if (!f) return true;
    if (site) {
      const s = fold(site);
      if (f === s || (s.length > 3 && (f.includes(s) || s.includes(f)) && f.split(" ").length <= 6))
        return true;
    }
    if (host) {
      const h = host.replace(/^www\./, "").split(".")[0] ?? "";
      const compact = f.replace(/ /g, "");
      if (
        h.length > 2 &&
        (compact === h || compact === host.replace(/^www\./, "").replace(/\./g, ""))
      )
        return true;
    }
    return false;
  };
  let kept = parts;
  while (kept.length > 1 && isSite(kept[kept.length - 1] as string)) kept = kept.slice(0, -1);
  while (kept.length > 1 && isSite(kept[0] as string)) kept = kept.slice(1);
  if (kept.length === parts.length) {
    // No segment named the site: drop a short trailing segment ("… | Politics | The Daily X").
    const last = kept[kept.length - 1] as string;
    const head = kept.slice(0, -1).join(" ");
    if (tokens(last).length <= 4 && tokens(head).length >= 4) kept = kept.slice(0, -1);
  }
  if (kept.length > 2 && /[»|]|::/.test(title)) {
    // Breadcrumb-style titles ("Blog » Archive » The Post", "Site | Section | The Post"): the
    // longest segment is the headline.
    const longest = kept.reduce((a, b) => (tokens(b).length > tokens(a).length ? b : a));
    const rest = kept.filter((k) => k !== longest);
    if (
      rest.every((r) => tokens(r).length * 1.5 <= tokens(longest).length || tokens(r).length <= 3)
    )
      kept = [longest];
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

  const h1s = page.h1s
    .slice(0, 8)
    .map((el) => ({ el, text: headingText(el) }))
    .filter((h): h is { el: Element; text: string } => !!h.text && h.text.length < 400);
  const h1Texts = h1s.map((h) => h.text);

  // The h1 that the metadata titles agree with best; a logo h1 ("Site Name") is skipped.
  let best: { text: string; score: number; el: Element } | null = null;
  for (const { el, text: h } of h1s) {
    let score = 0;
    for (const c of candidates)
      score = Math.max(score, Math.min(overlap(h, c.value), overlap(c.value, h) + 0.3));
    if (isSiteLike(h, site, host)) score -= 1;
    if (!best || score > best.score) best = { text: h, score, el };
  }
  // The rules that look "under the headline" (byline, date, dek) start from this element.
  if (best) page.headlineEl = best.el;
  if (best && best.score >= 0.8 && tokens(best.text).length >= 2) {
    // A kicker written as plain text in the h1 ("Tunesien Große Aufgaben …", "Politics | …"):
    // when a metadata title is exactly the h1's tail, the head is the kicker.
    const h = fold(best.text);
    for (const c of candidates) {
      const v =
        c.source === "jsonld" || c.source === "microdata"
          ? c.value
          : stripSiteName(c.value, site, host);
      const f = fold(v);
      if (f.length >= 12 && h !== f && h.endsWith(f) && tokens(h.slice(0, -f.length)).length <= 5) {
        return { value: v, source: "heading" };
      }
    }
    return { value: best.text, source: "heading" };
  }

  // The page's own headline often differs from its SEO title (rewritten for search and social):
  // the visible h1 wins when it reads as a headline, several words and not the site's name.
  if (best && tokens(best.text).length >= 2 && !isSiteLike(best.text, site, host))
    return { value: best.text, source: "heading" };

  const first = candidates[0];
  if (first) {
    const value =
      first.source === "jsonld" || first.source === "microdata"
        ? first.value
        : stripSiteName(first.value, site, host);
    return { value, source: first.source };
  }
  const h = h1Texts[0];
  return h ? { value: h, source: "heading" } : null;
}

/** Kicker, roofline and label elements inside a headline: "Klimaschutz" in `<h1><span class=kicker>`. */
const KICKER =
  /kicker|roof|overline|dachzeile|topline|eyebrow|supertitle|super-title|pretitle|pre-title|spitzmarke|flag|label|category|rubri|ressort|topic|headline-intro|headline__intro|intro|prefix/i;

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
export function headingText(el: Element): string | null {
  const parts: string[] = [];
  let prevElement = false;
  for (const child of (el as unknown as TextNode).children ?? []) {
    if (child.type === "text") {
      parts.push(child.data ?? "");
      prevElement = false;
    } else if (child.type === "tag") {
      const cls = `${child.attribs?.class ?? ""} ${child.attribs?.id ?? ""}`;
      if (KICKER.test(cls)) continue;
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

function isSiteLike(text: string, site: string | null, host: string | null): boolean {
  const f = fold(text);
  if (site && (f === fold(site) || f.includes(fold(site)))) return true;
  const h = host?.replace(/^www\./, "").split(".")[0];
  return !!h && f.replace(/ /g, "").includes(h);
}

export function safeHost(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}
