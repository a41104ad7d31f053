import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExitCode } from "../src/exit-codes.js";
import { runCli } from "./run-cli.js";

const samplesDir = fileURLToPath(new URL("../../../samples/", import.meta.url));
const samples = readdirSync(samplesDir).filter((d) => existsSync(join(samplesDir, d, "page.html")));
const dir = mkdtempSync(join(tmpdir(), "vellum-validate-"));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

function article(props: Record<string, unknown> = {}, person: Record<string, unknown> = {}) {
  return {
    "@context": "https://schema.org",
    "@graph": [
      {
        "@type": "NewsArticle",
        "@id": "https://news.example/a#article",
        headline: "A headline",
        image: "https://news.example/a.jpg",
        datePublished: "2024-05-12T09:30:00+02:00",
        author: { "@id": "https://news.example/#/schema/person/1" },
        ...props,
      },
      {
        "@type": "Person",
        "@id": "https://news.example/#/schema/person/1",
        name: "Jane Doe",
        ...person,
      },
    ],
  };
}

describe("vellum validate", () => {
  it.each(samples)("passes what vellum jsonld emits for sample %s", async (sample) => {
    const meta = JSON.parse(readFileSync(join(samplesDir, sample, "meta.json"), "utf8")) as {
      url: string;
    };
    const page = join(samplesDir, sample, "page.html");
    const emitted = await runCli(["jsonld", page, "--url", meta.url]);
    expect(emitted.code).toBe(0);
    const jsonld = file(`${sample}.jsonld`, emitted.stdout);
    const checked = await runCli(["validate", jsonld]);
    expect(checked.stdout).not.toMatch(/^error /m);
    expect(checked.code).toBe(0);
    const ours = await runCli(["validate", page, "--url", meta.url, "--ours", "--json"]);
    expect(ours.code).toBe(0);
    expect(JSON.parse(ours.stdout)).toMatchObject({
      valid: true,
      errors: 0,
      inputs: [{ checked: "ours" }],
    });
  });

  it.each([
    [
      "an unknown type",
      article({ "@type": "NewsArtikel" }),
      "$['@graph'][0]['@type']",
      "unknown-type",
    ],
    [
      "a misspelled property",
      article({ wordcount: 12 }),
      "$['@graph'][0].wordcount",
      "unknown-property",
    ],
    [
      "a property on the wrong type",
      article({}, { wordCount: 3 }),
      "$['@graph'][1].wordCount",
      "property-not-applicable",
    ],
    [
      "a date without a time zone",
      article({ datePublished: "2024-05-12T09:30:00" }),
      "$['@graph'][0].datePublished",
      "date-without-time-zone",
    ],
    [
      '"By Jane Doe" as an author name',
      article({}, { name: "By Jane Doe" }),
      "$['@graph'][0].author",
      "author-name-prefix",
    ],
    [
      "two people in one author name",
      article({}, { name: "Jane Doe & John Roe" }),
      "$['@graph'][0].author",
      "author-name-multiple",
    ],
    [
      "a dangling @id",
      article({ publisher: { "@id": "https://news.example/#org" } }),
      "$['@graph'][0].publisher",
      "dangling-id",
    ],
    ["invalid JSON", '{"@context": "https://schema.org", "@type": ', "$", "invalid-json"],
  ])("catches %s: one line with its path, exit 1", async (_what, doc, path, code) => {
    const { code: exit, stdout } = await runCli(["validate", file(`${code}.jsonld`, doc)]);
    expect(exit).toBe(1);
    const line = stdout.split("\n").find((l) => l.includes(code));
    expect(line).toMatch(/^error +/);
    expect(line).toContain(` ${path} `);
    expect(stdout).toMatch(/^invalid: \d+ errors?, \d+ warnings?$/m);
  });

  it("reads JSON-LD from stdin", async () => {
    const { code, stdout } = await runCli(["validate", "-"], { stdin: JSON.stringify(article()) });
    expect(stdout).toBe("valid: 0 errors, 0 warnings\n");
    expect(code).toBe(0);
  });

  it("--json gives a machine-readable report", async () => {
    const { code, stdout } = await runCli([
      "validate",
      file("misspelled.json", article({ wordcount: 1 })),
      "--json",
    ]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ valid: false, errors: 1, warnings: 0 });
    expect(report.inputs[0].findings).toEqual([
      {
        severity: "error",
        path: "$['@graph'][0].wordcount",
        code: "unknown-property",
        message: expect.stringContaining('did you mean "wordCount"'),
      },
    ]);
  });

  it("checks a page's own JSON-LD blocks, each by its index", async () => {
    const sound = JSON.stringify(article());
    const html = `<html><head><script type="application/ld+json">${sound}</script>
      <script type="application/ld+json">{"@context": "https://schema.org", "@type": "Person", "name": </script></head></html>`;
    const { code, stdout } = await runCli(["validate", file("page.html", html)]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^error +\$\[1\] {2}invalid-json/m);
    expect(stdout).not.toMatch(/\$\[0\]/);

    const yoast = join(samplesDir, "yoast-graph", "page.html");
    if (existsSync(yoast)) expect((await runCli(["validate", yoast])).code).toBe(0);

    const none = await runCli([
      "validate",
      file("none.html", "<html><body><p>Hi</p></body></html>"),
    ]);
    // Nothing to check is not "valid": its own line and exit code.
    expect(none.code).toBe(ExitCode.noContent);
    expect(none.stdout).toContain("no-jsonld");
    expect(none.stdout).toMatch(/^nothing checked: no JSON-LD in the page$/m);
    expect(none.stdout).not.toMatch(/^valid/m);
  });

  describe("over HTTP", () => {
    const server = createServer((req, res) => {
      if (req.url === "/a.jsonld") {
        res.writeHead(200, { "content-type": "application/ld+json" });
        res.end(JSON.stringify(article({ wordcount: 1 })));
      } else {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end(`<script type="application/ld+json">${JSON.stringify(article())}</script>`);
      }
    });
    let base = "";
    beforeAll(async () => {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it("fetches a URL: JSON-LD by its content type, a page by its blocks", async () => {
      const bad = await runCli(["validate", `${base}/a.jsonld`, "--allow-private"]);
      expect(bad.code).toBe(1);
      expect(bad.stdout).toContain("unknown-property");
      const page = await runCli(["validate", `${base}/page`, "--allow-private"]);
      expect(page.stdout).toContain("valid: 0 errors");
      expect(page.code).toBe(0);
    });
  });
});
