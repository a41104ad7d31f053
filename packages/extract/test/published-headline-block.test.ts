import { describe, expect, it } from "vitest";
import { extract } from "../src/index.js";

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><title>${title} | Harbour Notes</title></head><body>${body}</body></html>`;
const url = "https://harbour-notes.example/posts/seal-count";

describe("datePublished: the headline's own block", () => {
  it("reads a timestamp kept in the breadcrumb container above the headline", () => {
    const a = extract(
      page(
        "Seal count hits a record",
        `<article><div class="headline">
          <div class="crumbs-bar"><nav><ol><li><a href="/nature">Nature</a></li></ol></nav>
            <span class="stamp">Posted on 3 Oct 2021</span></div>
          <div class="title-box"><h1>Seal count hits a record</h1></div>
        </div><p>Volunteers counted 412 seals on the sandbanks this weekend.</p></article>`,
      ),
      { url },
    );
    expect(a.datePublished).toBe("2021-10-03");
  });

  it("reads the line under a headline whose layout column is named for its sidebar", () => {
    const a = extract(
      page(
        "Seal count hits a record",
        `<div class="content right-sidebar"><div class="post">
          <h1>Seal count hits a record</h1><p>January 22, 2021</p>
          <p>Volunteers counted 412 seals on the sandbanks this weekend.</p>
        </div></div><div class="sidebar"><p>Other posts</p></div>`,
      ),
      { url },
    );
    expect(a.datePublished).toBe("2021-01-22");
  });

  it("takes the bold line that carries the page's title as the headline when there is no h1", () => {
    const a = extract(
      page(
        "Seal count hits a record",
        `<table><tr><td><b><font>Seal count hits a record</font></b></td></tr>
          <tr><td><font>Harbour Notes [ 2014-09-17 16:05:44 ]</font></td></tr>
          <tr><td><p>Volunteers counted 412 seals on the sandbanks this weekend.</p></td></tr></table>`,
      ),
      { url },
    );
    expect(a.datePublished).toBe("2014-09-17T16:05:44");
  });

  it("still skips a list of other posts right under the headline", () => {
    const a = extract(
      page(
        "Seal count hits a record",
        `<div class="content right-sidebar"><div class="post">
          <h1>Seal count hits a record</h1>
          <div class="related-posts"><ul><li><a href="/a">Gulls return</a> <span>May 2, 2020</span></li></ul></div>
          <p>Volunteers counted 412 seals on the sandbanks this weekend.</p>
        </div></div>`,
      ),
      { url },
    );
    expect(a.datePublished).toBeNull();
  });

  it("does not take a logo line that merely opens the title for the headline", () => {
    const html = `<!doctype html><html lang="en"><head><title>Harbour Notes - Seal count hits a record on the sandbanks</title></head>
      <body><div><b>Harbour Notes</b><span>Monday, 25 May 2026</span></div>
      <div><p>Volunteers counted 412 seals on the sandbanks this weekend.</p></div></body></html>`;
    expect(extract(html, { url }).datePublished).toBeNull();
  });
});
