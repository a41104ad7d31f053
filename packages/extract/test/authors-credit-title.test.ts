import { describe, expect, it } from "vitest";
import { extract } from "../src/index.js";

const page = (credit: string) =>
  `<html><head><title>Obstbaumschnitt im Winter</title></head><body><article><h1>Obstbaumschnitt im Winter</h1><p>Im Februar ist die beste Zeit, alte Apfelbäume auszulichten, bevor der Saft wieder steigt und die Knospen schwellen.</p><p>${credit}</p></article></body></html>`;

describe("authors: a credit line with a job title", () => {
  it("reads the part after one comma as the job title, not a second author", () => {
    const authors = extract(
      page("<strong>Autorin: Uta Weber, Leiterin der Abteilung</strong>"),
    ).authors;
    expect(authors.map((a) => a.name)).toEqual(["Uta Weber"]);
    const [uta] = authors;
    expect(uta?.type === "Person" && uta.jobTitle).toBe("Leiterin der Abteilung");
  });

  it("still lists several authors", () => {
    const authors = extract(
      page("<strong>Autoren: Uta Weber, Jan Roth und Eva Lind</strong>"),
    ).authors;
    expect(authors.map((a) => a.name)).toEqual(["Uta Weber", "Jan Roth", "Eva Lind"]);
  });
});

describe("authors: two names with one comma", () => {
  it("keeps both people when the part after the comma is a name", () => {
    const authors = extract(page("<strong>Autoren: Ada Roth, Ben Kurz</strong>")).authors;
    expect(authors.map((a) => a.name)).toEqual(["Ada Roth", "Ben Kurz"]);
  });
});
