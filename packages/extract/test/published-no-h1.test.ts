import { describe, expect, it } from "vitest";
import { extract } from "../src/index.js";

const url = "https://buehnenblatt.example/kolumnen/queer-royal";
const longBody = "<p>Der Text der Kolumne geht hier weiter, Absatz um Absatz.</p>".repeat(120);

describe("datePublished: a page whose headline is no h1", () => {
  it("takes the date after the heading that carries the title, not the masthead's date", () => {
    const html = `<!doctype html><html lang="de"><head><title>Kolumne: Queer Royal – Über Kunstfiguren</title></head><body>
      <header><div class="navtop"><span class="mod_datetime"><time>Mittwoch, 01. November 2023</time></span></div></header>
      <div class="page"><div class="page-header"><h2>Kolumne: Queer Royal - Über Kunstfiguren</h2></div>
      <div class="intro"><p><span class="text_datum">31. Oktober 2023.</span> Kunstfiguren aus Glitter.</p></div>
      ${longBody}</div></body></html>`;
    expect(extract(html, { url }).datePublished).toBe("2023-10-31");
  });

  it("keeps a dateline above that heading over teasers far below the article", () => {
    const html = `<!doctype html><html lang="de"><head><title>Bericht vom Hafen – worauf wartet die Stadt?</title></head><body>
      <div class="beitrag"><div class="teaser_text_meta"><a href="/autor/roth">Jana Roth</a> / 22.04.2020 / 06:15</div>
      <figure><img src="/a.jpg" srcset="${"/a.jpg 1x, ".repeat(80)}"><figcaption>Der Hafen am Morgen</figcaption></figure><div><p>Bild: Archiv</p></div>
      <p>Einleitung</p><p>Zweiter Satz</p><p>Dritter Satz</p><p>Vierter Satz</p><p>Fünfter Satz</p><p>Sechster Satz</p>
      <h2>Bericht vom Hafen – worauf wartet die Stadt?</h2>${longBody}</div>
      <div class="beitrag"><div class="teaser_text_meta"><a href="/autor/roth">Jana Roth</a> / 03.11.2021 / 06:00</div>
      <a href="/anderer">Ein anderer Bericht</a></div></body></html>`;
    expect(extract(html, { url }).datePublished).toBe("2020-04-22");
  });

  it("lets the date printed under the title heading beat a JSON-LD date of another day", () => {
    const html = `<!doctype html><html lang="de"><head><title>Mit dem Bus durch Norwegen | Reiseblatt</title>
      <script type="application/ld+json">{"@context":"https://schema.org","@type":"Article",
      "headline":"Mit dem Bus durch Norwegen","datePublished":"2022-01-04T07:29:00Z"}</script></head><body>
      <div class="article"><h2 class="article__title">Mit dem Bus durch Norwegen</h2>
      <div class="article__info"><div class="article__info-item">06.01.2022</div></div>
      <p>Drei Wochen, ein Bus und sehr viel Regen.</p></div></body></html>`;
    expect(extract(html, { url }).datePublished).toBe("2022-01-06");
  });

  it("does not take bold words opening a paragraph for the headline", () => {
    const html = `<!doctype html><html lang="de"><head><title>Makrofotos von Insekten | Technikblog</title>
      <meta property="article:published_time" content="2020-01-22T17:13:31+00:00"></head><body>
      <div class="entry"><p><strong>Makrofotos von Insekten</strong> sind kein einfaches Hobby, doch Jana Roth
      macht daraus eine kleine Kunstform.</p><p>Am 15.01.2020 zeigte sie neue Bilder.</p></div></body></html>`;
    expect(extract(html, { url }).datePublished).toBe("2020-01-22T17:13:31+00:00");
  });
});
