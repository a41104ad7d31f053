/** Small string helpers shared by the structured-data readers and the field rules. */

const NAMED: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  ndash: "\u2013",
  mdash: "\u2014",
  lsquo: "\u2018",
  rsquo: "\u2019",
  ldquo: "\u201c",
  rdquo: "\u201d",
  hellip: "\u2026",
  laquo: "\u00ab",
  raquo: "\u00bb",
  copy: "\u00a9",
};
// The Latin-1 letters by their HTML names (HTML §13.5), for names such as "Redacci&oacute;n".
const LATIN1 =
  "Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml".split(
    " ",
  );
const NAMED_CASED = new Map<string, string>(
  LATIN1.map((name, i) => [name, String.fromCharCode(0xc0 + i)]),
);

/**
 * Decodes the entities that leak into attribute values and JSON-LD through double escaping
 * (`&amp;#8217;`). Only numeric and the common named references: a full table is not worth its
 * weight for text that the parser already decoded once.
 */
export function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (all, ref: string) => {
    if (ref[0] === "#") {
      const code =
        ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff
        ? String.fromCodePoint(code)
        : all;
    }
    return NAMED_CASED.get(ref) ?? NAMED[ref.toLowerCase()] ?? all;
  });
}

/**
 * Collapses whitespace (including no-break spaces) and trims; empty becomes null. No entity
 * decoding: the parser decoded attributes and text once, and a page that escaped twice shows
 * the entity to its readers too.
 */
export function clean(s: string | null | undefined): string | null {
  if (s == null) return null;
  const out = s.replace(/[\s\u00a0\u200b\u2028\u2029\ufeff]+/g, " ").trim();
  return out.length ? out : null;
}

/** An absolute http(s) URL, resolved against `base`; null for anything else. */
export function absoluteUrl(href: string | null | undefined, base: string | null): string | null {
  if (!href) return null;
  const h = href.trim();
  if (!h || h.startsWith("data:") || h.startsWith("javascript:")) return null;
  try {
    const u = base ? new URL(h, base) : new URL(h);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

// Printable ASCII and common whitespace; rarer control characters take the general path.
const ASCII = /^[\t\n\r -~]*$/;

/** Lower case, NFKC, only letters and digits: for comparing titles and names. */
export function fold(s: string): string {
  // ASCII is NFKC-stable and its only letters and digits are [a-z0-9] once lower-cased, so the
  // Unicode-aware regex (many times slower in V8) is only needed for other text.
  if (ASCII.test(s))
    return s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, " ")
      .trim();
  return s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}
