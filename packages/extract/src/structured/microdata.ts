import { clean } from "./normalize.js";
import { type Element, spacedText } from "./walk.js";

/** One property found in microdata (`itemprop`) or RDFa Lite (`property`) outside `<meta>`. */
export interface ItemProp {
  readonly name: string;
  readonly value: string;
  readonly el: Element;
  readonly source: "microdata" | "rdfa";
  /** The nearest `itemscope`/`typeof` type around it, local name, lower case ("newsarticle"). */
  readonly scopeType: string | null;
}

export interface ItemProps {
  get(name: string): readonly ItemProp[];
}

const URL_ELEMENTS = new Set(["a", "area", "link"]);
const SRC_ELEMENTS = new Set(["img", "audio", "embed", "iframe", "source", "track", "video"]);

/**
 * The property value per the microdata spec (HTML §5.4 "values"): `content` on meta, `src` on
 * media, `href` on links, `datetime` on time, `value` on data/meter, else the text.
 */
export function propValue(el: Element): string {
  const a = el.attribs;
  if (a.content !== undefined) return a.content;
  const tag = el.tagName.toLowerCase();
  if (SRC_ELEMENTS.has(tag)) return a.src ?? a["data-src"] ?? "";
  if (URL_ELEMENTS.has(tag)) return a.href ?? "";
  if (tag === "object") return a.data ?? "";
  if (tag === "data" || tag === "meter") return a.value ?? "";
  if (tag === "time") return a.datetime ?? spacedText(el, 500);
  // Bounded: `articleBody` is an itemprop too, and its whole text is not needed here.
  return spacedText(el, 500);
}

/** Reads `[itemprop]` and RDFa Lite `[property]` elements once; `<meta>` ones are in MetaTags too. */
export function readItemProps(elements: readonly Element[]): ItemProps {
  const map = new Map<string, ItemProp[]>();
  const scopeOf = (el: Element): string | null => {
    let p = el.parent as Element | null;
    while (p?.attribs) {
      const a = p.attribs;
      const t = a.itemtype ?? a.typeof;
      if (a.itemscope !== undefined || a.typeof !== undefined) {
        if (!t) return null;
        const last = t.trim().split(/\s+/)[0] ?? "";
        return last.slice(Math.max(last.lastIndexOf("/"), last.lastIndexOf(":")) + 1).toLowerCase();
      }
      p = p.parent as Element | null;
    }
    return null;
  };
  const add = (names: string, el: Element, source: "microdata" | "rdfa") => {
    const raw = clean(propValue(el));
    const scopeType = scopeOf(el);
    for (const n of names.split(/\s+/)) {
      if (!n) continue;
      const name = n.slice(Math.max(n.lastIndexOf("/"), n.lastIndexOf(":")) + 1).toLowerCase();
      const item: ItemProp = { name, value: raw ?? "", el, source, scopeType };
      const list = map.get(name);
      if (list) list.push(item);
      else map.set(name, [item]);
    }
  };
  for (const el of elements) {
    const a = el.attribs;
    if (a.itemprop) add(a.itemprop, el, "microdata");
    else if (a.property && el.tagName !== "meta" && el.tagName !== "link")
      add(a.property, el, "rdfa");
  }
  return { get: (name) => map.get(name) ?? [] };
}

/** A page without microdata or RDFa properties. */
export const EMPTY_ITEM_PROPS: ItemProps = { get: () => [] };
