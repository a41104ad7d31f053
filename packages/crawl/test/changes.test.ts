import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixedClock } from "@vellum/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareArticles, renderWordDiff } from "../src/changes/compare.js";
import { Collection } from "../src/collection/collection.js";
import type { ArticleInput } from "../src/collection/types.js";
import { changesUri } from "../src/snapshot/capture.js";
import { snapshot } from "../src/snapshot/run.js";
import { readAndVerifyWarcs, startServer, type TestServer } from "./snapshot-helpers.js";
import { fast } from "./snapshot-site.js";

const base: ArticleInput = {
  headline: "Council approves the budget",
  dek: "The vote was close",
  authors: ["Ann Lee"],
  datePublished: "2026-11-20",
  dateModified: "2026-11-20",
  language: "en",
  wordCount: 30,
  publisher: null,
  bodyText:
    "The council met on Tuesday.\n\nIt approved the budget by five votes to four.\n\nThe mayor said little.",
  textDigest: "sha256:a",
};

describe("compareArticles", () => {
  it("finds nothing when what a reader sees is the same", () => {
    expect(compareArticles(base, { ...base })).toBeNull();
    // Whitespace inside a paragraph is layout, not an edit.
    expect(
      compareArticles(base, {
        ...base,
        bodyText: base.bodyText.replace("met on", "met   on"),
        textDigest: "sha256:b",
      }),
    ).toBeNull();
  });

  it("diffs the body by paragraph, then by word, and flags a silent edit", () => {
    const after = {
      ...base,
      bodyText:
        "The council met on Tuesday.\n\nIt approved the budget by six votes to three.\n\nThe mayor said little.\n\nA correction was added.",
      textDigest: "sha256:c",
    };
    const change = compareArticles(base, after);
    expect(change?.fields).toEqual(["body"]);
    expect(change?.silent).toBe(true);
    expect(change?.diff.body).toEqual({
      paragraphsAdded: 1,
      paragraphsRemoved: 0,
      paragraphsChanged: 1,
      wordsAdded: 6,
      wordsRemoved: 2,
    });
    const body = change?.diff.fields.find((f) => f.field === "body");
    expect(renderWordDiff(body?.parts ?? [])).toBe(
      "It approved the budget by [-five-]{+six+} votes to [-four-]{+three+}.\n\n{+A correction was added.+}",
    );
  });

  it("cuts long unchanged text around an edit when asked for context", () => {
    const parts = [
      { op: "same" as const, text: "One two three four five six seven eight nine ten " },
      { op: "remove" as const, text: "eleven" },
      { op: "add" as const, text: "twelve" },
      { op: "same" as const, text: " thirteen fourteen fifteen sixteen seventeen eighteen" },
    ];
    expect(renderWordDiff(parts, 12)).toBe("… nine ten [-eleven-]{+twelve+} thirteen …");
    expect(renderWordDiff(parts)).toContain("One two three");
  });

  it("reports headline, dek, authors and dates, and an edit the site dated is not silent", () => {
    const change = compareArticles(base, {
      ...base,
      headline: "Council approves a smaller budget",
      authors: ["Ann Lee", "Bo Chen"],
      dateModified: "2026-11-22",
      bodyText: base.bodyText.replace("little", "nothing"),
      textDigest: "sha256:d",
    });
    expect(change?.fields).toEqual(["headline", "authors", "dateModified", "body"]);
    expect(change?.silent).toBe(false);
    expect(renderWordDiff(change?.diff.fields[0]?.parts ?? [])).toBe(
      "Council approves [-the-]{+a smaller+} budget",
    );
  });
});

describe("recapture", () => {
  let server: TestServer;
  let out: string;
  let body = "The council met on Tuesday to discuss the budget for the coming year.";
  let modified = "2026-11-20T09:00:00Z";
  const html = () =>
    `<!doctype html><html><head><title>Budget</title><meta property="article:modified_time" content="${modified}"></head><body><article><h1>Council approves the budget</h1>` +
    `<p>${body} ${"Residents asked questions about roads, schools and the library. ".repeat(6)}</p>` +
    `<p>${"The mayor thanked the staff for their work on the plan. ".repeat(6)}</p></article></body></html>`;

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), "vellum-changes-"));
    server = await startServer({
      "/robots.txt": (_q, res) => {
        res.writeHead(200, { "Content-Type": "text/plain" });
        res.end("User-agent: *\nAllow: /\n");
      },
      "/budget": (_q, res) => {
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
        res.end(html());
      },
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(out, { recursive: true, force: true });
  });

  it("records an edit found on recapture, in the database and as a WARC metadata record", async () => {
    const dir = join(out, "c");
    const url = `${server.origin}/budget`;
    await snapshot({
      urls: [url],
      outDir: dir,
      fetch: fast,
      clock: fixedClock("2026-11-25T10:00:00Z"),
    });
    // Unchanged: a revisit, no edit.
    const same = await snapshot({
      outDir: dir,
      fetch: fast,
      recapture: true,
      clock: fixedClock("2026-11-26T10:00:00Z"),
    });
    expect(same.run).toMatchObject({ captured: 1, changes: 0 });

    body = "The council met on Wednesday to discuss the budget for the coming year.";
    const silent = await snapshot({
      outDir: dir,
      fetch: fast,
      recapture: true,
      clock: fixedClock("2026-11-27T10:00:00Z"),
    });
    expect(silent.run).toMatchObject({ captured: 1, changes: 1, silentChanges: 1 });

    modified = "2026-11-28T08:00:00Z";
    body = "The council met on Wednesday to debate the budget for the coming year.";
    await snapshot({
      outDir: dir,
      fetch: fast,
      recaptureBefore: "2026-11-28T00:00:00Z",
      clock: fixedClock("2026-11-28T10:00:00Z"),
    });

    const c = Collection.open(dir, { create: false });
    const changes = [...c.changes({ url })];
    expect(c.status().changes).toEqual({ total: 2, silent: 1 });
    c.close();
    expect(changes.map((ch) => [ch.fields, ch.silent])).toEqual([
      [["body"], true],
      [["dateModified", "body"], false],
    ]);
    expect(changes[0]).toMatchObject({
      fromCapturedAt: expect.stringMatching(/^2026-11-26/),
      toCapturedAt: expect.stringMatching(/^2026-11-27/),
    });
    const bodyDiff = changes[0]?.diff.fields.find((f) => f.field === "body");
    expect(renderWordDiff(bodyDiff?.parts ?? [])).toContain("met on [-Tuesday-]{+Wednesday+} to");

    const records = await readAndVerifyWarcs(
      dir,
      readdirSync(dir).filter((n) => n.endsWith(".warc.gz")),
    );
    const edits = records.filter(
      (r) => r.type === "metadata" && r.headers.get("warc-target-uri") === changesUri(url),
    );
    expect(edits).toHaveLength(2);
    const byId = new Map(records.map((r) => [r.headers.get("warc-record-id"), r]));
    for (const e of edits) {
      // Tied to the capture it describes and to the one it was compared with, both the page's.
      expect(byId.get(e.headers.get("warc-concurrent-to"))?.headers.get("warc-target-uri")).toBe(
        url,
      );
      expect(byId.get(e.headers.get("warc-refers-to"))?.headers.get("warc-target-uri")).toBe(url);
      expect(JSON.parse(e.block.toString("utf8"))).toMatchObject({
        url,
        fields: expect.any(Array),
      });
    }
  });
});
