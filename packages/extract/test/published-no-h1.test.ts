import { describe, expect, it } from "vitest";
import { extract } from "../src/index.js";

const url = "https://gartenpost.example/glossen/sonntagsgaertner";
const longBody = "<p>Die Glosse geht hier weiter, Beet um Beet und Absatz um Absatz.</p>".repeat(
  120,
);

describe("datePublished: a page whose headline is no h1", () => {
  it("takes the date after the heading that carries the title, not the masthead's date", () => {
    const html = `<!doctype html><html lang="de"><head><title>Glosse: Der Sonntagsgärtner – Über Schnecken</title></head><body>
      <header><div class="kopfleiste"><span class="heute"><time>Freitag, 14. Juni 2019</time></span></div></header>
      <div class="seite"><div class="seite-kopf"><h2>Glosse: Der Sonntagsgärtner - Über Schnecken</h2></div>
      <div class="vorspann"><p><span class="vorspann-datum">11. Juni 2019.</span> Schnecken mögen Salat.</p></div>
      ${longBody}</div></body></html>`;
    expect(extract(html, { url }).datePublished).toBe("2019-06-11");
  });

  it("keeps a dateline above that heading over teasers far below the article", () => {
    const html = `<!doctype html><html lang="de"><head><title>Notizen vom Deich – was bleibt vom Sommer?</title></head><body>
      <section class="eintrag"><p class="eintrag-info"><a href="/autor/kranich">Ole Kranich</a> · 17.08.2018 · 07:40</p>
      <figure><img src="/d.jpg" srcset="${"/d.jpg 1x, ".repeat(80)}"><figcaption>Der Deich im August</figcaption></figure><div><p>Foto: privat</p></div>
      <p>Erster Satz</p><p>Zweiter Satz</p><p>Dritter Satz</p><p>Vierter Satz</p><p>Fünfter Satz</p><p>Sechster Satz</p>
      <h3>Notizen vom Deich – was bleibt vom Sommer?</h3>${longBody}</section>
      <section class="eintrag"><p class="eintrag-info"><a href="/autor/kranich">Ole Kranich</a> · 02.10.2019 · 08:00</p>
      <a href="/andere">Andere Notizen</a></section></body></html>`;
    expect(extract(html, { url }).datePublished).toBe("2018-08-17");
  });

  it("lets the date printed under the title heading beat a JSON-LD date of another day", () => {
    const html = `<!doctype html><html lang="de"><head><title>Zu Fuß über die Alpen | Wanderheft</title>
      <script type="application/ld+json">{"@context":"https://schema.org","@type":"Article",
      "headline":"Zu Fuß über die Alpen","datePublished":"2017-06-19T22:10:00Z"}</script></head><body>
      <div class="bericht"><h2 class="bericht-titel">Zu Fuß über die Alpen</h2>
      <div class="bericht-daten"><span class="bericht-tag">21.06.2017</span></div>
      <p>Zwölf Tage, drei Pässe und viel Nebel.</p></div></body></html>`;
    expect(extract(html, { url }).datePublished).toBe("2017-06-21");
  });

  it("does not take bold words opening a paragraph for the headline", () => {
    const html = `<!doctype html><html lang="de"><head><title>Nistkästen aus Altholz | Bastelecke</title>
      <meta property="article:published_time" content="2018-03-27T16:48:02+00:00"></head><body>
      <div class="eintrag"><p><strong>Nistkästen aus Altholz</strong> sind schnell gebaut, und Ole Kranich
      zeigt, worauf es beim Einflugloch ankommt.</p><p>Am 03.03.2018 hingen die ersten Kästen.</p></div></body></html>`;
    expect(extract(html, { url }).datePublished).toBe("2018-03-27T16:48:02+00:00");
  });
});
