import { emptyArticle, type Person } from "@vellum/model";
import { describe, expect, it } from "vitest";
import { frontMatter, renderMarkdown, yamlString } from "../src/render.js";

const person = (name: string): Person => ({
  type: "Person",
  name,
  url: null,
  description: null,
  image: null,
  jobTitle: null,
  sameAs: [],
});

/**
 * Reads a front matter block the way a YAML reader must for what `frontMatter` writes: every
 * value a double-quoted scalar on its own line (JSON's string syntax), `author` a block list.
 */
function readBlock(md: string): { fields: Record<string, unknown>; rest: string } {
  const lines = md.split("\n");
  expect(lines[0]).toBe("---");
  const end = lines.indexOf("---", 1);
  expect(end).toBeGreaterThan(0);
  const fields: Record<string, unknown> = {};
  let list: string[] | null = null;
  for (const line of lines.slice(1, end)) {
    const item = /^ {2}- (".*")$/u.exec(line);
    if (item && list) {
      list.push(JSON.parse(item[1] as string) as string);
      continue;
    }
    const pair = /^([a-z]+):(?: (".*"))?$/u.exec(line);
    if (!pair) throw new Error(`not a front matter line: ${JSON.stringify(line)}`);
    if (pair[2] === undefined) {
      list = [];
      fields[pair[1] as string] = list;
    } else {
      list = null;
      fields[pair[1] as string] = JSON.parse(pair[2]);
    }
  }
  return { fields, rest: lines.slice(end + 1).join("\n") };
}

const full = emptyArticle({
  url: "https://example.com/news/1",
  canonicalUrl: "https://example.com/news/one",
  headline: "Harbour plan costs rise",
  authors: [person("Jane Doe"), person("Élif İlhamoğlu")],
  datePublished: "2026-03-04T09:30:00Z",
  dateModified: "2026-03-05T10:00:00Z",
  publisher: {
    type: "NewsMediaOrganization",
    name: "The Gazette",
    url: null,
    logo: null,
    sameAs: [],
  },
  siteName: "Gazette Online",
  language: "en",
  body: { text: "Body.", html: "<p>Body.</p>", markdown: "Body." },
});

describe("Markdown front matter", () => {
  it("opens article.md with the title, authors, dates, publisher, site, source and language", () => {
    const md = renderMarkdown(full, { quoted: [], unnamed: [], mentioned: [] });
    expect(md.split("\n").slice(0, 14)).toEqual([
      "---",
      'title: "Harbour plan costs rise"',
      "author:",
      '  - "Jane Doe"',
      '  - "Élif İlhamoğlu"',
      'date: "2026-03-04T09:30:00Z"',
      'modified: "2026-03-05T10:00:00Z"',
      'publisher: "The Gazette"',
      'site: "Gazette Online"',
      'source: "https://example.com/news/1"',
      'lang: "en"',
      "---",
      "",
      "Body.",
    ]);
  });

  it("leaves out what the page does not give, and writes no block when it gives nothing", () => {
    const some = emptyArticle({
      headline: "Only a title",
      canonicalUrl: "https://example.com/c",
      body: { text: "x", html: "<p>x</p>", markdown: "x" },
    });
    expect(readBlock(frontMatter(some)).fields).toEqual({
      title: "Only a title",
      source: "https://example.com/c",
    });
    expect(frontMatter(emptyArticle({ headline: "  ", authors: [person(" ")] }))).toBe("");
    const none = emptyArticle({ body: { text: "x", html: "<p>x</p>", markdown: "x" } });
    expect(renderMarkdown(none, { quoted: [], unnamed: [], mentioned: [] })).toBe("x\n");
  });

  it("keeps hostile titles and names inside their scalar: quotes, newlines, colons, markers", () => {
    const hostile = [
      'He said: "no" — and left',
      "Line one\nLine two\r\n---\n...",
      "---",
      "- not a list",
      "key: value # not a comment",
      "true",
      "2026-03-04",
      "{ not: a map }",
      "[not, a, list]",
      "*anchor &ref !tag %directive @at `tick` |pipe >fold",
      "back\\slash\ttab",
      "sep\u2028ara\u2029tor\u0085nel\u007fdel\ufeffbom",
      "'single' and \"double\"",
    ];
    for (const title of hostile) {
      const a = emptyArticle({ headline: title, authors: [person(`${title} Jr.`)] });
      const { fields, rest } = readBlock(frontMatter(a));
      expect(fields.title).toBe(title.trim());
      expect(fields.author).toEqual([`${title} Jr.`.trim()]);
      expect(rest).toBe("\n");
    }
  });

  it("writes only printable characters YAML allows raw", () => {
    const y = yamlString("a\u0000b\u0085c\u2028d\u007fe\ufefff\u{1f600}");
    expect(y).toBe('"a\\u0000b\\u0085c\\u2028d\\u007fe\\ufefff\u{1f600}"');
    expect(JSON.parse(y)).toBe("a\u0000b\u0085c\u2028d\u007fe\ufefff\u{1f600}");
  });
});
