import { childPath, type Vocabulary } from "@vellum/schema";

export type Node = Record<string, unknown>;

export function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

const SCHEMA = /^(?:https?:\/\/schema\.org\/|schema:)/;

/** A node's schema.org types by their local names (`https://schema.org/NewsArticle` → `NewsArticle`). */
export function typeNames(node: Node): string[] {
  return asList(node["@type"] ?? node.type)
    .filter((t): t is string => typeof t === "string")
    .map((t) => t.replace(SCHEMA, ""));
}

export function isA(node: Node, cls: string, vocab: Vocabulary): boolean {
  return typeNames(node).some((t) => vocab.isSubClassOf(t, cls));
}

/** A node object found in a block, with its JSONPath and whether it is a block's own node. */
export interface FoundNode {
  readonly node: Node;
  readonly path: string;
  /** The block itself, a member of its `@graph`, or a page's `mainEntity`: not a related item. */
  readonly main: boolean;
}

/** Every typed node object in `root`, nested ones included, in document order. */
export function findNodes(root: unknown, rootPath = "$"): FoundNode[] {
  const out: FoundNode[] = [];
  const walk = (value: unknown, path: string, main: boolean): void => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        walk(v, childPath(path, i), main);
      });
      return;
    }
    if (!isNode(value) || "@value" in value) return;
    if (value["@type"] !== undefined || value.type !== undefined)
      out.push({ node: value, path, main });
    for (const [key, v] of Object.entries(value)) {
      if (key !== "@context")
        walk(v, childPath(path, key), key === "@graph" || key === "mainEntity");
    }
  };
  walk(root, rootPath, true);
  return out;
}

/** Nodes by `@id`, across all blocks, so that `{"@id": …}` references can be followed. */
export function nodeIndex(found: readonly FoundNode[]): Map<string, Node> {
  const index = new Map<string, Node>();
  for (const { node } of found) {
    const id = node["@id"];
    if (typeof id === "string" && !index.has(id)) index.set(id, node);
  }
  return index;
}

export function follow(value: unknown, index: ReadonlyMap<string, Node>): unknown {
  if (isNode(value) && typeof value["@id"] === "string" && Object.keys(value).length === 1) {
    return index.get(value["@id"]) ?? value;
  }
  return value;
}

const withoutHash = (u: string) => u.split("#")[0]?.replace(/\/+$/, "") ?? u;

/**
 * The node describing this page's article: the Article that names the page, else the first one
 * that is a block's own node (a "related stories" list nested in another describes other pages).
 */
export function pickArticle(
  found: readonly FoundNode[],
  pageUrl: string | null,
  vocab: Vocabulary,
): FoundNode | null {
  const articles = found.filter((f) => isA(f.node, "Article", vocab));
  const names = (n: Node) => [
    n.url,
    n["@id"],
    n.mainEntityOfPage,
    isNode(n.mainEntityOfPage) ? n.mainEntityOfPage["@id"] : null,
  ];
  const page = pageUrl === null ? null : withoutHash(pageUrl);
  const own =
    page === null
      ? undefined
      : articles.find((a) =>
          names(a.node).some((v) => typeof v === "string" && withoutHash(v) === page),
        );
  return own ?? articles.find((a) => a.main) ?? articles[0] ?? null;
}
