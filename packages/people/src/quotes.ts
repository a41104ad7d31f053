/**
 * Quotation spans in an article's paragraphs, in every style news pages use: "…", “…”, „…“,
 * «…», »…«, ‘…’, '…', ‹…›, 「…」, and a quotation that runs over several paragraphs (each
 * paragraph opens with a mark, only the last one closes it). One linear pass per paragraph with
 * a stack; a mark's direction comes from what stands beside it, so German „…“ (whose closing
 * mark is the English opening one) and Swedish ”…” pair as well as English “…”.
 */

/** Marks of one family pair with each other only: a ’ never closes a “. */
type Family = "double" | "single" | "guillemet" | "angle" | "corner";

export interface QuoteSpan {
  readonly paragraph: number;
  /** Offset of the opening mark (0 for a quotation carried over from the previous paragraph). */
  readonly open: number;
  /** Offset just after the closing mark, or the paragraph's length when it runs on. */
  readonly close: number;
  /** The quoted words: `[start, end)`. */
  readonly start: number;
  readonly end: number;
  /** 0 for a quotation in the narrative, 1 and more for a quotation quoted inside one. */
  readonly depth: number;
  /** Goes on from the previous paragraph. */
  readonly continued: boolean;
  /** Goes on into the next paragraph. */
  readonly continues: boolean;
}

interface Mark {
  readonly family: Family;
  /** What the glyph is when its neighbours do not say: an opening or a closing mark. */
  readonly lean: "open" | "close" | "either";
}

const MARKS: ReadonlyMap<string, Mark> = new Map([
  ['"', { family: "double", lean: "either" }],
  ["“", { family: "double", lean: "open" }],
  ["”", { family: "double", lean: "close" }],
  ["„", { family: "double", lean: "open" }],
  ["‟", { family: "double", lean: "open" }],
  ["«", { family: "guillemet", lean: "open" }],
  ["»", { family: "guillemet", lean: "close" }],
  ["'", { family: "single", lean: "either" }],
  ["‘", { family: "single", lean: "open" }],
  ["’", { family: "single", lean: "close" }],
  ["‚", { family: "single", lean: "open" }],
  ["‛", { family: "single", lean: "open" }],
  ["‹", { family: "angle", lean: "open" }],
  ["›", { family: "angle", lean: "close" }],
  ["「", { family: "corner", lean: "open" }],
  ["」", { family: "corner", lean: "close" }],
  ["『", { family: "corner", lean: "open" }],
  ["』", { family: "corner", lean: "close" }],
]);

export const isQuoteMark = (char: string): boolean => MARKS.has(char);

/** Every mark of MARKS, to jump from one to the next instead of looking at each character. */
const MARK_CHARS = /["“”„‟«»'‘’‚‛‹›「」『』]/gu;

const SPACE = /[\s\u00a0\u202f\u2009]/u;
const LETTER = /[\p{L}\p{N}]/u;
/** What may stand before an opening mark and after a closing one besides a space. */
const BEFORE_OPEN = /[([{\-–—/:;,\u00a0\u202f]/u;
const AFTER_CLOSE = /[.,;:!?)\]}\-–—…/\u00a0\u202f]/u;

/** Pathological input (a megabyte of marks) must stay linear: an opening mark is looked for this deep. */
const STACK_SEARCH = 6;
/** Quotations deeper than this are not recorded (a quote in a quote in a quote…). */
const MAX_DEPTH = 3;

interface Open {
  readonly family: Family;
  readonly at: number;
}

/**
 * Where a guillemet or angle mark opens: French and Spanish write «…», German and Danish »…«.
 * The first guillemet of the paragraph tells which.
 */
function guillemetsReversed(text: string): boolean {
  for (const char of text) {
    if (char === "«") return false;
    if (char === "»") return true;
  }
  return false;
}

interface Bounds {
  /** Index of the first and the last character that is not a space. */
  readonly first: number;
  readonly last: number;
  readonly reversed: boolean;
}

function direction(text: string, i: number, mark: Mark, bounds: Bounds): "open" | "close" | null {
  const char = text[i] as string;
  const prev = i > 0 ? (text[i - 1] as string) : "";
  const next = i + 1 < text.length ? (text[i + 1] as string) : "";
  if (mark.family === "guillemet" || mark.family === "angle" || mark.family === "corner") {
    // French sets guillemets off with a (no-break) space on the inner side, so flanking cannot tell.
    const opens = mark.lean === "open";
    return opens !== bounds.reversed ? "open" : "close";
  }
  if (char === "'" || char === "’") {
    // Inside a word it is an apostrophe ("don’t", "O'Brien", "De’Broski").
    if (LETTER.test(prev) && LETTER.test(next)) return null;
  }
  const atStart = i <= bounds.first;
  const atEnd = i >= bounds.last;
  if (atEnd && !atStart) return "close";
  if (atStart && !atEnd) return "open";
  const prevOpen = prev === "" || SPACE.test(prev) || BEFORE_OPEN.test(prev) || MARKS.has(prev);
  const nextClose = next === "" || SPACE.test(next) || AFTER_CLOSE.test(next) || MARKS.has(next);
  const left = next !== "" && !SPACE.test(next) && prevOpen;
  const right = prev !== "" && !SPACE.test(prev) && nextClose;
  if (left && !right) return "open";
  if (right && !left) return "close";
  if (mark.lean === "either") return null;
  return mark.lean;
}

export interface QuoteOptions {
  /** Characters of a paragraph that are looked at; the rest is taken as narrative. */
  readonly maxParagraphLength: number;
}

/**
 * Every quotation in the paragraphs, in document order (a quotation before the ones inside it).
 * Never throws; an unbalanced mark is left out, except an opening double mark without its
 * closing one, which runs to the end of its paragraph as English multi-paragraph quotations do.
 */
export function findQuotes(paragraphs: readonly string[], options: QuoteOptions): QuoteSpan[][] {
  const out: QuoteSpan[][] = [];
  let carry: Family | null = null;
  for (let p = 0; p < paragraphs.length; p++) {
    const text = (paragraphs[p] as string).slice(0, options.maxParagraphLength);
    const spans: QuoteSpan[] = [];
    const stack: Open[] = [];
    const trimmed = text.trimStart();
    const first = text.length - trimmed.length;
    const bounds: Bounds = {
      first,
      last: text.trimEnd().length - 1,
      reversed: guillemetsReversed(text),
    };
    // A quotation carried over: the paragraph opens with a mark of its family (then that mark
    // opens it as usual), or the first unmatched closing mark of the family ends it.
    let pending: Family | null = carry;
    const firstMark = MARKS.get(trimmed[0] ?? "");
    let continuedOpen = -1;
    if (pending !== null && firstMark !== undefined && firstMark.family === pending) {
      continuedOpen = first;
      pending = null;
    }
    carry = null;
    MARK_CHARS.lastIndex = 0;
    for (let hit = MARK_CHARS.exec(text); hit !== null; hit = MARK_CHARS.exec(text)) {
      const i = hit.index;
      const mark = MARKS.get(hit[0]) as Mark;
      const dir = direction(text, i, mark, bounds);
      if (dir === null) continue;
      if (dir === "open") {
        stack.push({ family: mark.family, at: i });
        continue;
      }
      // Closing: the nearest opening mark of the family (marks left open above it were strays).
      let found = -1;
      for (let k = stack.length - 1; k >= 0 && k >= stack.length - STACK_SEARCH; k--) {
        if ((stack[k] as Open).family === mark.family) {
          found = k;
          break;
        }
      }
      if (found >= 0) {
        const open = stack[found] as Open;
        stack.length = found;
        if (found < MAX_DEPTH) {
          spans.push({
            paragraph: p,
            open: open.at,
            close: i + 1,
            start: open.at + 1,
            end: i,
            depth: found,
            continued: open.at === continuedOpen,
            continues: false,
          });
        }
      } else if (pending === mark.family && stack.length === 0) {
        spans.push({
          paragraph: p,
          open: 0,
          close: i + 1,
          start: 0,
          end: i,
          depth: 0,
          continued: true,
          continues: false,
        });
        pending = null;
      }
    }
    // An opening double mark left open at the bottom of the stack runs on to the paragraph's
    // end; single marks left open are apostrophes ("’90s", "'em").
    const bottom = stack[0];
    if (bottom !== undefined && bottom.family !== "single" && bottom.family !== "angle") {
      spans.push({
        paragraph: p,
        open: bottom.at,
        close: text.length,
        start: bottom.at + 1,
        end: text.length,
        depth: 0,
        continued: bottom.at === continuedOpen,
        continues: true,
      });
      carry = bottom.family;
    }
    spans.sort((a, b) => a.open - b.open || a.depth - b.depth);
    out.push(spans);
  }
  return out;
}
