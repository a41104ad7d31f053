import { load } from "cheerio";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildCleanTree } from "../src/content/clean-tree.js";
import { shortTextOf, textOf } from "../src/content/dom.js";
import { toMarkdown, toText } from "../src/content/render.js";
import { collapseSpaces } from "../src/content/spaces.js";
import { UrlResolver } from "../src/content/urls.js";

const spaces = [" ", "  ", "\n", "\t", "\r\n", "\u00a0", "\u2003", "\u3000", "\f", "\u2028"];

describe("collapseSpaces", () => {
  it("answers what replace(/\\s+/gu, ' ') answers, for any mix of text and whitespace", () => {
    const piece = fc.oneof(fc.constantFrom(...spaces), fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const text = parts.join("");
        expect(collapseSpaces(text)).toBe(text.replace(/\s+/gu, " "));
      }),
      { numRuns: 2000 },
    );
  });

  it("leaves text with single spaces alone and collapses every other run", () => {
    expect(collapseSpaces("a b c ")).toBe("a b c ");
    expect(collapseSpaces(" a\n\tb  c\u00a0\u00a0d ")).toBe(" a b c d ");
    expect(collapseSpaces("\n\n")).toBe(" ");
    expect(collapseSpaces("")).toBe("");
  });
});

describe("clean tree text", () => {
  it("keeps layout whitespace out of the body however the page spaces it", () => {
    const $ = load(
      "<div><p>One\n   two\tthree</p><p>four  <em>five\n</em> six</p><pre>a\n  b</pre></div>",
      {
        xml: { xmlMode: false, decodeEntities: true },
      },
    );
    const div = $("div").get(0) as never;
    const tree = buildCleanTree([div], { urls: new UrlResolver(null, null), skip: () => false });
    expect(toText(tree)).toBe("One two three\n\nfour five six\n\na\n  b");
    expect(toMarkdown(tree)).toBe("One two three\n\nfour *five* six\n\n```\na\n  b\n```");
  });
});

describe("shortTextOf", () => {
  const parse = (html: string) =>
    load(html, { xml: { xmlMode: false, decodeEntities: true } })
      .root()
      .get(0) as never;
  const allSpaces = [...spaces, "\v", "\ufeff", "\u1680", "\u205f", "\u202f", "\u2029"];

  it("answers textOf's text when it is shorter than the limit, else null, for any mix", () => {
    const piece = fc.oneof(
      fc.constantFrom(...allSpaces),
      fc.constantFrom("<p>", "</p>", "<br>", "<b>", "</b>", "<div>", "</div>", "&nbsp;"),
      fc.string({ maxLength: 6 }).map((s) => s.replace(/[<&]/gu, "")),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 60 }),
        (parts, maxLength, maxNodes) => {
          const root = parse(parts.join(""));
          const full = textOf(root, undefined, maxNodes);
          expect(shortTextOf(root, maxNodes, maxLength)).toBe(
            full.length < maxLength ? full : null,
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});
