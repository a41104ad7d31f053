import { readdirSync, readFileSync } from "node:fs";
import type { AnyNode } from "domhandler";
import fc from "fast-check";
import { parseDocument } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { PARSE_OPTIONS, parseHtml } from "../src/decode/parse.js";

/** Every node as a line: its type, name, start index, attributes in order, and text. */
function outline(node: AnyNode, depth = 0, lines: string[] = []): string[] {
  const el = node as AnyNode & {
    name?: string;
    attribs?: Record<string, string>;
    data?: string;
    children?: AnyNode[];
  };
  lines.push(
    `${" ".repeat(depth)}${node.type} ${el.name ?? ""} @${node.startIndex} ${JSON.stringify(el.attribs ?? null)} ${JSON.stringify(el.data ?? null)}`,
  );
  for (const child of el.children ?? []) outline(child, depth + 1, lines);
  return lines;
}

/** The tree htmlparser2's own tokenizer gives, as cheerio's `load` would parse it. */
const stock = (html: string) => outline(parseDocument(html, PARSE_OPTIONS));
const ours = (html: string) => outline(parseHtml(html));

describe("parseHtml", () => {
  it("gives htmlparser2's tree for every sample page", () => {
    const samples = new URL("../../../samples/", import.meta.url);
    const names = readdirSync(samples);
    expect(names.length).toBeGreaterThan(3);
    for (const name of names) {
      const html = readFileSync(new URL(`${name}/page.html`, samples), "latin1");
      expect(ours(html), name).toEqual(stock(html));
    }
  });

  it("gives htmlparser2's tree for entities, quotes, comments and raw text anywhere", () => {
    const piece = fc.constantFrom(
      "<p>",
      "</p>",
      "<div class=\"a &amp; b\" data-x='1 &lt; 2' id=plain&amp;>",
      "</div>",
      '<a href="/x?a=1&b=2&amp;c=&#x41;">',
      "<img alt='&' src=\"\">",
      "&amp;",
      "&nbsp",
      "&#169;",
      "&notanentity;",
      "&",
      "<",
      ">",
      '"',
      "'",
      "text ",
      "é ",
      "<!-- a -- b -->",
      "<!--",
      "-->",
      "<script>if (a < b && c) {}</script>",
      "<script>",
      "</script>",
      "<style>p > a {}</style>",
      "<title>A &amp; B</title>",
      "<textarea>x &lt; y</textarea>",
      "<svg><![CDATA[ x ]]></svg>",
      "<!doctype html>",
      "<?php x ?>",
      "<br/>",
      "</ br>",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const html = parts.join("");
        expect(ours(html)).toEqual(stock(html));
      }),
      { numRuns: 2000 },
    );
  });

  it("gives htmlparser2's tree for any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."<>&\"'=/!-ampltgb ;#x1\n") }), (html) => {
        expect(ours(html)).toEqual(stock(html));
      }),
      { numRuns: 2000 },
    );
  });
});
