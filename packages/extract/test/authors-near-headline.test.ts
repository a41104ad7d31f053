import { describe, expect, it } from "vitest";
import { extract } from "../src/index.js";

const page = (body: string) =>
  `<html><head><title>Lindenau gadgets</title></head><body>${body}</body></html>`;
const names = (html: string) =>
  extract(html, { url: "https://lindenau-bote.example/technik/neu" }).authors.map((a) => a.name);
const para =
  "<p>Die Händler in der Innenstadt melden eine hohe Nachfrage nach den neuen Geräten, die seit Montag verkauft werden.</p>";

describe("authors near the headline: links", () => {
  it("takes a one-word name only from a link whose whole text is that name", () => {
    const html = page(
      `<h1>Neue Uhren im Handel</h1><p>Neu von Apple</p><a href="/p/apple-watch">Apple Watch kaufen</a>${para}`,
    );
    expect(names(html)).toEqual([]);
  });

  it("still takes a user link whose text is the name", () => {
    const html = page(
      `<h1>Neue Uhren im Handel</h1><p>von <a href="/user/kestrel">kestrel</a></p>${para}`,
    );
    expect(names(html)).toEqual(["kestrel"]);
  });
});

describe("authors near the headline: datelines and kickers", () => {
  const under = (line: string, head = "") =>
    names(
      `<html><head><title>Lindenau gadgets</title>${head}</head><body><nav><a href="/lokales/">Lokales Hochtaunus</a> <a href="/bad-homburg/">Bad Homburg</a></nav><h1>Neue Uhren im Handel</h1>${line}${para}</body></html>`,
    );

  it("reads no place before a comma or dash as a name", () => {
    expect(under("<p>Bad Homburg, 12. März 2024</p>")).toEqual([]);
    expect(under("<p>SAN FRANCISCO — March 12, 2024</p>")).toEqual([]);
  });

  it("reads no section or kicker as a name", () => {
    const meta = '<meta property="article:section" content="Wirtschaft Regional">';
    expect(under("<p>Wirtschaft Regional | 12.03.2024</p>", meta)).toEqual([]);
    expect(
      under(
        "<p>12.03.2024 | Aktuelle Meldungen</p>",
        '<meta property="article:section" content="Aktuelle Meldungen">',
      ),
    ).toEqual([]);
    expect(under("<p>12.03.2024 | Sponsored Post</p>")).toEqual([]);
    expect(under("<p>12.03.2024 | SPONSORED POST</p>")).toEqual([]);
    expect(
      under('<div><span>Bad Homburg</span> <time datetime="2024-03-12">12.03.2024</time></div>'),
    ).toEqual([]);
    expect(
      under(
        '<div><a href="/lokales/">Lokales Hochtaunus</a> <time datetime="2024-03-12">12.03.2024</time></div>',
      ),
    ).toEqual([]);
  });

  it("still reads a name beside the date", () => {
    expect(under("<p>Lio Fennberg | 12.03.2024</p>")).toEqual(["Lio Fennberg"]);
    expect(under("<p>12.03.2024 | Lio Fennberg</p>")).toEqual(["Lio Fennberg"]);
    expect(
      under(
        '<div><a href="/autor/lio-fennberg/">Lio Fennberg</a> <time datetime="2024-03-12">12.03.2024</time></div>',
      ),
    ).toEqual(["Lio Fennberg"]);
  });
});

describe("authors near the headline: 'by' inside a phrase", () => {
  const under = (line: string) =>
    names(
      `<html><head><title>Lindenau</title></head><body><h1>Hochwasser im Tal</h1>${line}${para}</body></html>`,
    );

  it("reads a preposition after other words as no byline", () => {
    expect(under("<p>Banjir di Jakarta Selatan</p>")).toEqual([]);
    expect(under("<p>Regnet av Oslo Fjord</p>")).toEqual([]);
  });

  it("reads a photo credit as no byline", () => {
    expect(under("<p>Foto von Jana Roe</p>")).toEqual([]);
    expect(under("<p>Photo by Jane Roe</p>")).toEqual([]);
  });

  it("still reads a byline after a date, a separator or the kind of piece", () => {
    expect(under("<p>12.03.2024 | von Jana Roe</p>")).toEqual(["Jana Roe"]);
    expect(under("<p>Eine Kolumne von Jana Roe</p>")).toEqual(["Jana Roe"]);
    expect(under("<p>-- by Jane Roe</p>")).toEqual(["Jane Roe"]);
  });
});

describe("authors near the headline: several names", () => {
  it("reads every name joined by 'und', none swallowed as a word of the one before", () => {
    const under = (line: string) =>
      names(
        `<html><head><title>Lindenau</title></head><body><h1>Hochwasser im Tal</h1>${line}${para}</body></html>`,
      );
    expect(under("<p>Von Ada Roth, Jan Lukas Kurz und Ben Lind, RNO</p>")).toEqual([
      "Ada Roth",
      "Jan Lukas Kurz",
      "Ben Lind",
    ]);
    expect(under("<p>Von Ann Lee und Bo Chen und Cy Diaz</p>")).toEqual([
      "Ann Lee",
      "Bo Chen",
      "Cy Diaz",
    ]);
  });
});
