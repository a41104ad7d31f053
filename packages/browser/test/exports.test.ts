import { describe, expect, it } from "vitest";
import * as browser from "../src/index.js";

describe("@vellum/browser public exports", () => {
  it("are exactly these names", () => {
    expect(Object.keys(browser).sort()).toEqual([
      "BLOCK_LISTS",
      "CHROMIUM_ARGS",
      "DEFAULT_VIEWPORT",
      "SCREENSHOT_MODES",
      "openBrowser",
      "parseViewport",
      "requestFilter",
      "resolveBrowserOptions",
    ]);
  });

  it("read a viewport as WIDTHxHEIGHT and refuse anything else with one line", () => {
    expect(browser.parseViewport("1280x800")).toEqual({ width: 1280, height: 800 });
    expect(() => browser.parseViewport("big")).toThrow(/WIDTHxHEIGHT/);
  });
});
