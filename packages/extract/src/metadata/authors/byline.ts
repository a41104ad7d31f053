/**
 * Bylines found by their markup (`rel=author`, byline and author classes, author-page links),
 * nearest the headline first.
 */
import type { Author } from "@vellum/model";
import { absoluteUrl } from "@vellum/model";
import { clean, fold } from "../../structured/normalize.js";
import { allElements, type Element, spacedText } from "../../structured/walk.js";
import { looksLikeName, newsroomName, splitNames } from "../names.js";
import { DocumentCache, type Found, once, type Page, PageCache } from "../page.js";
import { blockNames } from "./byline-blocks.js";
import { AUTHOR_URL, SENTENCE_GOES_ON, SOURCE_LABEL, TOPIC_LINK } from "./cues.js";
import { fromBylineText } from "./near-headline.js";
import { organization, person } from "./people.js";
import { hasAncestorClass, inPhotoCredit } from "./placement.js";

/** Class words of an aside that is page furniture, not the article's own side note. */
const SIDE_FURNITURE =
  /sidebar|related|recommend|promo|teaser|widget|newsletter|comment|share|social|advert|banner/i;

/**
 * `<article><header>…</header><aside class="meta">Von: <a>…</a></aside>`: an aside inside the
 * article holding its byline is the article's own metadata (HTML §4.3.5, content "tangentially
 * related" to the article), not page chrome. Only explicit byline markup gets this reading.
 */
function articleAside(page: Page, el: Element): boolean {
  let n: Element | null = el;
  for (; n?.attribs && n.tagName !== "aside"; n = n.parent as Element | null) {
    if (n.tagName === "article" || n.tagName === "body") return false;
    if (SIDE_FURNITURE.test(`${n.attribs.class ?? ""} ${n.attribs.id ?? ""}`)) return false;
  }
  const aside = n;
  if (
    !aside?.attribs ||
    SIDE_FURNITURE.test(`${aside.attribs.class ?? ""} ${aside.attribs.id ?? ""}`)
  )
    return false;
  const parent = aside.parent as Element | null;
  let inArticle = false;
  for (let a = parent; a?.attribs; a = a.parent as Element | null)
    if (a.tagName === "article") inArticle = true;
  return inArticle && !!parent?.attribs && !page.isChrome(parent);
}

/**
 * Byline markers in order of trust; within a tier, the first outside page chrome wins. Each test
 * runs on every element of the page, and most elements carry none of these attributes: a regex
 * runs only on an attribute that is there.
 */
const BYLINE_TIERS: readonly ((el: Element) => boolean)[] = [
  (el) => {
    const { class: cls, rel } = el.attribs;
    const marker = el.attribs["data-testid"] ?? el.attribs["data-component"];
    return (
      (el.tagName === "a" && rel !== undefined && /(?:^|\s)author(?:\s|$)/i.test(rel)) ||
      (cls !== undefined &&
        (/by-?line/i.test(cls) ||
          // The plain substring test first: most classes hold no "fn" at all.
          (cls.includes("fn") &&
            /(?:^|\s)fn(?:\s|$)/.test(cls) &&
            hasAncestorClass(el, /(?:^|\s)vcard(?:\s|$)/, 3)))) ||
      (marker !== undefined && /byline|author/i.test(marker))
    );
  },
  (el) => {
    const cls = el.attribs.class;
    return (
      (cls !== undefined && /author-?_{0,2}name/i.test(cls)) ||
      (el.tagName === "a" && el.attribs.href !== undefined && hasAncestorClass(el, /author/i, 3))
    );
  },
  (el) => {
    const { class: cls, id } = el.attribs;
    if (cls === undefined && id === undefined) return false;
    return (
      el.tagName !== "body" &&
      el.tagName !== "html" &&
      el.tagName !== "article" &&
      ((cls !== undefined && /author|autor|writer|reporter/i.test(cls)) ||
        (id !== undefined && /author/i.test(id)))
    );
  },
  (el) => el.tagName === "a" && el.attribs.href !== undefined && AUTHOR_URL.test(el.attribs.href),
];

/**
 * Each tier's elements, found once per document: several rules walk the same tiers, and the
 * tiers depend on the elements alone, so the page read with its markup hidden (the audit's
 * second pass, which shares `page.elements`) reuses them.
 */
const TIER_CACHE = new DocumentCache<(readonly Element[])[]>();

function tierElements(page: Page, i: number, tier: (el: Element) => boolean): readonly Element[] {
  let tiers = TIER_CACHE.get(page);
  if (!tiers) {
    tiers = [];
    TIER_CACHE.set(page, tiers);
  }
  const cached = tiers[i];
  if (cached) return cached;
  const els = page.elements.filter(tier);
  tiers[i] = els;
  return els;
}

/** Visible bylines: `rel=author` links and byline/author classes outside page chrome. */
export function fromByline(
  page: Page,
  site: string | null,
  firstTier = 0,
  lastTier = BYLINE_TIERS.length,
): Found<Author[]> | null {
  for (let i = 0; i < BYLINE_TIERS.length; i++) {
    if (i < firstTier || i >= lastTier) continue;
    // After the trusted byline markup, a "By …" line under the headline beats loose class guesses.
    if (i === 1) {
      const text = fromBylineText(page, site);
      if (text) return text;
    }
    const found = fromBylineTier(page, site, i);
    if (found) return found;
  }
  return null;
}

/** One tier of byline markup alone (0 `rel=author`/byline classes … 3 author-page links). */
export function fromBylineTier(page: Page, site: string | null, i: number): Found<Author[]> | null {
  let results = TIER_RESULTS.get(page);
  if (!results) {
    results = new Map();
    TIER_RESULTS.set(page, results);
  }
  const cached = results.get(i);
  if (cached !== undefined) return cached;
  const tier = BYLINE_TIERS[i];
  const found = tier ? bylineTier(page, site, tierElements(page, i, tier), i >= 2) : null;
  results.set(i, found);
  return found;
}

/** Each tier's reading, once per page: the hand-ordered rules and the candidates both ask. */
const TIER_RESULTS = new PageCache<Map<number, Found<Author[]> | null>>();

/** How many byline markup tiers there are. */
export const BYLINE_TIER_COUNT = BYLINE_TIERS.length;

/** The `a[href]` elements under `el` in document order, without compiling a selector per byline. */
function linksUnder(el: Element): Element[] {
  return allElements(el).filter((n) => n.tagName === "a" && n.attribs.href !== undefined);
}

/**
 * A link in a byline that can name a person: not a tag or category link, not the site's home
 * page (a masthead marked up as the author), not a link inside a sentence (an author's note
 * linking "some of the reviews").
 */
function isPersonLink(page: Page, a: Element): boolean {
  const href = a.attribs.href ?? "";
  if (/(?:^|\s)tag(?:\s|$)/i.test(a.attribs.rel ?? "") || TOPIC_LINK.test(href)) return false;
  const url = absoluteUrl(href, page.url);
  if (url && /^https?:\/\/[^/]+\/?$/i.test(url)) return false;
  // "Quelle: <a>Acme</a>", "Foto: <a>Jan Roe</a>": a source or picture credit, not the writer.
  const before = a.prev as { type: string; data?: string } | null;
  if (before?.type === "text" && SOURCE_LABEL.test(before.data ?? "")) return false;
  const parent = a.parent as Element | null;
  if (!parent?.attribs) return true;
  const around = clean(spacedText(parent, 300)) ?? "";
  return around.length <= 150 && !SENTENCE_GOES_ON.test(around);
}

/**
 * A blog named after its writer ("jdoe unterwegs") links the byline "jdoe" to the author
 * archive "/author/jdoe/": the name the site-name test dropped is that account's, a person.
 */
function ownArchive(a: Element, text: string, site: string | null): string[] {
  const slug = /\/(?:author|autor|auteur)\/([^/?#]+)\/?(?:[?#]|$)/i.exec(a.attribs.href ?? "")?.[1];
  // The site's own name linked to its archive is the site signing, not a person.
  if (!slug || text.includes(" ") || (site && fold(site) === fold(text))) return [];
  return fold(slug) === fold(text) ? splitNames(text) : [];
}

function bylineTier(
  page: Page,
  site: string | null,
  all: readonly Element[],
  loose: boolean,
): Found<Author[]> | null {
  // Bylines sit next to the headline: nearest first, a byline above the h1 counting as twice as
  // far (it is more often a teaser's or the masthead's).
  const h1 = page.headlineEl?.startIndex ?? null;
  const distance = (e: Element): number => {
    const d = (e.startIndex ?? 0) - (h1 ?? 0);
    return d >= 0 ? d : -2 * d;
  };
  const els = h1 === null ? all : [...all].sort((a, b) => distance(a) - distance(b));
  for (const el of els.slice(0, 40)) {
    if (inPhotoCredit(el)) continue;
    if (page.isChrome(el) && (loose || !articleAside(page, el))) continue;
    const text = clean(spacedText(el, 300));
    if (!text || text.length > 150) continue;
    // The link inside a byline names the author and points at their page.
    const links = (el.tagName === "a" ? [el] : linksUnder(el)).slice(0, 6);
    const personLinks = links.filter((a) => isPersonLink(page, a));
    // A byline whose every link is a tag or the home page is a masthead or a tag list.
    if (links.length && !personLinks.length) continue;
    const out: Author[] = [];
    for (const a of personLinks) {
      const t = clean(spacedText(a, 200));
      if (!t || !looksLikeName(t.replace(/^(?:by|von|par|por)\s+/i, ""))) continue;
      for (const n of splitNames(t, { siteName: site }).concat(ownArchive(a, t, site)))
        if (!out.some((x) => x.name === n))
          out.push(person(n, { url: absoluteUrl(a.attribs.href, page.url) }));
    }
    if (!out.length) for (const n of blockNames(el, text, site)) out.push(person(n));
    const room = out.length ? null : newsroomName(text, site);
    if (room) out.push(organization(room));
    // Loose markers (author-ish classes, author-page links) also catch tags and menus: there a
    // one-word "name" is more often a topic ("Tulpen", "Compost") than a person.
    // The site signing its own piece ("harbour-news.example") is no topic: that Organization stands.
    if (
      loose &&
      out.some(
        (p) => p.type === "Person" && !p.name.includes(" ") && /^\p{Script=Latin}/u.test(p.name),
      )
    )
      continue;
    if (out.length) return { value: out, source: "byline" };
  }
  return null;
}

/**
 * A byline that is only the newsroom's role word: "von Redaktion", "By Staff", "The Editors".
 * A bare "Editor" is the job label printed beside a name in most author markup, not a signature,
 * unless it links to an author page (an account named "Editor").
 */
const BARE_NEWSROOM =
  /^(?:(?:von|by|por|par|door|author|autor)\s*:?\s+)?(redaktion|rédaction|redacción|redazione|redactie|staff|newsroom|editorial staff|the editors)\s*,?$/iu;

/** "Editor" as the name of an account: it signs only as a link to that account's author page. */
const BARE_EDITOR = /^editors?$/iu;

function linksToAuthorPage(el: Element): boolean {
  const a =
    el.tagName === "a"
      ? el
      : el.children.find((c): c is Element => c.type === "tag" && (c as Element).tagName === "a");
  return a !== undefined && AUTHOR_URL.test(a.attribs.href ?? "");
}

/**
 * Last resort: the byline markup names no one but "Redaktion" or "Staff". That is the newsroom
 * signing the piece, an Organization as printed (never a Person), better than no author at all.
 */
export function fromNewsroomByline(page: Page): Found<Author[]> | null {
  return once(page, readNewsroomByline, () => readNewsroomByline(page));
}

function readNewsroomByline(page: Page): Found<Author[]> | null {
  const marked = [
    ...page.props.get("author").map((p) => p.el),
    ...[0, 1, 2].flatMap((i) => {
      const tier = BYLINE_TIERS[i];
      return tier ? tierElements(page, i, tier).slice(0, 40) : [];
    }),
  ];
  for (const el of marked) {
    if (page.isChrome(el)) continue;
    const text = clean(spacedText(el, 80)) ?? "";
    const m = BARE_NEWSROOM.exec(text);
    if (m?.[1]) return { value: [organization(m[1])], source: "byline" };
    if (BARE_EDITOR.test(text) && linksToAuthorPage(el))
      return { value: [organization(text)], source: "byline" };
  }
  return null;
}
