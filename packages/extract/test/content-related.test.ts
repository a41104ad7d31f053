import { describe, expect, it } from "vitest";
import { isJunkHeading, isRelatedHeading } from "../src/content/boilerplate.js";
import type { DomElement } from "../src/content/dom.js";
import { extract } from "../src/index.js";

const para = (n: number) =>
  `<p>Absatz ${n}: Die Bauarbeiten an der neuen Hafenmauer kommen voran, berichtet die Bauleitung, und die Fischer dürfen ab dem Frühjahr wieder an der Nordmole anlegen, wie die Stadt mitteilte.</p>`;
const teaser = (n: number) =>
  `<article class="teaser"><h3><a href="/t${n}">Anderer Artikel ${n}</a></h3><p>Kurzer Anreißer zu einem anderen Thema aus dem Hafen, mit einigen Worten mehr als ein Titel, damit er wie ein Auszug aussieht.</p></article>`;

describe("related-stories blocks", () => {
  it("keeps an article whose container opens with a tag bar classed 'related-topics'", () => {
    const html = `<!doctype html><html><body><main><div class="story">
<div class="related-topics"><a href="/hafen">Hafen</a> <a href="/bau">Bau</a></div>
<h2>Die Hafenmauer wächst</h2>${[1, 2, 3, 4].map(para).join("")}${teaser(1)}${teaser(2)}
</div></main></body></html>`;
    const { text } = extract(Buffer.from(html)).body;
    expect(text).toContain("Absatz 1:");
    expect(text).toContain("Absatz 4:");
  });

  it("reads a related heading's words to their end", () => {
    expect(isJunkHeading("Auch interessant")).toBe(true);
    expect(isJunkHeading("Auch interessante Fakten über den Hafen")).toBe(false);
  });

  it("takes a related class as a heading only on a heading element", () => {
    const el = (name: string): DomElement =>
      ({
        name,
        attribs: { class: "related-posts-title" },
        children: [],
        parent: null,
        type: "tag",
      }) as DomElement;
    expect(isRelatedHeading(el("h3"), "Mehr aus dem Hafen")).toBe(true);
    expect(isRelatedHeading(el("div"), "Hafen Bau")).toBe(false);
  });
});
