/** Names in a byline element without links, cut where the element's blocks end. */

import { clean } from "../../structured/normalize.js";
import type { Element } from "../../structured/walk.js";
import { splitNames } from "../names.js";

interface LineNode {
  readonly type: string;
  readonly name?: string;
  readonly data?: string;
  readonly children?: readonly LineNode[];
}

/** Tags that start a new line of text: a name never runs across one. */
const LINE_TAGS = new Set(["div", "p", "br", "li", "dd", "dt", "h2", "h3", "h4", "h5", "h6"]);

/** The element's text cut at block boundaries, a bare "By" line joined to the line after it. */
function blockLines(el: Element): string[] {
  const lines: string[] = [""];
  const stack: LineNode[] = [el as unknown as LineNode];
  let chars = 0;
  while (stack.length && chars < 300) {
    const n = stack.pop() as LineNode;
    if (n.type === "text") {
      const d = n.data ?? "";
      lines[lines.length - 1] += d;
      chars += d.length;
    } else if (n.type === "tag") {
      if (LINE_TAGS.has(n.name ?? "")) lines.push("");
      else lines[lines.length - 1] += " ";
      const kids = n.children ?? [];
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as LineNode);
    }
  }
  const out: string[] = [];
  for (const l of lines) {
    const t = clean(l);
    if (!t) continue;
    const last = out.length - 1;
    if (last >= 0 && BARE_CREDIT_ONLY.test(out[last] as string)) out[last] = `${out[last]} ${t}`;
    else out.push(t);
  }
  return out;
}

const BARE_CREDIT_ONLY = /^(?:by|von|par|por|door|di)$/i;

/**
 * Names in a byline without links. "By Joe Roe" in one block and "Daily Ledger" in the next read
 * "Joe Roe Daily Ledger" as one text: a name that runs on into the next block is cut there.
 */
export function blockNames(el: Element, text: string, site: string | null): string[] {
  const names = splitNames(text, { siteName: site });
  if (!names.some((n) => n.includes(" "))) return afterKicker(text, site) ?? names;
  const lines = blockLines(el);
  if (lines.length < 2) return names;
  const first = lines.flatMap((l) => splitNames(l, { siteName: site }));
  return names.map((n) => first.find((f) => n.startsWith(`${f} `)) ?? n);
}

/**
 * "Kultur · Gero Falk, Ilka Brand": a section kicker before the names. splitNames keeps what
 * precedes the first "·" or "|" (the names before a date); here the full names come after it.
 */
function afterKicker(text: string, site: string | null): string[] | null {
  for (const part of text.split(/\s[|•·]\s/u).slice(1, 3)) {
    const names = splitNames(part, { siteName: site });
    if (names.length && names.every((n) => n.includes(" ") && /^\p{Lu}/u.test(n))) return names;
  }
  return null;
}
