import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const samples = fileURLToPath(new URL("../../../samples/", import.meta.url));
const seed = join(samples, "seed-wordpress", "page.html");
const seedUrl =
  "https://www.observerdaily.example/2020/09/28/azerbaijani-specialists-a-call-of-ceasefire-is-not-going-to-work/";

type Node = Record<string, unknown>;
const graphOf = (text: string) => (JSON.parse(text) as { "@graph": Node[] })["@graph"];

describe("vellum jsonld", () => {
  it("prints the graph for a saved page and its URL", async () => {
    const { code, stdout, stderr } = await runCli(["jsonld", seed, "--url", seedUrl]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc["@context"]).toBe("https://schema.org");
    const nodes = graphOf(stdout);
    const person = nodes.find((n) => n["@type"] === "Person");
    expect(person?.name).toBe("Elif İlhamoğlu");
    const article = nodes.find((n) => n["@id"] === `${seedUrl}#article`);
    expect(article?.author).toEqual([{ "@id": person?.["@id"] }]);
    expect(article).not.toHaveProperty("articleBody");
  });

  it("--embed prints a ready script block, --with-body adds articleBody", async () => {
    const { code, stdout } = await runCli([
      "jsonld",
      seed,
      "--url",
      seedUrl,
      "--embed",
      "--with-body",
    ]);
    expect(code).toBe(0);
    expect(stdout.startsWith('<script type="application/ld+json">\n')).toBe(true);
    expect(stdout.trimEnd().endsWith("</script>")).toBe(true);
    const json = stdout.slice(stdout.indexOf("\n") + 1, stdout.lastIndexOf("</script>"));
    const article = graphOf(json).find((n) => n["@id"] === `${seedUrl}#article`);
    expect(article?.articleBody).toContain("Alesger summed up the situation as follows:");
  });

  it("reads stdin and .gz like vellum extract, one document per line for several inputs", async () => {
    const html = readFileSync(seed);
    const piped = await runCli(["jsonld", "-", "--url", seedUrl], { stdin: html });
    expect(piped.code).toBe(0);
    const direct = await runCli(["jsonld", seed, "--url", seedUrl]);
    expect(piped.stdout).toBe(direct.stdout);
    const dir = mkdtempSync(join(tmpdir(), "vellum-jsonld-"));
    const gz = join(dir, "page.html.gz");
    writeFileSync(gz, gzipSync(html));
    const both = await runCli(["jsonld", gz, seed]);
    expect(both.code).toBe(0);
    const lines = both.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    // Each line names its input, then holds the same graph.
    const [a, b] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(a?.input).toBe(gz);
    expect(b?.input).toBe(seed);
    expect({ ...a, input: null }).toEqual({ ...b, input: null });
  });

  it("fetches an http(s) URL and builds the ids on it", async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(readFileSync(seed));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/news/1`;
      const { code, stdout, stderr } = await runCli(["jsonld", url, "--allow-private"]);
      expect(stderr).toBe("");
      expect(code).toBe(0);
      const ids = graphOf(stdout).map((n) => n["@id"]);
      // The page names its canonical URL, which wins over the address it was fetched from.
      expect(ids).toContain(`${seedUrl}#article`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("a missing file is one line and exit 2", async () => {
    const { code, stdout, stderr } = await runCli(["jsonld", "no/such/page.html"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
  });
});
