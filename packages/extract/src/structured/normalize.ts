/**
 * String normalisation shared by the structured-data readers and the field rules: entity
 * decoding, whitespace collapsing, folding for comparison.
 */

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

/** Whitespace other than a lone U+0020, or the zero-width space that `clean` also collapses. */
const NEEDS_COLLAPSE = /[^\S ]|\u200b| {2}/;

/**
 * Collapses whitespace (including no-break spaces) and trims; empty becomes null. No entity
 * decoding: the parser decoded attributes and text once, and a page that escaped twice shows
 * the entity to its readers too.
 */
export function clean(s: string | null | undefined): string | null {
  if (s == null) return null;
  // Text that is already single-spaced (the common case) only needs trimming: the replace would
  // rebuild it space by space to the same string.
  const out = (
    NEEDS_COLLAPSE.test(s) ? s.replace(/[\s\u00a0\u200b\u2028\u2029\ufeff]+/g, " ") : s
  ).trim();
  return out.length ? out : null;
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
  return lettersAndDigits(s.normalize("NFKC").toLowerCase());
}

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
/**
 * Per BMP code unit: 0 not yet known, 1 a letter or digit, 2 neither. Filled lazily; it holds
 * character classes only (64 KB at most), never page text.
 */
const BMP_CLASS = new Uint8Array(0x10000);

/**
 * `s.replace(/[^\p{L}\p{N}]+/gu, " ").trim()` in one pass: in V8 that Unicode property regex
 * costs ~15× a plain loop that asks it about each distinct character only once.
 */
function lettersAndDigits(s: string): string {
  let out = "";
  let start = -1;
  const n = s.length;
  for (let i = 0; i < n; ) {
    const c = s.charCodeAt(i);
    let width = 1;
    let keep: boolean;
    if (c < 0x80)
      keep = (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      width = 2;
      keep = LETTER_OR_DIGIT.test(s.slice(i, i + 2));
    } else {
      let k = BMP_CLASS[c] ?? 0;
      if (k === 0) {
        // A lone surrogate is category Cs: never a letter.
        k = c >= 0xd800 && c <= 0xdfff ? 2 : LETTER_OR_DIGIT.test(String.fromCharCode(c)) ? 1 : 2;
        BMP_CLASS[c] = k;
      }
      keep = k === 1;
    }
    if (keep) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out += out ? ` ${s.slice(start, i)}` : s.slice(start, i);
      start = -1;
    }
    i += width;
  }
  if (start >= 0) out += out ? ` ${s.slice(start)}` : s.slice(start);
  return out;
}
