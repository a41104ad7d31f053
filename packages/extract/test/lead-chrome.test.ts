import { describe, expect, it } from "vitest";
import { extract } from "../src/index.js";

const para1 =
  "Ten years ago the sleeper train looked finished, and operators across Europe were closing routes.";
const para2 =
  "The revival began in Austria, where the state railway bought a batch of second-hand sleeping cars.";

function page(lead: string, afterHeadline = ""): Buffer {
  return Buffer.from(`<!doctype html><html><head><meta charset="utf-8"><title>Night trains</title></head>
<body><div class="story">${lead}<h1>Why the night train is back</h1>${afterHeadline}
<p>${para1}</p><p>${para2}</p></div></body></html>`);
}

const firstBlock = (html: Buffer) => extract(html).body.text.split("\n\n")[0];

describe("page chrome at the top of the body", () => {
  it("leaves out a section label set above the headline", () => {
    for (const kicker of ["Travel", "TECH", "Black Friday", "Health and science"]) {
      expect(firstBlock(page(`<div class="kicker">${kicker}</div>`))).toBe(para1);
    }
  });

  it("keeps a short line under the headline: a dateline or a first subheading is the article's", () => {
    expect(firstBlock(page("", "<p>BAAR, SWITZERLAND</p>"))).toBe("BAAR, SWITZERLAND");
    expect(firstBlock(page("", "<h2>Claim</h2>"))).toBe("Claim");
  });

  it("keeps a sentence above the headline, however short", () => {
    expect(firstBlock(page("<p>It is back.</p>"))).toBe("It is back.");
  });

  it("leaves out a date and byline line in any language the date rules read", () => {
    const lines = [
      '<div class="info"><span>5 октября 2023</span> <span>Автор: Дмитрий Соколов</span></div>',
      "<div>3. März 2024 · Mara Quint</div>",
      "<div>12 de enero de 2024</div>",
      "<div>Автор: Дмитрий Соколов</div>",
      "<div>Author: Jane Doe</div>",
      "<div>By Jane Doe</div>",
    ];
    for (const line of lines) expect(firstBlock(page("", line))).toBe(para1);
  });

  it("keeps a lead paragraph that mentions a date", () => {
    const lead =
      "<p>On 5 October 2023 the museum opened its doors to the first visitors of the year.</p>";
    expect(firstBlock(page("", lead))).toContain("On 5 October 2023");
  });
});
