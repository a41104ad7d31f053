/**
 * Builds the clean body: a small tree of allowed tags and attributes from the selected source
 * elements. Layout wrappers (div, section, span …) are unwrapped, text straight in a container
 * gets its own paragraph, and everything not on the allow list is dropped, which is what makes
 * the HTML safe: no scripts, handlers, styles or frames can survive because none are copied.
 */

import { BLOCK_TAGS, SUBHEADING_TAGS, TABLE_TAGS } from "../html-tags.js";
import { attr, type DomElement, type DomNode, isElement, isParent, isText } from "./dom.js";
import { collapseSpaces } from "./spaces.js";
import type { UrlResolver } from "./urls.js";

export interface CleanElement {
  readonly tag: string;
  readonly attrs: ReadonlyArray<readonly [string, string]>;
  readonly children: CleanNode[];
}

/** The attributes of most elements: one shared empty list rather than one per element. */
const NO_ATTRS: ReadonlyArray<readonly [string, string]> = Object.freeze([]);

export type CleanNode = CleanElement | string;

/** Kept block tags. */
const BLOCKS = new Set([
  "blockquote",
  "caption",
  "dd",
  "dl",
  "dt",
  "figcaption",
  "figure",
  ...SUBHEADING_TAGS,
  "hr",
  "li",
  "ol",
  "p",
  "pre",
  ...TABLE_TAGS,
  "ul",
]);

/** Kept inline tags (with `img` and `br` as voids). */
export const INLINES: ReadonlySet<string> = new Set([
  "a",
  "b",
  "br",
  "cite",
  "code",
  "del",
  "em",
  "i",
  "img",
  "ins",
  "kbd",
  "mark",
  "q",
  "s",
  "samp",
  "small",
  "strong",
  "sub",
  "sup",
  "u",
]);

export const VOIDS: ReadonlySet<string> = new Set(["br", "hr", "img"]);

/** Containers that take block children; anything else is closed before a block opens. */
const HOLDERS = new Set([
  "#root",
  "blockquote",
  "caption",
  "figcaption",
  "dd",
  "dl",
  "figure",
  "li",
  "ol",
  ...TABLE_TAGS,
  "ul",
]);

/** Holders whose whitespace text is layout, never a word space. */
const BLOCK_ONLY = new Set(["#root", "dl", "ol", "table", "tbody", "tfoot", "thead", "tr", "ul"]);

/** Deeper nesting is flattened: the body is for reading, and renderers may recurse. */
const MAX_DEPTH = 48;

export interface BuildOptions {
  readonly urls: UrlResolver;
  /** Source elements to leave out with their subtrees. */
  readonly skip: (el: DomElement) => boolean;
  /** The tag a source element stands for when its own tag undersells it (`div.wp-caption`). */
  readonly rename?: (el: DomElement) => string | null;
}

interface Frame {
  readonly node: CleanElement;
  /** The source element that opened it; null for implicit paragraphs and the root. */
  readonly source: DomElement | null;
  /** Where its children begin in the build's list of pending children. */
  readonly start: number;
}

/** An open element's `children` until it is closed: its children wait in `pending` meanwhile. */
const UNCLOSED: CleanNode[] = [];

export function buildCleanTree(
  sources: readonly DomElement[],
  options: BuildOptions,
): CleanElement {
  const root: CleanElement = { tag: "#root", attrs: [], children: UNCLOSED };
  const stack: Frame[] = [{ node: root, source: null, start: 0 }];
  /**
   * The children of the open elements, innermost last; an element gets its own at their exact
   * count when it closes. An array per element grown by `push` has room for 16 more after the
   * first one and, trimmed on closing, left the grown one behind: on a large page V8 allocated
   * the elements in the old generation (nearly all of them live), and these arrays with them,
   * some 35 MB of garbage on a 20 MB page that only a full collection frees.
   */
  const pending: CleanNode[] = [];
  let preDepth = 0;

  const top = (): Frame => stack[stack.length - 1] as Frame;
  const close = (frame: Frame) => {
    const children = pending.length > frame.start ? pending.slice(frame.start) : [];
    pending.length = frame.start;
    (frame.node as { children: CleanNode[] }).children = children;
  };
  /** Closes the frames above `depth`. */
  const closeAbove = (depth: number) => {
    while (stack.length > depth) close(stack.pop() as Frame);
  };
  const closeTo = (pred: (f: Frame) => boolean) => {
    while (stack.length > 1 && !pred(top())) closeAbove(stack.length - 1);
  };
  const open = (
    tag: string,
    attrs: ReadonlyArray<readonly [string, string]>,
    source: DomElement | null,
  ) => {
    const isVoid = VOIDS.has(tag);
    const node: CleanElement = { tag, attrs, children: isVoid ? [] : UNCLOSED };
    pending.push(node);
    if (!isVoid) stack.push({ node, source, start: pending.length });
    return node;
  };
  /** Inline content needs a paragraph when it lands directly in a block holder. */
  const inlineParent = () => {
    const t = top().node.tag;
    if (
      t === "#root" ||
      t === "blockquote" ||
      t === "figure" ||
      t === "ul" ||
      t === "ol" ||
      t === "dl"
    ) {
      open(t === "ul" || t === "ol" ? "li" : t === "dl" ? "dd" : "p", NO_ATTRS, null);
    }
  };
  const breakParagraph = () => {
    const t = top();
    if (t.source === null && t.node.tag === "p") {
      closeAbove(stack.length - 1);
      return;
    }
    // Inside an inline-only parent a layout break still separates words.
    const last = pending.length > t.start ? pending[pending.length - 1] : undefined;
    if (last !== undefined && !(typeof last !== "string" && last.tag === "br")) {
      if (!HOLDERS.has(t.node.tag)) pending.push(" ");
    }
  };

  // The open source elements, in parallel arrays rather than an object per node: on a large
  // page V8 saw most of those objects survive a scavenge (the thousands of children of the body
  // wait their turn), so it allocated them straight in the old generation, where all of them
  // stayed as garbage until a full collection: some 55 MB on a 20 MB page.
  const openEls: DomElement[] = [];
  const openNext: number[] = [];
  const openFrames: (Frame | null)[] = [];
  const openBreaks: boolean[] = [];

  /** Handles `node` on the way in; an element whose children are to be walked is opened. */
  const enter = (node: DomNode): void => {
    if (isText(node)) {
      const data = preDepth > 0 ? node.data : collapseSpaces(node.data);
      if (data === "" || (data === " " && top().node.tag === "#root")) return;
      if (BLOCK_ONLY.has(top().node.tag) && data.trim() === "") return;
      inlineParent();
      pending.push(data);
      return;
    }
    if (!isElement(node)) return;
    if (options.skip(node)) return;
    // The page headline never reaches here (see index.ts); later <h1>s are section headings.
    let name = options.rename?.(node) ?? (node.name === "h1" ? "h2" : node.name);
    // A caption inside a caption (`span.newsCaption > span.caption`) is part of it.
    if (name === "figcaption" && stack.some((f) => f.node.tag === "figcaption")) name = "span";
    let frame: Frame | null = null;
    let breaks = false;
    const deep = stack.length > MAX_DEPTH;
    if (BLOCKS.has(name) && !deep) {
      const li = name === "li";
      closeTo((f) => {
        const tag = f.node.tag;
        return li
          ? tag !== "li" && (tag === "ul" || tag === "ol" || HOLDERS.has(tag))
          : HOLDERS.has(tag);
      });
      if (name === "li" && top().node.tag !== "ul" && top().node.tag !== "ol")
        open("ul", NO_ATTRS, null);
      if ((name === "td" || name === "th") && top().node.tag !== "tr") open("tr", NO_ATTRS, null);
      open(name, blockAttrs(node), node);
      if (!VOIDS.has(name)) frame = stack[stack.length - 1] as Frame;
    } else if (INLINES.has(name)) {
      if (name === "img") {
        const src = imageSource(node, options.urls);
        if (src) {
          inlineParent();
          open("img", imageAttrs(node, src), node);
        }
        return;
      }
      if (name === "br") {
        if (top().node.tag !== "#root") open("br", NO_ATTRS, node);
        return;
      }
      if (!deep) {
        inlineParent();
        if (name === "a") {
          const href = options.urls.link(attr(node, "href"));
          open("a", href ? [["href", href]] : NO_ATTRS, node);
        } else {
          open(name, NO_ATTRS, node);
        }
        frame = stack[stack.length - 1] as Frame;
      }
    } else if (BLOCK_TAGS.has(name) || BLOCKS.has(name)) {
      // An unwrapped layout block (div, section, header …) still ends the paragraph it is in.
      breakParagraph();
      breaks = true;
    }
    if (name === "pre") preDepth++;
    openEls.push(node);
    openNext.push(0);
    openFrames.push(frame);
    openBreaks.push(breaks);
  };

  /** Closes the innermost open source element, its children done. */
  const exit = (): void => {
    const el = openEls.pop() as DomElement;
    openNext.pop();
    const frame = openFrames.pop() as Frame | null;
    const breaks = openBreaks.pop() as boolean;
    if (el.name === "pre") preDepth--;
    if (frame) {
      const at = stack.lastIndexOf(frame);
      if (at > 0) closeAbove(at);
    }
    if (breaks) breakParagraph();
  };

  for (const source of sources) {
    enter(source);
    while (openEls.length > 0) {
      const last = openEls.length - 1;
      const el = openEls[last] as DomElement;
      const next = openNext[last] as number;
      const children = isParent(el) ? el.children : null;
      if (children === null || next >= children.length) {
        exit();
        continue;
      }
      openNext[last] = next + 1;
      const child = children[next];
      if (child) enter(child);
    }
  }
  // Implicit paragraphs may still be open, and the root.
  closeAbove(1);
  close(stack[0] as Frame);
  return root;
}

function blockAttrs(el: DomElement): ReadonlyArray<readonly [string, string]> {
  if (el.name !== "td" && el.name !== "th") return NO_ATTRS;
  const out: Array<readonly [string, string]> = [];
  for (const key of ["colspan", "rowspan"]) {
    const v = attr(el, key);
    if (/^\d{1,3}$/u.test(v)) out.push([key, v]);
  }
  return out;
}

/** Lazy-loading pages keep the real URL in a data attribute and a placeholder in `src`. */
const LAZY_ATTRS = ["data-src", "data-lazy-src", "data-original", "data-url", "data-hi-res-src"];

export function imageSource(el: DomElement, urls: UrlResolver): string | null {
  const src = attr(el, "src").trim();
  const placeholder =
    !src || src.startsWith("data:") || /blank|spacer|placeholder|pixel\.gif/iu.test(src);
  if (!placeholder) return urls.image(src);
  for (const key of LAZY_ATTRS) {
    const v = attr(el, key).trim();
    if (v && !v.startsWith("data:")) return urls.image(v);
  }
  for (const key of ["srcset", "data-srcset"]) {
    const first = attr(el, key).trim().split(/\s+/u)[0];
    if (first && !first.startsWith("data:")) return urls.image(first.replace(/,$/u, ""));
  }
  return null;
}

function imageAttrs(el: DomElement, src: string): Array<readonly [string, string]> {
  const out: Array<readonly [string, string]> = [["src", src]];
  const alt = attr(el, "alt").replace(/\s+/gu, " ").trim();
  if (alt) out.push(["alt", alt]);
  for (const key of ["width", "height"]) {
    const v = attr(el, key).trim();
    if (/^\d{1,5}$/u.test(v)) out.push([key, v]);
  }
  return out;
}
