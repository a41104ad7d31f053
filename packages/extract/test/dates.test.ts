import { describe, expect, it } from "vitest";
import { parseDate } from "../src/index.js";

describe("parseDate", () => {
  it("keeps ISO 8601 offsets and normalises them", () => {
    expect(parseDate("2016-12-09T09:13:00.000Z")).toBe("2016-12-09T09:13:00Z");
    expect(parseDate("2016-12-09T09:13:00-0500")).toBe("2016-12-09T09:13:00-05:00");
    expect(parseDate("2016-12-09 09:13")).toBe("2016-12-09T09:13:00");
    expect(parseDate("2016-12-09")).toBe("2016-12-09");
  });

  it("reads RFC 2822 dates and Unix time as instants", () => {
    expect(parseDate("Fri, 09 Dec 2016 09:13:00 GMT")).toBe("2016-12-09T09:13:00Z");
    expect(parseDate("1481274780")).toBe("2016-12-09T09:13:00Z");
  });

  it("reads visible dates in many languages as the day only", () => {
    const cases: [string, string][] = [
      ["Posted on March 3, 2019", "2019-03-03"],
      ["Sep. 3rd, 2019 10:00 AM", "2019-09-03"],
      ["3. März 2019", "2019-03-03"],
      ["3 mars 2019", "2019-03-03"],
      ["3 de marzo de 2019", "2019-03-03"],
      ["3 marzo 2019", "2019-03-03"],
      ["3 de março de 2019", "2019-03-03"],
      ["3 maart 2019", "2019-03-03"],
      ["3 марта 2019 г.", "2019-03-03"],
      ["3 Mart 2019", "2019-03-03"],
      ["2019年3月3日", "2019-03-03"],
      ["2019년 3월 3일", "2019-03-03"],
      ["03.03.2019", "2019-03-03"],
      ["2019/03/03", "2019-03-03"],
    ];
    for (const [text, day] of cases) expect([text, parseDate(text)]).toEqual([text, day]);
  });

  it("reads slashed dates month-first unless told the page is day-first", () => {
    expect(parseDate("04/03/2019")).toBe("2019-04-03");
    expect(parseDate("04/03/2019", { dayFirst: true })).toBe("2019-03-04");
    expect(parseDate("25/03/2019")).toBe("2019-03-25");
  });

  it("rejects months without a day, impossible days and non-dates", () => {
    expect(parseDate("April 2024")).toBeNull();
    expect(parseDate("2019-02-30")).toBeNull();
    expect(parseDate("Call 555-1234")).toBeNull();
    expect(parseDate("")).toBeNull();
  });
});

describe("parseDate: two-digit years", () => {
  it("reads the dotted short form day first, with a fixed century pivot", () => {
    expect(parseDate("23.09.22")).toBe("2022-09-23");
    expect(parseDate("Von: Jana Roth | 31.10.23")).toBe("2023-10-31");
    expect(parseDate("01.02.99")).toBe("1999-02-01");
  });

  it("leaves version numbers and slashed short dates alone", () => {
    expect(parseDate("Version 10.12.22.4")).toBeNull();
    expect(parseDate("3/4/22")).toBeNull();
    expect(parseDate("31.13.22")).toBeNull();
  });
});

describe("parseDate: midnight timestamps", () => {
  it("reads exactly midnight with a zone as the day it stands for", () => {
    expect(parseDate("2022-01-28T00:00:00+01:00")).toBe("2022-01-28");
    expect(parseDate("2022-01-28T00:00:00.000Z")).toBe("2022-01-28");
  });

  it("keeps any other time with its offset", () => {
    expect(parseDate("2022-01-15T00:48:00+01:00")).toBe("2022-01-15T00:48:00+01:00");
    expect(parseDate("2022-01-28T00:00:00")).toBe("2022-01-28T00:00:00");
  });
});

describe("parseDate: dotted dates with a space after each dot", () => {
  it("reads `4. 2. 2022` (German typesetting, often a thin space) day first", () => {
    expect(parseDate("Von Landesverband Nord 4.\u20092.\u20092022.")).toBe("2022-02-04");
    expect(parseDate("12. 11. 2021")).toBe("2021-11-12");
    expect(parseDate("Punkte 4. 2. 20")).toBeNull();
  });
});

describe("parseDate: numeric dates with spaced bars or slashes", () => {
  it("reads `26 | 01 | 2022` like a slashed date", () => {
    expect(parseDate("26 | 01 | 2022")).toBe("2022-01-26");
    expect(parseDate("04 / 05 / 2022", { dayFirst: true })).toBe("2022-05-04");
  });

  it("needs the same separator twice and a four-digit year", () => {
    expect(parseDate("1 | 2 | 3 | 4")).toBeNull();
    expect(parseDate("Seite 3 / 12 | 2022")).toBeNull();
  });
});
