import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixedClock } from "@vellum/model";
import { applyPatch } from "rfc6902";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AUDIT_RULES, type AuditResult, runAudit, urlSource } from "../src/index.js";
import { SITE, startSite, type TestSite } from "./site.js";

interface JsonFinding {
  rule: string;
  severity: string;
  source: string;
  item: number | null;
  line: number | null;
  path: string;
  message: string;
  fingerprint: string;
}
interface JsonPage {
  url: string;
  section: string;
  status: string;
  findings: JsonFinding[];
  fix: { file: string; patch: unknown[] } | null;
}
interface AuditJson {
  format: string;
  summary: { pages: number; pagesWithErrors: number; byRule: Record<string, { findings: number }> };
  pages: JsonPage[];
}

const key = (f: JsonFinding) =>
  f.source === "page" ? `${f.rule} page ${f.path}` : `${f.rule} ${f.source}[${f.item}] ${f.path}`;

let site: TestSite;
let dir: string;
let result: AuditResult;
let report: AuditJson;

beforeAll(async () => {
  site = await startSite();
  dir = await mkdtemp(join(tmpdir(), "vellum-audit-"));
  result = await runAudit({
    source: urlSource(site.urls, { allowPrivate: true, delayMs: 0 }),
    sourceLabel: `${site.urls.length} URLs`,
    outDir: join(dir, "report"),
    workers: 0,
    sarif: true,
    clock: fixedClock("2026-01-05T10:00:00Z"),
  });
  report = JSON.parse(await readFile(join(dir, "report", "audit.json"), "utf8")) as AuditJson;
}, 120_000);

afterAll(async () => {
  await site?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("vellum audit of a site with a known error of each rule", () => {
  test("every rule of the catalog has a page that breaks it", () => {
    const covered = new Set(SITE.flatMap((p) => p.expected.map((e) => e.split(" ")[0])));
    expect(AUDIT_RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  test.each(SITE.map((p) => [p.path, p.expected] as const))(
    "%s: the report lists exactly its known findings",
    (path, expected) => {
      const page = report.pages.find((p) => new URL(p.url).pathname === path);
      expect(page, path).toBeDefined();
      expect(page?.findings.map(key).sort()).toEqual([...expected].sort());
    },
  );

  test("pages are in the order given, each in its section, the counts add up", () => {
    expect(report.pages.map((p) => p.url)).toEqual(site.urls);
    expect(new Set(report.pages.map((p) => p.section))).toEqual(new Set(["news", "blog"]));
    expect(report.summary.pages).toBe(SITE.length);
    const withErrors = report.pages.filter((p) => p.findings.some((f) => f.severity === "error"));
    expect(report.summary.pagesWithErrors).toBe(withErrors.length);
    expect(result.failed).toBe(true);
  });

  test("each finding has the line of its block, a message, a severity from the catalog", () => {
    const severities = new Map(AUDIT_RULES.map((r) => [r.id, r.severity]));
    for (const page of report.pages) {
      for (const f of page.findings) {
        expect(f.severity).toBe(severities.get(f.rule));
        expect(f.message.length).toBeGreaterThan(5);
        if (f.source !== "page") expect(f.line).toBeGreaterThan(0);
      }
    }
    const broken = report.pages.find((p) => p.url.endsWith("/invalid-json"));
    const html = SITE.find((p) => p.path === "/news/invalid-json")?.html(site.server.origin) ?? "";
    const lines = html.split("\n");
    const second = lines.findIndex(
      (l, i) =>
        l.includes('type="application/ld+json"') &&
        i > lines.findIndex((m) => m.includes("ld+json")),
    );
    expect(broken?.findings[0]?.line).toBe(second + 1);
  });

  test("the fix's patch turns the page's JSON-LD into the graph to paste", async () => {
    for (const page of report.pages) {
      if (page.fix === null) continue;
      const graph = JSON.parse(await readFile(join(dir, "report", page.fix.file), "utf8"));
      expect(graph["@context"]).toBe("https://schema.org");
    }
    const clean = report.pages.find((p) => p.url.endsWith("/markup-author-differs"));
    const fixJson = JSON.parse(
      await readFile(join(dir, "report", clean?.fix?.file ?? ""), "utf8"),
    ) as { "@graph": Array<Record<string, unknown>> };
    const people = fixJson["@graph"].filter((n) => n["@type"] === "Person").map((n) => n.name);
    expect(people).toContain("Ann Lee");
  });
});

describe("the fix", () => {
  test("applying the patch to the page's JSON-LD gives exactly the fixed graph", async () => {
    const { auditPage } = await import("../src/index.js");
    const html = SITE.find((p) => p.path === "/news/author-name-prefix")?.html(site.server.origin);
    const audit = auditPage(
      {
        kind: "page",
        url: `${site.server.origin}/news/author-name-prefix`,
        label: "x",
        bytes: new TextEncoder().encode(html),
        headers: [],
        status: 200,
      },
      0,
    );
    const from = structuredClone(audit.fix?.from);
    const errors = applyPatch(from, structuredClone(audit.fix?.patch ?? []) as never);
    expect(errors.every((e) => e === null)).toBe(true);
    expect(from).toEqual(audit.fix?.graph);
    const graph = audit.fix?.graph as { "@graph": Array<Record<string, unknown>> };
    const names = graph["@graph"].filter((n) => n["@type"] === "Person").map((n) => n.name);
    expect(names).toEqual(["Ann Lee"]);
  });
});
