import { describe, expect, it } from "vitest";
import { extract } from "../src/index.js";

const url = "https://alpenpost.example/politik/gericht";
const page = (header: string) =>
  `<!doctype html><html lang="de"><head><title>Gericht verwirft Antrag</title></head><body>
  <div class="box">${header}<h1>Gericht verwirft Antrag</h1>
  <p>Das Gericht hat am Dienstag einen Antrag der Kammer verworfen, die Zuständigkeit zu ändern.</p></div></body></html>`;

describe("datePublished: the dateline above the headline", () => {
  it("reads past a print toolbar of one item between the date and the h1", () => {
    const a = extract(
      page(`<div class="boxHeader"><span>14. Februar 2012</span>
        <ul><li class="print"><a href="/print">Drucken</a></li></ul></div>
        <div class="images"><img src="/a.jpg"><span>© Agentur</span></div><span class="category">Politik</span>`),
      { url },
    );
    expect(a.datePublished).toBe("2012-02-14");
  });

  it("stops at a menu: a date above it is the page's", () => {
    const a = extract(
      page(`<span>14. Februar 2012</span>
        <ul><li><a href="/p">Politik</a></li><li><a href="/w">Wirtschaft</a></li><li><a href="/s">Sport</a></li></ul>`),
      { url },
    );
    expect(a.datePublished).toBeNull();
  });
});
