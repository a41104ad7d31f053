import type { Author, Organization, Person } from "@vellum/model";
import { type Element, followingText, spacedText } from "../structured/dom.js";
import { isObject, typesOf } from "../structured/jsonld.js";
import { absoluteUrl, clean, fold } from "../structured/text.js";
import { parseDate } from "./dates.js";
import {
  isOrganizationByline,
  looksLikeName,
  newsroomName,
  PARTICLE,
  splitNames,
} from "./names.js";
import type { Found, Page } from "./page.js";
import { ldList, ldText } from "./page.js";

function person(name: string, extra: Partial<Omit<Person, "type" | "name">> = {}): Person {
  return {
    type: "Person",
    name,
    url: extra.url ?? null,
    description: extra.description ?? null,
    image: extra.image ?? null,
    jobTitle: extra.jobTitle ?? null,
    sameAs: extra.sameAs ?? [],
  };
}

function organization(name: string, url: string | null = null): Organization {
  return { type: "Organization", name, url, logo: null, sameAs: [] };
}

function urls(page: Page, v: unknown): string[] {
  const out: string[] = [];
  for (const x of Array.isArray(v) ? v : [v]) {
    const u = typeof x === "string" ? absoluteUrl(x, page.url) : null;
    if (u && !out.includes(u)) out.push(u);
  }
  return out;
}

function ldImage(page: Page, v: unknown): string | null {
  const x = page.ld.deref(Array.isArray(v) ? v[0] : v);
  if (typeof x === "string") return absoluteUrl(x, page.url);
  if (isObject(x))
    return absoluteUrl(
      typeof x.url === "string" ? x.url : typeof x.contentUrl === "string" ? x.contentUrl : null,
      page.url,
    );
  return null;
}

/** Authors from the article's JSON-LD `author` (and `creator`): strings, objects, arrays. */
function fromJsonLd(page: Page, site: string | null): Author[] {
  // Older Yoast graphs put `author` on the WebPage when there is no Article node.
  const a = page.ld.article ?? page.ld.webPage;
  if (!a) return [];
  const out: Author[] = [];
  for (const item of ldList(page, a.author ?? a.creator)) {
    if (typeof item === "string") {
      if (isOrganizationByline(item)) out.push(organization(clean(item) ?? item));
      else {
        const names = splitNames(item, { siteName: site });
        for (const n of names) out.push(person(n));
        const room = names.length ? null : newsroomName(item, site);
        if (room) out.push(organization(room));
      }
      continue;
    }
    if (!isObject(item)) continue;
    const name = ldText(page, item.name);
    if (!name) continue;
    const types = typesOf(item);
    if (types.some((t) => /organi[sz]ation|corporation|newsmediaorganization/i.test(t))) {
      out.push(
        organization(name, typeof item.url === "string" ? absoluteUrl(item.url, page.url) : null),
      );
      continue;
    }
    const names = splitNames(name, { siteName: site });
    const url = typeof item.url === "string" ? absoluteUrl(item.url, page.url) : null;
    const room = names.length ? null : newsroomName(name, site);
    if (room) out.push(organization(room, url));
    const extra = {
      url,
      description: ldText(page, item.description),
      image: ldImage(page, item.image),
      jobTitle: ldText(page, item.jobTitle),
      sameAs: urls(page, item.sameAs),
    };
    if (names.length === 1) out.push(person(names[0] as string, extra));
    else for (const n of names) out.push(person(n));
  }
  return out;
}

const META_AUTHOR_KEYS = [
  "author",
  "article:author",
  "parsely-author",
  "sailthru.author",
  "dc.creator",
  "dcterms.creator",
  "dc:creator",
  "byl",
  "citation_author",
  "og:article:author",
  "article:author_name",
  "cxenseparse:author",
  "twitter:data1",
];

function fromMeta(page: Page, site: string | null): Found<Author[]> | null {
  for (const key of META_AUTHOR_KEYS) {
    const values = page.meta.get(key);
    const out: Author[] = [];
    for (const v of values) {
      // `article:author` is often the author's page URL, not a name.
      if (/^https?:\/\//i.test(v) || v.startsWith("/")) continue;
      // Twitter's "Written by" label/data pair: only the data next to that label is a name.
      if (
        key === "twitter:data1" &&
        !/written|author|by/i.test(page.meta.get("twitter:label1")[0] ?? "")
      )
        continue;
      const names = splitNames(v, { siteName: site });
      for (const n of names) if (!out.some((p) => p.name === n)) out.push(person(n));
      const room = names.length ? null : newsroomName(v, site);
      if (room && !out.some((p) => p.name === room)) out.push(organization(room));
    }
    if (out.length)
      return {
        value: out,
        source: key.startsWith("dc") ? "dublincore" : key.startsWith("article:") ? "og" : "meta",
      };
  }
  return null;
}

function fromMicrodata(page: Page, site: string | null): Author[] {
  const out: Author[] = [];
  for (const p of page.props.get("author")) {
    if (page.isAside(p.el) || inPhotoCredit(p.el)) continue;
    const $el = page.$(p.el);
    let raw: string | null = p.value;
    let url: string | null = null;
    let jobTitle: string | null = null;
    if (p.el.attribs.itemscope !== undefined || p.el.attribs.typeof !== undefined) {
      const nameEl = $el.find("[itemprop~=name], [property~=name]").first();
      const nameNode = nameEl.get(0) as Element | undefined;
      raw = nameNode
        ? clean(nameNode.attribs.content ?? spacedText(nameNode, 200))
        : clean(spacedText(p.el, 200));
      url = absoluteUrl(
        $el.find("[itemprop~=url]").attr("href") ?? $el.find("a[href]").attr("href"),
        page.url,
      );
      const titleNode = $el.find("[itemprop~=jobTitle]").get(0) as Element | undefined;
      jobTitle = titleNode
        ? clean(titleNode.attribs.content ?? spacedText(titleNode, 120))
        : raw
          ? titleAfterName(clean(spacedText(p.el, 200)), raw)
          : null;
    } else if (p.el.tagName === "a" || p.el.tagName === "link") {
      url = absoluteUrl(p.el.attribs.href, page.url);
      raw = clean(spacedText(p.el, 200));
      if (!raw || /^https?:/.test(raw)) continue;
    }
    if (!raw || raw.length > 120) continue;
    const names = splitNames(raw, { siteName: site });
    for (const n of names)
      if (!out.some((x) => x.name === n))
        out.push(person(n, { url, jobTitle: names.length === 1 ? jobTitle : null }));
  }
  return out;
}

/**
 * "Luis Ferreira, Data Reporter": the words after the name and a comma inside the author's own
 * element are their job title, when short and free of dates and places-with-digits.
 */
function titleAfterName(whole: string | null, name: string): string | null {
  if (!whole?.startsWith(name)) return null;
  const m = /^\s*[,|–—-]\s*(\p{L}[\p{L}\s&.'’-]{1,59})$/u.exec(whole.slice(name.length));
  const title = m?.[1]?.trim();
  return title && title.split(/\s+/).length <= 6 ? title : null;
}

/** "By Jane Doe", "Von Max Muster", "Text von …", "Par …", "Por …", "Door …" at the start of a line. */
const BYLINE_TEXT =
  /(?:^|[|•·]\s*|\s)(?:(?:text|written|posted|story|words|reporting|gespeichert|geschrieben|verfasst)\s+(?:by|von)|by|von|par|por|di|door|av|af|autor(?:in)?:|author:|text:|redaktion:):?\s+(\p{L}[\p{L}\d'’._-]*(?:\s+(?:(?:van|von|de|der|den|da|del|di|la|le|du|ten|ter|y)\s+)*\p{L}[\p{L}'’.-]*){0,3}(?:\s*(?:,|&|and|und|et|y|e)\s*\p{L}[\p{L}'’.-]*(?:\s+\p{L}[\p{L}'’.-]*){1,3})*)/iu;

/** Three lower-case words in a row: running text, not the tail of a byline ("on May 3"). */
const SENTENCE_GOES_ON = /(?:^|\s)\p{Ll}\p{L}*\s+\p{Ll}\p{L}*\s+\p{Ll}/u;

/** A "By …" line in the text right under the headline (inside the article, not page chrome). */
function fromBylineText(page: Page, site: string | null): Found<Author[]> | null {
  // Asked by several rules for the same page: read the lines under the headline once.
  if (BYLINE_TEXT_CACHE.has(page)) return BYLINE_TEXT_CACHE.get(page) ?? null;
  const found = readBylineText(page, site);
  BYLINE_TEXT_CACHE.set(page, found);
  return found;
}

const BYLINE_TEXT_CACHE = new WeakMap<Page, Found<Author[]> | null>();

function readBylineText(page: Page, site: string | null): Found<Author[]> | null {
  const start = headlineStart(page);
  if (!start) return null;
  const texts = followingText(start, 1500);
  for (const [i, { text, node }] of texts.entries()) {
    if (text.length > 200 || within(node, start)) continue;
    // "By" alone, the name in the next element: `<span>By</span> <a>Jane Doe</a>`.
    const joined =
      /^(?:[|•·]\s*)?(?:by|von|par|por|door|di|text von|written by|autor(?:in)?|author):?$/i.test(
        text,
      )
        ? `${text} ${texts[i + 1]?.text ?? ""}`
        : text;
    // "Ayşe Yılmaz | 12 Mart 2024, 14:20": a dateline right under the headline, name first.
    const dateline = i < 3 ? /^([^|•·,–—]{3,60}?)\s*[|•·,–—]\s*(.+)$/u.exec(text) : null;
    if (dateline?.[1] && dateline[2] && parseDate(dateline[2]) && !page.isChrome(node)) {
      const name = dateline[1].trim();
      const words = name.split(/\s+/);
      if (
        words.length >= 2 &&
        words.length <= 4 &&
        words.every((w) => /^\p{Lu}/u.test(w)) &&
        looksLikeName(name)
      )
        return { value: [person(name)], source: "byline" };
    }
    const trailing = i < 3 && !page.isChrome(node) ? nameAfterDate(text) : null;
    if (trailing) return { value: [person(trailing)], source: "byline" };
    const m = BYLINE_TEXT.exec(joined);
    if (!m?.[1] || page.isChrome(node) || inQuote(node) || inPhotoCredit(node)) continue;
    // "Die Stiefel von Nova Trail sind leicht": a "von" inside a sentence names a maker, not the
    // author; a byline line ends soon after its name.
    if (m.index > 0 && SENTENCE_GOES_ON.test(joined.slice(m.index + m[0].length))) continue;
    // Nor does one that ends a sentence ("Im Wald fand man den Hut von Eva Muster"); before a
    // byline's "von" stand at most a label, a date or "Posted in <section>".
    const lead = joined.slice(0, m.index).trim();
    if (lead.split(/\s+/).length > 3 && parseDate(lead) === null) continue;
    // A name written as a link points at the author's page.
    const nearby = texts.slice(i, i + 6);
    const linkFor = (n: string): string | null => {
      const hit = nearby.find((t) => t.node.tagName === "a" && t.text.includes(n));
      return hit ? absoluteUrl(hit.node.attribs.href, page.url) : null;
    };
    // The prefix is matched case-insensitively; a name is written with capitals ("by the way" is
    // not a byline), unless it links to a user's page ("von <a href=…?u=5>r23</a>").
    const names = splitNames(m[1], { siteName: site }).filter(
      (n) =>
        (nearby.some((t) => t.node.tagName === "a" && t.text === n) &&
          USER_LINK.test(linkFor(n) ?? "")) ||
        (/^\p{Lu}/u.test(n) &&
          !/^\p{Lu}+$/u.test(n) &&
          n
            .split(" ")
            .every(
              (w) =>
                /^\p{Lu}/u.test(w) ||
                /^(?:van|von|de|der|den|da|del|di|la|le|du|ten|ter|y)$/.test(w),
            )),
    );
    if (!names.length) continue;
    // A one-word "name" after "von"/"by" in running text is usually a place or a thing ("von
    // Patagonien"); it counts only when it is a link, as a username in a byline is.
    if (names.some((n) => !n.includes(" ") && !linkFor(n))) continue;
    return { value: names.map((n) => person(n, { url: linkFor(n) })), source: "byline" };
  }
  return null;
}

/**
 * "03.09.2021 - Hanne Vesper", "17.03.2022 | 08:45 Uhr | Lio Fennberg": a dateline that
 * puts the day first and the name last, right at the headline.
 */
function nameAfterDate(text: string): string | null {
  if (text.length > 100) return null;
  const parts = text.split(/\s+[|•·–—-]\s+|\s*[|•·]\s*/u);
  if (parts.length < 2) return null;
  const name = (parts.at(-1) ?? "").trim();
  if (!parseDate(parts.slice(0, -1).join(" "))) return null;
  const words = name.split(/\s+/);
  if (words.length < 2 || words.length > 4 || !words.every((w) => /^\p{Lu}/u.test(w))) return null;
  if (/\d/.test(name) || !looksLikeName(name)) return null;
  return name;
}

/** The short lines just above the h1 (a kicker or dateline printed before the headline). */
function fromAboveHeadline(page: Page): Found<Author[]> | null {
  const h1 = page.headlineEl;
  if (!h1) return null;
  const at = page.elements.indexOf(h1);
  for (let i = at - 1, seen = 0; i >= 0 && i >= at - 15 && seen < 4; i--) {
    const el = page.elements[i] as Element;
    if (el.tagName === "nav" || el.tagName === "ul" || el.tagName === "header") return null;
    if (
      !el.children.some((c) => c.type === "text" && /\S/.test((c as { data?: string }).data ?? ""))
    )
      continue;
    seen++;
    if (page.isChrome(el)) continue;
    const name = nameAfterDate(clean(spacedText(el, 150)) ?? "");
    if (name) return { value: [person(name)], source: "byline" };
  }
  return null;
}

const AUTHOR_URL =
  /\/(?:author|authors|autor|autoren|auteur|people|staff|profile|profiles|journalist\w*|writers|contributors?|redakteur\w*|user|users|members)\//i;

function hasAncestorClass(el: Element, re: RegExp, levels: number): boolean {
  let p = el.parent as Element | null;
  for (let i = 0; i < levels && p?.attribs; i++, p = p.parent as Element | null)
    if (re.test(p.attribs.class ?? "")) return true;
  return false;
}

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

/** Where a picture's credit sits: its caption, licence or copyright line. */
const PHOTO_CREDIT =
  /(?:^|[\s_-])(?:licen[cs]e|copyright|credits?|(?:wp|image|img|photo|picture|media)-?captions?|photo-?credit|image-?credit|media-?credit|photographer|attribution)(?:$|[\s_-])/i;

/**
 * A name in a picture's caption or licence line is the photographer's ("James Roe via AP"), even
 * when marked `itemprop=author` or classed `author-name`: never the article's author.
 */
function inPhotoCredit(el: Element): boolean {
  let n: Element | null = el;
  for (let i = 0; i < 6 && n?.attribs; i++, n = n.parent as Element | null) {
    if (n.tagName === "figcaption" || n.tagName === "figure") return true;
    const sig = n.attribs.class ?? n.attribs.id;
    if (sig && PHOTO_CREDIT.test(sig)) return true;
  }
  return false;
}

/** Byline markers in order of trust; within a tier, the first outside page chrome wins. */
const BYLINE_TIERS: readonly ((el: Element) => boolean)[] = [
  (el) =>
    (el.tagName === "a" && /(?:^|\s)author(?:\s|$)/i.test(el.attribs.rel ?? "")) ||
    /by-?line/i.test(el.attribs.class ?? "") ||
    (/(?:^|\s)fn(?:\s|$)/.test(el.attribs.class ?? "") &&
      hasAncestorClass(el, /(?:^|\s)vcard(?:\s|$)/, 3)) ||
    /byline|author/i.test(el.attribs["data-testid"] ?? el.attribs["data-component"] ?? ""),
  (el) =>
    /author-?_{0,2}name/i.test(el.attribs.class ?? "") ||
    (el.tagName === "a" && el.attribs.href !== undefined && hasAncestorClass(el, /author/i, 3)),
  (el) =>
    el.tagName !== "body" &&
    el.tagName !== "html" &&
    el.tagName !== "article" &&
    (/author|autor|writer|reporter/i.test(el.attribs.class ?? "") ||
      /author/i.test(el.attribs.id ?? "")),
  (el) => el.tagName === "a" && AUTHOR_URL.test(el.attribs.href ?? ""),
];

/** Each tier's elements, found once per page: several rules walk the same tiers. */
const TIER_CACHE = new WeakMap<Page, (readonly Element[])[]>();

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
function fromByline(
  page: Page,
  site: string | null,
  firstTier = 0,
  lastTier = BYLINE_TIERS.length,
): Found<Author[]> | null {
  for (const [i, tier] of BYLINE_TIERS.entries()) {
    if (i < firstTier || i >= lastTier) continue;
    // After the trusted byline markup, a "By …" line under the headline beats loose class guesses.
    if (i === 1) {
      const text = fromBylineText(page, site);
      if (text) return text;
    }
    const found = bylineTier(page, site, tierElements(page, i, tier), i >= 2);
    if (found) return found;
  }
  return null;
}

/**
 * The `a[href]` elements under `el` in document order: what `$(el).find("a[href]")` returns,
 * without compiling a selector and wrapping the result for each candidate byline.
 */
function linksUnder(el: Element): Element[] {
  const out: Element[] = [];
  const stack: Element[] = [];
  const push = (parent: Element) => {
    const kids = parent.children;
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i] as Element;
      if (k.type === "tag" || k.type === "script" || k.type === "style") stack.push(k);
    }
  };
  push(el);
  while (stack.length) {
    const n = stack.pop() as Element;
    if (n.tagName === "a" && n.attribs.href !== undefined) out.push(n);
    push(n);
  }
  return out;
}

/** The label of a source or picture credit, just before the name it credits. */
const SOURCE_LABEL =
  /(?:quelle|source|fuente|fonte|foto|fotos|photo|photos|bild|image|credit|via)\s*:?\s*$/iu;

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

interface LineNode {
  readonly type: string;
  readonly name?: string;
  readonly data?: string;
  readonly children?: readonly LineNode[];
}

/** Tags that start a new line of text: a name never runs across one. */
const LINE_TAGS = new Set(["div", "p", "br", "li", "dd", "dt", "h2", "h3", "h4", "h5", "h6"]);

/** The element's text cut at block boundaries, a bare "By" line joined to the line after it. */
function blockLines(el: Element): string[] {
  const lines: string[] = [""];
  const stack: LineNode[] = [el as unknown as LineNode];
  let chars = 0;
  while (stack.length && chars < 300) {
    const n = stack.pop() as LineNode;
    if (n.type === "text") {
      const d = n.data ?? "";
      lines[lines.length - 1] += d;
      chars += d.length;
    } else if (n.type === "tag") {
      if (LINE_TAGS.has(n.name ?? "")) lines.push("");
      else lines[lines.length - 1] += " ";
      const kids = n.children ?? [];
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as LineNode);
    }
  }
  const out: string[] = [];
  for (const l of lines) {
    const t = clean(l);
    if (!t) continue;
    const last = out.length - 1;
    if (last >= 0 && BARE_CREDIT_ONLY.test(out[last] as string)) out[last] = `${out[last]} ${t}`;
    else out.push(t);
  }
  return out;
}

const BARE_CREDIT_ONLY = /^(?:by|von|par|por|door|di)$/i;

/**
 * Names in a byline without links. "By Joe Roe" in one block and "Daily Ledger" in the next read
 * "Joe Roe Daily Ledger" as one text: a name that runs on into the next block is cut there.
 */
function blockNames(el: Element, text: string, site: string | null): string[] {
  const names = splitNames(text, { siteName: site });
  if (!names.some((n) => n.includes(" "))) return afterKicker(text, site) ?? names;
  const lines = blockLines(el);
  if (lines.length < 2) return names;
  const first = lines.flatMap((l) => splitNames(l, { siteName: site }));
  return names.map((n) => first.find((f) => n.startsWith(`${f} `)) ?? n);
}

/**
 * "Kultur · Gero Falk, Ilka Brand": a section kicker before the names. splitNames keeps what
 * precedes the first "·" or "|" (the names before a date); here the full names come after it.
 */
function afterKicker(text: string, site: string | null): string[] | null {
  for (const part of text.split(/\s[|•·]\s/u).slice(1, 3)) {
    const names = splitNames(part, { siteName: site });
    if (names.length && names.every((n) => n.includes(" ") && /^\p{Lu}/u.test(n))) return names;
  }
  return null;
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
    if (out.length)
      return { value: out, source: el.tagName === "a" && el.attribs.rel ? "byline" : "byline" };
  }
  return null;
}

/** "Agencies", "Wires": a wire credit that names no agency stands in for the printed byline. */
const GENERIC_WIRE = /^(?:agencies|news agencies|wires|wire services)$/i;

/**
 * Authors in byline order, first sound rule wins: JSON-LD, meta names, microdata, visible byline.
 * An organisation that signs the piece (a wire service) is an Organization, never a Person.
 */
export function authors(page: Page, site: string | null): Found<Author[]> | null {
  const ld = fromJsonLd(page, site);
  // A CMS login ("jane.doe", "jdoe") in JSON-LD loses to a byline the page prints.
  // So does the site itself named as author, when the page prints a person's byline.
  // The publisher of the page (in JSON-LD) named as its author is the same stand-in.
  const article = page.ld.article;
  const pubNode = article ? page.ld.deref(article.publisher) : null;
  const house = [site, isObject(pubNode) ? ldText(page, pubNode.name) : null]
    .filter((x): x is string => !!x)
    .map(fold);
  // "HT" for the site "HT - Harbour Times": the house by its short name.
  const isHouse = (name: string) => {
    const f = fold(name);
    return house.some((h) => h === f || h.startsWith(`${f} `));
  };
  const weak = (a: Author) =>
    /^[a-z0-9._-]+$/.test(a.name) ||
    (a.type !== "Person" && (isHouse(a.name) || GENERIC_WIRE.test(a.name)));
  if (ld.length && ld.every(weak)) {
    const shown = fromByline(page, site, 0, 2);
    if (shown) return shown;
    // With the house as the only author, an author-classed element naming a person is the byline.
    const loose = ld.every((a) => a.type !== "Person") ? fromByline(page, site, 2, 3) : null;
    if (loose?.value.some((a) => a.type === "Person" && a.name.includes(" "))) return loose;
    // A signature line ("Von Fenja Brandauer" under the text) names the writer the house stood in for.
    const signed = ld.every((a) => a.type !== "Person") ? fromStandaloneByline(page, site) : null;
    if (signed) return signed;
    const dated = fromNameByDate(page, site);
    if (dated) return dated;
  }
  // A first name alone in JSON-LD ("Ottmar") that the printed byline writes in full ("Ottmar Quell").
  const only = ld.length === 1 ? ld[0] : undefined;
  if (only?.type === "Person" && !only.name.includes(" ")) {
    const shown = fromByline(page, site, 0, 3);
    const full = shown?.value.find(
      (a) => a.type === "Person" && a.name.startsWith(`${only.name} `),
    );
    if (full?.type === "Person")
      return { value: [{ ...only, name: full.name, url: only.url ?? full.url }], source: "jsonld" };
  }
  if (ld.length) return { value: ld, source: "jsonld" };
  const md = fromMicrodata(page, site);
  if (md.length) return { value: md, source: page.props.get("author")[0]?.source ?? "microdata" };
  const marked = fromByline(page, site, 0, 1);
  // A byline that names only the house ("By The Daily Ledger") yields to a person's credit
  // printed with the text ("Written by: Jane Roe" atop a syndicated piece).
  if (marked?.value.every(weak)) return fromBylineText(page, site) ?? marked;
  if (marked) return marked;
  const text = fromBylineText(page, site);
  if (text) return text;
  const meta = fromMeta(page, site);
  if (meta) return meta;
  return (
    fromByline(page, site, 1) ??
    fromAboveHeadline(page) ??
    fromCreditLabel(page, site) ??
    fromCreditLines(page, site) ??
    fromNameByDate(page, site) ??
    fromMetaLines(page, site) ??
    fromStandaloneByline(page, site) ??
    fromSignature(page, site) ??
    fromNewsroomByline(page)
  );
}

const INLINE_WRAP = new Set(["strong", "b", "em", "i", "font", "span"]);

/** Text of a paragraph of prose, long enough to be the article's and not a caption or a label. */
function isProse(el: Element | null | undefined): boolean {
  if (el?.tagName !== "p") return false;
  const t = clean(spacedText(el, 400)) ?? "";
  // A footnote after the text ("(1) Figures from …") is not more of the article.
  return t.length >= 150 && !/^(?:\(\d+\)|\[\d+\]|\*)/.test(t);
}

function siblingsOf(el: Element, dir: "previousSibling" | "nextSibling", n: number): Element[] {
  const out: Element[] = [];
  for (let s = el[dir] as Element | null; s && out.length < n; s = s[dir] as Element | null)
    if (s.type === "tag") out.push(s);
  return out;
}

/**
 * The writer's name signed under the text: a paragraph that is only a person's name, set bold,
 * italic or flush right (`<p align="right"><em>Bruno Falk</em></p>`), right after the article's
 * prose and with no prose after it. Last resort, when nothing else names anyone.
 */
function fromSignature(page: Page, site: string | null): Found<Author[]> | null {
  let seen = 0;
  for (let i = page.elements.length - 1; i >= 0 && seen < 300; i--) {
    const el = page.elements[i] as Element;
    if (el.tagName !== "p") continue;
    seen++;
    const kids = el.children.filter(
      (c) => c.type !== "text" || /\S/.test((c as { data?: string }).data ?? ""),
    );
    const wrapped =
      kids.length === 1 && kids[0]?.type === "tag" && INLINE_WRAP.has((kids[0] as Element).tagName);
    const right =
      el.attribs.align === "right" || /text-align:\s*right/i.test(el.attribs.style ?? "");
    if (!wrapped && !right) continue;
    const text = clean(spacedText(el, 60)) ?? "";
    if (text.length < 5 || text.length > 40) continue;
    const words = text.split(" ");
    if (words.length < 2 || words.length > 3 || !words.every((w) => /^\p{Lu}/u.test(w))) continue;
    const names = splitNames(text, { siteName: site });
    if (names.length !== 1 || names[0] !== text) continue;
    if (!siblingsOf(el, "previousSibling", 3).some(isProse)) continue;
    if (siblingsOf(el, "nextSibling", 5).some(isProse)) continue;
    if (page.isChrome(el) || inQuote(el) || inPhotoCredit(el)) continue;
    return { value: [person(text)], source: "byline" };
  }
  return null;
}

/** Text that opens with a credit word: the cheap first test on every element. */
const OPENS_WITH_CREDIT = /^\s*(?:by|von|par|por|door)\s/i;

/**
 * An element that holds nothing but "Von Edda Lorenzen" (`<h5><em>Von …</em></h5>`, `<p> von
 * <em>…</em></p>`), wherever the page put it: a line of its own that is only a credit is a byline,
 * not a sentence. Full names only; teasers, quotes and captions excluded.
 */
function fromStandaloneByline(page: Page, site: string | null): Found<Author[]> | null {
  let seen = 0;
  for (const el of page.elements) {
    const first = el.children[0] as unknown as { type: string; data?: string } | undefined;
    if (first?.type !== "text" || !OPENS_WITH_CREDIT.test(first.data ?? "")) continue;
    if (++seen > 30) break;
    const text = clean(spacedText(el, 100)) ?? "";
    if (text.length > 60 || page.isChrome(el) || inQuote(el) || inPhotoCredit(el)) continue;
    const names = splitNames(text, { siteName: site });
    const words = names.flatMap((n) => n.split(" "));
    if (!names.length || names.some((n) => !n.includes(" "))) continue;
    if (!words.every((w) => /^\p{Lu}/u.test(w) || PARTICLE.test(w))) continue;
    // The whole line is the credit: nothing after the names but separators.
    const rest = names.reduce((t, n) => t.replace(n, ""), text.replace(OPENS_WITH_CREDIT, ""));
    if (/[\p{L}\d]/u.test(rest.replace(/\b(?:und|and|et|y|e)\b/giu, ""))) continue;
    return { value: names.map((n) => person(n)), source: "byline" };
  }
  return null;
}

/** A byline that is only the newsroom's role word: "von Redaktion", "By Staff", "Editor". */
const BARE_NEWSROOM =
  /^(?:(?:von|by|por|par|door|author|autor)\s*:?\s+)?(redaktion|rédaction|redacción|redazione|redactie|staff|newsroom|editorial staff|the editors|editors?)\s*,?$/iu;

/**
 * Last resort: the byline markup names no one but "Redaktion" or "Staff". That is the newsroom
 * signing the piece, an Organization as printed (never a Person), better than no author at all.
 */
function fromNewsroomByline(page: Page): Found<Author[]> | null {
  const marked = [
    ...page.props.get("author").map((p) => p.el),
    ...[0, 1, 2].flatMap((i) => {
      const tier = BYLINE_TIERS[i];
      return tier ? tierElements(page, i, tier).slice(0, 40) : [];
    }),
  ];
  for (const el of marked) {
    if (page.isChrome(el)) continue;
    const m = BARE_NEWSROOM.exec(clean(spacedText(el, 80)) ?? "");
    if (m?.[1]) return { value: [organization(m[1])], source: "byline" };
  }
  return null;
}

/** "Posted by", "Gespeichert von": a verb that makes the words after "by" a credit by itself. */
const CREDIT_VERB =
  /(?:^|\s)(?:posted|written|published|submitted|geschrieben|gespeichert|verfasst|veröffentlicht|eingetragen|erstellt|publié|écrit|publicado|escrito|pubblicato|scritto)$/iu;

/**
 * "<before> by <name><after>": the name is one token (a username as the blog prints it) or
 * capitalised words; it ends at the first lower-case word ("on", "am", "under").
 */
const CREDIT_LINE =
  /^(.{0,40}?)\s*(?:^|\s)(?:[Bb]y|BY|[Vv]on|VON|[Pp]ar|[Pp]or|POR|[Dd]oor)\s+([\p{L}\d][\p{L}\d._'’-]*(?:\s+(?:\p{Lu}[\p{L}'’.-]*|van|von|de|der|den|da|del|di|la|le|du|ten|ter))*)(.*)$/u;

/** What joins a credit to the date after it: "by jdoe on May 3", "von Ilse am 9.4.", "— 12:00". */
const DATE_JOIN = /^\s*(?:on|am|at|um|le|el|il|em|op|,|[-–—|•·@])\s*/iu;

/**
 * Names from a credit line whose shape leaves no doubt: a credit verb ("Posted by jdoe"), or the
 * line is nothing but the credit and a date ("09.04.2011 von Ilse", "by kit on April 9, 2011").
 * A bare "von Patagonien" in running text has neither, so one-word names and usernames are safe
 * here where the looser "By …" rule must refuse them.
 */
function creditLine(text: string, site: string | null): string[] {
  if (text.length > 120) return [];
  const m = CREDIT_LINE.exec(text);
  if (!m) return [];
  const before = (m[1] ?? "").trim();
  const after = m[3] ?? "";
  const verb = CREDIT_VERB.test(before);
  const lead = (verb ? before.replace(CREDIT_VERB, "") : before).replace(/[\s|•·,–—-]+$/u, "");
  const dateBefore = lead.length > 0 && lead.length <= 30 && parseDate(lead) !== null;
  // Anything else before "by" makes it a sentence, not a credit ("Grußwort von Landrätin …").
  if (lead && !dateBefore) return [];
  const dateAfter = DATE_JOIN.test(after) && parseDate(after.replace(DATE_JOIN, "")) !== null;
  if (!verb && !dateBefore && !dateAfter) return [];
  return splitNames(m[2] ?? "", { siteName: site }).filter(
    (n) => !n.includes(" ") || n.split(" ").every((w) => /^\p{Lu}/u.test(w) || PARTICLE.test(w)),
  );
}

/** A text that is only a credit word, its name in the next element: `<p>by</p> <span>kit</span>`. */
const BARE_CREDIT = /(?:^|\s)(?:by|von|par|por|door)$/iu;

/** Credit lines in the texts right under the headline. */
function fromCreditLines(page: Page, site: string | null): Found<Author[]> | null {
  const start = headlineStart(page);
  if (!start) return null;
  const texts = followingText(start, 1500).slice(0, 40);
  for (const [i, { text, node }] of texts.entries()) {
    // The headline's own words ("… Eaten by Rabbits") are never its credit.
    if (page.isChrome(node) || inQuote(node) || within(node, start)) continue;
    let line = text;
    for (let j = i + 1; BARE_CREDIT.test(text) && j < i + 4 && j < texts.length; j++)
      line += ` ${texts[j]?.text ?? ""}`;
    const names = creditLine(line, site);
    if (names.length) return { value: names.map((n) => person(n)), source: "byline" };
  }
  return null;
}

function within(el: Element, ancestor: Element): boolean {
  for (let n: Element | null = el; n?.attribs; n = n.parent as Element | null)
    if (n === ancestor) return true;
  return false;
}

/** An embedded post ("Posted by <page> on <date>" under a quoted social post) credits the quote. */
function inQuote(el: Element): boolean {
  let n: Element | null = el;
  for (let i = 0; i < 16 && n?.attribs; i++, n = n.parent as Element | null)
    if (n.tagName === "blockquote") return true;
  return false;
}

/** Classes of the line of post facts that blogs print under or after a post. */
const META_LINE =
  /(?:^|[\s_-])(?:submitted|postmetadata|post-?meta|entry-?meta|meta-?info|post-?info|postinfo|post-?details|postdata|post-?footer|entry-?footer|entry-?utility|meta)(?:$|[\s_-])/i;

/** "Filed under: Notes — jdoe @ 23:47": the classic blog theme's author and time of posting. */
const AUTHOR_AT_TIME =
  /[—–]\s*([\p{L}\d][\p{L}\d._-]*(?:\s\p{Lu}[\p{L}'’.-]*){0,2})\s*@\s*\d{1,2}:\d{2}\b/u;

/**
 * The post's fact line wherever the theme puts it, often after the text: Drupal's "Gespeichert
 * von jdoe am 3. März 2016", WordPress's "Posted by Jane Doe at 07:41".
 */
function fromMetaLines(page: Page, site: string | null): Found<Author[]> | null {
  let seen = 0;
  for (const el of page.elements) {
    const cls = el.attribs.class;
    if (cls === undefined || !META_LINE.test(cls)) continue;
    if (++seen > 20) break;
    // The line's own class may say "footer"; only its surroundings decide whether it is chrome.
    const parent = el.parent as Element | null;
    if (page.isAside(el) || (parent?.attribs && page.isChrome(parent))) continue;
    const line = clean(spacedText(el, 300)) ?? "";
    const names = creditLine(line.slice(0, 120), site);
    if (names.length) return { value: names.map((n) => person(n)), source: "byline" };
    const stamped = AUTHOR_AT_TIME.exec(line)?.[1];
    const handle = stamped ? splitNames(stamped, { siteName: site }) : [];
    if (handle.length === 1) return { value: [person(handle[0] as string)], source: "byline" };
  }
  return null;
}

/** A link to a user's or author's page: "/u/jdoe", "/members/42", "/profil?u=42". */
const USER_LINK =
  /\/(?:u|users?|members?|profiles?|profil|authors?|autor\w*)(?:[/?#-]|$)|[?&](?:u|uid|user|author)=/i;
const TOPIC_LINK = /\/(?:category|categories|tags?|topics?|thema|themen|rubrik|ressort|section)\//i;
const SEPARATOR = /^[|•·,/–—-]$/u;
/** Elements that hold a name inline; a paragraph after the date is the text starting. */
const NAME_TAGS = new Set(["a", "span", "div", "strong", "b", "cite", "address"]);

/**
 * A name printed as its own element right next to the date under the headline, with no "By":
 * `<a href="/u/jdoe">jdoe</a> <time>04.03.2015</time>`, `<span>7. Juni</span> <span>Eva Lang</span>`.
 * A one-word name counts only as a link to a user page; a category link is never a name.
 */
function fromNameByDate(page: Page, site: string | null): Found<Author[]> | null {
  const start = headlineStart(page);
  if (!start) return null;
  const texts = followingText(start, 600)
    .filter((t) => !SEPARATOR.test(t.text) && !within(t.node, start))
    .slice(0, 12);
  const isDate = (i: number): boolean => {
    const t = texts[i]?.text;
    return t !== undefined && t.length <= 40 && parseDate(t) !== null;
  };
  for (const [i, { text, node }] of texts.slice(0, 6).entries()) {
    if (!isDate(i - 1) && !isDate(i + 1)) continue;
    if (text.length > 60 || page.isChrome(node) || inQuote(node)) continue;
    if (SOURCE_LABEL.test(texts[i - 1]?.text ?? "")) continue;
    // A wire service's name on its own line beside the date ("Yonhap", "Bernama") signs the piece.
    if (isOrganizationByline(text) && clean(spacedText(node, 80)) === text)
      return { value: [organization(text)], source: "byline" };
    if (!NAME_TAGS.has(node.tagName)) continue;
    // The element holds the name alone, maybe with the separator before the date ("HT Online |").
    if (clean(spacedText(node, 80))?.replace(/[\s|•·,–—-]+$/u, "") !== text) continue;
    const href = node.tagName === "a" ? (node.attribs.href ?? "") : null;
    if (href !== null && TOPIC_LINK.test(href)) continue;
    // "HT Online | 4 Mar 2021": a desk's name beside the date is that newsroom signing.
    const room = newsroomName(text, site);
    if (room === text && room.includes(" "))
      return { value: [organization(room)], source: "byline" };
    const names = splitNames(text, { siteName: site });
    if (names.length !== 1 || names[0] !== text) continue;
    const words = text.split(" ");
    const ok =
      words.length === 1
        ? href !== null && USER_LINK.test(href)
        : words.every((w) => /^\p{Lu}/u.test(w) || PARTICLE.test(w));
    if (ok)
      return { value: [person(text, { url: absoluteUrl(href, page.url) })], source: "byline" };
  }
  return null;
}

const SUB_HEADINGS = new Set(["h2", "h3", "h4", "h5", "h6"]);

/**
 * Where the article starts: the headline, else (a page whose title is an h2) the first heading
 * that the `<title>` begins with, else the article container.
 */
function headlineStart(page: Page): Element | null {
  if (page.headlineEl) return page.headlineEl;
  if (START_CACHE.has(page)) return START_CACHE.get(page) ?? null;
  const start = findStandIn(page);
  START_CACHE.set(page, start);
  return start;
}

const START_CACHE = new WeakMap<Page, Element | null>();

/** A heading the `<title>` starts with, else the article container. */
function findStandIn(page: Page): Element | null {
  const title = page.titleTag ? fold(page.titleTag) : "";
  let seen = 0;
  for (const el of page.elements) {
    if (!SUB_HEADINGS.has(el.tagName)) continue;
    if (++seen > 30) break;
    const t = fold(clean(spacedText(el, 300)) ?? "");
    if (t.length >= 10 && title.startsWith(t) && !page.isChrome(el)) return el;
  }
  return page.elements.find((el) => el.tagName === "article" || el.tagName === "main") ?? null;
}

const LABEL_TAGS = new Set(["strong", "b", "em", "span", "dt", "th", "label", "p"]);
const CREDIT_LABEL =
  /^(?:autor(?:in)?|author|text|texte|von|by|written by|verfasst von|geschrieben von|auteur|autore|autor\/in)\s*:?$/i;

/**
 * "Autorin: Uta Weber", "– Redaktion: Jan Roth (Vereinssprecher)", "Autoren Eva Lind und Ole
 * Dahl": a label and the names in one element; only the plural "Autoren" goes without a colon.
 */
const INLINE_CREDIT =
  /^[-–—|•·\s]*(?:(?:autor(?:in)?|author|text|verfasst von|geschrieben von|written by|redaktion|redacción|rédaction)\s*:|(?:autor(?:en|innen)|authors)\s*:?)\s*(\S.+)$/iu;

/**
 * A labelled credit line, often at the end of the article: `<strong>Autor:</strong> Jane Doe`,
 * `<b>Text:</b> <a>Max Muster</a>`. The label is its own element, so the element list finds it
 * without a text scan of the page.
 */
function fromCreditLabel(page: Page, site: string | null): Found<Author[]> | null {
  let seen = 0;
  for (const el of page.elements) {
    if (!LABEL_TAGS.has(el.tagName)) continue;
    const first = el.children[0];
    if (first?.type !== "text") continue;
    const label = (first as unknown as { data: string }).data.trim();
    // "Autorin: Uta Weber, Gartenberaterin": label and name in one element. With more children,
    // a bare label is followed by its name: `<em>Autor: <a>Jan Roth</a> (Gastbeitrag)</em>`.
    const alone = el.children.length === 1;
    const inline = alone && label.length <= 140 ? INLINE_CREDIT.exec(label) : null;
    if (!inline && (label.length > 20 || !CREDIT_LABEL.test(label))) continue;
    if (++seen > 10) break;
    if (page.isChrome(el)) continue;
    // The name is the next text after the label; its own element if the label is a link-less span.
    const next = inline?.[1] ? { text: inline[1], node: el } : followingText(el, 200)[1];
    if (!next || next.text.length > 120) continue;
    // Without a colon ("Autoren Eva Lind …") only full names make it a credit, not "Autoren Tagung".
    const bare =
      inline?.[1] !== undefined && !label.slice(0, label.length - inline[1].length).includes(":");
    const names = splitNames(next.text, { siteName: site }).filter(
      (n) => /^\p{Lu}/u.test(n) && looksLikeName(n) && (!bare || n.includes(" ")),
    );
    if (!names.length) continue;
    const url = next.node.tagName === "a" ? absoluteUrl(next.node.attribs.href, page.url) : null;
    return {
      value: names.map((n) => person(n, { url: names.length === 1 ? url : null })),
      source: "byline",
    };
  }
  return null;
}

/** Cheap first test: this runs on every element that has a class. */
const BIO_HINT = /bio|about|note/i;
const BIO_BOX =
  /(?:^|[\s_-])(?:author|contributor|writer)s?[-_]?(?:bios?|about|notes?)(?:[\s_-]|$)/i;

/**
 * A block of bios, one paragraph per author (`<p><strong>Name</strong> covers …</p>`): the
 * paragraph that starts with a Person's name is that Person's description, where none is known.
 */
export function attachBios(page: Page, list: readonly Author[]): readonly Author[] {
  if (!list.some((a) => a.type === "Person" && a.description === null)) return list;
  const boxes: Element[] = [];
  for (const el of page.elements) {
    const cls = el.attribs.class;
    if (cls !== undefined && BIO_HINT.test(cls) && BIO_BOX.test(cls)) boxes.push(el);
  }
  if (!boxes.length) return list;
  const paragraphs = boxes.flatMap((b) => page.$(b).find("p").toArray() as Element[]).slice(0, 20);
  return list.map((a) => {
    if (a.type !== "Person" || a.description !== null) return a;
    for (const p of paragraphs) {
      const text = clean(spacedText(p, 1200));
      if (
        text &&
        text.length > a.name.length + 10 &&
        text.length <= 1000 &&
        text.startsWith(a.name)
      )
        return { ...a, description: text };
    }
    return a;
  });
}
