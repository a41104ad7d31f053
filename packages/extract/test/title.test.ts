import { describe, expect, it } from "vitest";
import { extract } from "../src/index.js";
import { stripSiteName } from "../src/metadata/title.js";

describe("stripSiteName", () => {
  it("removes a site name attached without spaces, as CJK titles write it", () => {
    expect(stripSiteName("川沿いの桜が満開に:川辺日誌", "川辺日誌", "kawabe.example")).toBe(
      "川沿いの桜が満開に",
    );
    expect(stripSiteName("新しい橋が開通：川辺日誌", "川辺日誌", null)).toBe("新しい橋が開通");
  });

  it("keeps a hyphenated headline whose tail is not the site", () => {
    expect(stripSiteName("Covid-19 cases fall again", "Quay Post", "quaypost.example")).toBe(
      "Covid-19 cases fall again",
    );
  });

  it("knows the site by the host's name written out in a longer name", () => {
    expect(
      stripSiteName(
        "Mara Quint's Workshop Notes | Rebuilding a harbour wall by hand",
        null,
        "maraquint.example",
      ),
    ).toBe("Rebuilding a harbour wall by hand");
    expect(stripSiteName("Kinder und Arbeit » Hafenkinder e.V.", null, "hafenkinder.example")).toBe(
      "Kinder und Arbeit",
    );
  });

  it("drops the site's tagline that follows its name", () => {
    expect(
      stripSiteName(
        "The oldest lighthouse on the coast : Harbourlog | Notes on a changing shore | Since 2005",
        null,
        "harbourlog.example",
      ),
    ).toBe("The oldest lighthouse on the coast");
  });

  it("takes the headline out of a title that opens with the site's name", () => {
    expect(
      stripSiteName(
        "Quayside Rowing Club - New boats arrive for the spring season - Club News",
        null,
        "quayside-rowing.example",
      ),
    ).toBe("New boats arrive for the spring season");
  });

  it("keeps a person's name before the headline when the site is only at the end", () => {
    expect(
      stripSiteName(
        "Mara Quint – Harbour board approves the new wall | Quay - News and tides from the coast",
        "Quay – News and tides from the coast",
        "quay.example",
      ),
    ).toBe("Mara Quint – Harbour board approves the new wall");
  });
});

function page(h1: string, ogTitle: string): Buffer {
  return Buffer.from(
    `<!doctype html><html><head><meta charset="utf-8"><meta property="og:title" content="${ogTitle}"></head>
<body><article>${h1}<p>The harbour wall is being rebuilt stone by stone this summer.</p></article></body></html>`,
  );
}

describe("headline: secondary lines inside the h1", () => {
  it("drops a subtitle span the metadata titles do not carry", () => {
    const a = extract(
      page(
        '<h1><span class="entry-title-primary">Harbour wall rebuilt</span> <span class="entry-subtitle">Work ends a year early</span></h1>',
        "Harbour wall rebuilt",
      ),
    );
    expect(a.headline).toBe("Harbour wall rebuilt");
  });

  it("drops a kicker printed as a sub-heading before the headline", () => {
    const a = extract(
      page(
        '<h1><span class="sub-heading">Harbour works:</span><br> Wall rebuilt a year early</h1>',
        "Wall rebuilt a year early",
      ),
    );
    expect(a.headline).toBe("Wall rebuilt a year early");
  });

  it("drops the <small> line of a heading", () => {
    const a = extract(
      page(
        "<h1>Wall rebuilt a year early <small>Welcome to the quiet quay</small></h1>",
        "Wall rebuilt a year early",
      ),
    );
    expect(a.headline).toBe("Wall rebuilt a year early");
  });

  it("keeps a subtitle span when the metadata title carries it too", () => {
    const a = extract(
      page(
        '<h1><span class="post-subtitle">Harbour works</span> Wall rebuilt a year early</h1>',
        "Harbour works Wall rebuilt a year early",
      ),
    );
    expect(a.headline).toBe("Harbour works Wall rebuilt a year early");
  });

  it("takes the part of the h1 marked as the headline", () => {
    const a = extract(
      page(
        '<h1><span class="fake-small">Energy – price cap</span><span class="invisible">: </span><span class="headline">Council cuts the harbour levy</span></h1>',
        "Council cuts the harbour levy | Quay Post",
      ),
    );
    expect(a.headline).toBe("Council cuts the harbour levy");
  });
});

describe("headline: a meta title cut at an unescaped quote", () => {
  it("takes the <title> that shows the quoted words the attribute lost", () => {
    const html = `<!doctype html><html><head><meta charset="utf-8">
<title>Senator calls the plan "unworkable" | Quay Post</title>
<meta property="og:title" content="Senator calls the plan "unworkable"">
<meta property="og:site_name" content="Quay Post"></head>
<body><article><p>The harbour plan was debated on Monday.</p></article></body></html>`;
    expect(extract(Buffer.from(html)).headline).toBe('Senator calls the plan "unworkable"');
  });
});

describe("ruby readings", () => {
  const html = `<!doctype html><html lang="ja"><head><meta charset="utf-8">
<title>子どもへの体罰を禁止する法律ができる | やさしいニュース</title></head>
<body><article><h1><ruby>子<rt>こ</rt></ruby>どもへの<ruby>体罰<rp>(</rp><rt>たいばつ</rt><rp>)</rp></ruby>を<ruby>禁止<rt>きんし</rt></ruby>する<ruby>法律<rt>ほうりつ</rt></ruby>ができる</h1>
<p><ruby>子<rt>こ</rt></ruby>どもへの<ruby>虐待<rt>ぎゃくたい</rt></ruby>をなくすための<ruby>法律<rt>ほうりつ</rt></ruby>ができて、<ruby>親<rt>おや</rt></ruby>が<ruby>子<rt>こ</rt></ruby>どもをたたくことを<ruby>禁止<rt>きんし</rt></ruby>することになりました。</p>
</article></body></html>`;
  it("reads a headline without its furigana", () => {
    expect(extract(Buffer.from(html)).headline).toBe("子どもへの体罰を禁止する法律ができる");
  });

  it("keeps the readings out of the body text", () => {
    const a = extract(Buffer.from(html));
    expect(a.body.text).toContain("子どもへの虐待をなくすための法律ができて");
    expect(a.body.text).not.toContain("ぎゃくたい");
  });
});

describe("headline: a logo h1 and titles without spaces", () => {
  it("takes a logo h1 that the <title> ends with as the site's name, not the headline", () => {
    const html = `<!doctype html><html><head><meta charset="utf-8">
<title>Muffin Grundrezept für Anfänger : Backstube Rezepte</title></head>
<body><h1>Backstube Rezepte</h1><article><p>Für zwölf Muffins braucht man Mehl, Zucker, Eier und Butter.</p></article></body></html>`;
    expect(extract(Buffer.from(html)).headline).toBe("Muffin Grundrezept für Anfänger");
  });

  it("strips the site from a Japanese title with a full-width colon", () => {
    const html = `<!doctype html><html lang="ja"><head><meta charset="utf-8">
<title>連休中の情報セキュリティに関する注意喚起：川辺情報センター</title>
<meta property="og:site_name" content="川辺情報センター"></head>
<body><article><p>長期休暇の前に、ソフトウェアの更新を確認してください。</p></article></body></html>`;
    expect(extract(Buffer.from(html)).headline).toBe("連休中の情報セキュリティに関する注意喚起");
  });
});

describe("stripSiteName keeps headlines that contain the host's name", () => {
  it("does not take a headline naming the city of a city portal for the site", () => {
    expect(
      stripSiteName("Berlin feiert den Mauerfall | Hauptstadtportal", null, "www.berlin.de"),
    ).toBe("Berlin feiert den Mauerfall");
    expect(
      stripSiteName("Hauptstadtportal | Berlin feiert den Mauerfall", null, "www.berlin.de"),
    ).toBe("Hauptstadtportal | Berlin feiert den Mauerfall");
  });

  it("does not cut a hyphenated word whose tail is the host's name", () => {
    expect(stripSiteName("Die beste Reise-Zeit", null, "www.zeit.de")).toBe("Die beste Reise-Zeit");
  });
});

describe("headline: what a reader does not see, and an h1 inside chrome", () => {
  it("leaves out text in the h1 written for screen readers only", () => {
    const html = `<!doctype html><html><head><meta charset="utf-8">
<title>Why the ferry timetable changed | Harbour Notes</title></head>
<body><h1 class="title">Why the ferry timetable changed<span class="element-invisible"> | Harbour Notes</span></h1>
<article><p>The new timetable runs from Monday and adds two crossings in the evening.</p></article></body></html>`;
    expect(extract(Buffer.from(html)).headline).toBe("Why the ferry timetable changed");
  });

  it("skips an injected widget's Latin label on a page whose titles are in another script", () => {
    const html = `<!doctype html><html lang="ja"><head><meta charset="utf-8">
<title>新しい薄型キーボードを六機種発売</title></head>
<body><article><p>キー入力が軽くなった薄型キーボードを発売します。接続方式とサイズで選べます。</p></article>
<div class="skiptranslate"><h1 class="title gray">Original text</h1></div></body></html>`;
    expect(extract(Buffer.from(html)).headline).toBe("新しい薄型キーボードを六機種発売");
  });

  it("keeps a short h1 that shares no word with the <title> on a page in the same script", () => {
    const html = `<!doctype html><html><head><meta charset="utf-8">
<title>Day trips on the lower river and the old mining towns</title></head>
<body><h1>Essen-Westviertel</h1><article><p>The quarter grew around the steelworks and has kept its brick halls.</p></article></body></html>`;
    expect(extract(Buffer.from(html)).headline).toBe("Essen-Westviertel");
  });

  it("takes an h1 inside a wrapper classed as chrome when a metadata title says exactly it", () => {
    const html = `<!doctype html><html><head><meta charset="utf-8">
<meta property="og:title" content="How the parish auction went">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Northside - How the parish auction went"}</script>
<title>Parish auction: a good day for the church | Harbour Times</title></head>
<body><div class="article-teaser-breadcrumb"><h1><span>How the parish auction went</span></h1></div>
<article><p>The auction raised enough to repair the tower clock and the organ.</p></article></body></html>`;
    expect(extract(Buffer.from(html)).headline).toBe("How the parish auction went");
  });
});
