/**
 * The people an article quotes, the sources it leaves unnamed and the people it only mentions:
 * what `@vellum/people` reads from an article's paragraphs and `@vellum/schema` turns into
 * `Person` nodes referenced from the article's `mentions`.
 */

/** Words in quotation marks are `direct`; reported speech ("said that", "according to") is `indirect`. */
export type SpeechKind = "direct" | "indirect";

/** One statement attributed to a source, located in the body's paragraphs. */
export interface Statement {
  readonly kind: SpeechKind;
  /** The words inside the quotation marks, or the sentence that reports the speech. */
  readonly text: string;
  /** Index of the paragraph (a block of `body.text`, blocks split on blank lines) it starts in. */
  readonly paragraph: number;
  /** `[start, end)` in UTF-16 code units within that paragraph's text. */
  readonly offsets: readonly [number, number];
}

export interface QuotedPerson {
  /** The full name as it first appears, without title or role ("Ahmad Shahidov"). */
  readonly name: string;
  /** Other forms the article uses for the same person ("Shahidov", "Mr. Shahidov"). */
  readonly variants: readonly string[];
  /** The role the article gives them, without nationality ("journalist", "President"). */
  readonly jobTitle: string | null;
  /** The organisation the article ties them to, as written. */
  readonly worksFor: string | null;
  /** `direct` when at least one of their statements is in quotation marks. */
  readonly kind: SpeechKind;
  /** In the order of the text. */
  readonly quotes: readonly Statement[];
}

/** A source without a name: "a spokesperson for the ministry", "officials". */
export interface UnnamedSource {
  /** As written, with its article ("a spokesperson for the ministry"). */
  readonly description: string;
  readonly worksFor: string | null;
  readonly quotes: readonly Statement[];
}

/** A named person the article speaks of without reporting their words. */
export interface MentionedPerson {
  readonly name: string;
  readonly variants: readonly string[];
  readonly jobTitle: string | null;
  readonly worksFor: string | null;
}

export interface ArticlePeople {
  /** In order of first appearance. */
  readonly quoted: readonly QuotedPerson[];
  readonly unnamed: readonly UnnamedSource[];
  readonly mentioned: readonly MentionedPerson[];
}
