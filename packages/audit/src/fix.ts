import type { MarkupBlock } from "@vellum/extract";
import type { Vocabulary } from "@vellum/schema";
import { createPatch } from "rfc6902";
import { asList, isA, isNode, type Node, typeNames } from "./nodes.js";
import type { AuditFix, PatchOperation } from "./types.js";

/** The kinds of node the builder writes; a page node of the same kind is the one it replaces. */
const FAMILIES = [
  "Article",
  "WebPage",
  "WebSite",
  "BreadcrumbList",
  "ImageObject",
  "Organization",
  "Person",
] as const;

function familyOf(node: Node, vocab: Vocabulary): string | null {
  return FAMILIES.find((f) => isA(node, f, vocab)) ?? null;
}

/** The page's JSON-LD as top-level nodes: each block's own node, or its `@graph` members. */
function pageNodes(blocks: readonly MarkupBlock[]): Node[] {
  const out: Node[] = [];
  for (const block of blocks) {
    if (block.error !== null) continue;
    for (const root of asList(block.data)) {
      if (!isNode(root)) continue;
      if (root["@graph"] !== undefined) {
        for (const n of asList(root["@graph"])) if (isNode(n)) out.push(n);
      } else {
        const { "@context": _, ...node } = root;
        out.push(node);
      }
    }
  }
  return out;
}

/**
 * The fix for a page: Vellum's graph (already merged with the page's own JSON-LD by the builder)
 * with the page's nodes it does not describe (a FAQPage, a VideoObject) carried over unchanged,
 * ordered like the page's so that the patch from the page's markup only says what changes.
 */
export function fixFor(
  built: { readonly "@graph"?: unknown },
  blocks: readonly MarkupBlock[],
  vocab: Vocabulary,
): AuditFix {
  const ours = asList(built["@graph"]).filter(isNode);
  const theirs = pageNodes(blocks);
  const from = { "@context": "https://schema.org", "@graph": theirs };

  const taken = new Set<Node>();
  const ordered: Node[] = [];
  for (const node of theirs) {
    const id = node["@id"];
    let match =
      typeof id === "string" ? ours.find((o) => !taken.has(o) && o["@id"] === id) : undefined;
    const family = familyOf(node, vocab);
    if (match === undefined && family !== null) {
      match = ours.find((o) => {
        if (taken.has(o) || familyOf(o, vocab) !== family) return false;
        // People are matched by name: the page's second author is not our first.
        return family !== "Person" || (typeof node.name === "string" && o.name === node.name);
      });
    }
    if (match !== undefined) {
      taken.add(match);
      ordered.push(match);
    } else if (family === null || !ours.some((o) => familyOf(o, vocab) === family)) {
      // A node the builder does not describe at all stays as the page wrote it.
      ordered.push(node);
    } else if (typeNames(node).length > 0 && family !== "Person" && family !== "Organization") {
      // A second article, page or image of the page (a related item) is not ours to drop.
      ordered.push(node);
    }
  }
  for (const node of ours) if (!taken.has(node)) ordered.push(node);
  const graph = { "@context": "https://schema.org", "@graph": ordered };
  return { graph, from, patch: createPatch(from, graph) as PatchOperation[] };
}
