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
  return collectText(root, skip, maxNodes, Number.POSITIVE_INFINITY) as string;
}

/**
 * `textOf(root, undefined, maxNodes)` when it is shorter than `maxLength`, else null: the rules
 * that only read short lines (headings) learn that a long subtree is long without joining and
 * collapsing its text.
 */
export function shortTextOf(root: DomNode, maxNodes: number, maxLength: number): string | null {
  return collectText(root, undefined, maxNodes, maxLength);
}

function collectText(
  root: DomNode,
  skip: ((el: DomElement) => boolean) | undefined,
  maxNodes: number,
  maxLength: number,
): string | null {
  const parts: string[] = [];
  const stack: DomNode[] = [root];
  const counting = maxLength !== Number.POSITIVE_INFINITY;
  // The length `collapse` will give the parts so far: it never shrinks as parts are added.
  let length = 0;
  let space = false;
  let visited = 0;
  while (stack.length > 0 && visited++ < maxNodes) {
    const node = stack.pop() as DomNode;
    if (isText(node)) {
      const data = node.data;
      parts.push(data);
      if (counting) {
        for (let i = 0; i < data.length; i++) {
          if (isSpace(data.charCodeAt(i))) {
            if (length > 0) space = true;
          } else {
            if (space) length++;
            space = false;
            if (++length >= maxLength) return null;
          }
        }
      }
      continue;
    }
    if (isElement(node)) {
      if (skip?.(node)) continue;
      if (node.name === "script" || node.name === "style") continue;
      if (node.name === "br" || BLOCK_TAGS.has(node.name)) {
        parts.push(" ");
        if (length > 0) space = true;
      }
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

/** What `\s` matches (and `trim` removes): ECMAScript's WhiteSpace and LineTerminator. */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

export function collapse(text: string): string {
  return decodeLeftovers(text).replace(/\s+/gu, " ").trim();
}

/** htmlparser2 leaves `&nbsp;`-as-U+00A0 to us; it is whitespace for every purpose here. */
function decodeLeftovers(text: string): string {
  return text.includes("\u00a0") ? text.replace(/\u00a0/gu, " ") : text;
}
