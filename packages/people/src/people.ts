/**
 * The people an article quotes: for each sentence of the narrator's words, the speech cues
 * ("said", "told", "according to", "so", "selon", "según"), the speaker each one names (a name,
 * a pronoun that points back to one, or an unnamed source), the quotations the sentence holds,
 * and the roles and organisations the article gives each person anywhere.
 */
import type {
  Article,
  ArticlePeople,
  MentionedPerson,
  QuotedPerson,
  Statement,
  UnnamedSource,
} from "@vellum/model";
import {
  type Descriptor,
  genericRole,
  mergeDescriptors,
  NO_DESCRIPTOR,
  readAfter,
  readBefore,
  readOrganization,
  roleHead,
  singularRole,
} from "./descriptors.js";
import {
  ACCORDING_TO,
  CLAUSE_VERBS,
  DETERMINERS,
  HONORIFICS,
  NEGATIONS,
  NOT_NAME,
  NOUN_LIKE_VERBS,
  OPINION_VERBS,
  ORG_FOLLOWERS,
  PARTICLE_VERBS,
  PASSIVE_AUX,
  PLACES,
  PREPOSITIONS,
  PRONOUNS,
  ROLE_MODIFIERS,
  SOURCE_PLURALS,
  SPEECH_VERBS,
  TIME_WORDS,
  VERB_ADVERBS,
} from "./lexicon.js";
import { analyzeRun, fold, type NameRun, runAround, textOf } from "./names.js";
import { findQuotes, type QuoteSpan } from "./quotes.js";
import { sentences, type Token, tokenize } from "./tokens.js";
import { commonWord, properNoun } from "./words.js";

export interface PeopleOptions {
  /**
   * The article's authors: never listed as `mentioned`, and an author who is quoted keeps the
   * name the byline gives. Default none.
   */
  readonly authors?: readonly string[];
  /** Characters of a paragraph that are read; the rest is ignored. Default 20,000. */
  readonly maxParagraphLength?: number;
  /** Paragraphs that are read; the rest are ignored. Default 2,000. */
  readonly maxParagraphs?: number;
}

/** The body's blocks as `@vellum/extract` writes them: separated by a blank line. */
export function paragraphsOf(text: string): string[] {
  return text
    .split(/\n[ \t]*\n/u)
    .map((p) => p.trim())
    .filter((p) => p !== "");
}

interface Paragraph {
  readonly index: number;
  readonly text: string;
  readonly tokens: readonly Token[];
  readonly sentences: ReadonlyArray<readonly [number, number]>;
}

/** A name of a person in the narrator's words. */
interface Mention {
  readonly paragraph: number;
  readonly at: number;
  readonly run: NameRun;
  /** Words before the run that describe the person ("Commerzbank analyst"). */
  readonly before: Descriptor;
  /** A role word right before the run ("judge Inaba") counts as a title. */
  readonly titled: boolean;
  /** The descriptor is a plural that the next names of a list share ("founding members A, B and C"). */
  readonly plural: boolean;
}

interface Entity {
  name: string;
  core: string[];
  key: string;
  variants: Set<string>;
  gender: "m" | "f" | null;
  statements: Statement[];
  /** Text positions of its mentions, for pronouns that point back. */
  readonly order: number;
}

interface Unnamed {
  description: string;
  org: string | null;
  statements: Statement[];
}

type Speaker =
  | { readonly kind: "name"; readonly mention: Mention; readonly after: Descriptor }
  | { readonly kind: "pronoun"; readonly gender: "m" | "f" }
  | { readonly kind: "source"; readonly description: string; readonly org: string | null };

interface Cue {
  readonly at: number;
  readonly speaker: Speaker;
}

const isWord = (t: Token | undefined, lower: string): boolean =>
  t !== undefined && t.kind === "word" && t.lower === lower;

const isComma = (t: Token | undefined): boolean =>
  t !== undefined && t.kind === "punct" && t.text === ",";

/** Position of a token in the article, for "which mention came last". */
const position = (paragraph: number, at: number): number => paragraph * 1_000_000 + at;

export function findPeople(
  paragraphs: readonly string[],
  options: PeopleOptions = {},
): ArticlePeople {
  const maxLength = options.maxParagraphLength ?? 20_000;
  const texts = paragraphs
    .slice(0, options.maxParagraphs ?? 2_000)
    .map((p) => p.slice(0, maxLength));
  const quotes = findQuotes(texts, { maxParagraphLength: maxLength });
  const paras: Paragraph[] = texts.map((text, index) => {
    const tokens = tokenize(text, quotes[index] ?? []);
    return { index, text, tokens, sentences: sentences(tokens, attributionFollows) };
  });
  const reader = new Reader(paras, options.authors ?? []);
  return reader.read();
}

/** Tokens from `i` attribute the quotation before them: `“…?” Aderholt asked`, `“…” said X`. */
function attributionFollows(tokens: readonly Token[], i: number): boolean {
  for (let k = i; k < tokens.length && k < i + 8; k++) {
    const t = tokens[k] as Token;
    if (t.kind === "quote") return false;
    if (t.kind === "punct" && /[.!?;]/u.test(t.text)) return false;
    if (t.kind === "word" && SPEECH_VERBS.has(t.lower)) return true;
  }
  return false;
}

class Reader {
  private readonly entities: Entity[] = [];
  private readonly unnamed: Unnamed[] = [];
  /** Every person-like name in the narrator's words, in text order. */
  private readonly mentions: Mention[] = [];
  private readonly mentionAt = new Map<number, Mention>();
  /** Folded multi-word names by their last and first word: the full form of "Oza". */
  private readonly byLast = new Map<string, Set<string>>();
  private readonly byFirst = new Map<string, Set<string>>();
  private readonly fullNames = new Map<string, Mention>();
  /** One-word names written with a title somewhere ("Prince Andrew", "Gov. Noem"). */
  private readonly titledSingles = new Set<string>();
  /** Names used as organisations somewhere ("Morgan Stanley analysts", "at Goldman Sachs"). */
  private readonly orgLike = new Set<string>();
  /** Which entity each mention was resolved to, for pronouns. */
  private readonly resolved = new Map<number, Entity>();
  private readonly authors: Set<string>;

  constructor(
    private readonly paras: readonly Paragraph[],
    authors: readonly string[],
  ) {
    this.authors = new Set(authors.map(fold));
  }

  read(): ArticlePeople {
    this.indexNames();
    let last: Speaker | null = null;
    let lastEntity: Entity | Unnamed | null = null;
    let carried: Entity | Unnamed | null = null;
    // Who a colon introduced ("… as follows:"): the next quotation is theirs, even in the next paragraph.
    let introduced: Entity | Unnamed | null = null;
    for (const para of this.paras) {
      let paragraphSpeaker: Entity | Unnamed | null = null;
      for (let s = 0; s < para.sentences.length; s++) {
        const [from, to] = para.sentences[s] as readonly [number, number];
        const cues = this.cues(para, from, to);
        const quoteTokens: number[] = [];
        for (let i = from; i < to; i++)
          if ((para.tokens[i] as Token).kind === "quote") quoteTokens.push(i);
        const owners = cues.map((cue) => this.owner(para, cue));
        if (cues.length === 0) {
          // A sentence of quotation alone: the one the previous sentence introduced with a colon,
          // a quotation carried over from the previous paragraph, or the paragraph's speaker.
          let lastOwner: Entity | Unnamed | null = null;
          for (const q of quoteTokens) {
            const span = (para.tokens[q] as Token).quote as QuoteSpan;
            const owner: Entity | Unnamed | null =
              (span.continued ? carried : null) ??
              introduced ??
              paragraphSpeaker ??
              (q === 0 && lastEntity !== null && this.quoteOnly(para) ? lastEntity : null);
            if (owner !== null) this.say(owner, para, span);
            lastOwner = owner;
          }
          // "Alesger summed up the situation as follows:" names who speaks next.
          const end = para.tokens[to - 1];
          introduced = null;
          if (end?.kind === "punct" && end.text === ":")
            introduced = this.colonSpeaker(para, from, to);
          if (quoteTokens.length > 0) {
            const lastQuote = para.tokens[quoteTokens[quoteTokens.length - 1] as number] as Token;
            carried = lastQuote.quote?.continues ? lastOwner : null;
          }
          continue;
        }
        introduced = null;
        for (const q of quoteTokens) {
          let best = -1;
          let distance = Number.POSITIVE_INFINITY;
          for (let c = 0; c < cues.length; c++) {
            if (owners[c] === null) continue;
            const d = Math.abs((cues[c] as Cue).at - q);
            if (d < distance) {
              distance = d;
              best = c;
            }
          }
          const owner = best >= 0 ? (owners[best] as Entity | Unnamed) : null;
          if (owner !== null) {
            this.say(owner, para, (para.tokens[q] as Token).quote as QuoteSpan);
            if ((para.tokens[q] as Token).quote?.continues) carried = owner;
          }
        }
        for (let c = 0; c < cues.length; c++) {
          const owner = owners[c];
          if (owner === null || owner === undefined) continue;
          const closing = para.tokens[to - 1];
          if (quoteTokens.length === 0 && !(closing?.kind === "punct" && closing.text === ":")) {
            // "He said, she said" is a heading, not a report: a reported statement has content;
            // "X described it as follows:" introduces the quotation that follows.
            let words = 0;
            for (let i = from; i < to; i++) if ((para.tokens[i] as Token).kind === "word") words++;
            if (words < 6) continue;
            this.report(owner, para, from, to);
          }
          paragraphSpeaker = owner;
          lastEntity = owner;
          last = (cues[c] as Cue).speaker;
        }
        const end = para.tokens[to - 1];
        if (end?.kind === "punct" && end.text === ":" && paragraphSpeaker !== null)
          introduced = paragraphSpeaker;
      }
      if (introduced === null && paragraphSpeaker !== null && !this.endsInQuote(para))
        carried = null;
    }
    void last;
    return this.result();
  }

  /** The paragraph is one quotation and nothing else. */
  private quoteOnly(para: Paragraph): boolean {
    return para.tokens.every((t) => t.kind === "quote" || t.kind === "punct");
  }

  private endsInQuote(para: Paragraph): boolean {
    const last = para.tokens[para.tokens.length - 1];
    return last?.kind === "quote" && last.quote?.continues === true;
  }

  // ---------------------------------------------------------------- names

  /** Every name run of the narrator's words: who is a person, their full names, org uses. */
  private indexNames(): void {
    for (const para of this.paras) {
      const { tokens } = para;
      for (const [from, to] of para.sentences) {
        let lastInSentence: Mention | null = null;
        let i = from;
        while (i < to) {
          const span = runAround(tokens, i, from, to);
          if (span === null || span[0] !== i) {
            i++;
            continue;
          }
          const [a, b] = span;
          // "The", "But", "In" opening a sentence: no name, nothing to analyse.
          if (b - a === 1 && NOT_NAME.has((tokens[a] as Token).lower)) {
            i = b;
            continue;
          }
          const run = analyzeRun(tokens, a, b, para.text);
          const key = fold(run.name);
          const next = tokens[b];
          const prev = tokens[a - 1];
          // "Morgan Stanley analysts": the name is an organisation's wherever it stands.
          if (
            next !== undefined &&
            next.kind === "word" &&
            ORG_FOLLOWERS.has(next.lower) &&
            run.core.length >= 1
          )
            this.orgLike.add(key);
          // "at Goldman Sachs", "at the right-wing Kohelet Policy Forum", "Alliance for American
          // Manufacturing": here an organisation, not a person.
          // "Secretary of State Mike Pompeo": a role's complement runs into the name (below).
          const complement =
            run.core.length >= 3 &&
            prev !== undefined &&
            /^(?:to|of|for)$/u.test(prev.lower) &&
            tokens[a - 2] !== undefined &&
            roleHead(tokens[a - 2] as Token);
          const organization =
            !complement &&
            (afterAt(tokens, a) ||
              (prev !== undefined && prev.lower === "bei") ||
              (prev !== undefined &&
                /^(?:of|for|für|de)$/u.test(prev.lower) &&
                ((tokens[a - 2]?.cap === true && tokens[a - 2]?.kind === "word") ||
                  (tokens[a - 2] !== undefined && roleHead(tokens[a - 2] as Token)))));
          if (run.kind === "person" && !organization) {
            let at = a;
            let nameRun = run;
            let before = NO_DESCRIPTOR;
            // "special envoy to Ukraine Kurt Volker", "Secretary of State Mike Pompeo": the words
            // of the run before the last two belong to the role's complement.
            if (complement) {
              while (at < b - 1 && analyzeRun(tokens, at, b, para.text).core.length > 2) at++;
              nameRun = analyzeRun(tokens, at, b, para.text);
              before = this.describeBefore(para, a - 2, from, at);
            } else {
              before = this.describeBefore(para, a - 1, from, a);
            }
            if (nameRun.kind === "person") {
              // "founding members Tom Johnston, Michael McDonald, Pat Simmons and John McFee".
              const listed = lastInSentence;
              if (
                before.role === null &&
                listed !== null &&
                listed.paragraph === para.index &&
                listed.plural &&
                between(tokens, listed.run.to, a)
              )
                before = listed.before;
              const titled = nameRun.title !== null || before.role !== null;
              const plural =
                before.role !== null &&
                (singularRole(tokens[a - 1] as Token) !== null ||
                  (listed?.plural === true && before === listed.before));
              const mention: Mention = {
                paragraph: para.index,
                at,
                run: nameRun,
                before,
                titled,
                plural,
              };
              lastInSentence = mention;
              this.mentions.push(mention);
              this.mentionAt.set(position(para.index, a), mention);
              this.mentionAt.set(position(para.index, at), mention);
              if (nameRun.core.length === 1 && titled) this.titledSingles.add(fold(nameRun.name));
              if (nameRun.core.length >= 2) {
                const nameKey = fold(nameRun.name);
                const first = fold(nameRun.core[0] as string);
                const last = fold(nameRun.core[nameRun.core.length - 1] as string);
                if (!this.fullNames.has(nameKey)) this.fullNames.set(nameKey, mention);
                addTo(this.byLast, last, nameKey);
                addTo(this.byFirst, first, nameKey);
              }
            }
          }
          i = b;
        }
      }
    }
  }

  /**
   * A descriptor written before a name whose role noun is at `head`: "Commerzbank analyst",
   * "research team head", "judge", "special envoy to Ukraine" (up to `end`, the name's start).
   */
  private describeBefore(para: Paragraph, head: number, lo: number, end: number): Descriptor {
    const { tokens } = para;
    const h = tokens[head];
    if (h === undefined || head < lo) return NO_DESCRIPTOR;
    if (!(roleHead(h) || singularRole(h) !== null) || (h.cap && !TITLE_LIKE.test(h.text)))
      return NO_DESCRIPTOR;
    let k = head;
    while (k - 1 >= lo && head - k < 6) {
      const t = tokens[k - 1] as Token;
      if (t.kind === "punct") {
        if (t.text === "." && tokens[k - 2]?.end === t.start) {
          k--;
          continue;
        }
        break;
      }
      if (t.kind !== "word") break;
      if (t.cap) {
        if (NOT_NAME.has(t.lower) || DETERMINERS.has(t.lower)) break;
        k--;
        if (t.possessive) break;
        continue;
      }
      if (roleHead(t) || ROLE_MODIFIERS.has(t.lower)) {
        k--;
        continue;
      }
      if (
        NOT_NAME.has(t.lower) ||
        DETERMINERS.has(t.lower) ||
        SPEECH_VERBS.has(t.lower) ||
        PREPOSITIONS.has(t.lower) ||
        TIME_WORDS.has(t.lower)
      )
        break;
      if (t.possessive) break;
      // A noun used as a modifier ("research team head", "state schools Superintendent").
      if (/^\p{Ll}[\p{Ll}-]+$/u.test(t.text) && t.text.length > 2) {
        k--;
        continue;
      }
      break;
    }
    return readBefore(tokens, k, end, para.text);
  }

  // ---------------------------------------------------------------- cues

  /** The speech cues of a sentence and whom each names. */
  private cues(para: Paragraph, from: number, to: number): Cue[] {
    const { tokens } = para;
    const out: Cue[] = [];
    for (let i = from; i < to; i++) {
      const t = tokens[i] as Token;
      if (t.kind !== "word") continue;
      let speaker: Speaker | null = null;
      if (t.lower === "according" && isWord(tokens[i + 1], "to")) {
        speaker = this.speakerRight(para, i + 2, to, true);
      } else if (ACCORDING_TO.has(t.lower) && t.lower !== "according") {
        if (t.lower === "zufolge") speaker = this.speakerLeft(para, from, i - 1, false);
        else speaker = this.speakerRight(para, i + 1, to, true);
      } else if (
        t.lower === "so" &&
        isComma(tokens[i - 1]) &&
        tokens[i - 2]?.kind === "quote" &&
        tokens[i + 1]?.cap === true
      ) {
        // German: „…“, so Müller.
        speaker = this.speakerRight(para, i + 1, to, false);
      } else if (SPEECH_VERBS.has(t.lower) && !t.cap) {
        // "which Bezos announced earlier": a verb that also takes a thing reports speech only
        // with a clause or a quotation.
        if (CLAUSE_VERBS.has(t.lower) && !this.reportsClause(para, i, from, to)) continue;
        speaker = this.verbSpeaker(para, from, to, i);
      }
      if (speaker !== null) out.push({ at: i, speaker });
    }
    return out;
  }

  /** After the verb: "that", a colon or a quotation in the sentence. */
  private reportsClause(para: Paragraph, i: number, from: number, to: number): boolean {
    const { tokens } = para;
    for (let k = from; k < to; k++) if ((tokens[k] as Token).kind === "quote") return true;
    const next = tokens[i + 1];
    return next !== undefined && (/^(?:that|dass|que|:)$/u.test(next.lower) || next.text === ":");
  }

  private verbSpeaker(para: Paragraph, from: number, to: number, i: number): Speaker | null {
    const { tokens } = para;
    const t = tokens[i] as Token;
    const particles = PARTICLE_VERBS.get(t.lower);
    let after = i + 1;
    if (particles !== undefined) {
      // "pointed out", "fügte … hinzu": the particle may come later in German; English needs it next.
      if (
        !particles.has(tokens[i + 1]?.lower ?? "") &&
        !/^(?:fügte|räumte|kündigte)$/u.test(t.lower)
      )
        return null;
      if (particles.has(tokens[i + 1]?.lower ?? "")) after = i + 2;
    }
    if (t.lower.endsWith("ing")) {
      // "with Jordanian Foreign Minister Ayman Safadi warning of …": a name right before it.
      const span = runAround(tokens, i - 1, from, i);
      if (span === null || span[1] !== i) return null;
      const mention = this.mentionAt.get(position(para.index, span[0]));
      return mention === undefined ? null : { kind: "name", mention, after: NO_DESCRIPTOR };
    }
    // Walk left over adverbs and auxiliaries to the subject.
    let j = i - 1;
    let passive = false;
    while (j >= from) {
      const w = tokens[j] as Token;
      if (w.kind !== "word") break;
      if (NEGATIONS.has(w.lower) || w.lower.endsWith("n't")) return null;
      if (PASSIVE_AUX.has(w.lower)) passive = true;
      if (!VERB_ADVERBS.has(w.lower) && !PASSIVE_AUX.has(w.lower)) break;
      j--;
    }
    if (passive) return null;
    const left = tokens[j];
    if (left === undefined || j < from || left.kind === "quote") {
      // "“…,” said Smith": the speaker follows the verb.
      return this.speakerRight(para, after, to, false);
    }
    if (left.kind === "punct") {
      if (left.text === "," || left.text === "—" || left.text === "–") {
        // "Shahidov, also stressed …": a stray comma between the name and its verb.
        const span = runAround(tokens, j - 1, from, j);
        const named = span === null ? undefined : this.mentionAt.get(position(para.index, span[0]));
        if (named !== undefined && span !== null && span[0] === from)
          return { kind: "name", mention: named, after: NO_DESCRIPTOR };
        const appositive = this.appositiveSpeaker(para, from, j);
        if (appositive !== null) return appositive;
        return this.speakerRight(para, after, to, false);
      }
      if (left.text === ")") {
        let k = j - 1;
        while (k >= from && (tokens[k] as Token).text !== "(") k--;
        if (k > from) return this.speakerLeft(para, from, k - 1, false);
        return null;
      }
      if (left.text === ":" || left.text === ";") return this.speakerRight(para, after, to, false);
      if (left.text === "." && tokens[j - 1]?.end === left.start)
        return this.speakerLeft(para, from, j, NOUN_LIKE_VERBS.has(t.lower));
      return null;
    }
    if (DETERMINERS.has(left.lower) && !left.cap) return null;
    const speaker = this.speakerLeft(para, from, j, NOUN_LIKE_VERBS.has(t.lower));
    if (speaker !== null && speaker.kind === "source" && OPINION_VERBS.has(t.lower)) return null;
    return speaker;
  }

  /**
   * The subject that ends at token `j`: a name (with the descriptor before it), a pronoun, or an
   * unnamed source ("a spokesperson for the ministry", "officials").
   */
  private speakerLeft(para: Paragraph, from: number, j: number, strict: boolean): Speaker | null {
    const { tokens } = para;
    const t = tokens[j];
    if (t === undefined || j < from) return null;
    if (t.kind === "word") {
      const gender = PRONOUNS.get(t.lower);
      if (
        gender !== undefined &&
        (j === from || !tokens[j - 1]?.cap || tokens[j - 1]?.kind !== "word")
      )
        return { kind: "pronoun", gender };
    }
    const span = runAround(tokens, j, from, j + 1);
    if (span !== null && span[1] === j + 1) {
      const mention = this.mentionAt.get(position(para.index, span[0]));
      if (mention !== undefined) return { kind: "name", mention, after: NO_DESCRIPTOR };
      if (strict) return null;
    }
    if (strict) return null;
    return this.sourceLeft(para, from, j);
  }

  /** "a spokesperson for the ministry said": the noun phrase before the verb, if it is people. */
  private sourceLeft(para: Paragraph, from: number, j: number): Speaker | null {
    const { tokens } = para;
    let k = j;
    let determiner = false;
    while (k >= from && j - k < 10) {
      const t = tokens[k] as Token;
      if (t.kind !== "word") break;
      if (SPEECH_VERBS.has(t.lower) && k !== j) break;
      if (DETERMINERS.has(t.lower)) {
        // "a spokesperson for the Foreign Office": a determiner after a preposition is inside.
        const before = tokens[k - 1];
        if (
          before !== undefined &&
          k - 1 >= from &&
          /^(?:of|for|at|with|from|in|to)$/u.test(before.lower)
        ) {
          k -= 2;
          continue;
        }
        determiner = true;
        break;
      }
      if (
        k < j &&
        NOT_NAME.has(t.lower) &&
        !/^(?:of|for|at|with|from|in)$/u.test(t.lower) &&
        !t.cap
      )
        break;
      k--;
    }
    const start = determiner ? k : k + 1;
    if (start > j) return null;
    let people = false;
    for (let m = start; m <= j; m++) {
      const t = tokens[m] as Token;
      if (SOURCE_PLURALS.has(t.lower) || (roleHead(t) && !t.cap)) people = true;
    }
    if (!people) return null;
    // The head of the phrase must be near its start: "the company's lawyers", "a spokesman for X".
    const description = textOf(tokens, start, j + 1, para.text);
    if (description === "" || description.split(" ").length > 10) return null;
    const descriptor = readAfter(tokens, start, j + 1, para.text);
    return { kind: "source", description, org: descriptor.org };
  }

  /** `NAME, ROLE at ORG, said`: the appositive's commas end at `j`. */
  private appositiveSpeaker(para: Paragraph, from: number, j: number): Speaker | null {
    const { tokens } = para;
    let end = j;
    for (let level = 0; level < 5; level++) {
      let c = end - 1;
      while (c >= from) {
        const t = tokens[c] as Token;
        if (isComma(t) || t.text === "—" || t.text === "–") break;
        if (t.kind === "quote") return null;
        c--;
      }
      if (c < from) return null;
      const span = runAround(tokens, c - 1, from, c);
      if (span !== null && span[1] === c) {
        const mention = this.mentionAt.get(position(para.index, span[0]));
        if (mention !== undefined) {
          const after = readAfter(tokens, c + 1, j, para.text);
          return { kind: "name", mention, after };
        }
      }
      end = c;
    }
    return null;
  }

  /** The speaker written after the verb or "according to": a name or an unnamed source. */
  private speakerRight(para: Paragraph, k: number, to: number, strict: boolean): Speaker | null {
    const { tokens } = para;
    const first = tokens[k];
    if (first === undefined || k >= to) return null;
    if (first.kind === "word") {
      const gender = PRONOUNS.get(first.lower);
      if (gender !== undefined) return { kind: "pronoun", gender };
    }
    // The name, past a descriptor written before it ("said Commerzbank analyst Carsten Fritsch").
    let m = k;
    while (m < to && m < k + 8) {
      const mention = this.mentionAt.get(position(para.index, m));
      const next = mention === undefined ? undefined : tokens[mention.run.to];
      // "said Commerzbank analyst Carsten Fritsch", "said Greyhaven's town engineer, Rosa Delgado":
      // a name before a role noun, or a possessive, describes the name after.
      const describing =
        (next !== undefined && next.kind === "word" && !next.cap && roleHead(next)) ||
        tokens[(mention?.run.to ?? 0) - 1]?.possessive === true;
      // "according to the TexAuto Facts report": a name that a noun follows is that noun's modifier.
      const follows = tokens[mention?.run.to ?? 0];
      const modifier =
        follows !== undefined &&
        follows.kind === "word" &&
        !follows.cap &&
        !roleHead(follows) &&
        !NP_FOLLOWERS.has(follows.lower) &&
        !SPEECH_VERBS.has(follows.lower) &&
        commonWord(follows.lower) &&
        !VERB_ADVERBS.has(follows.lower);
      if (mention !== undefined && !describing && modifier) break;
      if (mention !== undefined && !describing) {
        const before = m > k ? readBefore(tokens, k, m, para.text) : NO_DESCRIPTOR;
        return {
          kind: "name",
          mention,
          after: mergeDescriptors(this.appositiveAfter(mention), before),
        };
      }
      const t = tokens[m] as Token;
      const descriptive =
        t.kind === "word"
          ? (!DETERMINERS.has(t.lower) || (m === k && t.lower === "the")) &&
            (t.cap ||
              roleHead(t) ||
              (m === k && t.lower === "the") ||
              ROLE_MODIFIERS.has(t.lower) ||
              t.possessive ||
              /^\p{Ll}[\p{Ll}-]+$/u.test(t.text))
          : (t.text === "." && tokens[m - 1]?.end === t.start) ||
            // "said the town engineer, Rosa Delgado": a role, a comma, the name.
            (isComma(t) &&
              m > k &&
              roleHead(tokens[m - 1] as Token) &&
              !(tokens[m - 1] as Token).cap);
      if (!descriptive) break;
      m++;
    }
    if (strict) return null;
    // "said a spokesman for the ministry", "said officials"
    let e = k;
    while (e < to && e < k + 10) {
      const t = tokens[e] as Token;
      if (t.kind !== "word") break;
      if (e > k && /^(?:that|in|on|who|after|before|when|while|as|because|during)$/u.test(t.lower))
        break;
      e++;
    }
    if (e === k) return null;
    return this.sourceLeft(para, k, e - 1);
  }

  /** In "X commented on …:" or "Commenting on Russia, Ahmad Shahidov made the following comments:", the person named. */
  private colonSpeaker(para: Paragraph, from: number, to: number): Entity | null {
    for (let i = from; i < to; i++) {
      const mention = this.mentionAt.get(position(para.index, i));
      if (mention === undefined) continue;
      const entity = this.entityFor(mention);
      if (entity !== null) return entity;
    }
    return null;
  }

  // ---------------------------------------------------------------- entities

  private owner(para: Paragraph, cue: Cue): Entity | Unnamed | null {
    const speaker = cue.speaker;
    if (speaker.kind === "name") {
      const entity = this.entityFor(speaker.mention);
      if (entity !== null) {
        const list = this.cueDescriptors.get(entity) ?? [];
        list.push(speaker.after);
        this.cueDescriptors.set(entity, list);
      }
      return entity;
    }
    if (speaker.kind === "pronoun") return this.antecedent(para, cue.at, speaker.gender);
    const named = this.describedAs(para, cue.at, speaker.description);
    if (named !== null) return named;
    const key = fold(speaker.description);
    let source = this.unnamed.find((u) => fold(u.description) === key);
    if (source === undefined) {
      source = { description: speaker.description, org: speaker.org, statements: [] };
      this.unnamed.push(source);
    }
    return source;
  }

  /** Descriptors read where a speech cue names the person, in text order. */
  private readonly cueDescriptors = new Map<Entity, Descriptor[]>();

  /** The person a name mention refers to, made when first seen; null when it names nobody sure. */
  private entityFor(mention: Mention): Entity | null {
    const known = this.resolved.get(position(mention.paragraph, mention.at));
    if (known !== undefined) return known;
    const { run } = mention;
    const key = fold(run.name);
    if (this.orgLike.has(key)) return null;
    let entity: Entity | null = null;
    if (run.core.length >= 2) {
      entity = this.entities.find((e) => e.key === key) ?? null;
      if (entity === null) {
        const first = fold(run.core[0] as string);
        const last = fold(run.core[run.core.length - 1] as string);
        entity =
          this.entities.find(
            (e) =>
              fold(e.core[e.core.length - 1] as string) === last &&
              (fold(e.core[0] as string) === first || e.core.length === 1),
          ) ?? null;
        if (entity !== null && entity.core.length === 1) {
          // "Noem" first, "Kristi Noem" later: the full name wins.
          entity.variants.add(entity.name);
          entity.name = run.name;
          entity.core = [...run.core];
          entity.key = key;
        }
      }
      if (entity === null) entity = this.newEntity(run.name, run.core);
    } else {
      const word = fold(run.core[0] as string);
      const byLast = this.entities.filter(
        (e) => e.core.length > 1 && fold(e.core[e.core.length - 1] as string) === word,
      );
      const byFirst = this.entities.filter(
        (e) => e.core.length > 1 && fold(e.core[0] as string) === word,
      );
      if (byLast.length === 1) entity = byLast[0] as Entity;
      else if (byLast.length === 0 && byFirst.length === 1) entity = byFirst[0] as Entity;
      else if (byLast.length === 0 && byFirst.length === 0) {
        const full = this.byLast.get(word);
        if (full !== undefined && full.size === 1) {
          const fullKey = [...full][0] as string;
          const m = this.fullNames.get(fullKey) as Mention;
          entity =
            this.entities.find((e) => e.key === fullKey) ?? this.newEntity(m.run.name, m.run.core);
        } else if (full === undefined && (mention.titled || this.titledSingles.has(key))) {
          entity = this.entities.find((e) => e.key === key) ?? this.newEntity(run.name, run.core);
        }
      }
    }
    if (entity === null) return null;
    if (fold(run.name) !== entity.key) entity.variants.add(run.name);
    if (run.honorific && run.title !== null) {
      if (
        run.title === "mr" ||
        run.title === "herr" ||
        run.title === "m" ||
        run.title === "monsieur" ||
        run.title === "sr"
      )
        entity.gender = "m";
      else if (
        HONORIFICS.has(run.title) &&
        /^(?:mrs|ms|miss|frau|mme|mlle|madame|sra|srta)$/u.test(run.title)
      )
        entity.gender = "f";
    }
    this.resolved.set(position(mention.paragraph, mention.at), entity);
    return entity;
  }

  private newEntity(name: string, core: readonly string[]): Entity {
    const entity: Entity = {
      name,
      core: [...core],
      key: fold(name),
      variants: new Set(),
      gender: null,
      statements: [],
      order: this.entities.length,
    };
    this.entities.push(entity);
    return entity;
  }

  /**
   * "The suspect said", "Azerbaijani journalist said": a singular role that an earlier name was
   * given ("The suspect, Michael Webb, was convicted") points back to that person.
   */
  private describedAs(para: Paragraph, at: number, description: string): Entity | null {
    const words = description.toLowerCase().split(/\s+/u);
    const first = words[0] ?? "";
    if (DETERMINERS.has(first) && first !== "the") return null;
    const head = roleHeadWord(description);
    if (head === null) return null;
    // "officials", "experts": a plural speaks for many, never for one person named before.
    const last =
      description
        .toLowerCase()
        .split(/\s+/u)
        .find(
          (_w, i, all) =>
            i === all.length - 1 || /^(?:of|at|for|with|from|in|to)$/u.test(all[i + 1] ?? ""),
        ) ?? "";
    if (SOURCE_PLURALS.has(last) || (last.endsWith("s") && !last.endsWith("ss"))) return null;
    const here = position(para.index, at);
    let found: Entity | null = null;
    for (let m = this.mentions.length - 1; m >= 0; m--) {
      const mention = this.mentions[m] as Mention;
      if (position(mention.paragraph, mention.at) >= here) continue;
      const candidates = [
        mention.before,
        this.contextBefore(mention),
        this.appositiveAfter(mention),
        this.runDescriptor(mention),
      ];
      if (!candidates.some((d) => d.role !== null && roleHeadWord(d.role) === head)) continue;
      const entity = this.entityFor(mention);
      if (entity === null) continue;
      if (found !== null && found !== entity) return null;
      found = entity;
    }
    return found;
  }

  /**
   * The name stands where a subject stands: at the start of its sentence or clause, after a
   * comma, a dash, a quotation or a speech verb, past any descriptor before it; not after a verb
   * or a preposition, and not as a possessive.
   */
  private subjectLike(mention: Mention): boolean {
    const { tokens } = this.paras[mention.paragraph] as Paragraph;
    if (tokens[mention.run.to - 1]?.possessive) return false;
    const [lo] = this.sentenceOf(this.paras[mention.paragraph] as Paragraph, mention.run.from);
    let k = mention.run.from - 1;
    while (k >= lo) {
      const t = tokens[k] as Token;
      if (t.kind !== "word") break;
      if (
        t.cap ||
        roleHead(t) ||
        ROLE_MODIFIERS.has(t.lower) ||
        t.lower === "the" ||
        t.lower === "a"
      ) {
        k--;
        continue;
      }
      break;
    }
    const t = tokens[k];
    if (t === undefined || k < lo) return true;
    if (t.kind !== "word") return t.kind === "quote" || /^[,;:—–(]$/u.test(t.text);
    return (
      SPEECH_VERBS.has(t.lower) ||
      /^(?:and|but|yet|so|while|as|when|although|though)$/u.test(t.lower)
    );
  }

  /** The person a "he" or "she" at token `at` points back to: the last one named before it. */
  private antecedent(para: Paragraph, at: number, gender: "m" | "f"): Entity | null {
    const here = position(para.index, at);
    for (let m = this.mentions.length - 1; m >= 0; m--) {
      const mention = this.mentions[m] as Mention;
      const where = position(mention.paragraph, mention.at);
      if (where >= here) continue;
      if (para.index - mention.paragraph > 2) return null;
      // "McDonald’s cameo", "with Giuliani", "to investigate rival Joe Biden": a possessive or
      // an object is rarely who speaks next.
      if (!this.subjectLike(mention)) continue;
      const entity = this.entityFor(mention);
      if (entity === null) continue;
      if (entity.gender !== null && entity.gender !== gender) continue;
      entity.gender = gender;
      return entity;
    }
    return null;
  }

  // ---------------------------------------------------------------- statements

  private say(owner: Entity | Unnamed, para: Paragraph, span: QuoteSpan): void {
    const text = para.text.slice(span.start, span.end).trim();
    if (text === "") return;
    owner.statements.push({
      kind: "direct",
      text,
      paragraph: para.index,
      offsets: [span.start, span.end],
    });
  }

  private report(owner: Entity | Unnamed, para: Paragraph, from: number, to: number): void {
    const a = para.tokens[from] as Token;
    const b = para.tokens[to - 1] as Token;
    owner.statements.push({
      kind: "indirect",
      text: para.text.slice(a.start, b.end),
      paragraph: para.index,
      offsets: [a.start, b.end],
    });
  }

  // ---------------------------------------------------------------- result

  /**
   * The role and organisation of a person from everything the article writes next to their
   * name. An appositive outranks a descriptor before the name, which outranks a title inside it
   * ("Rep. Frank Lucas (R-OK), the ranking member of the full committee" → ranking member); a
   * generic role ("a member of the group") yields to a specific one written elsewhere.
   */
  private describe(entity: Entity): Descriptor {
    const candidates: Array<{ rank: number; order: number; d: Descriptor }> = [];
    let order = 0;
    for (const d of this.cueDescriptors.get(entity) ?? [])
      candidates.push({ rank: 0, order: order++, d });
    for (const mention of this.mentions) {
      if (this.entityForPassive(mention) !== entity) continue;
      candidates.push({ rank: 0, order: order++, d: this.appositiveAfter(mention) });
      candidates.push({ rank: 1, order: order++, d: mention.before });
      candidates.push({ rank: 1, order: order++, d: this.contextBefore(mention) });
      candidates.push({ rank: 2, order: order++, d: this.runDescriptor(mention) });
    }
    const roles = candidates.filter((c) => c.d.role !== null);
    roles.sort(
      (x, y) =>
        Number(genericRole(x.d.role as string)) - Number(genericRole(y.d.role as string)) ||
        x.rank - y.rank ||
        x.order - y.order,
    );
    const best = roles[0];
    if (best !== undefined && best.d.org !== null) return best.d;
    const orgs = candidates
      .filter((c) => c.d.org !== null)
      .sort((x, y) => x.rank - y.rank || x.order - y.order);
    return { role: best?.d.role ?? null, org: orgs[0]?.d.org ?? null };
  }

  /**
   * Descriptors around a name other than the words right before it: "BBC’s Emily Maitlis",
   * "Carlineo's attorney, Sonya Zoghlin,", "As a lung biologist at X, Andrew Vaughan …".
   */
  private contextBefore(mention: Mention): Descriptor {
    const para = this.paras[mention.paragraph] as Paragraph;
    const { tokens } = para;
    const a = mention.run.from;
    const prev = tokens[a - 1];
    if (prev === undefined) return NO_DESCRIPTOR;
    const [lo] = this.sentenceOf(para, a);
    if (prev.kind === "word" && prev.cap && prev.possessive && !this.isPerson(prev.text)) {
      // "BBC’s Emily Maitlis", "NASA's Steve Clarke": the possessor is the organisation.
      const span = runAround(tokens, a - 1, lo, a);
      const start = span === null ? a - 1 : span[0];
      const name = textOf(tokens, start, a, para.text).replace(/[’']s$|(?<=s)[’']$/u, "");
      if (!this.isPerson(name) && !PLACES.has(fold(name))) return { role: null, org: name };
      return NO_DESCRIPTOR;
    }
    if (isComma(prev) && isComma(tokens[mention.run.to])) {
      // "Carlineo's attorney, Sonya Zoghlin, said"
      const d = this.describeBefore(para, a - 2, lo, a - 1);
      if (d.role !== null) {
        const org = d.org !== null && this.isPerson(d.org) ? null : d.org;
        return { role: d.role, org };
      }
    }
    if (isComma(prev) && a - 1 > lo) {
      // "President of Azerbaijan Institute for Democracy and Human Rights, Ahmad Shahidov explained":
      // a descriptor opening the sentence, then the name.
      const first = tokens[lo] as Token;
      if (
        roleHead(first) ||
        (DETERMINERS.has(first.lower) &&
          tokens[lo + 1] !== undefined &&
          roleHead(tokens[lo + 1] as Token))
      ) {
        const d = readAfter(tokens, lo, a - 1, para.text);
        if (d.role !== null) return d;
      }
    }
    if (isComma(prev)) {
      // "As a lung biologist and a colleague of Herbert’s at the University of Pennsylvania, Andrew Vaughan"
      const first = tokens[lo];
      if (first !== undefined && (first.lower === "as" || first.lower === "als") && a - 1 > lo + 1)
        return readAfter(tokens, lo + 1, a - 1, para.text);
    }
    return NO_DESCRIPTOR;
  }

  private isPerson(name: string): boolean {
    const key = fold(name);
    return (
      this.fullNames.has(key) || this.byLast.has(key) || this.entities.some((e) => e.key === key)
    );
  }

  private sentenceOf(para: Paragraph, at: number): readonly [number, number] {
    for (const range of para.sentences) if (at >= range[0] && at < range[1]) return range;
    return [0, para.tokens.length];
  }

  /** Resolves without making entities: only what the article already tied to one. */
  private entityForPassive(mention: Mention): Entity | null {
    const known = this.resolved.get(position(mention.paragraph, mention.at));
    if (known !== undefined) return known;
    const key = fold(mention.run.name);
    const direct = this.entities.find((e) => e.key === key);
    if (direct !== undefined) return direct;
    if (mention.run.core.length === 1) {
      const word = fold(mention.run.core[0] as string);
      const byLast = this.entities.filter(
        (e) => e.core.length > 1 && fold(e.core[e.core.length - 1] as string) === word,
      );
      if (byLast.length === 1) return byLast[0] as Entity;
    }
    return null;
  }

  /** Titles inside the run: "InfoNation President Dan McDowell", "Gov. Kristi Noem". */
  private runDescriptor(mention: Mention): Descriptor {
    const { run } = mention;
    if (run.nameFrom === run.from || run.honorific) return NO_DESCRIPTOR;
    const para = this.paras[mention.paragraph] as Paragraph;
    return readBefore(para.tokens, run.from, run.nameFrom, para.text);
  }

  /** `NAME, a professor at …,`, `NAME (R-Texas), the ranking member`, `NAME of ORG`, `NAME is a …`. */
  private appositiveAfter(mention: Mention): Descriptor {
    const para = this.paras[mention.paragraph] as Paragraph;
    const { tokens } = para;
    const [, hi] = this.sentenceOf(para, mention.at);
    let b = mention.run.to;
    // "Rep. Brian Babin (R-TX), ranking member of …": a parenthesis after the name is skipped.
    if (tokens[b]?.text === "(") {
      let k = b + 1;
      while (k < hi && k < b + 8 && (tokens[k] as Token).text !== ")") k++;
      if ((tokens[k] as Token | undefined)?.text === ")") b = k + 1;
    }
    const next = tokens[b];
    if (next === undefined) return NO_DESCRIPTOR;
    if (isComma(next)) return this.appositive(para, b + 1, hi);
    if (isWord(next, "of") || isWord(next, "at")) {
      const org = readOrganization(tokens, b + 1, this.segmentEnd(para, b + 1, hi), para.text);
      return org === null ? NO_DESCRIPTOR : { role: null, org };
    }
    if (next.kind === "word" && /^(?:is|was)$/u.test(next.lower)) {
      let k = b + 1;
      if (isWord(tokens[k], "now") || isWord(tokens[k], "also")) k++;
      const first = tokens[k];
      // "X is a professor", not "X is expected to …".
      if (first === undefined || !(DETERMINERS.has(first.lower) || roleHead(first)))
        return NO_DESCRIPTOR;
      return readAfter(tokens, k, this.segmentEnd(para, k, hi), para.text);
    }
    return NO_DESCRIPTOR;
  }

  /** Where an appositive ends: a comma, a quotation, the sentence's end or a speech verb. */
  private segmentEnd(para: Paragraph, k: number, hi: number): number {
    const { tokens } = para;
    let e = k;
    while (e < hi && e < k + 30) {
      const t = tokens[e] as Token;
      if (isComma(t) || t.kind === "quote") break;
      if (
        t.kind === "punct" &&
        /[.!?;:()]/u.test(t.text) &&
        !(
          t.text === "." &&
          tokens[e - 1]?.end === t.start &&
          tokens[e + 1] !== undefined &&
          !(tokens[e + 1] as Token).cap
        )
      ) {
        if (t.text !== "." || tokens[e - 1]?.end !== t.start || e === hi - 1) break;
      }
      if (t.kind === "word" && SPEECH_VERBS.has(t.lower) && !t.cap && e > k) break;
      e++;
    }
    return e;
  }

  /**
   * The appositive starting at `k` (after the comma): its role and organisation, and a second
   * appositive that is the organisation ("Sanjiv Bhasin, Director, IIFL Securities"). A segment
   * that holds another person's name is a list, not an appositive.
   */
  private appositive(para: Paragraph, k: number, hi: number): Descriptor {
    const { tokens } = para;
    const e = this.segmentEnd(para, k, hi);
    if (this.holdsName(para, k, e)) return NO_DESCRIPTOR;
    let d = readAfter(tokens, k, e, para.text);
    if (d.org === null && isComma(tokens[e])) {
      const f = this.segmentEnd(para, e + 1, hi);
      if (!this.holdsName(para, e + 1, f)) {
        const second = readAfter(tokens, e + 1, f, para.text);
        if (second.role === null && second.org !== null) d = { role: d.role, org: second.org };
      }
    }
    return d;
  }

  /** The segment ends with another person's name: an item of a list ("…, singer-keyboardist McDonald,"). */
  private holdsName(para: Paragraph, from: number, to: number): boolean {
    const { tokens } = para;
    let last = to - 1;
    while (last >= from && (tokens[last] as Token).kind === "punct") last--;
    if (last < from) return false;
    const span = runAround(tokens, last, from, last + 1);
    if (span === null) return false;
    const m = this.mentionAt.get(position(para.index, span[0]));
    return m !== undefined && (m.run.core.length >= 2 || this.isPerson(m.run.name));
  }

  private result(): ArticlePeople {
    const quoted: QuotedPerson[] = [];
    const quotedKeys = new Set<string>();
    for (const entity of this.entities) {
      if (entity.statements.length === 0) continue;
      const d = this.describe(entity);
      const statements = [...entity.statements].sort(
        (a, b) => a.paragraph - b.paragraph || a.offsets[0] - b.offsets[0],
      );
      quoted.push({
        name: entity.name,
        variants: [...entity.variants].filter((v) => fold(v) !== entity.key),
        jobTitle: d.role,
        worksFor: d.org,
        kind: statements.some((s) => s.kind === "direct") ? "direct" : "indirect",
        quotes: dedupe(statements),
      });
      quotedKeys.add(entity.key);
      for (const v of entity.variants) quotedKeys.add(fold(v));
    }
    const unnamed: UnnamedSource[] = this.unnamed
      .filter((u) => u.statements.length > 0)
      .map((u) => ({ description: u.description, worksFor: u.org, quotes: dedupe(u.statements) }));
    const mentioned: MentionedPerson[] = [];
    const seen = new Set<string>();
    for (const mention of this.mentions) {
      const { run } = mention;
      if (run.core.length < 2 && !mention.titled) continue;
      const entity = this.entityForPassive(mention);
      const key = entity?.key ?? fold(run.name);
      if (quotedKeys.has(key) || seen.has(key) || this.authors.has(key) || this.orgLike.has(key))
        continue;
      if (entity !== null && entity.statements.length > 0) continue;
      if (run.core.length === 1 && this.byLast.has(fold(run.core[0] as string))) continue;
      // Without a title or a descriptor, a name of common words is more likely a title-case
      // phrase ("Geneva Convention") than a person: every word must be a name or unknown.
      const described = mention.titled || mention.before.role !== null;
      if (
        !described &&
        run.core.some((w) => commonWord(w.toLowerCase()) && !properNoun(w.toLowerCase()))
      )
        continue;
      seen.add(key);
      const d = mergeDescriptors(
        mergeDescriptors(mention.before, this.runDescriptor(mention)),
        this.appositiveAfter(mention),
      );
      mentioned.push({ name: run.name, variants: [], jobTitle: d.role, worksFor: d.org });
    }
    return { quoted, unnamed, mentioned };
  }
}

/** A capitalised role word before a name is a title only when written like one ("Singer-guitarists"). */
const TITLE_LIKE = /^\p{Lu}\p{Ll}+(?:-\p{Ll}+)*$/u;

/** The noun of a role, singular and small: "journalist" of "Azerbaijani journalists of X". */
function roleHeadWord(role: string): string | null {
  const words = role.toLowerCase().split(/\s+/u);
  let end = words.length;
  for (let i = 1; i < words.length; i++) {
    if (/^(?:of|at|for|with|from|in|to)$/u.test(words[i] as string)) {
      end = i;
      break;
    }
  }
  const head = (words[end - 1] ?? "").replace(/[^\p{L}-]/gu, "");
  if (head === "" || DETERMINERS.has(head)) return null;
  return head.endsWith("s") && !head.endsWith("ss") ? head.slice(0, -1) : head;
}

/** "at the right-wing Kohelet Policy Forum": an organisation after "at" and its adjectives. */
function afterAt(tokens: readonly Token[], a: number): boolean {
  for (let k = a - 1; k >= 0 && k >= a - 4; k--) {
    const t = tokens[k] as Token;
    if (t.kind !== "word" || t.cap) return false;
    if (t.lower === "at") return true;
  }
  return false;
}

/** Only "," or "and" (or both) between two names of one list. */
function between(tokens: readonly Token[], from: number, to: number): boolean {
  if (to - from < 1 || to - from > 2) return false;
  for (let i = from; i < to; i++) {
    const t = tokens[i] as Token;
    if (!(isComma(t) || isWord(t, "and") || isWord(t, "und") || isWord(t, "et") || isWord(t, "y")))
      return false;
  }
  return true;
}

/** Words that may follow a speaker's name after the verb ("said Smith of NASA", "said Smith, who"). */
const NP_FOLLOWERS = new Set([
  "of",
  "at",
  "from",
  "in",
  "on",
  "who",
  "which",
  "and",
  "to",
  "for",
  "with",
  "during",
  "after",
  "before",
  "when",
  "while",
  "as",
  "via",
  "about",
  "that",
  "this",
  "last",
  "earlier",
  "later",
  "told",
  "on",
  "der",
  "die",
  "des",
  "von",
  "de",
  "du",
  "del",
  "la",
  "le",
  "el",
  "qui",
  "que",
  "y",
  "et",
  "und",
]);

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set === undefined) map.set(key, new Set([value]));
  else set.add(value);
}

function dedupe(statements: readonly Statement[]): Statement[] {
  const out: Statement[] = [];
  const seen = new Set<string>();
  for (const s of statements) {
    const key = `${s.paragraph}:${s.offsets[0]}:${s.offsets[1]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s);
  }
  return out;
}

/**
 * The people of an extracted article: its body's paragraphs read with its authors known, so an
 * author is never "mentioned" and a quoted author keeps one name.
 */
export function articlePeople(
  article: Pick<Article, "body" | "authors">,
  options: Omit<PeopleOptions, "authors"> = {},
): ArticlePeople {
  const authors = article.authors.filter((a) => a.type === "Person").map((a) => a.name);
  return findPeople(paragraphsOf(article.body.text), { ...options, authors });
}
