/**
 * The slice of the domhandler node shape (what cheerio builds with either parser) that content
 * detection reads. Declared here rather than imported because domhandler is only cheerio's
 * dependency, not ours.
 */

import { BLOCK_TAGS } from "../html-tags.js";
export interface DomNode {
  readonly type: string;
  parent: DomParent | null;
}

export interface DomParent extends DomNode {
  children: DomNode[];
}

export interface DomText extends DomNode {
  readonly type: "text";
  data: string;
}

export interface DomElement extends DomParent {
  readonly name: string;
  attribs: Record<string, string>;
}

export function isElement(node: DomNode): node is DomElement {
  return node.type === "tag" || node.type === "script" || node.type === "style";
}

export function isText(node: DomNode): node is DomText {
  return node.type === "text";
}

export function isParent(node: DomNode): node is DomParent {
  return Array.isArray((node as Partial<DomParent>).children);
}

/**
 * Every element under `root` in document order. Iterative, so 100,000 levels of nesting cannot
 * overflow the call stack.
 */
export function elementsInOrder(root: DomParent): DomElement[] {
  const out: DomElement[] = [];
  const stack: DomNode[] = [];
  for (let i = root.children.length - 1; i >= 0; i--) {
    const child = root.children[i];
    if (child) stack.push(child);
  }
  while (stack.length > 0) {
    const node = stack.pop() as DomNode;
    if (!isElement(node)) continue;
    out.push(node);
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push(child);
    }
  }
  return out;
}

export function attr(el: DomElement, name: string): string {
  return el.attribs[name] ?? "";
}

/** Text of a subtree with whitespace collapsed, skipping nodes `skip` rejects. Iterative. */
export function textOf(
  root: DomNode,
  skip?: (el: DomElement) => boolean,
  maxNodes = Number.POSITIVE_INFINITY,
): string {
  const parts: string[] = [];
  const stack: DomNode[] = [root];
  let visited = 0;
  while (stack.length > 0 && visited++ < maxNodes) {
    const node = stack.pop() as DomNode;
    if (isText(node)) {
      parts.push(node.data);
      continue;
    }
    if (isElement(node)) {
      if (skip?.(node)) continue;
      if (node.name === "script" || node.name === "style") continue;
      if (node.name === "br" || BLOCK_TAGS.has(node.name)) parts.push(" ");
    }
    if (!isParent(node)) continue;
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push(child);
    }
  }
  return collapse(parts.join(""));
}

export function collapse(text: string): string {
  return decodeLeftovers(text).replace(/\s+/gu, " ").trim();
}

/** htmlparser2 leaves `&nbsp;`-as-U+00A0 to us; it is whitespace for every purpose here. */
function decodeLeftovers(text: string): string {
  return text.includes("\u00a0") ? text.replace(/\u00a0/gu, " ") : text;
}
