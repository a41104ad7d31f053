import { expect, it } from "vitest";
import { VALIDATION_RULES, validateJsonLd, validationRule } from "../src/index.js";

it("every rule has a unique id, a one-line summary and an https link to its guidance", () => {
  const ids = VALIDATION_RULES.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const rule of VALIDATION_RULES) {
    expect(rule.id).toMatch(/^[a-z]+(?:-[a-z0-9]+)*$/);
    expect(rule.summary).not.toMatch(/\n/);
    expect(rule.summary.length).toBeLessThanOrEqual(100);
    expect(rule.guidance).toMatch(/^https:\/\/[^\s]+$/);
  }
});

it("a finding's severity is its rule's", () => {
  const report = validateJsonLd({
    "@context": "http://schema.org",
    "@type": "NewsArticle",
    headline: "x".repeat(120),
    datePublished: "2024-05-12T09:30:00",
    author: "By Jane Doe",
    wordcount: 3,
  });
  expect(report.findings.length).toBeGreaterThan(4);
  for (const f of report.findings)
    expect(f.severity).toBe(validationRule(f.code as never).severity);
});
