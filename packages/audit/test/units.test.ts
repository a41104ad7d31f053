import { describe, expect, it } from "vitest";
import { sectionOf } from "../src/index.js";

describe("sectionOf", () => {
  it("is the first directory of the path, skipping dates and language codes", () => {
    expect(sectionOf("https://h.example/news/2024/05/ferry")).toBe("news");
    expect(sectionOf("https://h.example/2024/05/02/ferry/")).toBe("/");
    expect(sectionOf("https://h.example/en/sport/match-report")).toBe("sport");
    expect(sectionOf("https://h.example/ferry-returns")).toBe("/");
    expect(sectionOf("https://h.example/Kultur%C3%A9/x")).toBe("kulturé");
    expect(sectionOf(null)).toBe("(files)");
  });
});
