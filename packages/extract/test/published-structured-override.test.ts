import { describe, expect, it } from "vitest";
import { extract } from "../src/index.js";

const url = "https://talbote.example/gemeinde/brunnenfest";
const ld = (day: string) =>
  `<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
  "headline":"Brunnenfest verschoben","datePublished":"${day}"}</script>`;
const text = "<p>Das Brunnenfest in Oberau findet wegen der Bauarbeiten erst im Herbst statt.</p>";

describe("datePublished: which printed lines may override structured data", () => {
  it("keeps JSON-LD over today's date in the site header right before the h1", () => {
    const html = `<!doctype html><html lang="de"><head><title>Brunnenfest verschoben</title>
      ${ld("2021-03-12")}</head><body><div class="wrap">
      <header><div class="today">Mittwoch, 1. November 2023</div></header>
      <h1>Brunnenfest verschoben</h1>${text}</div></body></html>`;
    expect(extract(html, { url }).datePublished).toBe("2021-03-12");
  });

  it("keeps JSON-LD over a date line above an h1 that stands directly in the body", () => {
    const html = `<!doctype html><html lang="de"><head><title>Brunnenfest verschoben</title>
      ${ld("2021-03-12")}</head><body><p class="heute">1. November 2023</p>
      <h1>Brunnenfest verschoben</h1>${text}</body></html>`;
    expect(extract(html, { url }).datePublished).toBe("2021-03-12");
  });

  it("still lets a dateline in the headline's own block override it", () => {
    const html = `<!doctype html><html lang="de"><head><title>Brunnenfest verschoben</title>
      ${ld("2021-03-11T23:30:00Z")}</head><body><div class="kopf">
      <p class="ort">Oberau, 12.03.2021</p><h1>Brunnenfest verschoben</h1></div>${text}</body></html>`;
    expect(extract(html, { url }).datePublished).toBe("2021-03-12");
  });
  it("looks past a wrapper that holds the headline alone for its block", () => {
    const html = `<!doctype html><html lang="de"><head><title>Brunnenfest verschoben</title>
      ${ld("2021-03-11T23:30:00Z")}</head><body><div class="kopf">
      <p class="ort">Oberau, 12.03.2021</p><div class="titel"><h1>Brunnenfest verschoben</h1></div></div>
      ${text}</body></html>`;
    expect(extract(html, { url }).datePublished).toBe("2021-03-12");
  });
});

describe("datePublished: a date in the masthead against the article's date far below the h1", () => {
  it("takes the article's own date line over the top bar's date", () => {
    const long =
      "<p>Die Vereine hatten lange geplant und Stände für den ganzen Platz bestellt.</p>".repeat(
        100,
      );
    const menu = Array.from(
      { length: 60 },
      (_, i) => `<li class="menu-item"><a href="/rubrik/${i}">Rubrik ${i}</a></li>`,
    ).join("");
    const html = `<!doctype html><html lang="de"><head><title>Brunnenfest verschoben</title></head><body>
      <div class="topbar"><time datetime="2023-11-01">1. November 2023</time></div>
      <div class="menu"><ul>${menu}</ul></div>
      <main><h1>Brunnenfest verschoben</h1>${long}
      <div class="entry-meta"><span class="date">12. März 2021</span></div></main></body></html>`;
    expect(extract(html, { url }).datePublished).toBe("2021-03-12");
  });
});
