import { createHash } from "node:crypto";
import type { Article } from "@vellum/model";
import { diffArrays, diffWords } from "diff";
import type {
  ArticleDiff,
  ArticleInput,
  ArticleRecord,
  BodyChangeSummary,
  ChangedField,
  DiffPart,
  FieldChange,
} from "../collection/types.js";

/** What a reader sees of an article, as the collection keeps it to compare captures. */
export function articleInput(article: Article): ArticleInput {
  const fields = {
    headline: article.headline,
    dek: article.alternativeHeadline ?? article.description,
    authors: article.authors.map((a) => a.name),
    datePublished: article.datePublished,
    dateModified: article.dateModified,
    bodyText: article.body.text,
  };
  return {
    ...fields,
    language: article.language,
    wordCount: article.wordCount,
    publisher: article.publisher?.name ?? null,
    textDigest: `sha256:${createHash("sha256").update(JSON.stringify(fields)).digest("hex")}`,
  };
}

/** Paragraphs as the body text separates them (blank lines), whitespace inside collapsed. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, " ").trim())
    .filter((p) => p !== "");
}

const countWords = (text: string) => text.split(/\s+/).filter((w) => w !== "").length;

function wordParts(before: string, after: string): DiffPart[] {
  return diffWords(before, after).map((c) => ({
    op: c.added ? "add" : c.removed ? "remove" : "same",
    text: c.value,
  }));
}

/**
 * The body compared paragraph by paragraph (a paragraph added, removed or kept), then word by
 * word inside each run of paragraphs that was replaced. `parts` covers the changed runs only,
 * separated by a `same` part holding a blank line, so a long article with one edited sentence
 * gives a short diff.
 */
function diffBody(
  before: string,
  after: string,
): { parts: DiffPart[]; summary: BodyChangeSummary } {
  const blocks = diffArrays(paragraphs(before), paragraphs(after));
  const parts: DiffPart[] = [];
  const summary = {
    paragraphsAdded: 0,
    paragraphsRemoved: 0,
    paragraphsChanged: 0,
    wordsAdded: 0,
    wordsRemoved: 0,
  };
  const gap = () => {
    if (parts.length > 0) parts.push({ op: "same", text: "\n\n" });
  };
  for (let i = 0; i < blocks.length; i += 1) {
    const block = blocks[i];
    if (block === undefined || (!block.added && !block.removed)) continue;
    const next = blocks[i + 1];
    if (block.removed && next?.added) {
      // A run replaced by another: the pairs are edited paragraphs, any rest added or removed.
      const paired = Math.min(block.value.length, next.value.length);
      summary.paragraphsChanged += paired;
      summary.paragraphsRemoved += block.value.length - paired;
      summary.paragraphsAdded += next.value.length - paired;
      gap();
      for (const part of wordParts(block.value.join("\n\n"), next.value.join("\n\n"))) {
        parts.push(part);
        if (part.op === "add") summary.wordsAdded += countWords(part.text);
        if (part.op === "remove") summary.wordsRemoved += countWords(part.text);
      }
      i += 1;
      continue;
    }
    const text = block.value.join("\n\n");
    gap();
    if (block.added) {
      summary.paragraphsAdded += block.value.length;
      summary.wordsAdded += countWords(text);
      parts.push({ op: "add", text });
    } else {
      summary.paragraphsRemoved += block.value.length;
      summary.wordsRemoved += countWords(text);
      parts.push({ op: "remove", text });
    }
  }
  return { parts, summary };
}

/** What changed between two captures of an article. */
export interface ArticleComparison {
  readonly fields: readonly ChangedField[];
  /** The body changed and `dateModified` did not: the site did not say it edited the article. */
  readonly silent: boolean;
  readonly diff: ArticleDiff;
}

/**
 * Compares what a reader sees: headline, dek, authors, datePublished, dateModified and the
 * body (by paragraph, then by word). Null when nothing of it changed (markup, ads, scripts,
 * whitespace inside a paragraph do not count).
 */
export function compareArticles(
  before: ArticleInput | ArticleRecord,
  after: ArticleInput,
): ArticleComparison | null {
  if (before.textDigest === after.textDigest) return null;
  const changes: FieldChange[] = [];
  const scalar = (field: ChangedField, a: string | null, b: string | null) => {
    if ((a ?? "") === (b ?? "")) return;
    changes.push({ field, before: a, after: b, parts: wordParts(a ?? "", b ?? "") });
  };
  scalar("headline", before.headline, after.headline);
  scalar("dek", before.dek, after.dek);
  const authorsBefore = before.authors.join(", ");
  const authorsAfter = after.authors.join(", ");
  scalar("authors", authorsBefore === "" ? null : authorsBefore, authorsAfter || null);
  scalar("datePublished", before.datePublished, after.datePublished);
  scalar("dateModified", before.dateModified, after.dateModified);
  let body: BodyChangeSummary | null = null;
  if (paragraphs(before.bodyText).join("\n") !== paragraphs(after.bodyText).join("\n")) {
    const diffed = diffBody(before.bodyText, after.bodyText);
    body = diffed.summary;
    changes.push({ field: "body", before: null, after: null, parts: diffed.parts });
  }
  if (changes.length === 0) return null;
  const fields = changes.map((c) => c.field);
  return {
    fields,
    silent: body !== null && !fields.includes("dateModified"),
    diff: { fields: changes, body },
  };
}

/**
 * A word diff as text: `[-removed-]{+added+}`, the marks `git diff --word-diff=plain` uses, so
 * it reads on any terminal and in a log. With `context`, unchanged text longer than that many
 * characters on each side of a change is cut to `…`, so one edited word in a long paragraph
 * shows with its neighbours only.
 */
export function renderWordDiff(parts: readonly DiffPart[], context?: number): string {
  return parts
    .map((p, i) => {
      if (p.op === "add") return `{+${p.text}+}`;
      if (p.op === "remove") return `[-${p.text}-]`;
      if (context === undefined || p.text.includes("\n\n")) return p.text;
      const first = i === 0;
      const last = i === parts.length - 1;
      const keep = first || last ? context : context * 2;
      if (p.text.length <= keep + 1) return p.text;
      if (first) return `…${p.text.slice(-context).replace(/^\S*/, "")}`;
      if (last) return `${p.text.slice(0, context).replace(/\S*$/, "")}…`;
      return `${p.text.slice(0, context).replace(/\S*$/, "")}…${p.text.slice(-context).replace(/^\S*/, "")}`;
    })
    .join("");
}
