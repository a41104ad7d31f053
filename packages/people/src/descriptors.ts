/**
 * Roles and organisations from the words next to a name: an appositive ("Juan Perez, senior
 * foreign exchange trader and strategist at Tempus Inc."), a descriptor before the name
 * ("Commerzbank analyst Carsten Fritsch", "NASA's associate administrator"), a relative clause
 * ("…, who heads the Alliance for American Manufacturing") or a copula ("X is a professor at Y").
 * Nationality and place adjectives are no part of a role ("Azerbaijani journalist" → journalist).
 */
import {
  CLAUSE_OPENERS,
  DEMONYM_SUFFIX,
  DETERMINERS,
  LEADS,
  NOT_NAME,
  NOT_ROLE,
  ORG_WORDS,
  PLACES,
  PREPOSITIONS,
  ROLE_MODIFIERS,
  ROLE_NOUNS,
  ROLE_SUFFIX,
  TITLES,
} from "./lexicon.js";
import { fold } from "./names.js";
import type { Token } from "./tokens.js";

export interface Descriptor {
  readonly role: string | null;
  readonly org: string | null;
}

export const NO_DESCRIPTOR: Descriptor = { role: null, org: null };

const bare = (t: Token): string => t.lower.replace(/\.$/u, "");

function roleWord(w: string, cap: boolean): boolean {
  if (ROLE_NOUNS.has(w) || TITLES.has(w)) return true;
  if (NOT_ROLE.has(w) || cap) return false;
  return ROLE_SUFFIX.test(w) && w.length > 4;
}

/**
 * A noun that can head a role: listed, or ending like one ("epidemiologist", "deportee"); a
 * compound by its last part ("Singer-guitarist").
 */
export function roleHead(t: Token): boolean {
  if (t.kind !== "word") return false;
  const w = bare(t);
  const dash = w.lastIndexOf("-");
  if (roleWord(w, t.cap)) return true;
  return dash > 0 && roleWord(w.slice(dash + 1), false);
}

/** The singular of a plural role noun ("editors", "Singer-guitarists"), or null. */
export function singularRole(t: Token): string | null {
  if (t.kind !== "word" || !/s$/u.test(t.text)) return null;
  const w = bare(t);
  const one = w.slice(0, -1);
  const dash = one.lastIndexOf("-");
  if (roleWord(one, t.cap) || (dash > 0 && roleWord(one.slice(dash + 1), false)))
    return t.text.slice(0, -1);
  return null;
}

/** A capitalised word that says where someone is from ("Israeli", "Hungarian-American", "U.S."). */
export function demonym(t: Token): boolean {
  if (t.kind !== "word" || !t.cap) return false;
  if (/^(?:\p{Lu}\.)+\p{Lu}?$/u.test(t.text) || /^\p{Lu}\.\p{Lu}$/u.test(t.text)) return true;
  const parts = t.text.split("-");
  return parts.every(
    (p) =>
      /^\p{Lu}\p{Ll}{3,}$/u.test(p) &&
      DEMONYM_SUFFIX.test(p.toLowerCase()) &&
      !ORG_WORDS.has(p.toLowerCase()),
  );
}

function text(tokens: readonly Token[], from: number, to: number, source: string): string {
  const a = tokens[from];
  const b = tokens[to - 1];
  if (a === undefined || b === undefined || to <= from) return "";
  return source
    .slice(a.start, b.end)
    .replace(/\s+/gu, " ")
    .replace(/^[\s,;:–—-]+|[\s,;:–—-]+$/gu, "")
    .trim();
}

/** Leading words that open a descriptor and belong to neither role nor organisation. */
const OPENING = new Set([...DETERMINERS, "also", "now", "then", "currently", "formerly", "as"]);

function skipOpening(tokens: readonly Token[], from: number, to: number): number {
  let i = from;
  // "one of his editors at Tor": the plural names the role.
  if (tokens[i]?.lower === "one" && tokens[i + 1]?.lower === "of") i += 2;
  while (i < to && OPENING.has((tokens[i] as Token).lower) && !(tokens[i] as Token).cap) i++;
  // Sentence-initial capitals: "The", "A".
  while (i < to && OPENING.has((tokens[i] as Token).lower) && i === from) i++;
  return i;
}

/** Cut before a relative clause, a participle or a second clause. */
function clauseEnd(tokens: readonly Token[], from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const t = tokens[i] as Token;
    if (t.kind === "quote") return i;
    if (t.kind === "punct" && /[;:()[\]]/u.test(t.text)) return i;
    if (t.kind === "word" && CLAUSE_OPENERS.has(t.lower) && i > from) return i;
  }
  return to;
}

/** Where an organisation named after a preposition stops: "…Forum in Israel", "…, a group". */
/** Small words inside an organisation's name ("Institute for Democracy and Human Rights"). */
const CONNECTORS = new Set([
  "of",
  "for",
  "and",
  "the",
  "&",
  "de",
  "du",
  "des",
  "der",
  "für",
  "und",
  "del",
  "la",
  "y",
  "et",
  "on",
  "in",
]);

function orgEnd(tokens: readonly Token[], from: number, to: number): number {
  let seenCap = false;
  let possessiveRun = false;
  for (let i = from; i < to; i++) {
    const t = tokens[i] as Token;
    if (t.kind === "punct" && t.text !== "&" && t.text !== "." && t.text !== "-") return i;
    if (t.kind === "word") {
      if (seenCap && (t.lower === "in" || t.lower === "since" || t.lower === "until") && i > from)
        return i;
      // "NASA and the other witness", "IDC and now a consultant": the organisation ended.
      const next = tokens[i + 1];
      if (seenCap && t.lower === "and" && next !== undefined && !next.cap) return i;
      // "University of Pennsylvania looked deep …": a small word after the name ends it, unless
      // it is a connector or follows a possessive ("Inner Mongolia’s disease prevention centre").
      if (seenCap && !t.cap && !CONNECTORS.has(t.lower) && !/\p{N}|\p{Lu}/u.test(t.text)) {
        const before = tokens[i - 1] as Token;
        if (!(before.possessive || (before.kind === "word" && !before.cap && possessiveRun)))
          return i;
        possessiveRun = true;
      }
      if (t.cap) seenCap = true;
    }
  }
  return to;
}

/** Strips "the" and lower-case adjectives before an organisation's first capital. */
function orgStart(tokens: readonly Token[], from: number, to: number): number {
  let i = from;
  const named = (t: Token) => t.cap || /^\p{Ll}+[\p{N}\p{Lu}]/u.test(t.text);
  while (
    i < to &&
    i < from + 4 &&
    !named(tokens[i] as Token) &&
    (tokens[i] as Token).kind === "word"
  )
    i++;
  return i < to && named(tokens[i] as Token) ? i : from;
}

export function readOrganization(
  tokens: readonly Token[],
  from: number,
  to: number,
  source: string,
): string | null {
  return organization(tokens, from, to, source);
}

function organization(
  tokens: readonly Token[],
  from: number,
  to: number,
  source: string,
): string | null {
  const start = orgStart(tokens, from, to);
  const end = orgEnd(tokens, start, to);
  if (end <= start) return null;
  const first = tokens[start] as Token;
  // "my6sense", "eBay": a name written small has a digit or a capital inside.
  if (!first.cap && !/^\p{N}/u.test(first.text) && !/^\p{Ll}+[\p{N}\p{Lu}]/u.test(first.text))
    return null;
  let value = text(tokens, start, end, source)
    .replace(/[’']s$/u, "")
    .replace(/(?<=s)[’']$/u, "");
  // A sentence's full stop is no part of the name; an abbreviation's is ("Tempus Inc.").
  if (value.endsWith(".") && !/(?:\b\p{Lu}|\b(?:Inc|Corp|Co|Ltd|Bros|Jr|Sr|St))\.$/u.test(value))
    value = value.slice(0, -1);
  if (value === "" || PLACES.has(fold(value))) return null;
  return value;
}

const COMPLEMENT = /^(?:of|for|in|on|to|with|at|from|de|du|des|del|der|für|von|bei|chez|en)$/u;
const isHead = (t: Token): boolean => roleHead(t) || singularRole(t) !== null;

/** A word that may qualify a role before its noun ("senior", "state schools", "Commerzbank"). */
function modifier(t: Token): boolean {
  if (t.kind === "punct") return t.text === "." || t.text === "-" || t.text === "&";
  if (t.kind !== "word") return false;
  if (t.cap) return !NOT_NAME.has(t.lower) && !DETERMINERS.has(t.lower);
  if (ROLE_MODIFIERS.has(t.lower) || isHead(t)) return true;
  if (DETERMINERS.has(t.lower) || NOT_NAME.has(t.lower) || PREPOSITIONS.has(t.lower)) return false;
  if (t.possessive) return false;
  return /^\p{Ll}[\p{Ll}-]*$/u.test(t.text);
}

/**
 * The role in `[from, to)`: modifiers, a role noun, more nouns joined by "and" ("CEO and
 * founder", "trader and strategist"), and a complement after a preposition ("professor of
 * international studies"). Words outside that shape are left out: "a wealthy hotelier Trump
 * tapped as his ambassador" gives "ambassador".
 */
function role(tokens: readonly Token[], from: number, to: number, source: string): string | null {
  let start = skipOpening(tokens, from, to);
  let end = to;
  while (end > start && (tokens[end - 1] as Token).kind === "punct" && !glued(tokens, end - 1))
    end--;
  let head = -1;
  for (let i = start; i < end; i++) {
    if (isHead(tokens[i] as Token)) {
      head = i;
      break;
    }
  }
  if (head < 0) return null;
  // Before the noun: modifiers only.
  let k = head;
  while (k > start && modifier(tokens[k - 1] as Token)) k--;
  start = k;
  // Nationality and place words before the role are not part of it.
  while (
    start < head &&
    (demonym(tokens[start] as Token) || (tokens[start] as Token).kind === "punct")
  )
    start++;
  // After the noun: more role nouns and modifiers, "and" another role, a complement.
  let stop = head + 1;
  while (stop < end) {
    const t = tokens[stop] as Token;
    if (t.kind === "word" && !t.cap && (isHead(t) || ROLE_MODIFIERS.has(t.lower))) {
      stop++;
      continue;
    }
    if (
      (t.lower === "and" ||
        t.lower === "und" ||
        t.lower === "et" ||
        t.lower === "y" ||
        t.lower === "&") &&
      stop + 1 < end
    ) {
      let m = stop + 1;
      while (m < end && modifier(tokens[m] as Token) && !isHead(tokens[m] as Token)) m++;
      if (m < end && isHead(tokens[m] as Token) && !(tokens[m] as Token).cap) {
        stop = m + 1;
        continue;
      }
      break;
    }
    if (t.kind === "word" && COMPLEMENT.test(t.lower)) {
      // "chairman of the subcommittee": a complement that only points back adds nothing.
      let named = false;
      for (let m = stop + 1; m < end; m++) if ((tokens[m] as Token).cap) named = true;
      const anaphoric = tokens[stop + 1]?.lower === "the" && !named;
      if (!anaphoric) stop = end;
      break;
    }
    break;
  }
  if (stop <= start || stop - start > 14) return null;
  let value = text(tokens, start, stop, source);
  // "one of his editors", "Singer-guitarists Tom Johnston and Patrick Simmons": one person's role.
  const last = tokens[head] as Token;
  const single = roleHead(last) ? null : singularRole(last);
  if (single !== null && stop === head + 1)
    value = value.slice(0, value.length - last.text.length) + single;
  return value === "" ? null : value;
}

const glued = (tokens: readonly Token[], i: number): boolean => {
  const t = tokens[i] as Token;
  return t.text === "." && tokens[i - 1]?.end === t.start && tokens[i - 1]?.kind === "word";
};

/** Articles between a preposition and a name ("of the", "de la", "del", "der"). */
const ARTICLES = new Set([
  "the",
  "la",
  "le",
  "les",
  "l",
  "el",
  "los",
  "las",
  "der",
  "die",
  "das",
  "den",
  "dem",
]);

/** Role nouns that say little about what a person does: another descriptor is preferred. */
const GENERIC = new Set([
  "member",
  "members",
  "resident",
  "witness",
  "victim",
  "friend",
  "colleague",
  "mother",
  "father",
  "son",
  "daughter",
  "wife",
  "husband",
  "parent",
  "neighbor",
  "neighbour",
  "partner",
  "one",
  "person",
]);

/** The role's noun is a generic one ("a member of the group", "the most anticipated witness"). */
export function genericRole(value: string): boolean {
  return GENERIC.has(value.toLowerCase().split(/[\s,]+/u)[0] ?? "");
}

/**
 * Reads an appositive or a relative clause after a name (its commas left out): "a professor of
 * international studies at the University of Miami", "Edmunds' executive director of industry
 * analysis", "who heads the Alliance for American Manufacturing", "Director".
 */
export function readAfter(
  tokens: readonly Token[],
  from: number,
  to: number,
  source: string,
): Descriptor {
  if (from >= to) return NO_DESCRIPTOR;
  const first = tokens[from] as Token;
  if (first.kind === "word" && (first.lower === "who" || first.lower === "which")) {
    const verb = tokens[from + 1];
    if (verb !== undefined && LEADS.has(verb.lower)) {
      const end = clauseEnd(tokens, from + 2, to);
      return { role: null, org: organization(tokens, from + 2, end, source) };
    }
    if (verb !== undefined && /^(?:is|was|serves|served|works|worked)$/u.test(verb.lower)) {
      let k = from + 2;
      if (tokens[k]?.lower === "as") k++;
      return readAfter(tokens, k, clauseEnd(tokens, k, to), source);
    }
    return NO_DESCRIPTOR;
  }
  const end = clauseEnd(tokens, from, to);
  const start = skipOpening(tokens, from, end);
  if (start >= end) return NO_DESCRIPTOR;
  // "NASA's associate administrator …", "Edmunds’ executive director …": the possessor is the
  // organisation when it is a capitalised run at the start.
  for (let i = start; i < end && i < start + 6; i++) {
    const t = tokens[i] as Token;
    if (!t.cap && !(t.kind === "punct" && (t.text === "." || t.text === "&"))) break;
    if (t.possessive) {
      const r = role(tokens, i + 1, end, source);
      if (r === null) break;
      return { role: r, org: organization(tokens, start, i + 1, source) };
    }
  }
  // A role, then its organisation after a preposition; "at" outranks "of" ("Head of Fundamental
  // Research at Kotak Securities").
  let at = -1;
  let of = -1;
  for (let i = start + 1; i < end; i++) {
    const t = tokens[i] as Token;
    if (t.kind !== "word") continue;
    let n = i + 1;
    if (ARTICLES.has(tokens[n]?.lower ?? "")) n++;
    if (t.lower === "at") {
      // "at the right-wing Kohelet Policy Forum"
      let q = n;
      while (
        q < end &&
        q < n + 3 &&
        (tokens[q] as Token).kind === "word" &&
        !(tokens[q] as Token).cap
      )
        q++;
      if (tokens[q]?.cap === true) n = q;
    }
    const next = tokens[n];
    if (next === undefined || !(next.cap || /^\p{Ll}+[\p{N}\p{Lu}]/u.test(next.text))) continue;
    if (t.lower === "at" || t.lower === "bei" || t.lower === "chez" || t.lower === "with") {
      if (at < 0 || t.lower === "at") at = i;
    } else if (
      of < 0 &&
      ((t.lower === "to" && tokens[i + 1]?.lower === "the") ||
        t.lower === "of" ||
        t.lower === "for" ||
        t.lower === "from" ||
        t.lower === "des" ||
        t.lower === "der" ||
        t.lower === "de" ||
        t.lower === "du" ||
        t.lower === "del" ||
        t.lower === "von")
    ) {
      of = i;
    }
  }
  const split = at >= 0 ? at : of;
  if (split > start) {
    const r = role(tokens, start, split, source);
    if (r !== null) return { role: r, org: organization(tokens, split + 1, end, source) };
  }
  // "a Boise State University political scientist": an organisation before the role.
  const before = readBefore(tokens, start, end, source);
  if (before.role !== null) return before;
  // "Director" alone: a role with no organisation.
  const r = role(tokens, start, end, source);
  if (r !== null) return { role: r, org: null };
  // A bare organisation ("IIFL Securities"): capitalised words only.
  let allCaps = true;
  for (let i = start; i < end; i++) {
    const t = tokens[i] as Token;
    if (t.kind === "word" && !t.cap && t.lower !== "of" && t.lower !== "and" && t.lower !== "for")
      allCaps = false;
  }
  if (allCaps && end - start <= 8) {
    const head = tokens[start] as Token;
    if (head.cap && !NOT_NAME.has(head.lower)) {
      const org = organization(tokens, start, end, source);
      if (org !== null && /\p{L}/u.test(org)) return { role: null, org };
    }
  }
  return NO_DESCRIPTOR;
}

/**
 * Reads a descriptor written before a name, which ends in its role: "Commerzbank analyst",
 * "InfoNation President", "Republican state schools Superintendent", "research team head",
 * "Israeli Prime Minister" (no organisation), "NASA Administrator".
 */
export function readBefore(
  tokens: readonly Token[],
  from: number,
  to: number,
  source: string,
): Descriptor {
  let start = skipOpening(tokens, from, to);
  while (start < to && demonym(tokens[start] as Token) && start < to - 1) start++;
  let end = to;
  while (end > start && (tokens[end - 1] as Token).kind === "punct" && !glued(tokens, end - 1))
    end--;
  if (end <= start) return NO_DESCRIPTOR;
  // "former NASA associate administrator": modifiers may come before the organisation.
  let mods = start;
  while (
    mods < end - 1 &&
    /^(?:former|acting|retired|interim|then|longtime|veteran|senior|deputy)$/u.test(
      (tokens[mods] as Token).lower,
    )
  )
    mods++;
  // The organisation: leading capitalised words that are no title or role modifier
  // ("Commerzbank", "Exxon Mobil", "NASA's", "Boise State University").
  let orgTo = mods;
  for (let i = mods; i < end; i++) {
    const t = tokens[i] as Token;
    if (t.kind === "punct" && (t.text === "." || t.text === "&")) continue;
    if (t.kind !== "word" || !t.cap) break;
    const w = bare(t);
    if (TITLES.has(w) || roleHead(t) || singularRole(t) !== null) break;
    // "Prime Minister", "Interior Minister": a modifier of the title; "State Department": a name.
    const after = tokens[i + 1];
    if (
      ROLE_MODIFIERS.has(w) &&
      (after === undefined || !after.cap || TITLES.has(bare(after)) || roleHead(after))
    )
      break;
    orgTo = i + 1;
    if (t.possessive) break;
  }
  if (orgTo >= end) return NO_DESCRIPTOR;
  if (orgTo === mods) {
    const r = role(tokens, start, end, source);
    return r === null ? NO_DESCRIPTOR : { role: r, org: null };
  }
  const r = role(tokens, orgTo, end, source);
  if (r === null) return NO_DESCRIPTOR;
  const org = organization(tokens, mods, orgTo, source);
  return { role: mods > start ? `${text(tokens, start, mods, source)} ${r}` : r, org };
}

/** Fills what the first descriptor lacks from the second. */
export function mergeDescriptors(a: Descriptor, b: Descriptor): Descriptor {
  return { role: a.role ?? b.role, org: a.org ?? b.org };
}
