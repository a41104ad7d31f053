import { describe, expect, it } from "vitest";
import { extract } from "../src/index.js";

const url = "https://kreisblatt.example/rat/haushalt";
const page = (header: string) =>
  `<!doctype html><html lang="de"><head><title>Rat beschließt Haushalt</title></head><body>
  <div class="meldung">${header}<h1>Rat beschließt Haushalt</h1>
  <p>Der Kreisrat hat am Abend den Haushalt für das kommende Jahr mit großer Mehrheit beschlossen.</p></div></body></html>`;

describe("datePublished: the dateline above the headline", () => {
  it("reads past a print toolbar of one item between the date and the h1", () => {
    const a = extract(
      page(`<div class="meldung-kopf"><span>19. Oktober 2015</span>
        <ul><li class="print"><a href="/druck">Drucken</a></li></ul></div>
        <div class="bild"><img src="/r.jpg"><span>© Kreisblatt</span></div><span class="rubrik">Kreis</span>`),
      { url },
    );
    expect(a.datePublished).toBe("2015-10-19");
  });

  it("stops at a menu: a date above it is the page's", () => {
    const a = extract(
      page(`<span>19. Oktober 2015</span>
        <ul><li><a href="/k">Kreis</a></li><li><a href="/r">Region</a></li><li><a href="/v">Vereine</a></li></ul>`),
      { url },
    );
    expect(a.datePublished).toBeNull();
  });

  it("lets a dateline above the h1 beat a meta date of another day", () => {
    const html = `<!doctype html><html lang="de"><head><title>Neue Radwege im Kreis</title>
      <meta name="dc.date" content="2016-04-20"></head><body><div class="mitteilung">
      <div class="mitteilung-zeit">13.04.2016 <span>- Pressestelle: Ole Kranich</span></div>
      <h1>Neue Radwege im Kreis</h1><p>Drei Strecken werden bis zum Herbst asphaltiert.</p></div></body></html>`;
    expect(extract(html, { url }).datePublished).toBe("2016-04-13");
  });

  it("keeps the structured date when the printed one is the same day written month first", () => {
    const html = `<!doctype html><html lang="de"><head><title>Lastenrad im Alltag</title>
      <meta property="article:published_time" content="2019-08-03T06:45:00"></head><body>
      <article><div class="kicker"><a class="rubrik" href="/rad">Rad</a> <em>08/03/2019</em></div>
      <h1>Lastenrad im Alltag</h1><p>Wie weit kommt man mit Kind und Einkauf?</p></article></body></html>`;
    expect(extract(html, { url }).datePublished).toBe("2019-08-03T06:45:00");
  });
});
