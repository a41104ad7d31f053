/**
 * Google's Article guidance on `author.name`: only the name, no "By", job title, honorific, date,
 * and one author per node. The same rules serve the builder (which fixes what it can) and the
 * validator (which reports what it finds).
 */

import {
  BYLINE_PARTICLES,
  BYLINE_VERBS,
  FOREIGN_BYLINE_WORDS,
  NEWS_AGENCY_NAMES,
} from "@vellum/model";

export type NameProblemCode =
  | "author-name-empty"
  | "author-name-prefix"
  | "author-name-honorific"
  | "author-name-job-title"
  | "author-name-date"
  | "author-name-multiple"
  | "author-name-contact"
  | "author-name-not-a-name";

export interface NameProblem {
  readonly code: NameProblemCode;
  readonly message: string;
}

// "By", and its usual forms in the languages the byline rules know.
// The foreign "By" words are also name particles ("Von Miller", "Di Stefano"): they count as a
// byline word only when a full name of two words or more follows.
// The words are @vellum/model's, shared with extraction; Polish "przez" and Russian "от", "автор"
// are read here only (extraction has its own, wider forms of them).
const PREFIX = new RegExp(
  `^(?:(?:${BYLINE_VERBS.join("|")})\\s+by|by)\\s*[:\\-–—]?\\s+|^(?:${[...FOREIGN_BYLINE_WORDS, ...BYLINE_PARTICLES, "przez", "от", "автор"].join("|")})\\s*[:\\-–—]?\\s+(?=\\S+\\s+\\S)`,
  "i",
);
// Not "Hon" or "M": both are also given names.
const HONORIFIC =
  /^(?:dr|mr|mrs|ms|mx|miss|prof|professor|sir|dame|rev|herr|frau|mme|mlle)\.?\s+(?=\S)/i;
const JOB =
  /\b(?:reporter|editor|editors|correspondent|writer|columnist|contributor|contributing|journalist|staff|producer|analyst|photographer|editorial|chief|senior|bureau|director|manager|intern|critic|anchor|host|founder|ceo|professor|researcher|redakteur|redakteurin|korrespondent|korrespondentin|autor|autorin|rédacteur|journaliste|periodista|redactor)\b/i;
const MONTHS =
  /\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+\d{1,2}\b|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/i;
const DATEISH = /\b\d{4}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{1,2}:\d{2}\b/;
const CONTACT = /@|https?:\/\/|www\./i;
// Not Spanish "y": it also joins the two surnames of one person ("Ortega y Gasset").
// A ";" that ends an HTML entity ("Redacci&oacute;n", left encoded by some CMSs) is no separator.
const CONJUNCTION = /\s+(?:and|und|&|et)\s+|\s*(?:[/|+]|(?<!&#?\w+);)\s*/i;

function collapse(value: string): string {
  return value.replace(/\s+/gu, " ").trim();
}

/** Words that start with a letter; names have 1–6 of them. */
function nameWords(value: string): string[] {
  return value.split(" ").filter((w) => /^\p{L}/u.test(w));
}

function looksLikeOneName(value: string): boolean {
  const words = value.split(" ").filter((w) => w !== "");
  // Long names exist ("María de los Ángeles García de la Fuente"); past eight words it is a sentence.
  if (words.length === 0 || words.length > 8) return false;
  return nameWords(value).length >= 1 && !/\d/.test(value);
}

/** Everything wrong with `name` as the `name` of one author. Empty when it is only a name. */
export function authorNameProblems(raw: string): NameProblem[] {
  const name = collapse(raw);
  const problems: NameProblem[] = [];
  if (name === "") return [{ code: "author-name-empty", message: "the author name is empty" }];
  if (PREFIX.test(name)) {
    problems.push({
      code: "author-name-prefix",
      message: `"${name}" starts with a byline word; give only the name`,
    });
  }
  if (HONORIFIC.test(name)) {
    problems.push({
      code: "author-name-honorific",
      message: `"${name}" has an honorific; give only the name (honorificPrefix holds the title)`,
    });
  }
  if (CONTACT.test(name)) {
    problems.push({
      code: "author-name-contact",
      message: `"${name}" holds an e-mail or URL, not only a name`,
    });
  }
  if (MONTHS.test(name) || DATEISH.test(name)) {
    problems.push({
      code: "author-name-date",
      message: `"${name}" holds a date or time, not only a name`,
    });
  }
  const parts = name.split(/\s*[,–—|]\s*|\s+-\s+/);
  if (parts.length > 1 && parts.slice(1).some((p) => JOB.test(p))) {
    problems.push({
      code: "author-name-job-title",
      message: `"${name}" holds a job title; use jobTitle`,
    });
  } else if (splitPeople(name).length > 1) {
    problems.push({
      code: "author-name-multiple",
      message: `"${name}" names more than one person; give each author its own node`,
    });
  } else if (problems.length === 0 && !looksLikeOneName(name)) {
    problems.push({
      code: "author-name-not-a-name",
      message: `"${name}" does not look like a name`,
    });
  }
  return problems;
}

/** Splits "Jane Doe and John Roe", "Jane Doe, John Roe & Ann Poe" into names; one name stays one. */
export function splitPeople(value: string): string[] {
  const name = collapse(value);
  const byConjunction = name
    .split(CONJUNCTION)
    .map(collapse)
    .filter((p) => p !== "");
  const parts: string[] = [];
  for (const part of byConjunction) {
    const commaParts = part.split(/\s*,\s*/).filter((p) => p !== "");
    // "Doe, Jane" is one person written surname first; two multi-word parts are two people.
    if (commaParts.length > 1 && commaParts.every((p) => nameWords(p).length >= 2))
      parts.push(...commaParts);
    else parts.push(part);
  }
  if (parts.length < 2) return [name];
  // "Tom & Jerry's Kitchen" and similar stay whole unless every part looks like a name.
  return parts.every((p) => nameWords(p).length >= 1) ? parts : [name];
}

/**
 * The names hidden in a byline string: prefix, honorific, trailing job title, date and site name
 * removed, people split. A part that still is not a clean name is dropped.
 */
export function cleanAuthorNames(raw: string): { names: string[]; dropped: string[] } {
  let name = collapse(raw);
  for (let i = 0; i < 3 && PREFIX.test(name); i++) name = name.replace(PREFIX, "");
  // "Jane Doe | Site", "Jane Doe - Staff Writer", "Jane Doe, Senior Reporter", "Jane Doe 12 May 2024".
  name = name.split(/\s*[|–—]\s*|\s+-\s+/)[0] ?? "";
  const commaParts = name.split(/\s*,\s*/);
  const keep: string[] = [];
  for (const part of commaParts) {
    if (keep.length > 0 && (JOB.test(part) || MONTHS.test(part) || DATEISH.test(part))) break;
    keep.push(part);
  }
  name = keep.join(", ");
  name = name.replace(MONTHS, " ").replace(/\b(?:on|am|le|el|il)\s*$/i, "");
  name = collapse(name.replace(/\s+(?:on|updated|published)\b.*$/i, ""));
  const names: string[] = [];
  const dropped: string[] = [];
  for (let person of splitPeople(name)) {
    person = collapse(person.replace(HONORIFIC, "").replace(/[.,:;]+$/u, ""));
    if (person !== "" && authorNameProblems(person).length === 0) names.push(person);
    else if (person !== "") dropped.push(person);
  }
  return { names, dropped };
}

const ORGANIZATION_WORDS = new RegExp(
  `\\b(?:staff|team|desk|editorial board|editors|newsroom|redaktion|rédaction|redacción|${NEWS_AGENCY_NAMES.join("|")}|news agency|news service|wire|inc|ltd|llc|gmbh|plc|corp|corporation|company|media group|news)\\b`,
  "i",
);

/** Whether an author name is an organization (a wire service, a desk, the publisher itself). */
export function looksLikeOrganization(
  name: string,
  publisherNames: readonly string[] = [],
): boolean {
  const key = collapse(name).toLowerCase();
  if (publisherNames.some((p) => collapse(p).toLowerCase() === key)) return true;
  return ORGANIZATION_WORDS.test(name);
}
