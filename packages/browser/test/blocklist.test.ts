import { describe, expect, it } from "vitest";
import { requestFilter } from "../src/index.js";

// The request filters `--block ads` and `--block-list FILE` turn on. Pure functions of a URL:
// nothing here reaches a network.

describe("request filters", () => {
  it("--block ads refuses advertising hosts of TrackerDB and lets the site's own through", async () => {
    const filter = await requestFilter(["ads"]);
    const page = "https://news.example/2026/harbour";
    expect(filter("https://securepubads.g.doubleclick.net/tag/js/gpt.js", "Script", page)).toBe(
      true,
    );
    expect(filter("https://news.example/static/app.js", "Script", page)).toBe(false);
    expect(filter("https://news.example/img/lead.jpg", "Image", page)).toBe(false);
  });

  it("--block-list reads EasyList syntax: domain anchors, paths, type options, exceptions", async () => {
    const list = [
      "! a list of the user's own",
      "[Adblock Plus 2.0]",
      "||ads.example^",
      "/banners/*$image",
      "@@||ads.example/consent.js",
      "##.ad-slot",
    ].join("\n");
    const filter = await requestFilter([], [list]);
    const page = "https://news.example/story";
    expect(filter("https://ads.example/serve.js", "Script", page)).toBe(true);
    expect(filter("https://cdn.ads.example/x.gif", "Image", page)).toBe(true);
    expect(filter("https://ads.example/consent.js", "Script", page)).toBe(false);
    expect(filter("https://news.example/banners/top.png", "Image", page)).toBe(true);
    // `$image` only: the same path as a script is not refused.
    expect(filter("https://news.example/banners/top.js", "Script", page)).toBe(false);
    expect(filter("https://news.example/story.css", "Stylesheet", page)).toBe(false);
  });

  it("a block list with no network rule is refused with one line", async () => {
    await expect(requestFilter([], ["##.only-cosmetic\n! nothing else"])).rejects.toThrow(
      /holds no network filter rule/,
    );
  });

  it("no list: nothing is refused", async () => {
    const filter = await requestFilter([]);
    expect(
      filter("https://securepubads.g.doubleclick.net/x.js", "Script", "https://a.example/"),
    ).toBe(false);
  });
});
