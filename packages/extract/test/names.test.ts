import { describe, expect, it } from "vitest";
import { splitNames } from "../src/index.js";

describe("splitNames", () => {
  it("strips By/Von/Par/Por, job titles, dates and site names", () => {
    expect(splitNames("By Jane Doe, Senior Editor | March 3, 2019")).toEqual(["Jane Doe"]);
    expect(splitNames("Von Bertram Seibold")).toEqual(["Bertram Seibold"]);
    expect(splitNames("Par Marie Curie")).toEqual(["Marie Curie"]);
    expect(splitNames("Por Ana Gómez")).toEqual(["Ana Gómez"]);
    expect(splitNames("ByTrevor Hanlon")).toEqual(["Trevor Hanlon"]);
    expect(splitNames("By Jane Doe 3 hours ago")).toEqual(["Jane Doe"]);
    expect(splitNames("Von Max Muster14.05.2018")).toEqual(["Max Muster"]);
    expect(splitNames("kestrel1987")).toEqual(["kestrel1987"]);
    expect(splitNames("Posted by Bob Brown on March 3, 2019")).toEqual(["Bob Brown"]);
    expect(splitNames("Jane Doe for The Harbour Times", { siteName: "The Harbour Times" })).toEqual(
      ["Jane Doe"],
    );
  });

  it("splits several authors", () => {
    expect(splitNames("By Joel Smedley and Mary Jonas")).toEqual(["Joel Smedley", "Mary Jonas"]);
    expect(splitNames("Ann Lee, Bo Chen & Cy Diaz")).toEqual(["Ann Lee", "Bo Chen", "Cy Diaz"]);
    expect(splitNames("Lena Vogt und Max Roth")).toEqual(["Lena Vogt", "Max Roth"]);
  });

  it("never returns admin, Staff, the site name or a wire service as a person", () => {
    expect(splitNames("admin")).toEqual([]);
    expect(splitNames("Staff")).toEqual([]);
    expect(splitNames("Redaktion")).toEqual([]);
    expect(splitNames("Yonhap")).toEqual([]);
    expect(splitNames("The Daily Planet", { siteName: "The Daily Planet" })).toEqual([]);
    expect(splitNames("Hedda May")).toEqual(["Hedda May"]);
    expect(splitNames("April Sandor and Juli Brenneck")).toEqual(["April Sandor", "Juli Brenneck"]);
    expect(splitNames("Von Greta von der Aue")).toEqual(["Greta von der Aue"]);
  });
});

describe("splitNames: institutions and companies", () => {
  it("names no person in a foundation, association or company byline", () => {
    expect(splitNames("Karl-Reimers-Stiftung")).toEqual([]);
    expect(splitNames("Bund der Imker Verband")).toEqual([]);
    expect(splitNames("Nordlicht Medien GmbH www.nordlicht-medien.example")).toEqual([]);
    expect(splitNames("Lakeside University")).toEqual([]);
  });

  it("keeps people whose names merely contain those letters", () => {
    expect(splitNames("Augustin Verlagne")).toEqual(["Augustin Verlagne"]);
    expect(splitNames("Maria Institoris")).toEqual(["Maria Institoris"]);
  });
});

describe("splitNames: credits beside the writer's", () => {
  it("drops the picture credits that follow the writer", () => {
    expect(splitNames("Text von Jonas Feld Illustration von Mara Sommer")).toEqual(["Jonas Feld"]);
    expect(splitNames("By Ada Brook Photographs by Tim Vale")).toEqual(["Ada Brook"]);
  });

  it("reads both people in an interview credit, and no interviewee as author", () => {
    expect(splitNames("Lutz Berger im Gespräch mit Anke Roth")).toEqual([
      "Lutz Berger",
      "Anke Roth",
    ]);
    expect(splitNames("Text und Interview: Ole Brandt")).toEqual(["Ole Brandt"]);
    expect(splitNames("Interview mit Ole Brandt")).toEqual([]);
  });

  it("strips the kind of piece before 'von'", () => {
    expect(splitNames("Pressemitteilung von Petra Linde")).toEqual(["Petra Linde"]);
    expect(splitNames("Gastbeitrag von Petra Linde")).toEqual(["Petra Linde"]);
  });

  it("names no person in a cooperative or a role word", () => {
    expect(splitNames("Dorfladen eG")).toEqual([]);
    expect(splitNames("publisher")).toEqual([]);
  });
});

describe("splitNames: phrases that are not names", () => {
  it("rejects a lower-case word before capitalised ones, keeps particles", () => {
    expect(splitNames("deinen Gartenfreunden")).toEqual([]);
    expect(splitNames("schnell war die Ernte")).toEqual([]);
    expect(splitNames("van der Berg")).toEqual(["van der Berg"]);
    // Written small, several words are more often a phrase ("voir aussi") than a name.
    expect(splitNames("giulia rossi")).toEqual([]);
  });

  it("names no person in a body named for its members", () => {
    expect(splitNames("Bund der Obstbauern")).toEqual([]);
    expect(splitNames("Bund deutscher Baumschulen")).toEqual([]);
  });
});

describe("splitNames: handles and slashes", () => {
  it("keeps a forum's 'u/' handle whole and splits names around a slash", () => {
    expect(splitNames("u/kelpie42")).toEqual(["u/kelpie42"]);
    expect(splitNames("Anna Berg / Tom Roe")).toEqual(["Anna Berg", "Tom Roe"]);
  });
});

describe("splitNames: wire credits", () => {
  it("names no person in a bare wire credit", () => {
    expect(splitNames("Agencies")).toEqual([]);
    expect(splitNames("Bernama")).toEqual([]);
  });
});

describe("splitNames: publications and combined credits", () => {
  it("names no person in a publication's name", () => {
    expect(splitNames("Garten Illustrierte")).toEqual([]);
    expect(splitNames("Harbour Online")).toEqual([]);
  });

  it("reads 'Text & Fotos: Name' as one person", () => {
    expect(splitNames("Text & Fotos: Ivo Brandt")).toEqual(["Ivo Brandt"]);
  });
});

describe("splitNames: weekdays", () => {
  it("keeps names that start like a weekday", () => {
    expect(splitNames("Monika Gruber")).toEqual(["Monika Gruber"]);
    expect(splitNames("By Friedrich Merz")).toEqual(["Friedrich Merz"]);
    expect(splitNames("Fritz Kuhn")).toEqual(["Fritz Kuhn"]);
    expect(splitNames("Sundar Pichai")).toEqual(["Sundar Pichai"]);
    expect(splitNames("Satoshi Nakamoto")).toEqual(["Satoshi Nakamoto"]);
    expect(splitNames("Jane Monroe Smith")).toEqual(["Jane Monroe Smith"]);
  });

  it("still cuts a weekday that starts the date", () => {
    expect(splitNames("By Jane Doe on Monday, March 3, 2019")).toEqual(["Jane Doe"]);
    expect(splitNames("Jane Doe Tue, 4 Mar 2019")).toEqual(["Jane Doe"]);
  });
});

describe("splitNames: lower-case text", () => {
  it("takes a lower-case phrase for no name, a lower-case handle for one", () => {
    expect(splitNames("couvre la mairie.")).toEqual([]);
    expect(splitNames("Jean Roe et couvre la mairie.")).toEqual(["Jean Roe"]);
    expect(splitNames("kestrel")).toEqual(["kestrel"]);
  });
});

describe("splitNames: the site and its address", () => {
  it("reads the places after the site's name as no people", () => {
    expect(splitNames("HARBOUR TIMES, Kiel, Germany", { siteName: "Harbour Times" })).toEqual([]);
    expect(splitNames("Jane Doe, Ben Roe", { siteName: "Harbour Times" })).toEqual([
      "Jane Doe",
      "Ben Roe",
    ]);
  });
});
