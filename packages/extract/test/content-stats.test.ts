import { load } from "cheerio";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PageStats } from "../src/content/analyze.js";
import type { DomElement, DomParent } from "../src/content/dom.js";
import { allElements } from "../src/structured/walk.js";

const parse = (html: string) =>
  load(html, { xml: { xmlMode: false, decodeEntities: true } })
    .root()
    .get(0) as unknown as DomParent;

describe("PageStats from the page's element list", () => {
  it("has the elements and parents of its own walk over the tree, for any nesting", () => {
    const piece = fc.constantFrom(
      "<div>",
      "</div>",
      "<p>",
      "</p>",
      "<span>",
      "</span>",
      "<br>",
      "<img src=x>",
      "<script>if (a < b) {}</script>",
      "<style>p{}</style>",
      "<!-- note -->",
      "<svg><path/></svg>",
      "<li>",
      "text ",
      "</b>",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const root = parse(parts.join(""));
        const walked = new PageStats(root);
        const listed = new PageStats(root, allElements(root) as unknown as DomElement[]);
        expect(listed.els.length).toBe(walked.els.length);
        expect(listed.els.every((el, i) => el === walked.els[i])).toBe(true);
        expect([...listed.parent]).toEqual([...walked.parent]);
        expect([...listed.end]).toEqual([...walked.end]);
      }),
      { numRuns: 1000 },
    );
  });
});
