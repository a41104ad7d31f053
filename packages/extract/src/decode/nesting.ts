/**
 * Bounds element nesting before parsing. Both cheerio parsers take quadratic time on documents
 * nested tens of thousands deep (htmlparser2 ~15 s at 100,000 levels), and so does every
 * selector query afterwards; no real page nests deeper than a few hundred. Tags past `maxDepth`
 * are dropped and their text kept. A tag scanner, not a parser: it only has to bound the depth.
 */

import { VOID_TAGS } from "../html-tags.js";

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*?(\/?)>/g;

export interface NestingResult {
  readonly html: string;
  /** How many tags were dropped; 0 when the input was left as it was. */
  readonly dropped: number;
}

export function limitNesting(html: string, maxDepth: number): NestingResult {
  // Cheap test first: a page with fewer tags than the limit cannot nest past it.
  if (html.length < maxDepth * 3) return { html, dropped: 0 };
  if (!nestsDeeperThan(html, maxDepth)) return { html, dropped: 0 };

  let depth = 0;
  let excess = 0;
  let dropped = 0;
  const out = html.replace(TAG, (tag, close: string, rawName: string, selfClose: string) => {
    const name = rawName.toLowerCase();
    if (VOID_TAGS.has(name) || name === "!doctype" || selfClose) return tag;
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

/**
 * The same tags as `TAG` finds, read with `indexOf` and char codes: this runs over every page,
 * and the regex (with a lowercased name per tag) cost more than the rest of decoding.
 */
function nestsDeeperThan(html: string, maxDepth: number): boolean {
  const n = html.length;
  let depth = 0;
  let i = html.indexOf("<");
  while (i >= 0) {
    let j = i + 1;
    const close = html.charCodeAt(j) === 47; // "/"
    if (close) j++;
    if (!isAsciiLetter(html.charCodeAt(j))) {
      i = html.indexOf("<", i + 1);
      continue;
    }
    const nameStart = j;
    while (j < n && isNameChar(html.charCodeAt(j))) j++;
    const gt = html.indexOf(">", j);
    // No `>` left: the regex can match nothing more either.
    if (gt < 0) return false;
    const selfClose = gt > j && html.charCodeAt(gt - 1) === 47;
    if (!selfClose && !(j - nameStart <= MAX_VOID_NAME && isVoid(html, nameStart, j))) {
      if (close) depth = Math.max(0, depth - 1);
      else if (++depth > maxDepth) return true;
    }
    i = html.indexOf("<", gt + 1);
  }
  return false;
}

const MAX_VOID_NAME = 6;

/** Void names by length, for a comparison in place (no slice and lowercase per tag). */
const VOID_BY_LENGTH: readonly (readonly string[])[] = [
  [],
  [],
  ["br", "hr"],
  ["col", "img", "wbr"],
  ["area", "base", "link", "meta"],
  ["embed", "input", "param", "track"],
  ["source"],
];

function isVoid(html: string, start: number, end: number): boolean {
  for (const name of VOID_BY_LENGTH[end - start] ?? []) {
    let k = 0;
    // Names are ASCII letters, digits, `:` and `-`: setting bit 0x20 lowercases only letters.
    while (k < name.length && (html.charCodeAt(start + k) | 0x20) === name.charCodeAt(k)) k++;
    if (k === name.length) return true;
  }
  return false;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

function isNameChar(c: number): boolean {
  return isAsciiLetter(c) || (c >= 48 && c <= 57) || c === 58 || c === 45;
}
