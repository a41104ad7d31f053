import { describe, expect, it } from "vitest";
import { extract } from "../src/index.js";

const body =
  "<p>Mit dem Parallelanschlag gelingen gerade Schnitte auch an langen Leisten.</p>".repeat(90);

describe("datePublished: a dateline above the headline against teasers far below", () => {
  it("prefers the dateline above the h1 to a dated teaser after the article", () => {
    const html = `<!doctype html><html lang="de"><head><title>Gerade Schnitte</title></head><body>
      <div class="einleitung"><p class="subline">21. Jan 2022 // Jana Roth</p>
      <h1>Gerade Schnitte an der Kreissäge</h1></div>${body}
      <div class="teaser"><div class="infos"><p>06. Aug 2020 // Tipps</p></div>
      <a href="/andere">Ein anderer Artikel</a></div></body></html>`;
    expect(extract(html, { url: "https://werkstatt.example/schnitte" }).datePublished).toBe(
      "2022-01-21",
    );
  });

  it("keeps a dated element right under the h1", () => {
    const html = `<!doctype html><html lang="de"><head><title>Gerade Schnitte</title></head><body>
      <p class="subline">Werkstatt</p><h1>Gerade Schnitte an der Kreissäge</h1>
      <div class="infos"><p>21. Jan 2022 // Jana Roth</p></div>${body}</body></html>`;
    expect(extract(html, { url: "https://werkstatt.example/schnitte" }).datePublished).toBe(
      "2022-01-21",
    );
  });
});
