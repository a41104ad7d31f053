import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WarcWriter } from "@vellum/archive";
import { bytesPayload, countingIds, fixedClock } from "@vellum/model";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "vellum-bundle-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A snapshot directory as `vellum snapshot --out` lays it out: WARCs at the top, articles/, report.json. */
async function fixtureSnapshot(root: string): Promise<string> {
  const out = join(root, "snap");
  const writer = await WarcWriter.open({
    dir: out,
    prefix: "vellum",
    clock: fixedClock("2026-11-25T09:00:00Z"),
    ids: countingIds(),
    info: { software: "Vellum/0.1.0", robots: "obey" },
  });
  const url = "https://example.org/news/1";
  const html = new TextEncoder().encode("<html><title>One</title><p>Body.</p></html>");
  await writer.writeExchange({
    method: "GET",
    url,
    httpVersion: "HTTP/1.1",
    requestHeaders: [["User-Agent", "Vellum/0.1.0"]],
    status: 200,
    statusText: "OK",
    responseHeaders: [["Content-Type", "text/html"]],
    body: bytesPayload(html),
    truncated: null,
    ipAddress: "127.0.0.1",
    tls: null,
    startedAt: "2026-11-25T09:00:00Z",
    durationMs: 5,
  });
  await writer.close();
  await mkdir(join(out, "articles", "example-org-news-1"), { recursive: true });
  await writeFile(
    join(out, "articles", "example-org-news-1", "article.json"),
    JSON.stringify({ url, headline: "One" }),
  );
  await writeFile(join(out, "articles", "example-org-news-1", "article.md"), "# One\n");
  await writeFile(
    join(out, "report.json"),
    JSON.stringify({
      software: "Vellum/0.1.0",
      startedAt: "2026-11-25T09:00:00Z",
      finishedAt: "2026-11-25T09:00:01Z",
      robots: "obey",
      interrupted: false,
      warcFiles: writer.files,
      urls: [
        {
          url,
          outcome: "ok",
          status: 200,
          finalUrl: url,
          articleDir: "articles/example-org-news-1",
          error: null,
        },
      ],
    }),
  );
  return out;
}

describe("vellum bundle", () => {
  it("writes a WACZ beside the snapshot by default, which vellum verify accepts", async () => {
    const snap = await fixtureSnapshot(dir);
    const made = await runCli(["bundle", "snap"], { cwd: dir });
    expect(made.stderr).toBe("");
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/^vellum: wrote wacz .*snap\.wacz: 1 page\(s\), 1 record\(s\)/);
    const checked = await runCli(["verify", `${snap}.wacz`]);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toMatch(/: sound wacz/);
  });

  it("writes each bag format, --json prints the result", async () => {
    const snap = await fixtureSnapshot(dir);
    for (const [format, out] of [
      ["bag", "b"],
      ["bag-zip", "b.zip"],
      ["bag-tgz", "b.tar.gz"],
    ] as const) {
      const made = await runCli([
        "bundle",
        snap,
        "--format",
        format,
        "--out",
        join(dir, out),
        "--json",
        "--source-organization",
        "Test Org",
      ]);
      expect(made.code).toBe(0);
      const result = JSON.parse(made.stdout) as {
        format: string;
        path: string;
        payloadFiles: number;
      };
      expect(result).toMatchObject({ format, path: join(dir, out), payloadFiles: 5 });
      expect((await runCli(["verify", join(dir, out)])).code).toBe(0);
    }
    expect(await readFile(join(dir, "b", "bag-info.txt"), "utf8")).toContain(
      "Source-Organization: Test Org\n",
    );
  });

  it("fails with one line and exit 2 when the snapshot directory is missing", async () => {
    const result = await runCli(["bundle", join(dir, "nope"), "--format", "bag"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^vellum: the snapshot directory does not exist: .*nope/);
  });

  it("rejects an unknown format as bad usage", async () => {
    const result = await runCli(["bundle", dir, "--format", "rar"]);
    expect(result.code).toBe(2);
  });

  it("then verify exits 1 naming the file when one payload byte flips", async () => {
    const snap = await fixtureSnapshot(dir);
    const bag = join(dir, "bag");
    expect((await runCli(["bundle", snap, "--format", "bag", "--out", bag])).code).toBe(0);
    expect((await runCli(["verify", bag])).code).toBe(0);
    const md = join(bag, "data", "articles", "example-org-news-1", "article.md");
    const bytes = await readFile(md);
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    await writeFile(md, bytes);
    const result = await runCli(["verify", bag]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "error digest-mismatch data/articles/example-org-news-1/article.md",
    );
    expect(result.stdout).toMatch(/NOT sound: 2 error\(s\) in bag\n$/);
  });

  it("then verify --json names an edited bag-info.txt", async () => {
    const snap = await fixtureSnapshot(dir);
    const bag = join(dir, "bag");
    await runCli(["bundle", snap, "--format", "bag", "--out", bag]);
    await appendFile(join(bag, "bag-info.txt"), "Contact-Name: Someone Else\n");
    const result = await runCli(["verify", bag, "--json"]);
    expect(result.code).toBe(1);
    const parsed = JSON.parse(result.stdout) as {
      ok: boolean;
      findings: { code: string; path: string }[];
    };
    expect(parsed.ok).toBe(false);
    expect(parsed.findings).toContainEqual(
      expect.objectContaining({ code: "digest-mismatch", path: "bag-info.txt" }),
    );
  });

  it("then verify checks the snapshot's WARC record by record, and rejects a cut one", async () => {
    const snap = await fixtureSnapshot(dir);
    const warc = join(snap, "vellum-20261125090000-00000.warc.gz");
    const ok = await runCli(["verify", warc]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/sound warc \(3 record\(s\)/);
    const bytes = await readFile(warc);
    await writeFile(join(dir, "cut.warc.gz"), bytes.subarray(0, bytes.byteLength - 40));
    const cut = await runCli(["verify", join(dir, "cut.warc.gz")]);
    expect(cut.code).toBe(1);
    expect(cut.stdout).toMatch(/error gzip-damaged .*cut short/);
  });

  it("refuses to replace an existing output unless --force, and says which", async () => {
    const snap = await fixtureSnapshot(dir);
    const out = join(dir, "kept.wacz");
    await writeFile(out, "someone's only copy");
    const refused = await runCli(["bundle", snap, "--out", out]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toBe(
      `vellum: The output already exists: ${out} (pass --force to replace it, or choose another --out)\n`,
    );
    expect(await readFile(out, "utf8")).toBe("someone's only copy");
    const forced = await runCli(["bundle", snap, "--out", out, "--force"]);
    expect(forced.code).toBe(0);
    expect((await runCli(["verify", out])).code).toBe(0);
    // A bag directory is an output too.
    const bag = join(dir, "kept-bag");
    expect((await runCli(["bundle", snap, "--format", "bag", "--out", bag])).code).toBe(0);
    const again = await runCli(["bundle", snap, "--format", "bag", "--out", bag]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("The output already exists (a folder)");
  });

  it("an --out in a missing folder names that folder, not a temporary file", async () => {
    const snap = await fixtureSnapshot(dir);
    for (const format of ["wacz", "bag", "bag-zip", "bag-tgz"]) {
      const out = join(dir, "missing", "folder", `x-${format}`);
      const result = await runCli(["bundle", snap, "--format", format, "--out", out]);
      expect(result.code).toBe(5);
      expect(result.stderr).toBe(
        `vellum: The folder to write into does not exist: ${join(dir, "missing", "folder")} (create it first, or choose another output path)\n`,
      );
    }
  });

  it("an --out through a file is a clear error (exit 5), not an internal one", async () => {
    const snap = await fixtureSnapshot(dir);
    const file = join(dir, "some-file.html");
    await writeFile(file, "<p>a page</p>");
    for (const format of ["wacz", "bag"]) {
      const result = await runCli(["bundle", snap, "--format", format, "--out", join(file, "x")]);
      expect(result.code).toBe(5);
      expect(result.stderr).toBe(
        `vellum: The path to write into goes through a file: ${file} (a part of the path is a file, not a folder; choose another output path)\n`,
      );
    }
  });
});
