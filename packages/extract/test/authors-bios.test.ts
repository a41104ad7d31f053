import { describe, expect, it } from "vitest";
import { extract } from "../src/index.js";

const page = (bio: string) =>
  `<html><head><title>Harbour wall repaired</title></head><body><article><h1>Harbour wall repaired</h1><div class="byline">By Ann Lee</div><p>Masons finished the repair of the old harbour wall on Friday, two weeks ahead of plan, the council said.</p><div class="author-bios"><p>${bio}</p></div></article></body></html>`;

describe("authors: bios in a block of their own", () => {
  it("attaches a bio only to the person whose whole name starts it", () => {
    const [ann] = extract(
      page("Ann Leeds is the harbour master and has run the port for ten years."),
    ).authors;
    expect(ann?.name).toBe("Ann Lee");
    expect(ann?.type === "Person" && ann.description).toBe(null);
    const [ann2] = extract(
      page("Ann Lee covers the harbour and the fishing fleet for the paper."),
    ).authors;
    expect(ann2?.type === "Person" && ann2.description).toBe(
      "Ann Lee covers the harbour and the fishing fleet for the paper.",
    );
  });
});
