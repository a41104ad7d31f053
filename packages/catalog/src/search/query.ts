import { VellumError } from "@vellum/model";

/**
 * A search as the catalog's pages and API take it: the whole state lives in the URL's query
 * string, so a search can be shared, bookmarked and replayed with curl. One owner for the
 * parameter names and their limits.
 */

/** Orders a result can be read in. `relevance` needs words to rank by. */
export type SortOrder = "relevance" | "newest" | "oldest" | "captured";
export const SORT_ORDERS: readonly SortOrder[] = ["relevance", "newest", "oldest", "captured"];

/** The facets a result is counted by; each is also a filter parameter of the same name. */
export type FacetName = "site" | "author" | "year" | "month" | "language" | "section" | "person";
export const FACET_NAMES: readonly FacetName[] = [
  "site",
  "author",
  "year",
  "month",
  "language",
  "section",
  "person",
];

export interface SearchQuery {
  /** The words as typed (trimmed); empty to browse everything. */
  readonly text: string;
  /** Selected values per facet: a document must match one of each facet's values. */
  readonly filters: Readonly<Record<FacetName, readonly string[]>>;
  /** Only these collections (by name); empty for all. */
  readonly collections: readonly string[];
  readonly sort: SortOrder;
  /** 1-based. */
  readonly page: number;
  readonly perPage: number;
}

/** Limits that keep one request's cost bounded whatever it asks. */
export const SEARCH_LIMITS = {
  /** Characters of query text. */
  maxTextLength: 300,
  /** Words and phrases in one query. */
  maxTerms: 16,
  /** A prefix search (`edit*`) needs at least this many characters before the star. */
  minPrefix: 2,
  /** Values selected in one facet. */
  maxFilterValues: 20,
  /** Results per page. */
  maxPerPage: 100,
  defaultPerPage: 20,
  /** Deepest result a page may start at: past it, narrow the search (or download the result). */
  maxOffset: 10_000,
  /** Values listed per facet. */
  facetValues: 12,
} as const;

/** The parsed words of a query, ready for FTS5. */
export interface ParsedText {
  /** An FTS5 MATCH expression, or null when the query has no word to match. */
  readonly match: string | null;
  /** The words and phrases to find (for highlighting and display). */
  readonly terms: readonly string[];
  /**
   * Each positive term as an FTS5 expression (`"word"`, `"a phrase"`, `"pre"*`): bm25 of the
   * whole match is the sum of theirs (an excluded term, or an OR's other side, adds nothing).
   */
  readonly phrases: readonly string[];
}

function bad(message: string, value: string, hint: string): VellumError {
  return new VellumError("input-invalid", message, { value, hint });
}

const HAS_WORD = /[\p{L}\p{N}]/u;

/** A term quoted for FTS5: any character is literal inside double quotes (doubled to escape). */
function quoted(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

interface Token {
  readonly text: string;
  readonly phrase: boolean;
  readonly negated: boolean;
  readonly prefix: boolean;
  readonly or: boolean;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /(-?)"([^"]*)"?|(\S+)/gu;
  for (const m of text.matchAll(re)) {
    if (m[2] !== undefined) {
      tokens.push({
        text: m[2].trim(),
        phrase: true,
        negated: m[1] === "-",
        prefix: false,
        or: false,
      });
      continue;
    }
    let word = m[3] ?? "";
    if (word === "OR" || word === "|") {
      tokens.push({ text: "", phrase: false, negated: false, prefix: false, or: true });
      continue;
    }
    const negated = word.startsWith("-") && word.length > 1;
    if (negated) word = word.slice(1);
    const prefix = word.endsWith("*");
    word = word.replace(/\*+$/u, "");
    tokens.push({ text: word, phrase: false, negated, prefix, or: false });
  }
  return tokens;
}

/**
 * Turns what a person typed into an FTS5 expression. Words must all appear (AND); `"a phrase"`
 * must appear as written; `OR` between two terms takes either; `-word` excludes; `word*` matches
 * the start of words. Every term is quoted, so no character a page or a person types can reach
 * FTS5's own syntax (column filters, NEAR, parentheses).
 */
export function parseText(text: string): ParsedText {
  if (text.length > SEARCH_LIMITS.maxTextLength) {
    throw bad(
      `The search is longer than ${SEARCH_LIMITS.maxTextLength} characters`,
      `${text.slice(0, 40)}…`,
      "use fewer words, or the facets to narrow it",
    );
  }
  const tokens = tokenize(text).filter((t) => t.or || HAS_WORD.test(t.text));
  const words = tokens.filter((t) => !t.or);
  if (words.length > SEARCH_LIMITS.maxTerms) {
    throw bad(
      `The search has more than ${SEARCH_LIMITS.maxTerms} words and phrases`,
      text,
      "use fewer words, or the facets to narrow it",
    );
  }
  for (const t of words) {
    if (t.prefix && [...t.text].length < SEARCH_LIMITS.minPrefix) {
      throw bad(
        `A prefix search needs at least ${SEARCH_LIMITS.minPrefix} characters before the *`,
        `${t.text}*`,
        "type more of the word",
      );
    }
  }
  // Groups of terms joined by OR; the groups must all match.
  const groups: string[][] = [];
  const excluded: string[] = [];
  let joinNext = false;
  for (const t of tokens) {
    if (t.or) {
      joinNext = groups.length > 0;
      continue;
    }
    const expr = `${quoted(t.text)}${t.prefix ? "*" : ""}`;
    if (t.negated) {
      excluded.push(expr);
      joinNext = false;
      continue;
    }
    const last = groups[groups.length - 1];
    if (joinNext && last !== undefined) last.push(expr);
    else groups.push([expr]);
    joinNext = false;
  }
  const terms = words.filter((t) => !t.negated).map((t) => t.text);
  if (groups.length === 0) {
    if (excluded.length > 0) {
      throw bad(
        "A search cannot only exclude words",
        text,
        "add a word to find, e.g. `election -poll`",
      );
    }
    return { match: null, terms: [], phrases: [] };
  }
  const positive = groups
    .map((g) => (g.length === 1 ? (g[0] as string) : `(${g.join(" OR ")})`))
    .join(" AND ");
  const match = excluded.length === 0 ? positive : `(${positive}) NOT (${excluded.join(" OR ")})`;
  return { match, terms, phrases: [...new Set(groups.flat())] };
}

function intParam(
  params: URLSearchParams,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = params.get(name);
  if (raw === null || raw === "") return fallback;
  if (!/^\d{1,9}$/.test(raw)) {
    throw bad(`"${name}" must be a whole number`, raw, `give ${name}=${min} or more`);
  }
  const n = Number(raw);
  if (n < min || n > max) {
    throw bad(`"${name}" must be between ${min} and ${max}`, raw, `give ${name}=${min}…${max}`);
  }
  return n;
}

const FILTER_SHAPES: Partial<Record<FacetName, RegExp>> = {
  year: /^\d{4}$/,
  month: /^\d{4}-\d{2}$/,
};

/** Collection names are path-safe by construction; anything else names no collection. */
const COLLECTION_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * Reads a search from URL parameters: `q`, one parameter per facet (repeat it to select several
 * values: `author=A&author=B`), `collection`, `sort`, `page`, `per`. Throws `input-invalid` with
 * what to change when a value is out of bounds.
 */
export function parseSearchParams(params: URLSearchParams): SearchQuery {
  const text = (params.get("q") ?? "").trim();
  const filters = {} as Record<FacetName, string[]>;
  for (const facet of FACET_NAMES) {
    const values = [
      ...new Set(
        params
          .getAll(facet)
          .map((v) => v.trim())
          .filter((v) => v !== ""),
      ),
    ];
    if (values.length > SEARCH_LIMITS.maxFilterValues) {
      throw bad(
        `More than ${SEARCH_LIMITS.maxFilterValues} values for "${facet}"`,
        String(values.length),
        "select fewer",
      );
    }
    const shape = FILTER_SHAPES[facet];
    for (const v of values) {
      if (v.length > 300 || (shape !== undefined && !shape.test(v))) {
        throw bad(
          `"${facet}" has a value it cannot take`,
          v.slice(0, 60),
          facet === "month" ? "give it as YYYY-MM" : facet === "year" ? "give it as YYYY" : "",
        );
      }
    }
    filters[facet] = values;
  }
  const collections = [...new Set(params.getAll("collection").filter((c) => c !== ""))];
  for (const c of collections) {
    if (!COLLECTION_NAME.test(c)) {
      throw bad("No collection has this name", c.slice(0, 60), "see /api/collections");
    }
  }
  const sortParam = params.get("sort");
  let sort: SortOrder;
  if (sortParam === null || sortParam === "") {
    sort = text === "" ? "newest" : "relevance";
  } else if ((SORT_ORDERS as readonly string[]).includes(sortParam)) {
    sort = sortParam as SortOrder;
  } else {
    throw bad("Unknown sort order", sortParam.slice(0, 40), `use one of ${SORT_ORDERS.join(", ")}`);
  }
  const perPage = intParam(
    params,
    "per",
    SEARCH_LIMITS.defaultPerPage,
    1,
    SEARCH_LIMITS.maxPerPage,
  );
  const page = intParam(params, "page", 1, 1, 1_000_000);
  if ((page - 1) * perPage >= SEARCH_LIMITS.maxOffset) {
    throw bad(
      `Results past the first ${SEARCH_LIMITS.maxOffset} are not paged through`,
      `page=${page}`,
      "narrow the search with words or facets, or download the whole result (CSV, JSON Lines, WACZ, bag)",
    );
  }
  return { text, filters, collections, sort, page, perPage };
}

/** The URL parameters for a search: the inverse of `parseSearchParams`, defaults left out. */
export function searchParams(query: SearchQuery, change: Partial<SearchQuery> = {}): string {
  const q = { ...query, ...change };
  const params = new URLSearchParams();
  if (q.text !== "") params.set("q", q.text);
  for (const facet of FACET_NAMES) for (const v of q.filters[facet]) params.append(facet, v);
  for (const c of q.collections) params.append("collection", c);
  const defaultSort = q.text === "" ? "newest" : "relevance";
  if (q.sort !== defaultSort) params.set("sort", q.sort);
  if (q.perPage !== SEARCH_LIMITS.defaultPerPage) params.set("per", String(q.perPage));
  if (q.page !== 1) params.set("page", String(q.page));
  return params.toString();
}

/** The same filters with `value` added to or removed from `facet` (and back to page 1). */
export function toggleFilter(query: SearchQuery, facet: FacetName, value: string): SearchQuery {
  const current = query.filters[facet];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  const filters = { ...query.filters, [facet]: next };
  // A month belongs to its year: dropping the year drops its months too.
  if (facet === "year" && !next.includes(value)) {
    filters.month = filters.month.filter((m) => !m.startsWith(`${value}-`));
  }
  return { ...query, filters, page: 1 };
}

export const EMPTY_FILTERS: Readonly<Record<FacetName, readonly string[]>> = Object.freeze({
  site: [],
  author: [],
  year: [],
  month: [],
  language: [],
  section: [],
  person: [],
});
