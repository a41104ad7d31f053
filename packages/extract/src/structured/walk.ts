/**
 * Walks over the parsed tree without css-select: the page's elements in document order, an
 * element's text with a space at every element boundary, and the text that follows an element.
 */
import type { Element } from "domhandler";

/**
 * domhandler's `Element`, the node type cheerio hands out. domhandler is a direct dependency (the
 * version cheerio uses) so that the built `.d.ts` files can name it.
 */
export type { Element };

interface NodeLike {
  type: string;
  data?: string;
  name?: string;
  children?: NodeLike[];
}

/**
 * Text with a space at every element boundary, so that `By<a>Jane</a><span>Staff</span>` reads
 * "By Jane Staff", not "ByJaneStaff" as cheerio's `.text()` gives. Scripts and styles are skipped;
 * iterative so that deeply nested pages cannot overflow the stack. Stops after `max` characters.
 */
export function spacedText(el: Element, max = 2000): string {
  let out = "";
  const stack: NodeLike[] = [el as unknown as NodeLike];
  while (stack.length && out.length < max) {
    const node = stack.pop() as NodeLike;
    if (node.type === "text") out += node.data ?? "";
    else if (node.type === "tag" && node.children && !RUBY_ANNOTATION.has(node.name ?? "")) {
      out += " ";
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as NodeLike);
    }
  }
  // Already single-spaced text (a leaf, say) only needs trimming.
  return (NEEDS_COLLAPSE.test(out) ? out.replace(/\s+/g, " ") : out).trim();
}

/** Ruby readings (furigana, pinyin) and their fallback parentheses: not the text itself. */
export const RUBY_ANNOTATION: ReadonlySet<string> = new Set(["rt", "rp"]);

/** Whitespace other than a lone U+0020: what the collapsing replace would change. */
const NEEDS_COLLAPSE = /[^\S ]| {2}/;

interface TreeNode {
  type: string;
  data?: string;
  name?: string;
  parent: TreeNode | null;
  next: TreeNode | null;
  children?: TreeNode[];
}

/**
 * The text nodes that follow `el` in document order (its own text first), skipping scripts and
 * styles, up to `maxChars` characters: what a reader sees right under a headline.
 */
export function followingText(el: Element, maxChars: number): { text: string; node: Element }[] {
  const out: { text: string; node: Element }[] = [];
  let total = 0;
  let node: TreeNode | null = el as unknown as TreeNode;
  let descend = true;
  let steps = 0;
  while (node && total < maxChars && steps++ < 20000) {
    if (descend && node.children?.length && node.type === "tag") {
      node = node.children[0] as TreeNode;
      continue;
    }
    if (node.type === "text") {
      const d = node.data ?? "";
      const t = (NEEDS_COLLAPSE.test(d) ? d.replace(/\s+/g, " ") : d).trim();
      if (t) {
        out.push({ text: t, node: node.parent as unknown as Element });
        total += t.length;
      }
    }
    if (node.next) {
      node = node.next;
      descend = true;
    } else {
      node = node.parent;
      descend = false;
    }
  }
  return out;
}

/**
 * Every element under `root` in document order, in one iterative walk. The field rules filter
 * this list with plain predicates instead of running a css-select query (a full-tree walk plus
 * selector compilation) per rule, which dominated the metadata cost.
 */
export function allElements(root: unknown): Element[] {
  const out: Element[] = [];
  const stack: TreeNode[] = [];
  const start = root as TreeNode;
  for (let i = (start.children?.length ?? 0) - 1; i >= 0; i--)
    stack.push(start.children?.[i] as TreeNode);
  while (stack.length) {
    const node = stack.pop() as TreeNode;
    if (node.type !== "tag" && node.type !== "script" && node.type !== "style") continue;
    out.push(node as unknown as Element);
    const kids = node.children;
    if (!kids || node.type !== "tag") continue;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as TreeNode);
  }
  return out;
}
