import { describe, expect, it } from "vitest";
import { extract } from "../src/index.js";

describe("authors: the author box", () => {
  it("takes the name from the heading's link, not the follow button beside it", () => {
    const html = `<html><head><title>Notes from a small orchard</title></head><body><article><h1>Notes from a small orchard</h1>
<p>The quinces were late this year, and the medlars never came at all, which nobody in the village could remember happening before.</p>
<p>We picked what there was in one afternoon and stored it in the cool shed behind the house.</p>
<div class="bio-card"><div class="mini-card"><img src="/p.jpg" alt=""><section><h3><a href="https://social.example/in/idagrunwald">Ida Grünwald</a><a class="follow-button" href="https://social.example/signup">Follow</a></h3><p>Ida Grünwald writes about gardens, weather and the small economies of village life.</p></section></div></div>
</article></body></html>`;
    const [ida] = extract(html).authors;
    expect(ida?.name).toBe("Ida Grünwald");
    expect(ida?.type === "Person" && ida.description).toBe(
      "Ida Grünwald writes about gardens, weather and the small economies of village life.",
    );
  });
});
