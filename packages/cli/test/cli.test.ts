import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { VELLUM_VERSION } from "@vellum/model";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const samples = fileURLToPath(new URL("../../../samples/", import.meta.url));
const seed = join(samples, "seed-wordpress", "page.html");
const seedUrl =
  "https://www.observerdaily.example/2020/09/28/azerbaijani-specialists-a-call-of-ceasefire-is-not-going-to-work/";

describe("vellum, as a command line", () => {
  it("--help lists every command, each with an example", async () => {
    const { code, stdout } = await runCli(["--help"]);
    expect(code).toBe(0);
    for (const command of ["extract", "jsonld", "validate", "snapshot", "bundle", "verify"]) {
      expect(stdout).toMatch(new RegExp(`vellum ${command} `));
    }
    expect(stdout).toContain("Examples:");
  });

  it("--version prints the version", async () => {
    const { code, stdout } = await runCli(["--version"]);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(VELLUM_VERSION);
  });

  it("an unknown command is one line and exit 2", async () => {
    const { code, stdout, stderr } = await runCli(["extrakt", seed]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/^vellum: /);
  });

  it("an unknown option is one line and exit 2", async () => {
    const { code, stdout, stderr } = await runCli(["extract", seed, "--colour"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain("colour");
  });

  it("no command at all is exit 2", async () => {
    const { code, stderr } = await runCli([]);
    expect(code).toBe(2);
    expect(stderr).toContain("command");
  });

  it("a missing file is one line naming it, exit 2, no stack trace", async () => {
    const { code, stdout, stderr } = await runCli(["extract", "no/such/page.html"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain("no/such/page.html");
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("--verbose adds the stack trace", async () => {
    const { code, stderr } = await runCli(["extract", "no/such/page.html", "--verbose"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/\n\s+at /);
  });

  it("--url with several inputs is a usage error", async () => {
    const { code, stderr } = await runCli(["extract", seed, seed, "--url", seedUrl]);
    expect(code).toBe(2);
    expect(stderr).toContain("--url");
  });
});

describe("vellum extract", () => {
  it("prints the seed article as JSON: author with bio, date, no boilerplate", async () => {
    const { code, stdout, stderr } = await runCli(["extract", seed, "--url", seedUrl]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const article = JSON.parse(stdout);
    expect(article.headline).toBe(
      "Azerbaijani specialists: A call of ceasefire is not going to work",
    );
    expect(article.authors).toHaveLength(1);
    expect(article.authors[0]).toMatchObject({ type: "Person", name: "Elif İlhamoğlu" });
    expect(article.authors[0].description).toMatch(/^Elif İlhamoğlu is political scientist/);
    expect(article.datePublished).toBe("2020-09-28T10:15:00+03:00");
    expect(article.body.text).toContain(
      "Azerbaijan-Armenia border clashes and the Karabakh problem",
    );
    for (const unwanted of ["Leave a Reply", "April 2024", "political scientist"]) {
      expect(article.body.text).not.toContain(unwanted);
    }
  });

  it("reads .html.gz, and stdin with -", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vellum-cli-"));
    const gz = join(dir, "page.html.gz");
    writeFileSync(gz, gzipSync(readFileSync(seed)));
    const fromGz = await runCli(["extract", gz, "--url", seedUrl, "--format", "text"]);
    expect(fromGz.code).toBe(0);
    const fromStdin = await runCli(["extract", "-", "--url", seedUrl, "--format", "text"], {
      stdin: readFileSync(seed),
    });
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toBe(fromGz.stdout);
    expect(fromGz.stdout).toContain("Alesger summed up the situation as follows:");
  });

  it("resolves relative paths against the directory the user typed in", async () => {
    const { code } = await runCli(["extract", "seed-wordpress/page.html"], { cwd: samples });
    expect(code).toBe(0);
  });

  it("prints one JSON object per line for several inputs", async () => {
    const pages = ["seed-wordpress", "yoast-graph", "two-authors-dek"].map((s) =>
      join(samples, s, "page.html"),
    );
    const { code, stdout } = await runCli(["extract", ...pages]);
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => JSON.parse(l).headline)).toEqual([
      "Azerbaijani specialists: A call of ceasefire is not going to work",
      "Library opens its 19th-century newspaper archive to everyone",
      "Coastal towns race to move roads away from eroding cliffs",
    ]);
  });

  it("--format jsonld prints a NewsArticle, Person and Organization graph", async () => {
    const { code, stdout } = await runCli([
      "extract",
      seed,
      "--url",
      seedUrl,
      "--format",
      "jsonld",
    ]);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    const types = (doc["@graph"] as { "@type": string }[]).map((n) => n["@type"]);
    expect(types).toContain("NewsArticle");
    expect(types).toContain("Person");
    expect(types.some((t) => t === "Organization" || t === "NewsMediaOrganization")).toBe(true);
  });

  it("--format markdown and html print the body", async () => {
    const md = await runCli(["extract", seed, "--url", seedUrl, "--format", "markdown"]);
    expect(md.stdout).toContain("## Azerbaijan-Armenia border clashes and the Karabakh problem");
    const html = await runCli(["extract", seed, "--url", seedUrl, "--format", "html"]);
    expect(html.stdout).toContain(
      "<h2>Azerbaijan-Armenia border clashes and the Karabakh problem</h2>",
    );
    expect(html.stdout).not.toContain("<script");
  });

  it("--header supplies a charset the file was served with", async () => {
    const page = join(samples, "legacy-windows-1254", "page.html");
    const { stdout } = await runCli([
      "extract",
      page,
      "--header",
      "Content-Type: text/html; charset=windows-1254",
      "--format",
      "text",
    ]);
    expect(stdout).toContain("İstanbul'un Anadolu yakasında");
  });

  it("a malformed --header is a usage error", async () => {
    const { code, stderr } = await runCli(["extract", seed, "--header", "nocolon"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--header");
  });
});

describe("--help examples", () => {
  it("prints every example command on one whole line, so it can be copied", async () => {
    const { COMMAND_NAMES, loadCommands } = await import("../src/commands/index.js");
    for (const command of await loadCommands(COMMAND_NAMES)) {
      const name = command.command.split(" ")[0] ?? "";
      const { code, stdout } = await runCli([name, "--help"]);
      expect(code).toBe(0);
      const lines = stdout.split("\n");
      for (const [example, description] of command.examples) {
        const whole = example.replace(/\$0/g, "vellum");
        expect(lines).toContain(`  ${whole}`);
        expect(lines).toContain(`  # ${description}`);
      }
    }
    const top = (await runCli(["--help"])).stdout.split("\n");
    expect(top).toContain("  vellum extract page.html --url https://example.com/news/1");
  });
});
