import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixedClock } from "@vellum/model";
import { describe, expect, it, vi } from "vitest";
import { OUTPUT_SLICE, writeLarge } from "../src/display/large-output.js";
import { main } from "../src/main.js";

const collections = vi.hoisted(() => [] as { format: string; characters: number }[]);
const current = vi.hoisted(() => ({ format: "" }));

vi.mock("../src/large-pages.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../src/large-pages.js")>();
  return {
    ...original,
    collectAfterLargePage: (page: { characters: number }) => {
      collections.push({ format: current.format, characters: page.characters });
      original.collectAfterLargePage(page);
    },
  };
});

class Recording {
  readonly chunks: string[] = [];
  readonly isTTY = false;
  write(chunk: string) {
    this.chunks.push(chunk);
    return true;
  }
}

describe("writeLarge", () => {
  it("writes a long string in slices, never between the halves of a surrogate pair", () => {
    // A pair straddles the first slice boundary: the slice ends before it instead.
    const text = `${"a".repeat(OUTPUT_SLICE - 1)}😀${"b".repeat(OUTPUT_SLICE + 5)}`;
    const sink = new Recording();
    writeLarge(sink, text);
    expect(sink.chunks.join("")).toBe(text);
    expect(sink.chunks.map((c) => c.length)).toEqual([OUTPUT_SLICE - 1, OUTPUT_SLICE, 7]);
  });

  it("writes a short string whole, and nothing for an empty one", () => {
    const sink = new Recording();
    writeLarge(sink, "");
    writeLarge(sink, "short");
    expect(sink.chunks).toEqual(["short"]);
  });
});

describe("vellum extract on a page with a large body", () => {
  it("prints the body in slices (a whole one is encoded into a buffer as large as itself), and collects after reading it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vellum-large-output-"));
    try {
      const paragraph =
        "The council said on Tuesday that the harbour plan would cost more than expected.";
      const body = Array.from({ length: 13_000 }, (_, i) => `<p>${paragraph} ${i}</p>`).join("\n");
      const file = join(dir, "page.html");
      writeFileSync(
        file,
        `<!doctype html><html><head><title>Harbour</title></head><body><article><h1>Harbour</h1>${body}</article></body></html>`,
      );
      for (const format of ["text", "html", "markdown", "json"]) {
        current.format = format;
        const stdout = new Recording();
        const stderr = new Recording();
        const code = await main(["extract", file, "--format", format], {
          stdout,
          stderr,
          stdin: (async function* () {})(),
          cwd: dir,
          clock: fixedClock("2026-01-01T00:00:00Z"),
          signal: new AbortController().signal,
        });
        expect(code).toBe(0);
        const printed = stdout.chunks.join("");
        expect(printed.length).toBeGreaterThan(OUTPUT_SLICE);
        expect(printed).toContain("12999");
        expect(printed.endsWith("\n")).toBe(true);
        if (format !== "markdown") expect(printed).toContain(`${paragraph} 12999`);
        expect(Math.max(...stdout.chunks.map((c) => c.length))).toBeLessThanOrEqual(OUTPUT_SLICE);
      }
      const count = (format: string) => collections.filter((c) => c.format === format).length;
      // Once the page is read (every format; the 1.1 M characters page is under the size that
      // collects, so the call is all there is to see), then around a Markdown, HTML or JSON
      // output, whose renderings leave garbage behind.
      expect(["text", "html", "markdown", "json"].map(count)).toEqual([1, 2, 2, 2]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
