/**
 * Author candidates: every name any author rule finds, each described by general features (which
 * kinds of evidence name it, where it is printed relative to the headline and the body, the markup
 * and words around it, its shape as a name, how many sources agree), for the ranker to choose
 * from. The rules' verdicts are evidence here, not the answer.
 */
import type { Author } from "@vellum/model";
import { isObject } from "../../structured/jsonld.js";
import { fold } from "../../structured/normalize.js";
import { ORGANIZATION_AUTHOR, PARTICLE } from "../names.js";
import { type Found, ldText, type Page } from "../page.js";
import { fromCopyright, fromCreditAnywhere, fromSiteName, fullNames } from "./broad.js";
import { BYLINE_TIER_COUNT, fromBylineTier, fromNewsroomByline } from "./byline.js";
import {
  fromCreditLabel,
  fromCreditLines,
  fromMetaLines,
  fromStandaloneByline,
} from "./credit-lines.js";
import { type NameSpot, spotsOf, textIndex } from "./locate.js";
import { fromAboveHeadline, fromBylineText, fromNameByDate } from "./near-headline.js";
import { person } from "./people.js";
import { firstChars, textsUnderHeadline } from "./placement.js";
import { fromSignature } from "./signature.js";
import { fromJsonLd, fromMeta, fromMicrodata } from "./structured.js";

/** The kinds of evidence, in the order their lists of co-authors are trusted. */
export type AuthorRule =
  | "cascade"
  | "jsonld"
  | "microdata"
  | "meta"
  | "byline-markup"
  | "byline-name-class"
  | "byline-author-class"
  | "byline-author-link"
  | "byline-text"
  | "above-headline"
  | "credit-label"
  | "credit-line"
  | "name-by-date"
  | "meta-line"
  | "standalone-byline"
  | "signature"
  | "newsroom"
  | "credit-anywhere"
  | "copyright"
  | "site-name"
  | "full-name"
  | "author-box";

export const AUTHOR_RULES: readonly AuthorRule[] = [
  "cascade",
  "jsonld",
  "microdata",
  "meta",
  "byline-markup",
  "byline-name-class",
  "byline-author-class",
  "byline-author-link",
  "byline-text",
  "above-headline",
  "credit-label",
  "credit-line",
  "name-by-date",
  "meta-line",
  "standalone-byline",
  "signature",
  "newsroom",
  "credit-anywhere",
  "copyright",
  "site-name",
  "full-name",
  "author-box",
];

const TIER_RULES: readonly AuthorRule[] = [
  "byline-markup",
  "byline-name-class",
  "byline-author-class",
  "byline-author-link",
];

/** One rule's list of authors: co-authors stay together. */
export interface RuleOutput {
  readonly rule: AuthorRule;
  readonly found: Found<Author[]>;
}

/** A name, every rule that gave it, and its features (in `AUTHOR_FEATURES` order). */
export interface AuthorCandidate {
  readonly name: string;
  /** The value of the most trusted rule that gave it, with url, job title, bio where known. */
  readonly author: Author;
  readonly rules: readonly AuthorRule[];
  readonly features: readonly number[];
}

/** Every rule's output on the page; `cascade` is the hand-ordered rules' own answer. */
export function ruleOutputs(
  page: Page,
  site: string | null,
  cascade: Found<Author[]> | null,
): RuleOutput[] {
  const out: RuleOutput[] = [];
  const add = (rule: AuthorRule, found: Found<Author[]> | null): void => {
    if (found?.value.length) out.push({ rule, found });
  };
  add("cascade", cascade);
  const ld = fromJsonLd(page, site);
  add("jsonld", ld.length ? { value: ld, source: "jsonld" } : null);
  const md = fromMicrodata(page, site);
  add("microdata", md.length ? { value: md, source: "microdata" } : null);
  add("meta", fromMeta(page, site));
  // The loose tiers (author-ish classes, author-page links) test every element of the page: read
  // only when the trusted byline markup names no one.
  for (let i = 0; i < BYLINE_TIER_COUNT; i++) {
    if (i >= 2 && out.some((o) => o.rule === "byline-markup" || o.rule === "byline-name-class"))
      break;
    add(TIER_RULES[i] ?? "byline-author-link", fromBylineTier(page, site, i));
  }
  add("byline-text", fromBylineText(page, site));
  add("above-headline", fromAboveHeadline(page));
  add("credit-label", fromCreditLabel(page, site));
  add("credit-line", fromCreditLines(page, site));
  add("name-by-date", fromNameByDate(page, site));
  add("meta-line", fromMetaLines(page, site));
  add("standalone-byline", fromStandaloneByline(page, site));
  add("signature", fromSignature(page, site));
  add("newsroom", fromNewsroomByline(page));
  add("credit-anywhere", fromCreditAnywhere(page, site));
  add("copyright", fromCopyright(page));
  add("site-name", fromSiteName(page, site));
  const short = out
    .flatMap((o) => o.found.value.map((a) => a.name))
    .filter((n) => !n.includes(" "));
  add("full-name", fullNames(page, [...new Set(short)]));
  return out;
}

/**
 * The fast path: the hand rules' first author is a Person's full name printed right under the
 * headline. On the dev pages that agreement held on 226 of 238 pages, and every one of the 12
 * others is an annotation the ranker cannot meet either (a typo, a URL, an organisation chosen
 * over the printed byline, two people printed); such a page needs no weighing, and gathering
 * every candidate costs about a tenth of extraction.
 */
export function printedUnderHeadline(page: Page, cascade: Found<Author[]> | null): boolean {
  if (!cascade) return false;
  const first = cascade.value[0];
  if (first?.type !== "Person" || !first.name.includes(" ")) return false;
  return firstChars(textsUnderHeadline(page), 600).some((t) => t.text.includes(first.name));
}

/** The feature names, in the order of `AuthorCandidate.features` and of the model's inputs. */
export const AUTHOR_FEATURES: readonly string[] = [
  ...AUTHOR_RULES.map((r) => `rule:${r}`),
  "rules",
  "machine-rules",
  "visible-rules",
  "co-authors",
  "cascade-first",
  // name shape
  "words",
  "length",
  "organization",
  "house",
  "wire",
  "handle",
  "all-caps",
  "capitalised",
  "digit",
  "initial",
  "latin",
  "first-name-of-other",
  "extends-other",
  "has-url",
  "has-job-title",
  // where it is printed
  "printed",
  "occurrences",
  "occurrences-outside-chrome",
  "has-headline",
  "after-headline",
  "distance-to-headline",
  "document-position",
  "chrome",
  "aside",
  "photo-credit",
  "quote",
  "in-link",
  "author-link",
  "user-link",
  "topic-link",
  "author-markup",
  "date-markup",
  "in-header",
  "in-footer",
  "in-article",
  "heading",
  "inline-tag",
  "block-tag",
  "alone",
  "text-length",
  "by-before",
  "label-before",
  "date-near",
  "sentence",
  // agreement with the text and the page's summaries
  "in-body",
  "body-start",
  "body-end",
  "in-title",
  "in-description",
];

const INDEX = new Map(AUTHOR_FEATURES.map((f, i) => [f, i]));

const MACHINE_RULES: ReadonlySet<AuthorRule> = new Set(["jsonld", "microdata", "meta"]);

/** What the features read after the main content is known. */
/**
 * The candidates and all that the document says of them, once the author boxes are known: what
 * `finishCandidates` needs besides the article's text, so that the document can be let go before
 * the text is made.
 */
export interface ReadyCandidates {
  readonly drafts: readonly Draft[];
  readonly house: readonly string[];
  /** The first candidate the hand-ordered rules gave. */
  readonly cascadeFirst: string | undefined;
  /** The `<title>` and the description, lower case. */
  readonly title: string;
  readonly description: string;
  readonly hasHeadline: boolean;
}

interface Draft {
  name: string;
  author: Author;
  rules: AuthorRule[];
  coAuthors: number;
  spots: readonly NameSpot[] | null;
}

/** The candidates before the text is known: rule outputs merged by name and located on the page. */
export interface PendingCandidates {
  readonly drafts: readonly Draft[];
  readonly page: Page;
  readonly site: string | null;
  readonly house: readonly string[];
}

export function gatherCandidates(
  page: Page,
  site: string | null,
  outputs: readonly RuleOutput[],
): PendingCandidates {
  const drafts: Draft[] = [];
  for (const { rule, found } of outputs) {
    for (const author of found.value) {
      const key = fold(author.name);
      if (!key) continue;
      const d = drafts.find((x) => fold(x.name) === key);
      if (d) {
        if (!d.rules.includes(rule)) d.rules.push(rule);
        d.coAuthors = Math.max(d.coAuthors, found.value.length - 1);
      } else
        drafts.push({
          name: author.name,
          author,
          rules: [rule],
          coAuthors: found.value.length - 1,
          spots: null,
        });
    }
  }
  // Located now, on the pristine document: main-content detection changes it afterwards. The
  // page's texts are indexed now too, so names found later (author boxes) are looked up in the
  // document as it was parsed.
  textIndex(page);
  for (const d of drafts) d.spots = spotsOf(page, d.name);
  return { drafts, page, site, house: houseNames(page, site) };
}

function houseNames(page: Page, site: string | null): string[] {
  const article = page.ld.article;
  const pubNode = article ? page.ld.deref(article.publisher) : null;
  return [site, isObject(pubNode) ? ldText(page, pubNode.name) : null]
    .filter((x): x is string => !!x)
    .map(fold)
    .filter((x) => x !== "");
}

/** The candidates with the author boxes' names (`boxNames`) among them, located on the page. */
export function readyCandidates(
  pending: PendingCandidates,
  boxNames: readonly string[],
): ReadyCandidates {
  const { page } = pending;
  const drafts = [...pending.drafts];
  for (const name of boxNames) {
    const key = fold(name);
    if (!key) continue;
    const d = drafts.find((x) => fold(x.name) === key);
    if (d) {
      if (!d.rules.includes("author-box")) d.rules.push("author-box");
    } else
      drafts.push({
        name,
        author: person(name),
        rules: ["author-box"],
        coAuthors: 0,
        spots: spotsOf(page, name),
      });
  }
  return {
    drafts,
    house: pending.house,
    cascadeFirst: pending.drafts.find((d) => d.rules.includes("cascade"))?.name,
    title: (page.titleTag ?? "").toLowerCase(),
    description: (
      page.meta.get("og:description")[0] ??
      page.meta.get("description")[0] ??
      ""
    ).toLowerCase(),
    hasHeadline: page.headlineEl !== null,
  };
}

/** The candidates with all their features, once the article's text (`body`) is known. */
export function finishCandidates(ready: ReadyCandidates, body: string): AuthorCandidate[] {
  const { drafts, title } = ready;
  const desc = ready.description;
  const bodyLower = body.toLowerCase();
  const folded = drafts.map((d) => fold(d.name));
  return drafts.map((d, i) => {
    const f = new Array<number>(AUTHOR_FEATURES.length).fill(0);
    const set = (name: string, v: number | boolean): void => {
      const at = INDEX.get(name);
      if (at !== undefined) f[at] = typeof v === "boolean" ? (v ? 1 : 0) : v;
    };
    for (const r of d.rules) set(`rule:${r}`, 1);
    set("rules", d.rules.filter((r) => r !== "cascade").length);
    set("machine-rules", d.rules.filter((r) => MACHINE_RULES.has(r)).length);
    set(
      "visible-rules",
      d.rules.filter((r) => r !== "cascade" && !MACHINE_RULES.has(r) && r !== "author-box").length,
    );
    set("co-authors", d.coAuthors);
    set("cascade-first", d.rules.includes("cascade") && ready.cascadeFirst === d.name);
    const name = d.name;
    const words = name.split(/\s+/);
    const key = folded[i] ?? "";
    set("words", words.length);
    set("length", name.length);
    set("organization", d.author.type !== "Person");
    set(
      "house",
      ready.house.some((h) => h === key || h.startsWith(`${key} `) || key.startsWith(`${h} `)),
    );
    set("wire", ORGANIZATION_AUTHOR.test(name));
    set("handle", /^[\p{Ll}\d._-]+$/u.test(name));
    set("all-caps", /\p{Lu}/u.test(name) && !/\p{Ll}/u.test(name));
    set(
      "capitalised",
      words.every(
        (w, j) =>
          /^\p{Lu}['’\p{Lu}]?\p{Ll}/u.test(w) ||
          (j > 0 && (/^\p{Lu}\.$/u.test(w) || PARTICLE.test(w))),
      ),
    );
    set("digit", /\d/.test(name));
    set(
      "initial",
      words.some((w) => /^\p{Lu}\.$/u.test(w)),
    );
    set("latin", /\p{Script=Latin}/u.test(name));
    set(
      "first-name-of-other",
      folded.some((o, j) => j !== i && o.startsWith(`${key} `)),
    );
    set(
      "extends-other",
      folded.some((o, j) => j !== i && o !== "" && key.startsWith(`${o} `)),
    );
    set("has-url", d.author.url !== null);
    set("has-job-title", d.author.type === "Person" && d.author.jobTitle !== null);
    writeSpotFeatures(set, d.spots ?? [], ready.hasHeadline);
    const lower = name.toLowerCase();
    let count = 0;
    let last = -1;
    let first = -1;
    for (
      let at = bodyLower.indexOf(lower);
      at >= 0 && count < 50;
      at = bodyLower.indexOf(lower, at + 1)
    ) {
      if (first < 0) first = at;
      last = at;
      count++;
    }
    set("in-body", Math.log1p(count));
    set("body-start", first >= 0 && first < 300);
    set("body-end", last >= 0 && body.length - last < Math.max(400, body.length * 0.1));
    set("in-title", title.includes(lower));
    set("in-description", desc.includes(lower));
    return { name, author: d.author, rules: d.rules, features: f };
  });
}

function writeSpotFeatures(
  set: (name: string, v: number | boolean) => void,
  spots: readonly NameSpot[],
  hasHeadline: boolean,
): void {
  set("printed", spots.length > 0);
  set("occurrences", Math.log1p(spots.length));
  set("occurrences-outside-chrome", Math.log1p(spots.filter((s) => !s.chrome).length));
  set("has-headline", hasHeadline);
  // The printing nearest the headline (after it before above it) speaks for the name.
  const best = spots[0];
  if (!best) return;
  set("after-headline", best.distance !== null && best.distance >= 0);
  set("distance-to-headline", best.distance === null ? 12 : Math.log1p(Math.abs(best.distance)));
  set("document-position", best.position);
  set("chrome", best.chrome);
  set("aside", best.aside);
  set("photo-credit", best.photoCredit);
  set("quote", best.quote);
  set("in-link", best.link !== null);
  set("author-link", best.link === "author");
  set("user-link", best.link === "user");
  set("topic-link", best.link === "topic");
  set("author-markup", best.authorMarkup);
  set("date-markup", best.dateMarkup);
  set("in-header", best.inHeader);
  set("in-footer", best.inFooter);
  set("in-article", best.inArticle);
  set("heading", best.heading);
  set("inline-tag", best.inline);
  set("block-tag", !best.inline);
  set("alone", best.alone);
  set("text-length", Math.log1p(best.textLength));
  set("by-before", best.byBefore);
  set("label-before", best.labelBefore);
  set("date-near", best.dateNear);
  set("sentence", best.sentence);
}
