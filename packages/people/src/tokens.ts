/**
 * Words and sentences of a paragraph, with each quotation in the narrative standing as one
 * token, so that the rules that look for a speaker read only the narrator's words and never a
 * name inside somebody's quotation.
 */
import { ABBREVIATIONS } from "./lexicon.js";
import { isQuoteMark, type QuoteSpan } from "./quotes.js";

export type TokenKind = "word" | "punct" | "quote";

export interface Token {
  readonly kind: TokenKind;
  /** As written; a word without its possessive ending ("Turkey" for "Turkey’s"). */
  readonly text: string;
  readonly lower: string;
  /** `[start, end)` in the paragraph, the possessive ending included. */
  readonly start: number;
  readonly end: number;
  /** Starts with a capital letter. */
  readonly cap: boolean;
  /** Ends in ’s, 's, or s’ ("NASA's", "Edmunds’"). */
  readonly possessive: boolean;
  /** For a quotation, its span; else null. */
  readonly quote: QuoteSpan | null;
}

const UPPER = /^\p{Lu}/u;

function word(text: string, start: number, end: number, possessive: boolean): Token {
  const first = text.charCodeAt(0);
  return {
    kind: "word",
    text,
    lower: text.toLowerCase(),
    start,
    end,
    // ASCII first letters without a regular expression; the rest by Unicode's upper case.
    cap: first < 0x80 ? first >= 0x41 && first <= 0x5a : UPPER.test(text),
    possessive,
    quote: null,
  };
}

/** A word, or any other character that is not a space. */
const PIECE =
  /([\p{L}\p{M}\p{N}]+(?:[’'\-‐‑.&][\p{L}\p{M}\p{N}]+)*)|([^\s\u00a0\u202f\u2009\u200b])/gu;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * The same for text with no letter beyond ASCII (most English paragraphs, curly quotes and dashes
 * allowed): a regular expression without Unicode property classes runs several times faster.
 */
const PIECE_ASCII = /([A-Za-z0-9]+(?:['’\-‐‑.&][A-Za-z0-9]+)*)|([^\s\u00a0\u202f\u2009\u200b])/g;
const ASCII_TEXT = /^[\p{ASCII}\u00a0\u2009\u200b\u202f‘’“”—–…]*$/u;

/** The tokens of one paragraph; quotations of depth 0 become single `quote` tokens. */
export function tokenize(text: string, spans: readonly QuoteSpan[]): Token[] {
  const tokens: Token[] = [];
  const top = spans.filter((s) => s.depth === 0);
  let next = 0;
  const piece = ASCII_TEXT.test(text) ? PIECE_ASCII : PIECE;
  piece.lastIndex = 0;
  for (let m = piece.exec(text); m !== null; m = piece.exec(text)) {
    let i = m.index;
    let span = top[next];
    if (span !== undefined && i >= span.open) {
      tokens.push({
        kind: "quote",
        text: text.slice(span.start, span.end),
        lower: "",
        start: span.open,
        end: span.close,
        cap: false,
        possessive: false,
        quote: span,
      });
      piece.lastIndex = Math.max(i, span.close);
      next++;
      continue;
    }
    const stop = span === undefined ? text.length : span.open;
    const w0 = m[1];
    if (w0 === undefined) {
      const char = m[0];
      tokens.push({
        kind: "punct",
        text: char,
        lower: char,
        start: i,
        end: i + char.length,
        cap: false,
        possessive: false,
        quote: null,
      });
      continue;
    }
    let w = w0;
    let end = i + w.length;
    if (end > stop) {
      w = w.slice(0, stop - i);
      end = stop;
      piece.lastIndex = end;
    }
    let possessive = false;
    const after = text.charCodeAt(end);
    if (
      after === 0x2e /* . */ &&
      /^\.[’']s(?![\p{L}\p{N}])/u.test(text.slice(end, end + 4)) &&
      end + 3 <= stop
    ) {
      // "U.K.'s": an abbreviation's full stop before the possessive belongs to the word.
      tokens.push(word(`${w}.`, i, end + 3, true));
      piece.lastIndex = end + 3;
      continue;
    }
    const last = w.charCodeAt(w.length - 1);
    if ((last === 0x73 || last === 0x53) && w.length > 2) {
      const mark = w.charCodeAt(w.length - 2);
      if (mark === 0x27 || mark === 0x2019) {
        possessive = true;
        w = w.slice(0, -2);
      } else if (
        (after === 0x2019 || after === 0x27) &&
        end < stop &&
        !LETTER_OR_DIGIT.test(text[end + 1] ?? "")
      ) {
        // "Edmunds’ director": the mark after a plural's s is its possessive.
        possessive = true;
        end++;
        piece.lastIndex = end;
      }
    }
    tokens.push(word(w, i, end, possessive));
    i = end;
    span = undefined;
  }
  return tokens;
}

/** A word written as one capital with a full stop: an initial ("Mary E. Lovely"). */
export const isInitial = (t: Token): boolean =>
  t.kind === "word" && t.text.length <= 2 && t.cap && t.text === t.text.toUpperCase();

/** A full stop after this word does not end the sentence. */
function abbreviation(t: Token | undefined): boolean {
  if (t === undefined || t.kind !== "word") return false;
  return ABBREVIATIONS.has(t.lower) || (t.text.length === 1 && t.cap) || /\.\p{L}$/u.test(t.text);
}

const TERMINAL = new Set([".", "!", "?", "…"]);
const ENDS_SENTENCE = /[.!?…]["”’»«“„']*\s*$/u;

/**
 * Sentence boundaries as token ranges `[from, to)`. A full stop ends a sentence before a capital,
 * a digit or a quotation, unless it closes an abbreviation or an initial. A quotation ending in
 * a full stop ends its sentence too, unless an attribution follows it (`“…?” Aderholt asked`):
 * `attributes(tokens, i)` tells whether the tokens from `i` are one.
 */
export function sentences(
  tokens: readonly Token[],
  attributes: (tokens: readonly Token[], i: number) => boolean,
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let from = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const next = tokens[i + 1];
    if (next === undefined) break;
    const opensNext =
      next.kind === "quote" ||
      (next.kind === "word" && (next.cap || /^\p{N}/u.test(next.text))) ||
      (next.kind === "punct" && isQuoteMark(next.text));
    if (!opensNext) continue;
    let boundary = false;
    if (t.kind === "punct" && TERMINAL.has(t.text)) {
      boundary = t.text !== "." || !abbreviation(tokens[i - 1]) || tokens[i - 1]?.end !== t.start;
      // "U.S. President": an abbreviation with a capital after it still ends nothing; but
      // "Tempus Inc. The dollar" — an abbreviation before a sentence-opening word ends one.
      if (!boundary && next.kind === "word" && OPENERS.has(next.lower)) boundary = true;
    } else if (t.kind === "quote" && ENDS_SENTENCE.test(t.text)) {
      boundary = !attributes(tokens, i + 1);
    }
    if (boundary) {
      out.push([from, i + 1]);
      from = i + 1;
    }
  }
  if (from < tokens.length) out.push([from, tokens.length]);
  return out;
}

/** Words that open a sentence and are never a name after an abbreviation. */
const OPENERS = new Set([
  "the",
  "a",
  "an",
  "this",
  "that",
  "he",
  "she",
  "it",
  "they",
  "we",
  "i",
  "but",
  "and",
  "in",
  "on",
  "at",
  "as",
  "if",
  "when",
  "while",
  "after",
  "before",
  "there",
  "his",
  "her",
  "their",
]);
