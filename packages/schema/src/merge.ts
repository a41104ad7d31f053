import type { Warning } from "@vellum/model";
import type { Thing } from "schema-dts";
import { dateShape } from "./dates.js";
import type { GraphIds } from "./ids.js";
import { authorNameProblems, cleanAuthorNames, looksLikeOrganization } from "./names.js";
import { validationRule } from "./rules.js";
import { asArray, isObject, isReference, schemaTermOf, schemaTypesOf } from "./terms.js";
import { collectNodes, type Sink, VocabularyChecker } from "./validate.js";
import type { Vocabulary } from "./vocabulary.js";

type Node = Record<string, unknown>;

export interface MergeContext {
  readonly ids: GraphIds;
  readonly vocab: Vocabulary;
  readonly warn: (warning: Warning) => void;
  readonly withBody: boolean;
}

/** Links the builder owns: the page's own links point at nodes we describe under our ids. */
const MANAGED: Readonly<Record<string, readonly string[]>> = {
  article: [
    "author",
    "publisher",
    "isPartOf",
    "mainEntityOfPage",
    "image",
    "thumbnailUrl",
    "articleBody",
  ],
  webpage: ["isPartOf", "primaryImageOfPage", "breadcrumb", "mainEntity", "url"],
  website: ["publisher", "url"],
  organization: ["logo", "name"],
  person: ["name", "worksFor"],
};

/** Warnings that mark a page value as not worth carrying: it says nothing, or cannot be checked. */
const UNSOUND_WARNINGS: ReadonlySet<string> = new Set([
  "null-value",
  "missing-type",
  "empty-value",
]);

const normalName = (name: string) =>
  name.normalize("NFKC").replace(/\s+/gu, " ").trim().toLowerCase();

interface PageNode {
  readonly node: Node;
  /** A block's own node, a member of its @graph, or a WebPage's mainEntity: not a related item. */
  readonly main: boolean;
}

/** Every node object in the page's blocks, nested ones included, in document order. */
function pageNodes(blocks: readonly unknown[]): PageNode[] {
  const out: PageNode[] = [];
  const walk = (value: unknown, main: boolean): void => {
    if (Array.isArray(value)) {
      for (const v of value) walk(v, main);
      return;
    }
    if (!isObject(value) || "@value" in value) return;
    if (!isReference(value) && value["@type"] !== undefined) out.push({ node: value, main });
    for (const [key, v] of Object.entries(value)) {
      if (key !== "@context") walk(v, key === "@graph" || key === "mainEntity");
    }
  };
  walk(blocks, true);
  return out;
}

const samePage = (a: unknown, b: string): boolean => {
  if (typeof a !== "string") return false;
  const norm = (u: string) => u.split("#")[0]?.split("?")[0]?.replace(/\/+$/, "") ?? u;
  return norm(a) === norm(b);
};

/**
 * The page's description of this article: the Article node naming this page, else the first one
 * that is not nested in another node (a "related stories" list describes other articles).
 */
function pickArticle(
  nodes: readonly PageNode[],
  page: string,
  isArticle: (n: Node) => boolean,
): Node | null {
  const articles = nodes.filter((n) => isArticle(n.node));
  const names = (n: Node) => [
    n.url,
    n["@id"],
    n.mainEntityOfPage,
    isObject(n.mainEntityOfPage) ? n.mainEntityOfPage["@id"] : null,
  ];
  const own = articles.find((a) => names(a.node).some((v) => samePage(v, page)));
  return (own ?? articles.find((a) => a.main))?.node ?? null;
}

/**
 * Merges the page's own JSON-LD into the built graph: for the nodes both describe (article, page,
 * site, publisher, authors) the page's values are kept where they pass the vocabulary and Google's
 * rules, the extraction fills the gaps, and a page value that is wrong is left out with a warning.
 */
export function mergePageJsonLd(
  graph: Thing[],
  blocks: readonly unknown[],
  ctx: MergeContext,
): Thing[] {
  const nodes = pageNodes(blocks.filter((b) => isObject(b) || Array.isArray(b)));
  if (nodes.length === 0) return graph;
  const { vocab, ids } = ctx;
  const pageIndex = collectNodes(blocks);
  const resolve = (v: unknown): Node | null => {
    if (!isObject(v)) return null;
    return isReference(v) ? (pageIndex.get(v["@id"]) ?? null) : v;
  };
  const isA = (node: Node, cls: string) =>
    schemaTypesOf(node).some((t) => vocab.isSubClassOf(t, cls));
  const mainOf = (cls: string) => nodes.find((n) => n.main && isA(n.node, cls))?.node ?? null;

  const out = graph.map((n) => ({ ...(n as unknown as Node) }));
  const ours = (id: string) => out.find((n) => n["@id"] === id) ?? null;
  const ourIndex = collectNodes([{ "@graph": out }]);

  const article = pickArticle(nodes, ids.page, (n) => isA(n, "Article"));
  const pairs: Array<[Node | null, Node | null, string]> = [
    [ours(ids.article), article, "article"],
    [ours(ids.webpage), mainOf("WebPage"), "webpage"],
    [ours(ids.website), mainOf("WebSite"), "website"],
  ];
  const publisher = article === null ? null : resolve(asArray(article.publisher)[0]);
  pairs.push([ours(ids.organization), publisher, "organization"]);

  const extraPeople: Node[] = [];
  const ourPublisher = ours(ids.organization);
  const publisherNames = typeof ourPublisher?.name === "string" ? [ourPublisher.name] : [];
  if (article !== null) {
    const ourAuthors = asArray(ours(ids.article)?.author ?? [])
      .map((r) => (isObject(r) && typeof r["@id"] === "string" ? ours(r["@id"]) : null))
      .filter((n): n is Node => n !== null);
    for (const raw of asArray(article.author)) {
      const pagePerson = resolve(raw);
      if (pagePerson === null || !isA(pagePerson, "Person") || typeof pagePerson.name !== "string")
        continue;
      const { names } = cleanAuthorNames(pagePerson.name);
      if (names.some((n) => looksLikeOrganization(n, publisherNames))) continue;
      const match = ourAuthors.find(
        (a) =>
          typeof a.name === "string" &&
          names.some((n) => normalName(n) === normalName(a.name as string)),
      );
      if (match) pairs.push([match, pagePerson, "person"]);
      else if (names.length === 1 && names[0] !== undefined) {
        // The page names an author the extraction missed: keep them rather than output less.
        const name = names[0];
        const person: Node = { "@type": "Person", "@id": ids.person(name, null), name };
        if (!out.some((n) => n["@id"] === person["@id"])) {
          extraPeople.push(person);
          pairs.push([person, pagePerson, "person"]);
        }
      }
    }
  }

  const checker = (sink: Sink) => new VocabularyChecker(vocab, ourIndex, sink);
  for (const [target, page, kind] of pairs) {
    if (target === null || page === null) continue;
    const managed = MANAGED[kind] ?? [];
    const types = schemaTypesOf(target);
    for (const [key, value] of Object.entries(page)) {
      if (key.startsWith("@") || managed.includes(key)) continue;
      const term = schemaTermOf(key);
      if (term === null || term !== key) continue; // other vocabularies and prefixed forms are not carried
      if (term === "articleBody" && !ctx.withBody) continue;
      if (!types.some((t) => vocab.appliesTo(term, t))) continue;
      const problems: string[] = [];
      checker({
        add: (_p, code) =>
          (validationRule(code).severity === "error" || UNSOUND_WARNINGS.has(code)) &&
          problems.push(code),
      }).values(term, value, "$");
      if ((term === "datePublished" || term === "dateModified") && typeof value === "string") {
        const shape = dateShape(value.trim());
        if (shape !== "date" && shape !== "date-time") problems.push("date");
      }
      if (term === "name" && kind === "person" && typeof value === "string") {
        problems.push(...authorNameProblems(value).map((p) => p.code));
      }
      if (problems.length === 0) target[key] = pixelSizes(value);
      else if (!(key in target)) {
        ctx.warn({
          code: "page-jsonld-value-dropped",
          message: `the page's ${kind} ${key} is not sound (${problems[0]}); left out`,
        });
      }
    }
  }
  const ourArticle = ours(ids.article);
  if (article !== null && ourArticle !== null && article.image !== undefined) {
    mergeImages(ourArticle, article.image, checker, ourIndex);
  }
  // Extra authors go after the ones extracted, and before the publisher, in byline order.
  if (extraPeople.length > 0) {
    const articleNode = ours(ids.article);
    if (articleNode)
      articleNode.author = [
        ...asArray(articleNode.author ?? []),
        ...extraPeople.map((p) => ({ "@id": p["@id"] })),
      ];
    const at = out.findIndex((n) => n["@id"] === ids.organization);
    out.splice(at === -1 ? out.length : at, 0, ...extraPeople);
  }
  if (ourArticle !== null) checkDateOrder(ourArticle, ctx);
  return out as unknown as Thing[];
}

function imageUrlOf(value: unknown, index: ReadonlyMap<string, Node>): string | null {
  if (typeof value === "string") return value;
  if (!isObject(value)) return null;
  const node = isReference(value) ? index.get(value["@id"]) : value;
  const url = node?.url ?? node?.contentUrl;
  return typeof url === "string" ? url : null;
}

/**
 * Google asks for several images of the lead (16x9, 4x3, 1x1): the page's other images of the
 * article are kept after ours, each once, when sound.
 */
function mergeImages(
  target: Node,
  pageImages: unknown,
  checker: (sink: Sink) => VocabularyChecker,
  index: ReadonlyMap<string, Node>,
): void {
  const ourImages = asArray(target.image ?? []);
  const seen = new Set(
    ourImages.map((v) => imageUrlOf(v, index)).filter((u): u is string => u !== null),
  );
  const extra: unknown[] = [];
  for (const value of asArray(pageImages)) {
    if (isReference(value)) continue; // a link into the page's own graph, which is not carried
    const url = imageUrlOf(value, index);
    if (url === null || seen.has(url) || !/^https?:\/\//i.test(url)) continue;
    let sound = true;
    checker({
      add: (_p, code) => {
        if (validationRule(code).severity === "error" || UNSOUND_WARNINGS.has(code)) sound = false;
      },
    }).values("image", value, "$");
    if (!sound) continue;
    seen.add(url);
    extra.push(pixelSizes(value));
  }
  if (extra.length > 0) target.image = [...ourImages, ...extra];
}

/**
 * `"width": 1200` as most pages write it becomes the QuantitativeValue in pixels (UN/CEFACT E37)
 * that schema.org's range (Distance or QuantitativeValue) asks for, as in the nodes we build.
 */
function pixelSizes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pixelSizes);
  if (!isObject(value)) return value;
  const out: Node = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] =
      (key === "width" || key === "height") && typeof v === "number" && v > 0
        ? { "@type": "QuantitativeValue", value: v, unitCode: "E37" }
        : pixelSizes(v);
  }
  return out;
}

/** Page dates that are each sound may still disagree; the modification date then goes (see graph.ts). */
function checkDateOrder(article: Node, ctx: MergeContext): void {
  const { datePublished, dateModified } = article;
  if (typeof datePublished !== "string" || typeof dateModified !== "string") return;
  if (Date.parse(datePublished) - Date.parse(dateModified) < 86_400_000) return;
  ctx.warn({
    code: "date-modified-before-published",
    message: `dateModified ${dateModified} is before datePublished ${datePublished}; left out`,
    field: "dateModified",
  });
  delete article.dateModified;
}
