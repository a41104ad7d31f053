import { describe, expect, it } from "vitest";
import { parseDate } from "../src/index.js";

describe("parseDate", () => {
  it("keeps ISO 8601 offsets and normalises them", () => {
    expect(parseDate("2015-11-23T08:47:00.000Z")).toBe("2015-11-23T08:47:00Z");
    expect(parseDate("2015-11-23T08:47:00-0500")).toBe("2015-11-23T08:47:00-05:00");
    expect(parseDate("2015-11-23 08:47")).toBe("2015-11-23T08:47:00");
    expect(parseDate("2015-11-23")).toBe("2015-11-23");
  });

  it("reads RFC 2822 dates and Unix time as instants", () => {
    expect(parseDate("Mon, 23 Nov 2015 08:47:00 GMT")).toBe("2015-11-23T08:47:00Z");
    expect(parseDate("1448268420")).toBe("2015-11-23T08:47:00Z");
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
    expect(parseDate("14.08.21")).toBe("2021-08-14");
    expect(parseDate("Von: Ole Kranich | 28.02.24")).toBe("2024-02-28");
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
    expect(parseDate("2018-05-23T00:00:00+01:00")).toBe("2018-05-23");
    expect(parseDate("2018-05-23T00:00:00.000Z")).toBe("2018-05-23");
  });

  it("keeps any other time with its offset", () => {
    expect(parseDate("2017-02-11T00:37:00+01:00")).toBe("2017-02-11T00:37:00+01:00");
    expect(parseDate("2018-05-23T00:00:00")).toBe("2018-05-23T00:00:00");
  });
});

describe("parseDate: dotted dates with a space after each dot", () => {
  it("reads `6. 3. 2017` (German typesetting, often a thin space) day first", () => {
    expect(parseDate("Von Ortsgruppe Süd 6.\u20093.\u20092017.")).toBe("2017-03-06");
    expect(parseDate("12. 11. 2021")).toBe("2021-11-12");
    expect(parseDate("Punkte 4. 2. 20")).toBeNull();
  });
});

describe("parseDate: numeric dates with spaced bars or slashes", () => {
  it("reads `17 | 04 | 2023` like a slashed date", () => {
    expect(parseDate("17 | 04 | 2023")).toBe("2023-04-17");
    expect(parseDate("04 / 05 / 2022", { dayFirst: true })).toBe("2022-05-04");
  });

  it("needs the same separator twice and a four-digit year", () => {
    expect(parseDate("1 | 2 | 3 | 4")).toBeNull();
    expect(parseDate("Seite 3 / 12 | 2022")).toBeNull();
  });

  it("does not read a page counter before a year as a date", () => {
    expect(parseDate("Seite 1 / 12 / 2022")).toBeNull();
    expect(parseDate("page 2 / 9 / 2019")).toBeNull();
    expect(parseDate("S. 4 / 7 / 2020")).toBeNull();
    expect(parseDate("Heft 3 · 14 | 05 | 2020")).toBe("2020-05-14");
  });

  it("tries the spaced form when a compact number group is no valid day", () => {
    expect(parseDate("Az. 40-12-2020 · 25 | 03 | 2021")).toBe("2021-03-25");
  });
});
