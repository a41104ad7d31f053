/**
 * The text of one element, collected only while a reader wants it and never past a bound: a
 * `<loc>` of 40 MB (a broken generator, an attack) costs `max` characters, not 40 MB.
 */
export class BoundedText {
  readonly #max: number;
  #parts: string[] = [];
  #length = 0;
  #active = false;
  /** True when the value went past the bound (it is then dropped). */
  overflow = false;

  constructor(max: number) {
    this.#max = max;
  }

  get active(): boolean {
    return this.#active;
  }

  start(): void {
    this.#parts = [];
    this.#length = 0;
    this.#active = true;
    this.overflow = false;
  }

  add(text: string): void {
    if (!this.#active || this.overflow) return;
    this.#length += text.length;
    if (this.#length > this.#max) {
      this.overflow = true;
      // Keep the start for the message.
      this.#parts = [this.#parts.join("").concat(text).slice(0, 80)];
      return;
    }
    this.#parts.push(text);
  }

  /** The value, whitespace collapsed, or null when it went past the bound. */
  finish(): string | null {
    this.#active = false;
    if (this.overflow) return null;
    return this.#parts.join("").replace(/\s+/g, " ").trim();
  }

  /** The first characters of an overflowing value, for a message. */
  preview(): string {
    return `${(this.#parts[0] ?? "").replace(/\s+/g, " ").slice(0, 60)}…`;
  }
}
