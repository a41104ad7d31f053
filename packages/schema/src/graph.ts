import type {
  Article,
  ArticlePeople,
  Author,
  ImageRef,
  Organization,
  Person,
  Warning,
} from "@vellum/model";
import { absoluteUrl } from "@vellum/model";
import type {
  BreadcrumbList as SBreadcrumbList,
  ImageObject as SImageObject,
  ListItem as SListItem,
  NewsArticle as SNewsArticle,
  Organization as SOrganization,
  Person as SPerson,
  WebPage as SWebPage,
  WebSite as SWebSite,
  Thing,
} from "schema-dts";
import { normalizeDate } from "./dates.js";
import { type GraphIds, graphIds } from "./ids.js";
import { mergePageJsonLd } from "./merge.js";
import { cleanAuthorNames, looksLikeOrganization } from "./names.js";
import type { JsonLdDocument, JsonLdOptions } from "./types.js";
import { siteRoot } from "./urls.js";
import { loadVocabulary, type Vocabulary } from "./vocabulary.js";

type Leaf<T, K extends string> = Extract<T, { "@type": K }>;
type ImageObjectNode = Leaf<SImageObject, "ImageObject">;
type PersonNode = Leaf<SPerson, "Person">;
type OrganizationNode = Leaf<SOrganization, "Organization">;
type WebPageNode = Leaf<SWebPage, "WebPage">;
type WebSiteNode = Leaf<SWebSite, "WebSite">;
type BreadcrumbListNode = Leaf<SBreadcrumbList, "BreadcrumbList">;
type ListItemNode = Leaf<SListItem, "ListItem">;
/** Every Article subtype shares NewsArticle's properties that we emit; the type varies. */
type ArticleNode = Omit<Leaf<SNewsArticle, "NewsArticle">, "@type"> & { "@type": string };

/** A node being built: any property may be missing, null or empty and is then left out. */
type Draft<T> = { [K in keyof T]?: T[K] | null | undefined };

/** Drops empty values, keeping the order properties were written in (the output's key order). */
function clean<T>(draft: Draft<T>): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(draft)) {
    if (value === null || value === undefined || value === "") continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[key] = value;
  }
  return out as T;
}

const ref = (id: string) => ({ "@id": id });

/** The Article types the builder may emit when the page or clear signals say so. */
const OPINION = /\b(?:opinion|op-?ed|commentary|column|meinung|kommentar|tribune|opinión)\b/i;
const BLOG = /\/blogs?\//i;

function articleType(article: Article, vocab: Vocabulary, pageUrl: string | null): string {
  const claimed = article.articleType;
  if (claimed !== null && vocab.isSubClassOf(claimed, "Article")) return claimed;
  if (article.section !== null && OPINION.test(article.section)) return "OpinionNewsArticle";
  if (pageUrl !== null && BLOG.test(pageUrl)) return "BlogPosting";
  return "NewsArticle";
}

interface BuildState {
  readonly base: string | null;
  readonly ids: GraphIds;
  readonly warn: (warning: Warning) => void;
  /** URLs other nodes use as `@id` (breadcrumb pages, the site): an author page must not collide. */
  readonly taken: ReadonlySet<string>;
}

function url(
  value: string | null,
  state: BuildState,
  field: Warning["field"],
  what: string,
): string | null {
  if (value === null) return null;
  const abs = absoluteUrl(value, state.base);
  if (abs === null) {
    state.warn({
      code: "url-not-absolute",
      message: `${what} "${value}" cannot be made an absolute http(s) URL; left out`,
      ...(field === undefined ? {} : { field }),
    });
  }
  return abs;
}

function urls(values: readonly string[], state: BuildState, what: string): string[] {
  const out: string[] = [];
  for (const v of values) {
    const abs = url(v, state, undefined, what);
    if (abs !== null && !out.includes(abs)) out.push(abs);
  }
  return out;
}

/** schema.org ranges width/height over Distance and QuantitativeValue, not Number; E37 is UN/CEFACT's pixel. */
function pixels(value: number | null) {
  return value !== null && value > 0
    ? ({ "@type": "QuantitativeValue", value, unitCode: "E37" } as const)
    : null;
}

function imageObject(
  image: ImageRef,
  id: string,
  state: BuildState,
  field: Warning["field"],
): ImageObjectNode | null {
  const href = url(image.url, state, field, "image");
  if (href === null) return null;
  return clean<ImageObjectNode>({
    "@type": "ImageObject",
    "@id": id,
    url: href,
    contentUrl: href,
    width: pixels(image.width),
    height: pixels(image.height),
    caption: image.caption,
  });
}

function organizationNode(
  org: Organization,
  id: string,
  logoId: string,
  state: BuildState,
): Thing[] {
  const logo = org.logo === null ? null : imageObject(org.logo, logoId, state, "publisher");
  const node = clean<OrganizationNode>({
    "@type": org.type === "NewsMediaOrganization" ? "NewsMediaOrganization" : "Organization",
    "@id": id,
    name: org.name,
    url: url(org.url, state, "publisher", "organization url"),
    logo: logo === null ? null : ref(logoId),
    sameAs: urls(org.sameAs, state, "organization sameAs"),
  } as Draft<OrganizationNode>);
  return logo === null ? [node] : [node, logo];
}

interface AuthorNodes {
  readonly refs: Array<{ "@id": string }>;
  readonly nodes: Thing[];
}

function authorNodes(
  authors: readonly Author[],
  publisher: Organization | null,
  state: BuildState,
): AuthorNodes {
  const refs: Array<{ "@id": string }> = [];
  const nodes: Thing[] = [];
  const add = (id: string, node: Thing | null) => {
    if (refs.some((r) => r["@id"] === id)) return;
    refs.push(ref(id));
    if (node !== null) nodes.push(node);
  };
  const publisherNames = publisher === null ? [] : [publisher.name];
  const asOrganization = (org: Organization) => {
    if (org.name.trim() === "") {
      state.warn({
        code: "author-name-missing",
        message: "an organization author has no name; left out",
        field: "authors",
      });
      return;
    }
    if (
      publisher !== null &&
      org.name.trim().toLowerCase() === publisher.name.trim().toLowerCase()
    ) {
      add(state.ids.organization, null);
      return;
    }
    const id = state.ids.organizationNamed(org.name);
    const [node] = organizationNode(org, id, `${id}-logo`, state);
    add(id, clean<OrganizationNode>({ ...(node as OrganizationNode), logo: null }));
  };
  // Author page URLs are ids only when each belongs to one author (a shared "/authors" page is not).
  const urlCount = new Map<string, number>();
  for (const a of authors) if (a.url !== null) urlCount.set(a.url, (urlCount.get(a.url) ?? 0) + 1);

  for (const author of authors) {
    if (author.type !== "Person") {
      asOrganization(author);
      continue;
    }
    const { names, dropped } = cleanAuthorNames(author.name);
    for (const d of dropped) {
      state.warn({
        code: "author-name-dropped",
        message: `"${d}" (from "${author.name}") is not a person's name; left out`,
        field: "authors",
      });
    }
    // Judged on the cleaned name: "Ann Poe, Staff Writer" is a person, "News Staff" is not.
    if (names.length === 1 && looksLikeOrganization(names[0] as string, publisherNames)) {
      const name = names[0] as string;
      state.warn({
        code: "author-is-organization",
        message: `"${name}" is an organization; made an Organization author`,
        field: "authors",
      });
      asOrganization({
        type: "Organization",
        name,
        url: author.url,
        logo: null,
        sameAs: author.sameAs,
      });
      continue;
    }
    if (names.length === 0) continue;
    if (names.length > 1 || names[0] !== author.name.trim()) {
      state.warn({
        code: "author-name-fixed",
        message: `author "${author.name}" written as ${names.map((n) => `"${n}"`).join(", ")}`,
        field: "authors",
      });
    }
    const single = names.length === 1;
    for (const name of names) {
      const person: Person = single
        ? author
        : { ...author, url: null, description: null, image: null, jobTitle: null, sameAs: [] };
      add(...personNode(person, name, urlCount, state, publisher !== null));
    }
  }
  return { refs, nodes };
}

function personNode(
  person: Person,
  name: string,
  urlCount: Map<string, number>,
  state: BuildState,
  hasPublisher: boolean,
): [string, Thing] {
  const page = url(person.url, state, "authors", "author url");
  const uniquePage =
    page !== null &&
    person.url !== null &&
    urlCount.get(person.url) === 1 &&
    page !== state.ids.page &&
    !state.taken.has(page);
  const id = state.ids.person(name, uniquePage ? page : null);
  const site = state.ids.site;
  // A staff author page on the publisher's own site is the clear sign of employment.
  const staff = hasPublisher && page !== null && site !== null && siteRoot(page) === site;
  const node = clean<PersonNode>({
    "@type": "Person",
    "@id": id,
    name,
    url: page,
    description: person.description,
    image: url(person.image, state, "authors", "author image"),
    jobTitle: person.jobTitle,
    sameAs: urls(person.sameAs, state, "author sameAs"),
    worksFor: staff ? ref(state.ids.organization) : null,
  });
  return [id, node];
}

/** Names compared as people write them: case, accents and spacing do not count. */
const sameName = (a: string, b: string) => {
  const fold = (v: string) =>
    v.normalize("NFKD").replace(/\p{M}/gu, "").replace(/\s+/gu, " ").trim().toLowerCase();
  return fold(a) === fold(b);
};

interface MentionNodes {
  readonly refs: Array<{ "@id": string }>;
  readonly nodes: Thing[];
}

/**
 * One Person node per person the article quotes, with `jobTitle` and `worksFor` (an Organization
 * node shared by `@id` among the people who work there; the publisher's own node when it is the
 * publisher). A quoted author is the author's node, referenced again.
 */
function mentionNodes(
  people: ArticlePeople,
  authors: AuthorNodes,
  publisher: Organization | null,
  state: BuildState,
): MentionNodes {
  const refs: Array<{ "@id": string }> = [];
  const nodes: Thing[] = [];
  const orgs = new Map<string, string>();
  for (const person of people.quoted) {
    const name = person.name.trim();
    if (name === "") continue;
    const author = authors.nodes.find(
      (n) =>
        (n as { "@type"?: unknown })["@type"] === "Person" &&
        typeof (n as { name?: unknown }).name === "string" &&
        [name, ...person.variants].some((v) => sameName(v, (n as { name: string }).name)),
    ) as PersonNode | undefined;
    if (author !== undefined) {
      const id = (author as { "@id": string })["@id"];
      if (!refs.some((r) => r["@id"] === id)) refs.push(ref(id));
      continue;
    }
    const id = state.ids.person(name, null);
    if (refs.some((r) => r["@id"] === id) || state.taken.has(id)) continue;
    let worksFor: { "@id": string } | null = null;
    const org = person.worksFor?.trim() || null;
    if (org !== null) {
      if (publisher !== null && sameName(org, publisher.name))
        worksFor = ref(state.ids.organization);
      else {
        let orgId = orgs.get(org.toLowerCase());
        if (orgId === undefined) {
          orgId = state.ids.organizationNamed(org);
          orgs.set(org.toLowerCase(), orgId);
          nodes.push(clean<OrganizationNode>({ "@type": "Organization", "@id": orgId, name: org }));
        }
        worksFor = ref(orgId);
      }
    }
    refs.push(ref(id));
    nodes.push(
      clean<PersonNode>({
        "@type": "Person",
        "@id": id,
        name,
        jobTitle: person.jobTitle?.trim() || null,
        worksFor,
      }),
    );
  }
  return { refs, nodes };
}

/**
 * `item` ranges over Thing and is not @id-coerced by the schema.org context, so a bare URL string
 * would be text; a small WebPage node says the same thing in the vocabulary's terms.
 */
function crumbItem(name: string, href: string | null): WebPageNode | null {
  return href === null ? null : { "@type": "WebPage", "@id": href, url: href, name };
}

/** The dek, unless it is an author's bio that an author box lent the page (it then says who, not what). */
function dek(article: Article, state: BuildState): string | null {
  const value = article.alternativeHeadline?.trim() || null;
  if (value === null) return null;
  const norm = (v: string) => v.replace(/\s+/gu, " ").trim().toLowerCase();
  const bio = article.authors.find(
    (a) =>
      a.type === "Person" &&
      a.description !== null &&
      a.description.length >= 20 &&
      norm(value).includes(norm(a.description)),
  );
  if (bio === undefined) return value;
  state.warn({
    code: "dek-is-bio",
    message: "the dek is an author's bio; left out",
    field: "alternativeHeadline",
  });
  return null;
}

function date(
  value: string | null,
  field: "datePublished" | "dateModified",
  state: BuildState,
): string | null {
  const { value: out, problem } = normalizeDate(value);
  if (problem !== null) state.warn({ code: "date-fixed", message: `${field}: ${problem}`, field });
  return out;
}

/**
 * The schema.org JSON-LD graph for an article: WebPage, the Article, its authors, the publisher
 * and the WebSite, linked by `@id`. Follows Google's Article guidance: what cannot be made right is
 * reported through `onWarning` and left out. Deterministic: same article, same bytes.
 */
export function buildJsonLd(article: Article, options: JsonLdOptions = {}): JsonLdDocument {
  const vocab = options.vocabulary ?? loadVocabulary();
  const warn = options.onWarning ?? (() => {});
  const pageUrl = absoluteUrl(article.canonicalUrl, article.url) ?? absoluteUrl(article.url, null);
  const siteUrl =
    absoluteUrl(options.siteUrl ?? null, pageUrl) ?? (pageUrl === null ? null : siteRoot(pageUrl));
  const ids = graphIds(pageUrl, siteUrl);
  // A "byline link" to a section page or the home page is no author page of its own.
  const taken = new Set<string>([ids.page, ...(siteUrl === null ? [] : [siteUrl])]);
  for (const crumb of article.breadcrumb) {
    const href = absoluteUrl(crumb.url, pageUrl);
    if (href !== null) taken.add(href);
  }
  const state: BuildState = { base: pageUrl, ids, warn, taken };

  const named = (org: Organization | null | undefined) =>
    org != null && org.name.trim() !== "" ? { ...org, name: org.name.trim() } : null;
  const site = article.siteName?.trim() || null;
  const publisher: Organization | null =
    named(options.publisher) ??
    named(article.publisher) ??
    (site === null
      ? null
      : { type: "Organization", name: site, url: siteUrl, logo: null, sameAs: [] });
  const siteName = options.siteName?.trim() || site || publisher?.name || null;
  const language = article.language;

  const lead = article.image ?? article.images[0] ?? null;
  const primaryImage = lead === null ? null : imageObject(lead, ids.primaryImage, state, "image");
  const authors = authorNodes(article.authors, publisher, state);
  const mentioned =
    options.people === undefined
      ? { refs: [], nodes: [] }
      : mentionNodes(options.people, authors, publisher, state);
  const publisherNodes =
    publisher === null ? [] : organizationNode(publisher, ids.organization, ids.logo, state);

  const headline = article.headline?.trim() || null;
  if (headline === null)
    warn({
      code: "headline-missing",
      message: "no headline: Google recommends one",
      field: "headline",
    });
  else if ([...headline].length > 110) {
    warn({
      code: "headline-too-long",
      message: `the headline has ${[...headline].length} characters; Google truncates past 110`,
      field: "headline",
    });
  }

  const breadcrumb: BreadcrumbListNode | null =
    article.breadcrumb.length === 0
      ? null
      : clean<BreadcrumbListNode>({
          "@type": "BreadcrumbList",
          "@id": ids.breadcrumb,
          itemListElement: article.breadcrumb.map((crumb, i) =>
            clean<ListItemNode>({
              "@type": "ListItem",
              position: i + 1,
              name: crumb.name,
              item: crumbItem(crumb.name, url(crumb.url, state, "breadcrumb", "breadcrumb url")),
            }),
          ),
        });

  const webpage = clean<WebPageNode>({
    "@type": "WebPage",
    "@id": ids.webpage,
    url: pageUrl,
    name: headline,
    isPartOf: siteUrl === null ? null : ref(ids.website),
    primaryImageOfPage: primaryImage === null ? null : ref(ids.primaryImage),
    breadcrumb: breadcrumb === null ? null : ref(ids.breadcrumb),
    inLanguage: language,
  });

  const published = date(article.datePublished, "datePublished", state);
  let modified = date(article.dateModified, "dateModified", state);
  // A modification a day or more before publication means one of the two dates is wrong; the
  // publication date is the one readers and Google rely on, so the other goes.
  if (
    published !== null &&
    modified !== null &&
    Date.parse(published) - Date.parse(modified) >= 86_400_000
  ) {
    warn({
      code: "date-modified-before-published",
      message: `dateModified ${modified} is before datePublished ${published}; left out`,
      field: "dateModified",
    });
    modified = null;
  }

  const articleNode = clean<ArticleNode>({
    "@type": articleType(article, vocab, pageUrl),
    "@id": ids.article,
    isPartOf: ref(ids.webpage),
    mainEntityOfPage: ref(ids.webpage),
    headline,
    alternativeHeadline: dek(article, state),
    description: article.description,
    datePublished: published,
    dateModified: modified,
    author: authors.refs,
    mentions: mentioned.refs,
    publisher: publisher === null ? null : ref(ids.organization),
    image: primaryImage === null ? null : [ref(ids.primaryImage)],
    thumbnailUrl: primaryImage === null ? null : (primaryImage.url as string),
    articleSection: article.section,
    keywords: article.keywords.length === 0 ? null : [...article.keywords],
    inLanguage: language,
    wordCount: article.wordCount > 0 ? article.wordCount : null,
    isAccessibleForFree: article.isAccessibleForFree,
    articleBody: options.withBody === true ? article.body.text : null,
  });

  const website =
    siteUrl === null
      ? null
      : clean<WebSiteNode>({
          "@type": "WebSite",
          "@id": ids.website,
          url: siteUrl,
          name: siteName,
          publisher: publisher === null ? null : ref(ids.organization),
          inLanguage: language,
        });

  const graph: Thing[] = [
    webpage,
    articleNode as unknown as Thing,
    ...(primaryImage === null ? [] : [primaryImage]),
    ...(breadcrumb === null ? [] : [breadcrumb]),
    ...authors.nodes,
    ...mentioned.nodes,
    ...publisherNodes,
    ...(website === null ? [] : [website]),
  ];
  const merged =
    options.merge === false
      ? graph
      : mergePageJsonLd(graph, article.pageJsonLd, {
          ids,
          vocab,
          warn,
          withBody: options.withBody === true,
        });
  return { "@context": "https://schema.org", "@graph": merged };
}
