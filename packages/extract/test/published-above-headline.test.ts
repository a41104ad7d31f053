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

  it("lets a dateline above the h1 beat a meta date of another day", () => {
    const html = `<!doctype html><html lang="de"><head><title>Faire Lieferketten</title>
      <meta name="dc.date" content="2020-02-12"></head><body><div class="news">
      <div class="news-timedata">05.02.2020 <span>- Redaktion: Jana Roth</span></div>
      <h1>Faire Lieferketten</h1><p>Aktionen planen, die etwas bewegen.</p></div></body></html>`;
    expect(extract(html, { url }).datePublished).toBe("2020-02-05");
  });

  it("keeps the structured date when the printed one is the same day written month first", () => {
    const html = `<!doctype html><html lang="de"><head><title>Elektroroller im Test</title>
      <meta property="article:published_time" content="2021-11-01T05:00:14"></head><body>
      <header><div class="intro"><a class="tag" href="/zweirad">Zweirad</a><span>11/01/2021</span></div>
      <h1>Elektroroller im Test</h1></header><p>Was kann der neue Roller?</p></body></html>`;
    expect(extract(html, { url }).datePublished).toBe("2021-11-01T05:00:14");
  });
});
