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
