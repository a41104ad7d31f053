/**
 * Bounds element nesting before parsing. Both cheerio parsers take quadratic time on documents
 * nested tens of thousands deep (htmlparser2 ~15 s at 100,000 levels), and so does every
 * selector query afterwards; no real page nests deeper than a few hundred. Tags past `maxDepth`
 * are dropped and their text kept. A tag scanner, not a parser: it only has to bound the depth.
 */
const VOID = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "param",
  "source",
  "track",
  "wbr",
  "!doctype",
]);

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*?(\/?)>/g;

export interface NestingResult {
  readonly html: string;
  /** How many tags were dropped; 0 when the input was left as it was. */
  readonly dropped: number;
}

export function limitNesting(html: string, maxDepth: number): NestingResult {
  // Cheap test first: a page with fewer tags than the limit cannot nest past it.
  if (html.length < maxDepth * 3) return { html, dropped: 0 };
  let depth = 0;
  let over = false;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(html); m; m = TAG.exec(html)) {
    const name = (m[2] ?? "").toLowerCase();
    if (VOID.has(name) || m[3]) continue;
    if (m[1]) depth = Math.max(0, depth - 1);
    else if (++depth > maxDepth) {
      over = true;
      break;
    }
  }
  if (!over) return { html, dropped: 0 };

  depth = 0;
  let excess = 0;
  let dropped = 0;
  const out = html.replace(TAG, (tag, close: string, rawName: string, selfClose: string) => {
    const name = rawName.toLowerCase();
    if (VOID.has(name) || selfClose) return tag;
    if (close) {
      if (excess > 0) {
        excess--;
        dropped++;
        return "";
      }
      depth = Math.max(0, depth - 1);
      return tag;
    }
    if (depth >= maxDepth) {
      excess++;
      dropped++;
      return "";
    }
    depth++;
    return tag;
  });
  return { html: out, dropped };
}
