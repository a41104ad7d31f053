import { describe, expect, it } from "vitest";
import { extract } from "../src/index.js";

const prose =
  "<p>The orchard society met on Thursday evening to plan the spring grafting course, which will again take place in the old school garden behind the church, weather permitting, for members and guests.</p>";
const names = (tail: string) =>
  extract(
    `<html><head><title>Grafting course</title></head><body><article><h1>Grafting course</h1>${prose}${prose}${tail}</article></body></html>`,
  ).authors.map((a) => a.name);

describe("authors: the signature under the text", () => {
  it("reads a sign-off as no name", () => {
    expect(names("<p><em>Best Regards</em></p>")).toEqual([]);
    expect(names("<p><em>Viele Grüße</em></p>")).toEqual([]);
  });

  it("reads an all-caps line as no name", () => {
    expect(names("<p><strong>GRAFTING COURSE</strong></p>")).toEqual([]);
  });

  it("reads a name followed by more text as no signature", () => {
    expect(names("<p><em>Bruno Falk</em></p><p>Registration opens in March.</p>")).toEqual([]);
  });

  it("still reads a name that closes the text, footnotes allowed after it", () => {
    expect(names('<p align="right"><em>Bruno Falk</em></p>')).toEqual(["Bruno Falk"]);
    expect(
      names('<p align="right"><em>Bruno Falk</em></p><p>(1) Figures from the society.</p>'),
    ).toEqual(["Bruno Falk"]);
  });
});
