import { propValue } from "./microdata.js";
import { type Element, spacedText } from "./walk.js";

/** The three ways a page carries schema.org data in its HTML. */
export type MarkupSyntax = "jsonld" | "microdata" | "rdfa";

/** One JSON-LD block, microdata item or RDFa Lite item of a page, as JSON-LD. */
export interface MarkupBlock {
  readonly syntax: MarkupSyntax;
  /** 0-based position among the page's blocks of the same syntax. */
  readonly index: number;
  /** 1-based line of the decoded HTML where the script or the item's element starts. */
  readonly line: number | null;
  /**
   * A JSON-LD block exactly as written (parsed, never repaired: a search engine does not repair
   * it either); a microdata or RDFa item converted to a JSON-LD node with `@context` schema.org
   * when its type is schema.org's. Null when a JSON-LD block is not valid JSON.
   */
  readonly data: unknown;
  /** The JSON syntax error of a JSON-LD block that does not parse. */
  readonly error: string | null;
}

/** The page's own structured data, in page order within each syntax. */
export interface PageMarkup {
  readonly jsonld: readonly MarkupBlock[];
  readonly microdata: readonly MarkupBlock[];
  readonly rdfa: readonly MarkupBlock[];
}

type Node = Record<string, unknown>;

const SCHEMA_ORG = /^https?:\/\/schema\.org\/?/i;
const URL_ATTRIBUTE_ELEMENTS = new Set([
  "a",
  "area",
  "link",
  "img",
  "audio",
  "embed",
  "iframe",
  "source",
  "track",
  "video",
  "object",
]);
/** Longest property text kept: an `articleBody` item is not needed whole to judge its markup. */
const MAX_TEXT = 500;

/** Line numbers from the start offsets htmlparser2 records (`withStartIndices`). */
function lineFinder(html: string): (el: Element) => number | null {
  let starts: number[] | null = null;
  return (el) => {
    const offset = (el as unknown as { startIndex?: number | null }).startIndex;
    if (typeof offset !== "number") return null;
    if (starts === null) {
      starts = [0];
      for (let i = html.indexOf("\n"); i !== -1; i = html.indexOf("\n", i + 1)) starts.push(i + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

function scriptText(el: Element): string {
  let out = "";
  for (const c of (el as unknown as { children?: { type: string; data?: string }[] }).children ??
    [])
    if (c.type === "text") out += c.data ?? "";
  return out;
}

/**
 * A microdata or RDFa URL value is the attribute resolved against the document (HTML §5.2.4);
 * without a document URL it stays as written.
 */
function resolver(base: string | null): (value: string) => string {
  return (value) => {
    if (base === null || value === "") return value;
    try {
      return new URL(value, base).href;
    } catch {
      return value;
    }
  };
}

function addValue(node: Node, name: string, value: unknown): void {
  const existing = node[name];
  if (existing === undefined) node[name] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else node[name] = [existing, value];
}

/** `https://schema.org/NewsArticle` → `NewsArticle`; another vocabulary's type stays whole. */
function schemaType(type: string): string {
  return SCHEMA_ORG.test(type) ? type.replace(SCHEMA_ORG, "") : type;
}

/** Microdata property names: a token is the vocabulary's term; a URL names itself. */
function propertyName(token: string): string {
  return SCHEMA_ORG.test(token) ? token.replace(SCHEMA_ORG, "") : token;
}

/**
 * Microdata items as JSON-LD nodes, following HTML §5.2 ("the properties of an item", with
 * `itemref`, loops guarded): a top-level item is an `itemscope` element without `itemprop`.
 */
function readMicrodata(
  elements: readonly Element[],
  resolve: (v: string) => string,
  line: (el: Element) => number | null,
): MarkupBlock[] {
  let byId: Map<string, Element> | null = null;
  const elementById = (id: string): Element | undefined => {
    if (byId === null) {
      byId = new Map();
      for (const el of elements) {
        const i = el.attribs.id;
        if (i !== undefined && !byId.has(i)) byId.set(i, el);
      }
    }
    return byId.get(id);
  };
  const children = (el: Element): Element[] =>
    ((el as unknown as { children?: Element[] }).children ?? []).filter(
      (c) => (c as unknown as { type: string }).type === "tag",
    );

  const item = (root: Element, open: Set<Element>): Node => {
    open.add(root);
    const node: Node = {};
    const types = (root.attribs.itemtype ?? "").trim().split(/\s+/).filter(Boolean);
    const schemaTypes = types.map(schemaType);
    if (schemaTypes.length === 1) node["@type"] = schemaTypes[0];
    else if (schemaTypes.length > 1) node["@type"] = schemaTypes;
    const id = root.attribs.itemid?.trim();
    if (id) node["@id"] = resolve(id);
    // The properties: the item's subtree and the elements named by itemref, not entering nested items.
    const memory = new Set<Element>([root]);
    const pending: Element[] = [...children(root)];
    for (const ref of (root.attribs.itemref ?? "").trim().split(/\s+/).filter(Boolean)) {
      const target = elementById(ref);
      if (target !== undefined) pending.push(target);
    }
    const found: Element[] = [];
    while (pending.length > 0) {
      const current = pending.shift() as Element;
      if (memory.has(current)) continue;
      memory.add(current);
      if (current.attribs.itemscope === undefined) pending.push(...children(current));
      if ((current.attribs.itemprop ?? "").trim() !== "") found.push(current);
    }
    const order = new Map(elements.map((el, i) => [el, i]));
    found.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    for (const el of found) {
      let value: unknown;
      if (el.attribs.itemscope !== undefined) {
        // An item that contains itself (through itemref) is cut off where the loop closes.
        value = open.has(el) ? {} : item(el, open);
      } else {
        const tag = el.tagName.toLowerCase();
        const raw = propValue(el);
        value =
          URL_ATTRIBUTE_ELEMENTS.has(tag) && el.attribs.content === undefined ? resolve(raw) : raw;
      }
      for (const name of (el.attribs.itemprop ?? "").trim().split(/\s+/)) {
        if (name !== "") addValue(node, propertyName(name), value);
      }
    }
    open.delete(root);
    return node;
  };

  const out: MarkupBlock[] = [];
  for (const el of elements) {
    const a = el.attribs;
    if (a.itemscope === undefined || a.itemprop !== undefined) continue;
    const node = item(el, new Set());
    const isSchema = (a.itemtype ?? "").split(/\s+/).some((t) => SCHEMA_ORG.test(t));
    out.push({
      syntax: "microdata",
      index: out.length,
      line: line(el),
      data: isSchema ? { "@context": "https://schema.org", ...node } : node,
      error: null,
    });
  }
  return out;
}

/** RDFa 1.1's initial context prefixes that matter for schema.org, plus those a page declares. */
function prefixesOf(el: Element, inherited: ReadonlyMap<string, string>): Map<string, string> {
  const declared = el.attribs.prefix;
  if (declared === undefined) return inherited as Map<string, string>;
  const out = new Map(inherited);
  const parts = declared.trim().split(/\s+/);
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const name = (parts[i] as string).replace(/:$/, "");
    out.set(name, parts[i + 1] as string);
  }
  return out;
}

/** An RDFa Lite term, type or CURIE as a schema.org term where it is one, else an absolute IRI. */
function rdfaTerm(token: string, vocab: string | null, prefixes: ReadonlyMap<string, string>) {
  const colon = token.indexOf(":");
  let iri: string;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(token)) iri = token;
  else if (colon > 0) {
    const ns = prefixes.get(token.slice(0, colon));
    iri = ns === undefined ? token : ns + token.slice(colon + 1);
  } else iri = vocab === null ? token : vocab + token;
  return SCHEMA_ORG.test(iri) ? iri.replace(SCHEMA_ORG, "") : iri;
}

/**
 * RDFa Lite 1.1 items (`vocab`, `typeof`, `property`, `resource`, `prefix`) as JSON-LD nodes: an
 * element with `typeof` starts an item, each `property` below it (not inside a nested item)
 * adds a value. `<meta property="og:…">` outside any `typeof` describes the document, not an
 * item, and is left to the meta rules.
 */
function readRdfa(
  root: Element | null,
  resolve: (v: string) => string,
  line: (el: Element) => number | null,
): MarkupBlock[] {
  const out: MarkupBlock[] = [];
  if (root === null) return out;
  const initial = new Map([["schema", "https://schema.org/"]]);
  interface Frame {
    readonly el: Element;
    readonly vocab: string | null;
    readonly prefixes: ReadonlyMap<string, string>;
    readonly subject: Node | null;
  }
  const kids = (el: Element): Element[] =>
    ((el as unknown as { children?: Element[] }).children ?? []).filter(
      (c) => (c as unknown as { type: string }).type === "tag",
    );
  const stack: Frame[] = kids(root)
    .reverse()
    .map((el) => ({ el, vocab: null, prefixes: initial, subject: null }));
  while (stack.length > 0) {
    const { el, vocab: inheritedVocab, prefixes: inherited, subject } = stack.pop() as Frame;
    const a = el.attribs;
    const vocab = a.vocab !== undefined ? a.vocab.trim() || null : inheritedVocab;
    const prefixes = prefixesOf(el, inherited);
    let next = subject;
    const properties = (a.property ?? "").trim().split(/\s+/).filter(Boolean);
    // Only an item's properties: outside any typeof, `property` is document metadata (og:title).
    const isProperty = properties.length > 0 && subject !== null;
    if (a.typeof !== undefined) {
      const node: Node = {};
      const types = a.typeof
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map((t) => rdfaTerm(t, vocab, prefixes));
      if (types.length === 1) node["@type"] = types[0];
      else if (types.length > 1) node["@type"] = types;
      const id = a.resource ?? a.about;
      if (id !== undefined && id.trim() !== "") node["@id"] = resolve(id.trim());
      if (isProperty) {
        for (const p of properties) addValue(subject, rdfaTerm(p, vocab, prefixes), node);
        next = node;
      } else {
        const schema = !types.some((t) => t.includes(":"));
        // The block's object is the one its properties are added to as they are met below.
        const data: Node = schema ? { "@context": "https://schema.org", ...node } : node;
        out.push({ syntax: "rdfa", index: out.length, line: line(el), data, error: null });
        next = data;
      }
    } else if (isProperty) {
      const tag = el.tagName.toLowerCase();
      let value: string;
      if (a.content !== undefined) value = a.content;
      else if (a.resource !== undefined) value = resolve(a.resource);
      else if (a.href !== undefined && URL_ATTRIBUTE_ELEMENTS.has(tag)) value = resolve(a.href);
      else if (a.src !== undefined && URL_ATTRIBUTE_ELEMENTS.has(tag)) value = resolve(a.src);
      else if (tag === "time" && a.datetime !== undefined) value = a.datetime;
      else value = spacedText(el, MAX_TEXT);
      for (const p of properties) addValue(subject, rdfaTerm(p, vocab, prefixes), value);
      // RDFa: an element with property and no typeof does not change the subject for its children.
    }
    const children = kids(el);
    for (let i = children.length - 1; i >= 0; i--) {
      stack.push({ el: children[i] as Element, vocab, prefixes, subject: next });
    }
  }
  return out;
}

/**
 * The page's own structured data, read from the parsed document: every JSON-LD script as
 * written, every top-level microdata item and every RDFa Lite item, each as JSON-LD with the
 * line it starts on, so that an audit can validate each and point at it.
 */
export function readMarkup(
  elements: readonly Element[],
  html: string,
  pageUrl: string | null,
): PageMarkup {
  const line = lineFinder(html);
  const baseEl = elements.find((el) => el.tagName === "base" && el.attribs.href);
  let base = pageUrl;
  try {
    if (baseEl?.attribs.href) base = new URL(baseEl.attribs.href, pageUrl ?? undefined).href;
  } catch {
    // An unusable <base href> leaves the document URL as the base (HTML §2.4.1).
  }
  const resolve = resolver(base);

  const jsonld: MarkupBlock[] = [];
  for (const el of elements) {
    if (el.tagName !== "script") continue;
    const type = (el.attribs.type ?? "").split(";")[0]?.trim().toLowerCase();
    if (type !== "application/ld+json") continue;
    const text = scriptText(el).trim();
    let data: unknown = null;
    let error: string | null = null;
    try {
      data = JSON.parse(text);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    jsonld.push({ syntax: "jsonld", index: jsonld.length, line: line(el), data, error });
  }

  const hasMicrodata = elements.some((el) => el.attribs.itemscope !== undefined);
  const hasRdfa = elements.some((el) => el.attribs.typeof !== undefined);
  const root = elements.find((el) => el.tagName === "html") ?? elements[0] ?? null;
  const top =
    root === null ? null : ((root as unknown as { parent: Element | null }).parent ?? root);
  return {
    jsonld,
    microdata: hasMicrodata ? readMicrodata(elements, resolve, line) : [],
    rdfa: hasRdfa ? readRdfa(top, resolve, line) : [],
  };
}
