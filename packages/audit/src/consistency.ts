import type { VisibleFields } from "@vellum/extract";
import { childPath, cleanAuthorNames } from "@vellum/schema";
import { asList, follow, isNode, type Node } from "./nodes.js";
import { severityOf } from "./rules.js";
import type { AuditFinding, ConsistencyField, FieldComparison, FindingSource } from "./types.js";

/** The rule each field's disagreement is reported under. */
export const CONSISTENCY_RULES: Readonly<Record<ConsistencyField, string>> = {
  headline: "markup-headline-differs",
  authors: "markup-author-differs",
  datePublished: "markup-date-differs",
  image: "markup-image-differs",
  description: "markup-description-differs",
};

/** The article node of one syntax, where it sits, and the index to follow its references. */
export interface MarkupArticle {
  readonly source: Exclude<FindingSource, "page">;
  readonly item: number;
  readonly line: number | null;
  /** JSONPath of the node inside its block or item. */
  readonly path: string;
  readonly node: Node;
  readonly index: ReadonlyMap<string, Node>;
}

const ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  quot: '"',
  apos: "'",
  lt: "<",
  gt: ">",
  nbsp: " ",
};

/**
 * Text compared as a reader would: JSON-LD is raw script text that CMSs fill with character
 * references, quotes come straight or curly, case and spacing do not matter.
 */
export function normalText(value: string): string {
  return value
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, ref: string) => {
      if (ref[0] !== "#") return ENTITIES[ref.toLowerCase()] ?? all;
      const code =
        ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
    })
    .normalize("NFKC")
    .replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g, '"')
    .replace(/[\u2013\u2014]/g, "-")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/** A name with accents folded, for matching "José Núñez" with "Jose Nunez". */
function foldName(name: string): string {
  return normalText(name).normalize("NFKD").replace(/\p{M}/gu, "").replace(/[.'’]/g, "");
}

const ELLIPSIS = /(?:\u2026|\.\.\.)$/;
/** What follows a headline when a site name is appended: "Headline | Site", "Headline - Site". */
const SITE_SUFFIX = /^\s*[|\-:·•»]/;

/** Equal, or one is the other cut short ("…") or with the site name after a separator. */
function sameText(a: string, b: string, allowPrefix: boolean): boolean {
  const x = normalText(a).replace(/[.!?]+$/, "");
  const y = normalText(b).replace(/[.!?]+$/, "");
  if (x === y) return true;
  const cut = (s: string) => s.replace(ELLIPSIS, "").trim();
  if (ELLIPSIS.test(x) && y.startsWith(cut(x))) return true;
  if (ELLIPSIS.test(y) && x.startsWith(cut(y))) return true;
  if (y.startsWith(x) && (allowPrefix || SITE_SUFFIX.test(y.slice(x.length)))) return true;
  if (x.startsWith(y) && (allowPrefix || SITE_SUFFIX.test(x.slice(y.length)))) return true;
  return false;
}

/** Two names are one person when one's words are all in the other and the surnames match. */
function sameName(a: string, b: string): boolean {
  const x = foldName(a).split(" ");
  const y = foldName(b).split(" ");
  if (x.join(" ") === y.join(" ")) return true;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return short.at(-1) === long.at(-1) && short.every((w) => long.includes(w));
}

/** The day a date names, as written (its own offset): `2024-05-02T23:30:00-04:00` → 2024-05-02. */
function dayOf(value: string): string | null {
  return /^(\d{4}-\d{2}-\d{2})/.exec(value.trim())?.[1] ?? null;
}

function sameDate(markup: string, visible: string): boolean {
  const a = Date.parse(markup);
  const b = Date.parse(visible);
  const zoned = (v: string) => /T\d{2}:\d{2}.*(?:Z|[+-]\d{2}:?\d{2})$/.test(v.trim());
  // The same instant written in two zones may fall on two days.
  if (zoned(markup) && zoned(visible) && Math.abs(a - b) < 60_000) return true;
  const x = dayOf(markup);
  return x !== null && x === dayOf(visible);
}

/** An image URL without query, fragment, or the size a CMS appends to a crop (`-1200x675`). */
function imageKey(url: string): string {
  let path = url;
  try {
    const u = new URL(url);
    path = `${u.host}${u.pathname}`;
  } catch {
    path = url.split(/[?#]/)[0] ?? url;
  }
  return path
    .toLowerCase()
    .replace(/[-_@](?:\d+x\d+|\d+w|scaled|[0-9]x)(?=\.[a-z0-9]+$)/, "")
    .replace(/^www\./, "");
}

function sameImage(a: string, b: string): boolean {
  if (imageKey(a) === imageKey(b)) return true;
  const file = (u: string) => imageKey(u).split("/").pop() ?? "";
  return file(a) !== "" && file(a) === file(b);
}

function text(value: unknown, index: ReadonlyMap<string, Node>): string | null {
  const v = follow(asList(value)[0], index);
  if (typeof v === "string") return v.trim() === "" ? null : v;
  if (isNode(v)) {
    if (typeof v["@value"] === "string") return v["@value"];
    if (typeof v.name === "string") return v.name;
  }
  return null;
}

function authorNames(value: unknown, index: ReadonlyMap<string, Node>): string[] {
  const names: string[] = [];
  for (const raw of asList(value)) {
    const author = follow(raw, index);
    const name = typeof author === "string" ? author : isNode(author) ? author.name : null;
    if (typeof name !== "string" || name.trim() === "") continue;
    // "By Ann Lee" is the name rules' finding; here the person is what counts.
    const cleaned = cleanAuthorNames(name).names;
    names.push(...(cleaned.length > 0 ? cleaned : [name.trim()]));
  }
  return names;
}

function imageUrls(value: unknown, index: ReadonlyMap<string, Node>): string[] {
  const out: string[] = [];
  for (const raw of asList(value)) {
    const image = follow(raw, index);
    const url =
      typeof image === "string" ? image : isNode(image) ? (image.url ?? image.contentUrl) : null;
    const first = asList(url)[0];
    if (typeof first === "string" && first.trim() !== "") out.push(first.trim());
  }
  return out;
}

const quote = (value: string, max = 100) =>
  `"${value.length > max ? `${value.slice(0, max - 1)}…` : value}"`;

const list = (names: readonly string[]) => names.map((n) => quote(n, 60)).join(", ");

/**
 * Holds one article node of the markup against what the page shows: one comparison per field
 * both give, and a finding for each disagreement. A field the page does not show is not judged:
 * a missing value is the validator's business, not a contradiction.
 */
export function compareWithPage(
  article: MarkupArticle,
  visible: VisibleFields,
): { comparisons: FieldComparison[]; findings: AuditFinding[] } {
  const { node, index, source, item, line, path } = article;
  const comparisons: FieldComparison[] = [];
  const findings: AuditFinding[] = [];
  const judge = (
    field: ConsistencyField,
    key: string,
    markup: string,
    shown: string | null,
    agrees: boolean | null,
    message: string,
  ) => {
    comparisons.push({ field, source, item, markup, visible: shown, agrees });
    if (agrees !== false) return;
    findings.push({
      rule: CONSISTENCY_RULES[field],
      severity: severityOf(CONSISTENCY_RULES[field]),
      source,
      item,
      line,
      path: childPath(path, key),
      message,
    });
  };

  const headline = text(node.headline ?? node.name, index);
  if (headline !== null) {
    const shown = visible.headline;
    const agrees = shown === null ? null : sameText(headline, shown, false);
    judge(
      "headline",
      node.headline !== undefined ? "headline" : "name",
      headline,
      shown,
      agrees,
      `the markup says ${quote(headline)}, the page shows ${quote(shown ?? "")}`,
    );
  }

  const names = authorNames(node.author, index);
  if (names.length > 0) {
    const shownNames = visible.authors.map((a) => a.name);
    const extra = names.filter((n) => !shownNames.some((s) => sameName(n, s)));
    const missing = shownNames.filter((s) => !names.some((n) => sameName(n, s)));
    const agrees = shownNames.length === 0 ? null : extra.length === 0 && missing.length === 0;
    const parts = [
      extra.length > 0 ? `the markup names ${list(extra)}, which the page does not show` : "",
      missing.length > 0 ? `the page shows ${list(missing)}, whom the markup does not name` : "",
    ].filter(Boolean);
    judge(
      "authors",
      "author",
      names.join("; "),
      shownNames.length === 0 ? null : shownNames.join("; "),
      agrees,
      parts.join("; "),
    );
  }

  const published = text(node.datePublished, index);
  if (published !== null) {
    const shown = visible.datePublished;
    const agrees = shown === null ? null : sameDate(published, shown);
    judge(
      "datePublished",
      "datePublished",
      published,
      shown,
      agrees,
      `the markup says ${quote(published)}, the page shows ${quote(shown ?? "")}`,
    );
  }

  const images = imageUrls(node.image, index);
  if (images.length > 0) {
    const shown = visible.image;
    const agrees = shown === null ? null : images.some((u) => sameImage(u, shown));
    judge(
      "image",
      "image",
      images.join(" "),
      shown,
      agrees,
      `the page's lead image ${quote(shown ?? "", 140)} is not among the markup's (${images
        .slice(0, 3)
        .map((u) => quote(u, 140))
        .join(", ")})`,
    );
  }

  const description = text(node.description, index);
  if (description !== null) {
    const shown = visible.description;
    const agrees = shown === null ? null : sameText(description, shown, true);
    judge(
      "description",
      "description",
      description,
      shown,
      agrees,
      `the markup says ${quote(description)}, the page's description is ${quote(shown ?? "")}`,
    );
  }
  return { comparisons, findings };
}
