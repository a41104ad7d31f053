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

/**
 * `article.md`'s text, as `vellum extract --format markdown` prints it: YAML front matter
 * (`frontMatter`), the body, then the people quoted.
 */
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
  return `${frontMatter(article)}${article.body.markdown}${tail}\n`;
}

/**
 * The article's metadata as a YAML front matter block, the header static-site generators, Pandoc
 * and note tools (Obsidian) read: `title`, `author` (a list), `date` (published), `modified`,
 * `publisher`, `site`, `source` (the page URL, else its canonical URL) and `lang`, in that order.
 * Pandoc reads `title`, `author`, `date` and `lang` as its own; a field the page does not give is
 * left out, not written empty. Every value is a double-quoted scalar (`yamlString`), so no title
 * can end the block, start a mapping or turn into a date, number or boolean.
 */
export function frontMatter(article: Article): string {
  const lines = ["---"];
  const field = (key: string, value: string | null | undefined) => {
    const v = value?.trim();
    if (v) lines.push(`${key}: ${yamlString(v)}`);
  };
  field("title", article.headline);
  const names = article.authors.map((a) => a.name.trim()).filter((n) => n !== "");
  if (names.length > 0) lines.push("author:", ...names.map((n) => `  - ${yamlString(n)}`));
  field("date", article.datePublished);
  field("modified", article.dateModified);
  field("publisher", article.publisher?.name);
  field("site", article.siteName);
  field("source", article.url ?? article.canonicalUrl);
  field("lang", article.language);
  if (lines.length === 1) return "";
  lines.push("---", "", "");
  return lines.join("\n");
}

/**
 * A YAML double-quoted scalar. JSON's string syntax is one (YAML 1.2 reads JSON), with what YAML
 * also asks escaped: characters it does not allow raw (DEL, the C1 controls, the byte order mark)
 * and the line and paragraph separators some YAML 1.1 readers take for line breaks.
 */
export function yamlString(value: string): string {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff]/gu,
    (c) => `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, "0")}`,
  );
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
