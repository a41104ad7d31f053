import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { snapshot } from "@vellum/crawl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SITE, startSite, type TestSite } from "../../audit/test/site.js";
import { runCli } from "./run-cli.js";

const pick = (...paths: string[]) => SITE.filter((p) => paths.includes(p.path));

let site: TestSite;
let dir: string;
const url = (path: string) => `${site.server.origin}${path}`;
const polite = ["--allow-private", "--delay", "0", "--workers", "0"];

beforeAll(async () => {
  site = await startSite(
    pick(
      "/news/clean",
      "/news/image-narrow",
      "/news/http-context",
      "/news/markup-headline-differs",
    ),
  );
  dir = await mkdtemp(join(tmpdir(), "vellum-audit-cli-"));
});
afterAll(async () => {
  await site?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("vellum audit", () => {
  it("exits 0 when no page has an error, 1 when one has, and writes the report", async () => {
    const clean = await runCli(["audit", url("/news/clean"), "--out", join(dir, "a"), ...polite]);
    expect(clean.stderr).toBe("");
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/^1\/1 pages audited: 0 with errors, 0 with warnings; 0 errors/);
    const bad = await runCli([
      "audit",
      url("/news/clean"),
      url("/news/markup-headline-differs"),
      "--out",
      join(dir, "b"),
      ...polite,
    ]);
    expect(bad.code).toBe(1);
    const csv = await readFile(join(dir, "b", "findings.csv"), "utf8");
    expect(csv.split("\r\n")[0]).toBe("url,section,rule,severity,source,item,line,path,message");
    expect(csv).toContain(
      `${url("/news/markup-headline-differs")},news,markup-headline-differs,error,jsonld,0,`,
    );
    const pages = await readFile(join(dir, "b", "pages.csv"), "utf8");
    expect(pages.trim().split("\r\n")).toHaveLength(3);
    await expect(readFile(join(dir, "b", "index.html"), "utf8")).resolves.toContain(
      '<table id="pages">',
    );
  });

  it("--fail-on warning fails on warnings too; info never fails", async () => {
    const info = [url("/news/image-narrow"), "--fail-on", "warning", ...polite];
    expect((await runCli(["audit", ...info, "--out", join(dir, "c")])).code).toBe(0);
    const warning = [url("/news/http-context"), "--out", join(dir, "d"), ...polite];
    expect((await runCli(["audit", ...warning])).code).toBe(0);
    expect((await runCli(["audit", ...warning, "--fail-on", "warning"])).code).toBe(1);
  });

  it("--disable turns a rule off; an unknown rule is bad usage (2)", async () => {
    const args = ["audit", url("/news/markup-headline-differs"), ...polite];
    const off = await runCli([
      ...args,
      "--out",
      join(dir, "e"),
      "--disable",
      "markup-headline-differs",
    ]);
    expect(off.code).toBe(0);
    const typo = await runCli([...args, "--out", join(dir, "f"), "--disable", "headline-differs"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe(
      "vellum: no such audit rule: headline-differs (vellum audit --rules lists them)\n",
    );
  });

  it("--baseline reports only what is new", async () => {
    const first = [url("/news/markup-headline-differs"), ...polite];
    expect((await runCli(["audit", ...first, "--out", join(dir, "g")])).code).toBe(1);
    const again = await runCli([
      "audit",
      ...first,
      url("/news/http-context"),
      "--out",
      join(dir, "h"),
      "--baseline",
      join(dir, "g", "audit.json"),
    ]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("1 known from the baseline left out");
    const report = JSON.parse(await readFile(join(dir, "h", "audit.json"), "utf8"));
    const rules = report.pages.flatMap((p: { findings: { rule: string }[] }) =>
      p.findings.map((f) => f.rule),
    );
    expect(rules).toEqual(["http-context"]);
  });

  it("--format sarif writes a SARIF 2.1.0 log with a result per finding", async () => {
    const run = await runCli([
      "audit",
      url("/news/markup-headline-differs"),
      "--out",
      join(dir, "i"),
      "--format",
      "sarif",
      ...polite,
    ]);
    expect(run.code).toBe(1);
    const sarif = JSON.parse(await readFile(join(dir, "i", "audit.sarif"), "utf8"));
    expect(sarif.version).toBe("2.1.0");
    const results = sarif.runs[0].results;
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      ruleId: "markup-headline-differs",
      level: "error",
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: url("/news/markup-headline-differs") } },
          logicalLocations: [{ fullyQualifiedName: "jsonld[0].headline" }],
        },
      ],
    });
    const rule = sarif.runs[0].tool.driver.rules[results[0].ruleIndex];
    expect(rule.id).toBe("markup-headline-differs");
  });

  it("--rules lists every rule with its severity and guidance", async () => {
    const run = await runCli(["audit", "--rules"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^markup-author-differs\s+error\s+consistency\s+The markup names/m);
    expect(run.stdout).toMatch(/rules; turn one off with --disable RULE\n$/);
  });

  it("bad usage exits 2 with one line: no --out, no pages, a missing file, a directory that is not a report", async () => {
    expect((await runCli(["audit", url("/news/clean")])).stderr).toBe(
      "vellum: name the report directory with --out DIR (see vellum audit --help)\n",
    );
    expect((await runCli(["audit", "--out", join(dir, "j")])).code).toBe(2);
    const missing = await runCli(["audit", join(dir, "nope.html"), "--out", join(dir, "k")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no such file");
    const other = join(dir, "precious");
    await mkdir(other);
    await writeFile(join(other, "notes.txt"), "keep me");
    const refused = await runCli(["audit", url("/news/clean"), "--out", other, ...polite]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("is not a vellum audit report");
    await expect(readFile(join(other, "notes.txt"), "utf8")).resolves.toBe("keep me");
  });

  it("--sitemap audits the pages a sitemap lists", async () => {
    const run = await runCli([
      "audit",
      "--sitemap",
      url("/sitemap.xml"),
      "--out",
      join(dir, "m"),
      ...polite,
    ]);
    const report = JSON.parse(await readFile(join(dir, "m", "audit.json"), "utf8"));
    expect(report.pages.map((p: { url: string }) => p.url)).toEqual(site.urls.slice(0, -1));
    expect(report.source).toBe(`sitemap ${url("/sitemap.xml")}`);
    expect(run.code).toBe(0);
  });

  it("--collection audits a captured collection from its WARCs, fetching nothing", async () => {
    const collection = join(dir, "snap");
    await snapshot({
      urls: site.urls,
      outDir: collection,
      fetch: { allowPrivate: true, delayMs: 0 },
    });
    const hits = site.server.hits.length;
    const run = await runCli([
      "audit",
      "--collection",
      collection,
      "--out",
      join(dir, "n"),
      "--workers",
      "0",
    ]);
    expect(site.server.hits.length).toBe(hits);
    expect(run.code).toBe(1);
    const report = JSON.parse(await readFile(join(dir, "n", "audit.json"), "utf8"));
    const rules = (u: string) =>
      report.pages
        .find((p: { url: string }) => p.url === u)
        .findings.map((f: { rule: string }) => f.rule);
    expect(report.pages).toHaveLength(site.urls.length);
    expect(rules(url("/news/markup-headline-differs"))).toEqual(["markup-headline-differs"]);
    expect(rules(url("/news/clean"))).toEqual([]);
    const missing = await runCli([
      "audit",
      "--collection",
      join(dir, "nothing"),
      "--out",
      join(dir, "o"),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Not a collection");
  });

  it("audits saved files without fetching", async () => {
    const file = join(dir, "saved.html");
    await writeFile(
      file,
      SITE.find((p) => p.path === "/news/no-structured-data")?.html("https://x.example") ?? "",
    );
    const run = await runCli(["audit", file, "--out", join(dir, "l"), "--workers", "0"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(await readFile(join(dir, "l", "audit.json"), "utf8"));
    expect(report.pages[0].findings.map((f: { rule: string }) => f.rule)).toEqual([
      "no-structured-data",
    ]);
    expect(report.pages[0].section).toBe("(files)");
  });

  it("--out may name a directory whose parents do not exist yet", async () => {
    const file = join(dir, "saved-nested.html");
    await writeFile(
      file,
      SITE.find((p) => p.path === "/news/clean")?.html("https://x.example") ?? "",
    );
    const out = join(dir, "reports", "2026", "week-1");
    const run = await runCli(["audit", file, "--out", out, "--workers", "0"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    await expect(readFile(join(out, "audit.json"), "utf8")).resolves.toContain("vellum-audit/1");
  });
});
