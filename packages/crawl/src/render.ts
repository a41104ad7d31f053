import type { Article, ArticlePeople, Warning } from "@vellum/model";
import { articlePeople } from "@vellum/people";
import { buildJsonLd, embedJsonLd } from "@vellum/schema";

/**
 * The renderings of an article that `vellum extract`/`jsonld` print and `vellum snapshot` stores
 * (`article.json`, `article.jsonld`, `article.md`). One module, so the files a capture writes are
 * byte for byte what the commands print for the same page.
 */

/**
 * What an article was read from, recorded in `article.json` as `extractedFrom` when a run or
 * command could use a browser (`--browser`): `response`, the HTML as served; `rendered-dom`, the
 * page's DOM after its scripts ran in Chromium. Without `--browser` the member is left out.
 */
export type ExtractedFrom = "response" | "rendered-dom";

/**
 * The article as `vellum extract` prints it and `article.json` stores it: every field, the body as
 * text (HTML and Markdown have their own formats), provenance and warnings, then the people the
 * body quotes (`quoted`, `unnamed`, `mentioned`; read from the body when not given). The page's own
 * JSON-LD is left out: it is the page's, and `vellum jsonld` merges it.
 */
export function articleJson(
  article: Article,
  people: ArticlePeople = articlePeople(article),
  extractedFrom?: ExtractedFrom,
): Record<string, unknown> {
  const { body, pageJsonLd: _pageJsonLd, ...fields } = article;
  return {
    ...fields,
    ...(extractedFrom === undefined ? {} : { extractedFrom }),
    body: { text: body.text },
    quoted: people.quoted,
    unnamed: people.unnamed,
    mentioned: people.mentioned,
  };
}

/** `article.json`'s text: `articleJson`, indented (or one line with `compact`). */
export function renderArticleJson(
  article: Article,
  compact = false,
  people: ArticlePeople = articlePeople(article),
  extractedFrom?: ExtractedFrom,
): string {
  return `${JSON.stringify(articleJson(article, people, extractedFrom), null, compact ? undefined : 2)}\n`;
}

export interface RenderJsonLdOptions {
  /** One line per document (several inputs). */
  readonly compact: boolean;
  /** Wrap in a ready `<script type="application/ld+json">` block. */
  readonly embed: boolean;
  readonly withBody: boolean;
  /** What the builder left out or repaired (Google's guidance), for `--verbose`. */
  readonly onWarning?: (warning: Warning) => void;
  /** The people the article quotes; read from its body when not given. */
  readonly people?: ArticlePeople;
}

/** The JSON-LD text for an article, as `extract --format jsonld`, `jsonld` and `snapshot` write it. */
export function renderJsonLd(article: Article, options: RenderJsonLdOptions): string {
  const doc = buildJsonLd(article, {
    withBody: options.withBody,
    people: options.people ?? articlePeople(article),
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  });
  if (options.embed) return embedJsonLd(doc);
  return `${JSON.stringify(doc, null, options.compact ? undefined : 2)}\n`;
}

/** `article.md`'s text, as `vellum extract --format markdown` prints it: the body, then the people quoted. */
export function renderMarkdown(
  article: Article,
  people: ArticlePeople = articlePeople(article),
): string {
  const lines: string[] = [];
  const describe = (jobTitle: string | null, worksFor: string | null) =>
    [jobTitle, worksFor].filter((v): v is string => v !== null && v !== "").join(", ");
  if (people.quoted.length > 0) {
    lines.push("## People quoted", "");
    for (const p of people.quoted) {
      const who = describe(p.jobTitle, p.worksFor);
      const count = `${p.quotes.length} ${p.kind === "direct" ? "quotation" : "statement"}${p.quotes.length === 1 ? "" : "s"}`;
      lines.push(
        `- **${escapeMarkdown(p.name)}**${who ? `, ${escapeMarkdown(who)}` : ""} (${count})`,
      );
    }
    lines.push("");
  }
  if (people.unnamed.length > 0) {
    lines.push("## Unnamed sources", "");
    for (const u of people.unnamed) lines.push(`- ${escapeMarkdown(u.description)}`);
    lines.push("");
  }
  if (people.mentioned.length > 0) {
    lines.push("## Also mentioned", "");
    for (const m of people.mentioned) {
      const who = describe(m.jobTitle, m.worksFor);
      lines.push(`- ${escapeMarkdown(m.name)}${who ? `, ${escapeMarkdown(who)}` : ""}`);
    }
    lines.push("");
  }
  const tail = lines.length === 0 ? "" : `\n\n${lines.join("\n").trimEnd()}`;
  return `${article.body.markdown}${tail}\n`;
}

/** Characters that would turn a name into Markdown syntax. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|]/gu, (c) => `\\${c}`);
}

/** The three files a capture stores for an article, by file name. */
export function articleFiles(
  article: Article,
  extractedFrom?: ExtractedFrom,
): {
  readonly "article.json": string;
  readonly "article.jsonld": string;
  readonly "article.md": string;
} {
  const people = articlePeople(article);
  return {
    "article.json": renderArticleJson(article, false, people, extractedFrom),
    "article.jsonld": renderJsonLd(article, {
      compact: false,
      embed: false,
      withBody: false,
      people,
    }),
    "article.md": renderMarkdown(article, people),
  };
}
