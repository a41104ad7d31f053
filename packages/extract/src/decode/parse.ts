/**
 * The page parsed into a DOM with htmlparser2 (what cheerio's `load` would call), through a
 * tokenizer that crosses text and quoted attribute values in a tight loop. htmlparser2's own
 * tokenizer, with entities decoded, visits every character of text and of attribute values
 * through its state switch and a method call, although only `<` and `&` (and the closing quote)
 * change anything there; and it looks for the end of a comment or a script with a loop of
 * `charCodeAt` where `indexOf` does the same. Text and attribute values are most of a page: the
 * same tree costs about a sixth less to parse. The scans override internal methods of
 * htmlparser2 10.1 (`stateText`, `handleInAttributeValue`, `fastForwardTo`), so a test parses the
 * same pages with both tokenizers and requires the same tree; where a method is missing, the
 * library's own runs.
 */
import type { Document } from "domhandler";
import { DomHandler, Parser, Tokenizer } from "htmlparser2";

/** cheerio's options for the same parse: `load`'s `xml` object, flattened as cheerio does. */
export const PARSE_OPTIONS = {
  xmlMode: false,
  decodeEntities: true,
  withStartIndices: true,
} as const;

const LT = 0x3c; // <
const AMP = 0x26; // &

/** The tokenizer's fields the scans read and move (private in its type declarations). */
interface TokenizerState {
  buffer: string;
  index: number;
  offset: number;
  readonly decodeEntities: boolean;
}

type StateText = (this: TokenizerState, c: number) => void;
type InAttributeValue = (this: TokenizerState, c: number, quote: number) => void;
type FastForwardTo = (this: TokenizerState, c: number) => boolean;

class ScanningTokenizer extends Tokenizer {}

const base = Tokenizer.prototype as unknown as {
  stateText?: StateText;
  handleInAttributeValue?: InAttributeValue;
  fastForwardTo?: FastForwardTo;
};
const own = ScanningTokenizer.prototype as unknown as Required<typeof base>;

/**
 * Where the parse loop, which moves on by one after each character, must stand so that the next
 * character it reads is the first of `a` or `b` at or after `from` (or the end of the chunk).
 */
function lastBefore(state: TokenizerState, from: number, a: number, b: number): number {
  const buffer = state.buffer;
  const n = buffer.length;
  let i = from;
  while (i < n) {
    const c = buffer.charCodeAt(i);
    if (c === a || c === b) break;
    i++;
  }
  return i - 1 + state.offset;
}

const stateText = base.stateText;
const inAttributeValue = base.handleInAttributeValue;
const fastForwardTo = base.fastForwardTo;
if (stateText && inAttributeValue && fastForwardTo) {
  // In text, a character other than `<` and `&` only moves the index on.
  own.stateText = function (this: TokenizerState, c: number): void {
    if (c === LT || c === AMP || !this.decodeEntities) stateText.call(this, c);
    else this.index = lastBefore(this, this.index - this.offset + 1, LT, AMP);
  };
  // In a quoted value, likewise for a character other than the quote and `&`.
  own.handleInAttributeValue = function (this: TokenizerState, c: number, quote: number): void {
    if (c === quote || c === AMP || !this.decodeEntities) inAttributeValue.call(this, c, quote);
    else this.index = lastBefore(this, this.index - this.offset + 1, quote, AMP);
  };
  const chars = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c));
  own.fastForwardTo = function (this: TokenizerState, c: number): boolean {
    const char = chars[c];
    if (char === undefined) return fastForwardTo.call(this, c);
    const at = this.buffer.indexOf(char, this.index - this.offset + 1);
    if (at >= 0) {
      this.index = at + this.offset;
      return true;
    }
    // Where the library's loop leaves it: the parse loop's step then ends the chunk.
    this.index = this.buffer.length + this.offset - 1;
    return false;
  };
}

/** The document htmlparser2's `parseDocument(html, PARSE_OPTIONS)` gives, parsed faster. */
export function parseHtml(html: string): Document {
  const handler = new DomHandler(undefined, PARSE_OPTIONS);
  new Parser(handler, { ...PARSE_OPTIONS, Tokenizer: ScanningTokenizer }).end(html);
  return handler.root;
}
