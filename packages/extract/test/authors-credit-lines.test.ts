import { describe, expect, it } from "vitest";
import { extract } from "../src/index.js";

const page = (body: string, title = "Frost on the allotments") =>
  `<html><head><title>${title}</title></head><body>${body}</body></html>`;
const names = (html: string) => extract(html).authors.map((a) => a.name);
const para = "<p>The first frost came early this year and caught the late beans in the open.</p>";

describe("authors: credit lines a blog prints", () => {
  it("takes a one-word name or username after a credit verb", () => {
    const html = page(
      `<h1>Frost on the allotments</h1><div class="postdata"><span>Posted by Korbinian</span> <span>12.05.2018</span></div>${para}`,
    );
    expect(names(html)).toEqual(["Korbinian"]);
  });

  it("takes a username when the line is just the credit and a date", () => {
    const split = page(
      `<h1>Frost on the allotments</h1><p>by</p> <span>kale_fan</span> <p>on</p> <abbr>April 9, 2011</abbr>${para}`,
    );
    expect(names(split)).toEqual(["kale_fan"]);
    const dateFirst = page(
      `<h1>Frost on the allotments</h1><span>09.04.2011 17:05 von Ilse</span>${para}`,
    );
    expect(names(dateFirst)).toEqual(["Ilse"]);
  });

  it("reads the post's fact line after the text", () => {
    const html = page(
      `<h1>Frost on the allotments</h1>${para}<div class="submitted">Gespeichert von gartenzwerg am 3. März 2016 - 06:20</div>`,
    );
    expect(names(html)).toEqual(["gartenzwerg"]);
    const footer = page(
      `<div class="post"><h1>Frost on the allotments</h1>${para}<footer class="post-footer"><span>Posted by <a href="/author/ow">Oda W. Lindqvist</a> at 07:41</span> <span>Tagged with: <a href="/tag/frost">frost</a></span></footer></div>`,
    );
    expect(names(footer)).toEqual(["Oda W. Lindqvist"]);
  });

  it("reads the classic theme's 'Filed under: … — jdoe @ 23:47'", () => {
    const html = page(
      `<h1>Garden notes</h1><div class="post"><h3 class="storytitle">Frost on the allotments</h3><div class="meta">Filed under: <a href="/category/notes/" rel="category tag">Notes</a>,<a href="/category/weather/" rel="category tag">Weather</a> &#8212; beetle @ 23:47 <br />Tags: <a href="/tag/frost/" rel="tag">frost</a></div>${para}</div>`,
    );
    expect(names(html)).toEqual(["beetle"]);
  });

  it("ignores 'by' in a sentence, in the headline and in an embedded post", () => {
    expect(
      names(
        page(
          `<h1>Frost on the allotments</h1><p>Grußwort von Landrätin Petra am 5. Mai 2021</p>${para}`,
        ),
      ),
    ).toEqual([]);
    expect(
      names(
        page(
          `<h2>Beans Eaten by Rabbits, Gardeners Say</h2><p>By the way on 3 May 2020 we met.</p>`,
          "Beans Eaten by Rabbits, Gardeners Say - Allotment News",
        ),
      ),
    ).toEqual([]);
    expect(
      names(
        page(
          `<h1>Frost on the allotments</h1>${para}<blockquote><p>Cold!</p><p>Posted by <a href="https://social.example/garden">Gardeners United</a> on Monday, February 3, 2020</p></blockquote>`,
        ),
      ),
    ).toEqual([]);
  });
});

describe("authors: a name next to the date under the headline", () => {
  it("takes a user link or a full name beside the date", () => {
    const user = page(
      `<h1>Frost on the allotments</h1><span>63</span> <a href="/u/beetroot77">beetroot77</a> <div>04.03.2015, 09:12 Uhr</div>${para}`,
    );
    expect(names(user)).toEqual(["beetroot77"]);
    const full = page(
      `<h1>Frost on the allotments</h1><a href="/thema/garten">Garten</a> <span>9. Juni 2016</span> <span>Wendelin T. Marx</span>${para}`,
    );
    expect(names(full)).toEqual(["Wendelin T. Marx"]);
  });

  it("never takes a category or a one-word label", () => {
    const topic = page(
      `<h1>Frost on the allotments</h1><a href="/category/garden-news">Garden News</a> <span>9. Juni 2016</span>${para}`,
    );
    expect(names(topic)).toEqual([]);
    const label = page(
      `<h1>Frost on the allotments</h1><a href="/garten">Garten</a> <span>9. Juni 2016</span>${para}`,
    );
    expect(names(label)).toEqual([]);
  });
});

describe("authors: a labelled credit in one element", () => {
  it("reads 'Redaktion: Name (role)' in a dateline and 'Autoren A und B' at the end", () => {
    const dateline = page(
      `<div class="news-timedata">12.08.2021 <span>-&nbsp;Redaktion: Kai Brenner (Sprecher der Gartenfreunde)</span></div><h1>Frost on the allotments</h1>${para}`,
    );
    expect(names(dateline)).toEqual(["Kai Brenner"]);
    const end = page(
      `<h1>Frost on the allotments</h1>${para}<p>Autoren Jelka Dorn und Uta Kleist</p>`,
    );
    expect(names(end)).toEqual(["Jelka Dorn", "Uta Kleist"]);
  });

  it("needs full names after a colon-less 'Autoren'", () => {
    const html = page(`<h1>Frost on the allotments</h1>${para}<p>Autoren Tagung</p>`);
    expect(names(html)).toEqual([]);
  });
});

describe("authors: a byline that names only the newsroom", () => {
  it("is the newsroom as an Organization, never a Person", () => {
    const html = page(
      `<h1>Frost on the allotments</h1><div class="author-date"><span class="byline author">von Redaktion, </span><time>16. April 2021</time></div>${para}`,
    );
    expect(extract(html).authors).toEqual([
      { type: "Organization", name: "Redaktion", url: null, logo: null, sameAs: [] },
    ]);
  });

  it("reads 'Editor' alone in the byline markup the same way", () => {
    const html = page(
      `<h1>Frost on the allotments</h1><div class="byline-author"><a href="/author/site-editor/">Editor</a><div class="byline-date">December 21, 2015</div></div>${para}`,
    );
    expect(extract(html).authors.map((a) => [a.type, a.name])).toEqual([
      ["Organization", "Editor"],
    ]);
  });

  it("loses to any person the page names", () => {
    const html = page(
      `<h1>Frost on the allotments</h1><span class="byline">von Redaktion</span>${para}<p>Autorin: Wiebke Sand</p>`,
    );
    expect(names(html)).toEqual(["Wiebke Sand"]);
  });
});

describe("authors: a line that is only a credit", () => {
  it("reads 'von <em>Name</em>' standing on its own under a subheading", () => {
    const html = page(
      `<div class="content"><h2>Die Stimmen im Keller</h2><h4>Ein Film über Erinnerung</h4><p> von <em>Klara Stein</em></p>${para}</div>`,
      "Geschichte | Die Stimmen im Keller",
    );
    expect(names(html)).toEqual(["Klara Stein"]);
  });

  it("ignores a credit line with more after the name, or a one-word name", () => {
    const more = page(
      `<h1>Frost on the allotments</h1>${para}<p>Von Klara Stein gibt es ein neues Buch</p>`,
    );
    expect(names(more)).toEqual([]);
    const one = page(`<h1>Frost on the allotments</h1>${para}<p>By Thursday</p>`);
    expect(names(one)).toEqual([]);
  });
});

describe("authors: a credit label followed by a linked name", () => {
  it("reads `<em>Autor: <a>Name</a> (role)</em>` at the end of the text", () => {
    const html = `<html><head><title>Frost on the allotments</title><meta name="author" content="deinen Gartenfreunden"></head><body><h1>Frost on the allotments</h1>${para}<p style="text-align: right;"><em>Autor: <a href="/gaertner/jan-roth">Jan Roth </a>(Gastbeitrag), Gärtner bei gartenfreunde.example</em></p></body></html>`;
    expect(names(html)).toEqual(["Jan Roth"]);
  });
});

describe("authors: the writer's name signed under the text", () => {
  const prose =
    "<p>Die Kleingärtner haben in diesem Jahr früher als sonst mit der Ernte begonnen, weil der erste Frost schon Anfang Oktober kam und die späten Bohnen im Freien überraschte.</p>";
  it("reads a bold or right-aligned name after the last paragraph", () => {
    const bold = page(`<h1>Frost on the allotments</h1>${prose}<p><strong>Marta Lind</strong></p>`);
    expect(names(bold)).toEqual(["Marta Lind"]);
    const right = page(
      `<h1>Frost on the allotments</h1>${prose}<p align="right"><em><font size="2">Bruno Falk</font></em></p><p>(1) Zahlen des Landesverbands.</p>`,
    );
    expect(names(right)).toEqual(["Bruno Falk"]);
  });

  it("ignores a bold name that more prose follows (an interview's speaker, a subheading)", () => {
    const html = page(
      `<h1>Frost on the allotments</h1>${prose}<p><strong>Marta Lind</strong></p>${prose}`,
    );
    expect(names(html)).toEqual([]);
  });
});
