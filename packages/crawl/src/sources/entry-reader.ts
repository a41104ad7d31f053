import type { RawEntry } from "./entries.js";
import type { ProblemTally } from "./problems.js";
import { BoundedText } from "./text-value.js";
import type { XmlElement, XmlHandler } from "./xml.js";

/**
 * What the XML format readers share: where entries go, one bounded value collected while a field
 * is open, and the report of a value past the bound.
 */
export abstract class EntryReader<F extends string> implements XmlHandler {
  protected readonly emit: (entry: RawEntry) => void;
  protected readonly tally: ProblemTally;
  readonly #max: number;
  readonly #value: BoundedText;
  /** The field whose text is being collected, if any, and its element's depth. */
  protected field: F | null = null;
  #fieldDepth = -1;
  /** Entries (`<url>`, `<sitemap>`, items) read, valid or not. */
  entries = 0;

  constructor(emit: (entry: RawEntry) => void, tally: ProblemTally, maxValue: number) {
    this.emit = emit;
    this.tally = tally;
    this.#max = maxValue;
    this.#value = new BoundedText(maxValue);
  }

  abstract open(element: XmlElement): void;
  abstract close(element: XmlElement): void;

  text(text: string): void {
    if (this.field !== null) this.#value.add(text);
  }

  /** Starts collecting `field`'s text: the text of `element` and of anything inside it. */
  protected collect(field: F, element: XmlElement): void {
    this.field = field;
    this.#fieldDepth = element.depth;
    this.#value.start();
  }

  /** True when `element` is the one whose text is being collected. */
  protected closesField(element: XmlElement): boolean {
    return this.field !== null && element.depth === this.#fieldDepth;
  }

  /**
   * Ends the field being collected and answers its text, whitespace collapsed; null when it was
   * empty, or past the bound (then counted into a `line-too-long` warning).
   */
  protected finishField(element: XmlElement): string | null {
    this.field = null;
    const value = this.#value.finish();
    if (value === null) {
      this.tally.add(
        "line-too-long",
        `values longer than ${this.#max.toLocaleString("en-US")} characters skipped`,
        "the file is probably broken; tell the site",
        `<${element.local}>${this.#value.preview()}`,
      );
      return null;
    }
    return value === "" ? null : value;
  }
}
