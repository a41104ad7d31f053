import { describe, expect, it } from "vitest";
import { authorNameProblems, cleanAuthorNames, normalizeDate } from "../src/index.js";

describe("author names", () => {
  it("accepts plain names in any script", () => {
    for (const name of [
      "Jane Doe",
      "Elif İlhamoğlu",
      "José Ortega y Gasset",
      "Doe, Jane",
      "Мария Иванова",
      "Anne-Laure Vidal",
    ]) {
      expect(authorNameProblems(name)).toEqual([]);
    }
  });

  it("finds what is not a name", () => {
    const codes = (n: string) => authorNameProblems(n).map((p) => p.code);
    expect(codes("By Jane Doe")).toContain("author-name-prefix");
    expect(codes("Jane Doe and John Roe")).toContain("author-name-multiple");
    expect(codes("Jane Doe, John Roe")).toContain("author-name-multiple");
    expect(codes("Jane Doe, Senior Reporter")).toContain("author-name-job-title");
    expect(codes("Dr. Jane Doe")).toContain("author-name-honorific");
    expect(codes("Jane Doe May 12, 2024")).toContain("author-name-date");
    expect(codes("jane@news.example")).toContain("author-name-contact");
    expect(codes("")).toEqual(["author-name-empty"]);
  });

  it("cleans bylines into names", () => {
    expect(cleanAuthorNames("By Jane Doe").names).toEqual(["Jane Doe"]);
    expect(cleanAuthorNames("by Jane Doe and John Roe").names).toEqual(["Jane Doe", "John Roe"]);
    expect(cleanAuthorNames("Jane Doe, Senior Reporter").names).toEqual(["Jane Doe"]);
    expect(cleanAuthorNames("Dr. Jane Doe | News Example").names).toEqual(["Jane Doe"]);
    expect(cleanAuthorNames("Von Jonas Beispielmann").names).toEqual(["Jonas Beispielmann"]);
    expect(cleanAuthorNames("Jane Doe, John Roe & Ann Poe").names).toEqual([
      "Jane Doe",
      "John Roe",
      "Ann Poe",
    ]);
  });
});

describe("dates", () => {
  it("keeps sound ISO 8601, cuts a zoneless time to its day, drops the rest", () => {
    expect(normalizeDate("2024-05-12T09:30:00+02:00")).toEqual({
      value: "2024-05-12T09:30:00+02:00",
      problem: null,
    });
    expect(normalizeDate("2024-05-12T07:30:00Z").value).toBe("2024-05-12T07:30:00Z");
    expect(normalizeDate("2024-05-12").value).toBe("2024-05-12");
    const zoneless = normalizeDate("2024-05-12T09:30:00");
    expect(zoneless.value).toBe("2024-05-12");
    expect(zoneless.problem).toMatch(/no time zone/);
    expect(normalizeDate("May 12, 2024").value).toBeNull();
    expect(normalizeDate("2024-02-30").value).toBeNull();
    expect(normalizeDate(null)).toEqual({ value: null, problem: null });
  });
});
