/**
 * Per-element text statistics and the drop decisions, in flat arrays indexed by document order.
 * Everything is computed bottom-up by walking the pre-order list backwards, so no recursion.
 */

import { SUBHEADING_TAGS } from "../html-tags.js";
import {
  classWeight,
  isAlwaysDropped,
  isCommentSection,
  isFurnitureByName,
  isFurnitureTag,
  isHidden,
  isJunkHeading,
  isRelatedHeading,
  JUNK_HEADING_MAX,
  RELATED_HEADING_MAX,
} from "./boilerplate.js";
import {
  type DomElement,
  type DomNode,
  type DomParent,
  isElement,
  isText,
  shortTextOf,
} from "./dom.js";

/** Elements whose own text makes a paragraph for scoring. */
const PARAGRAPH_TAGS = new Set([
  "p",
  "pre",
  "td",
  "blockquote",
  "li",
  "dd",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
]);

/** Layout containers whose own loose text can be the article. */
const CONTAINER_TAGS = new Set(["div", "section", "article", "main", "span", "font", "center"]);

/** `PageStats.indexOf` scans the elements this many times at most, then builds a Map. */
const MAX_SCANS = 8;

/** Below this many characters a block is not a paragraph for scoring. */
const MIN_PARAGRAPH = 25;

/** A related-stories block holds at least this share of its paragraphs inside its teasers. */
const TEASER_SHARE = 0.5;

/** A drop by tag or name is vetoed when the element holds at least this share of the page text. */
const VETO_SHARE = 0.5;

export class PageStats {
  readonly els: readonly DomElement[];
  readonly parent: Int32Array;
  /** One past the last element of each subtree, so `i + 1 .. end[i]` are its descendants. */
  readonly end: Int32Array;
  /** Visible characters (whitespace excluded) in the subtree, dropped subtrees excluded. */
  readonly text: Float64Array;
  /** Of `text`, the characters inside links. */
  readonly link: Float64Array;
  /** Of `text`, the characters in paragraph-like blocks of some length with few links. */
  readonly para: Float64Array;
  readonly dropped: Uint8Array;
  /** Dropped itself or under a dropped ancestor. */
  readonly gone: Uint8Array;
  /** Commas in the subtree's text (a sign of sentences). */
  readonly commas: Float64Array;
  /** Teasers below: headings that are links, and nested `<article>`s (a list of other stories). */
  readonly teasers: Float64Array;

  /** Each element's own (not descendants') visible characters and commas, read once per page. */
  private readonly ownText: Int32Array;
  private readonly ownCommas: Int32Array;
  private readonly ownRead: Uint8Array;

  /**
   * `elements`, when the caller has them already: every element under `root` in document order
   * (what `allElements` gives), which spares a second walk over the whole tree.
   */
  constructor(root: DomParent, elements?: readonly DomElement[]) {
    const { els, parent } = elements
      ? { els: elements, parent: parentsOf(elements) }
      : elementsWithParents(root);
    this.els = els;
    this.parent = parent;
    const n = els.length;
    this.text = new Float64Array(n);
    this.link = new Float64Array(n);
    this.para = new Float64Array(n);
    this.dropped = new Uint8Array(n);
    this.gone = new Uint8Array(n);
    this.commas = new Float64Array(n);
    this.teasers = new Float64Array(n);
    this.ownText = new Int32Array(n);
    this.ownCommas = new Int32Array(n);
    this.ownRead = new Uint8Array(n);
    this.end = new Int32Array(n);
    for (let i = n - 1; i >= 0; i--) {
      const e = Math.max(i + 1, this.end[i] as number);
      this.end[i] = e;
      const p = parent[i] as number;
      if (p >= 0 && (this.end[p] as number) < e) this.end[p] = e;
    }
  }

  /** Where an element would be looked at next: the clean-tree walk asks in document order. */
  private cursor = 0;
  private byElement: Map<DomElement, number> | null = null;
  /** Whole scans made for elements far from the cursor, before `byElement` is built. */
  private scans = 0;

  /**
   * The document-order index of `el`, or undefined if it is not under the root. Callers mostly
   * ask in document order, so a forward scan from the last answer finds it without a Map of
   * every element (whose identity hashes cost more than the rest of the setup).
   */
  indexOf(el: DomElement): number | undefined {
    const { els, end, parent } = this;
    const at = this.cursor;
    if (els[at] === el) return at;
    // A walk in document order that leaves out some subtrees asks next for the first child of
    // the last element, or for the next sibling of it or of one of its ancestors.
    if (els[at + 1] === el) {
      this.cursor = at + 1;
      return at + 1;
    }
    for (let a = at; a >= 0; a = parent[a] as number) {
      const next = end[a] as number;
      if (els[next] === el) {
        this.cursor = next;
        return next;
      }
    }
    // Otherwise (a walk that moves on to the next root, say) a scan costs less than a Map of
    // every element, whose identity hashes cost more than the rest of the setup: a few times.
    if (this.scans < MAX_SCANS) {
      this.scans++;
      for (let i = at + 2; i < els.length; i++) {
        if (els[i] === el) {
          this.cursor = i;
          return i;
        }
      }
      for (let i = 0; i < at; i++) {
        if (els[i] === el) {
          this.cursor = i;
          return i;
        }
      }
      return undefined;
    }
    if (!this.byElement) {
      this.byElement = new Map();
      for (let i = 0; i < els.length; i++) this.byElement.set(els[i] as DomElement, i);
    }
    const i = this.byElement.get(el);
    if (i !== undefined) this.cursor = i;
    return i;
  }

  /** The element children of `p`, in order. */
  childIndices(p: number): number[] {
    const out: number[] = [];
    const end = this.end[p] as number;
    for (let c = p + 1; c < end; c = this.end[c] as number) out.push(c);
    return out;
  }

  /** Marks what is never article text; furniture is vetoed when it holds most of the page. */
  markDrops(): void {
    const { els, dropped } = this;
    const n = els.length;
    for (let i = 0; i < n; i++) {
      const el = els[i] as DomElement;
      if (isAlwaysDropped(el)) dropped[i] = 1;
    }
    this.computeText();
    // Reader comments and a block of other stories with their excerpts can outweigh the
    // article; they must not make it look like a minority. A subtree is judged down to the first
    // element that goes, then skipped (its elements are contiguous, up to `end`): nothing under
    // a dropped element is ever looked at again, and judging it was most of this pass's work.
    const { end } = this;
    const comment = new Uint8Array(n);
    let commentPara = 0;
    for (let i = 0; i < n; i++) {
      if (dropped[i]) {
        i = (end[i] as number) - 1;
        continue;
      }
      if (isCommentSection(els[i] as DomElement) || this.isRelatedSection(i)) {
        comment[i] = 1;
        commentPara += this.para[i] as number;
        i = (end[i] as number) - 1;
      }
    }
    const rootPara = this.totalPara() - commentPara;
    for (let i = 0; i < n; i++) {
      if (dropped[i] || comment[i]) {
        dropped[i] = 1;
        i = (end[i] as number) - 1;
        continue;
      }
      const el = els[i] as DomElement;
      if (el.name === "body" || el.name === "html") continue;
      if (el.name === "noscript") {
        // Usually a tracking pixel or a lazy image's twin, but Blogger and others put the whole
        // article there for readers without scripts; parse5 leaves it as raw text (no para).
        if ((this.para[i] as number) < 100) {
          dropped[i] = 1;
          i = (end[i] as number) - 1;
        }
        continue;
      }
      const furniture =
        isHidden(el) ||
        isFurnitureTag(el) ||
        isFurnitureByName(el) ||
        ((el.name === "h1" || SUBHEADING_TAGS.has(el.name)) &&
          (this.text[i] as number) < JUNK_HEADING_MAX &&
          isJunkHeading(shortTextOf(el, 200, JUNK_HEADING_MAX) ?? ""));
      if (!furniture) continue;
      if (rootPara > 0 && (this.para[i] as number) >= VETO_SHARE * rootPara) continue;
      dropped[i] = 1;
      i = (end[i] as number) - 1;
    }
    this.computeText();
  }

  /**
   * A container that opens with a "related stories" heading and holds several teasers (nested
   * `<article>`s, linked headings) with excerpts: a recommendation block, however long.
   */
  private isRelatedSection(i: number): boolean {
    // Only blocks with excerpts (paragraph text) need this: a list of bare links is already
    // scored down by its link density, and dropping it early changes how far selection climbs.
    if ((this.teasers[i] as number) < 2 || (this.para[i] as number) === 0) return false;
    const el = this.els[i] as DomElement;
    if (el.name === "body" || el.name === "html" || el.name === "main") return false;
    let first = -1;
    const end = this.end[i] as number;
    for (let c = i + 1; c < end; c = this.end[c] as number) {
      if ((this.text[c] as number) > 0) {
        first = c;
        break;
      }
    }
    if (first === -1) return false;
    const head = this.els[first] as DomElement;
    if (!SUBHEADING_TAGS.has(head.name) && head.name !== "div" && head.name !== "p") return false;
    // A heading is short: a long first block is no heading, whatever its words.
    const line = shortTextOf(head, 200, RELATED_HEADING_MAX);
    if (line === null || !isRelatedHeading(head, line)) return false;
    // The article's own container never qualifies, whatever its first heading says, and most of
    // the block's paragraphs must sit in the teasers themselves (nested `<article>`s).
    let inTeasers = 0;
    for (let d = i + 1; d < end; d++) {
      const name = (this.els[d] as DomElement).name;
      if (name === "h1") return false;
      if (name === "article") {
        inTeasers += this.para[d] as number;
        d = (this.end[d] as number) - 1;
      }
    }
    return inTeasers >= TEASER_SHARE * (this.para[i] as number);
  }

  /** Whether `i` or an ancestor is dropped. */
  isGone(i: number): boolean {
    return this.gone[i] === 1;
  }

  totalPara(): number {
    let total = 0;
    for (let i = 0; i < this.els.length; i++)
      if (this.parent[i] === -1) total += this.para[i] as number;
    return total;
  }

  linkDensity(i: number): number {
    const t = this.text[i] as number;
    return t > 0 ? (this.link[i] as number) / t : 0;
  }

  private computeText(): void {
    const { els, parent, text, link, para, dropped, gone, commas, teasers } = this;
    const n = els.length;
    text.fill(0);
    link.fill(0);
    para.fill(0);
    commas.fill(0);
    teasers.fill(0);
    for (let i = 0; i < n; i++) {
      const p = parent[i] as number;
      gone[i] = dropped[i] || (p >= 0 && gone[p]) ? 1 : 0;
    }
    for (let i = n - 1; i >= 0; i--) {
      // Dropped subtrees (scripts above all: often most of a page's characters) count nothing.
      if (gone[i]) continue;
      const el = els[i] as DomElement;
      // markDrops runs this twice; the second time only aggregates what the first one read.
      if (!this.ownRead[i]) this.readOwn(i, el);
      const own = this.ownText[i] as number;
      const ownCommas = this.ownCommas[i] as number;
      text[i] = (text[i] as number) + own;
      commas[i] = (commas[i] as number) + ownCommas;
      if (el.name === "a") link[i] = text[i] as number;
      const t = text[i] as number;
      if (PARAGRAPH_TAGS.has(el.name) && t >= MIN_PARAGRAPH && (link[i] as number) < 0.5 * t) {
        // A paragraph counts once, not again through a nested paragraph inside it.
        para[i] = t;
      }
      const p = parent[i] as number;
      if (p >= 0) {
        text[p] = (text[p] as number) + t;
        link[p] = (link[p] as number) + (link[i] as number);
        para[p] = (para[p] as number) + (para[i] as number);
        commas[p] = (commas[p] as number) + (commas[i] as number);
        let teaser = teasers[i] as number;
        if (el.name === "article") teaser += 1;
        else if (SUBHEADING_TAGS.has(el.name) && t > 0 && (link[i] as number) > 0.6 * t)
          teaser += 1;
        teasers[p] = (teasers[p] as number) + teaser;
      }
    }
  }

  private readOwn(i: number, el: DomElement): void {
    let own = 0;
    let ownCommas = 0;
    for (const child of el.children) {
      if (!isText(child)) continue;
      const data = child.data;
      for (let k = 0; k < data.length; k++) {
        const c = data.charCodeAt(k);
        if (c === 32 || c === 10 || c === 9 || c === 13 || c === 160 || c === 12) continue;
        own++;
        // , ，、 ، (Latin, CJK full-width and ideographic, Arabic)
        if (c === 44 || c === 0xff0c || c === 0x3001 || c === 0x060c) ownCommas++;
      }
    }
    this.ownText[i] = own;
    this.ownCommas[i] = ownCommas;
    this.ownRead[i] = 1;
  }

  /**
   * Readability-style scores: each paragraph gives points (1 + commas + length/100, up to 3) to
   * its parent in full, grandparent half, and further ancestors a third per level, up to 5.
   */
  score(): Float64Array {
    const { els, parent, text, dropped } = this;
    const n = els.length;
    const score = new Float64Array(n);
    const seeded = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if (dropped[i]) continue;
      const el = els[i] as DomElement;
      const t = text[i] as number;
      if (t < MIN_PARAGRAPH) continue;
      const isUnit = PARAGRAPH_TAGS.has(el.name) && !/^h/u.test(el.name);
      let own = 0;
      if (!isUnit && CONTAINER_TAGS.has(el.name)) {
        // Text straight inside a container (`<div>text<br>text</div>`) is a paragraph whose
        // parent is that container itself.
        for (const child of el.children) if (isText(child)) own += visibleLength(child.data);
      }
      if ((!isUnit && own < MIN_PARAGRAPH) || this.isGone(i)) continue;
      const commas = this.commas[i] as number;
      const points = (1 + commas + Math.min(Math.floor(t / 100), 3)) * (1 - this.linkDensity(i));
      let level = 0;
      const first = isUnit ? (parent[i] as number) : i;
      for (let a = first; a >= 0 && level < 5; a = parent[a] as number, level++) {
        if (!seeded[a]) {
          seeded[a] = 1;
          score[a] = initialScore(els[a] as DomElement);
        }
        const divider = level === 0 ? 1 : level === 1 ? 2 : level * 3;
        score[a] = (score[a] as number) + points / divider;
      }
    }
    for (let i = 0; i < n; i++) {
      if (!seeded[i]) continue;
      // A block of several teasers is a list of other stories, however wordy their excerpts.
      const teasers = this.teasers[i] as number;
      const damp = teasers >= 3 ? 1 / (1 + (teasers - 1) * 0.5) : 1;
      score[i] = (score[i] as number) * (1 - this.linkDensity(i)) * damp;
    }
    for (let i = 0; i < n; i++) {
      const name = (els[i] as DomElement).name;
      // The whole page is the answer of last resort, not a candidate among others.
      if (!seeded[i] || name === "body" || name === "html") score[i] = Number.NEGATIVE_INFINITY;
    }
    return score;
  }
}

/**
 * Every element under `root` in document order with its parent's index (-1 under the root),
 * found in the same walk rather than looked up afterwards. Iterative, for deep nesting.
 */
function elementsWithParents(root: DomParent): { els: DomElement[]; parent: Int32Array } {
  const els: DomElement[] = [];
  const parents: number[] = [];
  const stack: DomNode[] = [];
  const stackParent: number[] = [];
  for (let i = root.children.length - 1; i >= 0; i--) {
    const child = root.children[i];
    if (child) {
      stack.push(child);
      stackParent.push(-1);
    }
  }
  while (stack.length > 0) {
    const node = stack.pop() as DomNode;
    const p = stackParent.pop() as number;
    if (!isElement(node)) continue;
    const at = els.length;
    els.push(node);
    parents.push(p);
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) {
        stack.push(child);
        stackParent.push(at);
      }
    }
  }
  return { els, parent: Int32Array.from(parents) };
}

/**
 * Each element's parent index (-1 under the root) from the elements in document order alone:
 * an element's parent is the innermost of the elements still open before it.
 */
function parentsOf(els: readonly DomElement[]): Int32Array {
  const parent = new Int32Array(els.length);
  const open: DomElement[] = [];
  const openAt: number[] = [];
  for (let i = 0; i < els.length; i++) {
    const el = els[i] as DomElement;
    while (open.length > 0 && open[open.length - 1] !== el.parent) {
      open.pop();
      openAt.pop();
    }
    parent[i] = open.length > 0 ? (openAt[openAt.length - 1] as number) : -1;
    open.push(el);
    openAt.push(i);
  }
  return parent;
}

function initialScore(el: DomElement): number {
  let base = 0;
  switch (el.name) {
    case "div":
    case "article":
    case "main":
      base = 5;
      break;
    case "pre":
    case "td":
    case "blockquote":
      base = 3;
      break;
    case "address":
    case "ol":
    case "ul":
    case "dl":
    case "dd":
    case "dt":
    case "li":
    case "form":
      base = -3;
      break;
    case "h1":
    case "h2":
    case "h3":
    case "h4":
    case "h5":
    case "h6":
    case "th":
      base = -5;
      break;
  }
  // schema.org microdata names the body outright (itemprop="articleBody").
  const itemprop = el.attribs.itemprop;
  if (itemprop === "articleBody" || itemprop === "text") base += 25;
  return base + classWeight(el);
}

/** Characters that are not whitespace. */
export function visibleLength(data: string): number {
  let count = 0;
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 9 && c !== 13 && c !== 160 && c !== 12) count++;
  }
  return count;
}
