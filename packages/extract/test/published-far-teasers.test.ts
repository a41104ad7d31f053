import { describe, expect, it } from "vitest";
import { extract } from "../src/index.js";

const body =
  "<p>Mit einer Ziehklinge wird die Oberfläche glatter als mit dem feinsten Schleifpapier.</p>".repeat(
    90,
  );
const url = "https://hobelbank.example/ziehklinge";

describe("datePublished: a dateline above the headline against teasers far below", () => {
  it("prefers the dateline above the h1 to a dated teaser after the article", () => {
    const html = `<!doctype html><html lang="de"><head><title>Die Ziehklinge schärfen</title></head><body>
      <div class="kopfzeile"><p class="unterzeile">7. Feb 2017 // Ole Kranich</p>
      <h1>Die Ziehklinge schärfen</h1></div>${body}
      <div class="teaser"><div class="infos"><p>12. Okt 2016 // Werkzeug</p></div>
      <a href="/andere">Ein anderer Beitrag</a></div></body></html>`;
    expect(extract(html, { url }).datePublished).toBe("2017-02-07");
  });

  it("keeps a dated element right under the h1", () => {
    const html = `<!doctype html><html lang="de"><head><title>Die Ziehklinge schärfen</title></head><body>
      <p class="unterzeile">Werkzeug</p><h1>Die Ziehklinge schärfen</h1>
      <div class="infos"><p>7. Feb 2017 // Ole Kranich</p></div>${body}</body></html>`;
    expect(extract(html, { url }).datePublished).toBe("2017-02-07");
  });
});
