import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ExitCode } from "../src/exit-codes.js";
import { notAPage } from "../src/inputs.js";
import { runCli } from "./run-cli.js";

const seed = fileURLToPath(new URL("../../../samples/seed-wordpress/page.html", import.meta.url));
const yoast = fileURLToPath(new URL("../../../samples/yoast-graph/page.html", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "vellum-inputs-"));
function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
const empty = file("empty.html", "");
const blank = file("blank.html", "  \n\n \t\n");
// The start of a PNG: what a mis-saved image looks like.
const binary = file(
  "image.html",
  Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    Buffer.alloc(200, 7),
  ]),
);
const links = file("links.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>");

describe("a page with no article", () => {
  it.each([
    [empty, "the input is empty"],
    [blank, "the input is empty"],
    [binary, "the input is binary data, not an HTML page"],
  ])("%s: one stderr line, nothing on stdout, its own exit code", async (path, why) => {
    for (const command of ["extract", "jsonld"]) {
      const { code, stdout, stderr } = await runCli([command, path]);
      expect(code).toBe(ExitCode.noContent);
      expect(stdout).toBe("");
      expect(stderr).toBe(`vellum: No article found: ${path} (${why})\n`);
    }
  });

  it("a page of links says there is no main content", async () => {
    const { code, stderr } = await runCli(["extract", "--format", "markdown", links]);
    expect(code).toBe(ExitCode.noContent);
    expect(stderr).toMatch(/^vellum: No article found: .*links\.html \(no main content found; /);
  });

  it("validate does not call an empty or binary input valid", async () => {
    for (const path of [empty, binary]) {
      const { code, stdout, stderr } = await runCli(["validate", path]);
      expect(code).toBe(ExitCode.noContent);
      expect(stdout).toBe("");
      expect(stderr).toMatch(/^vellum: Nothing to validate: /);
      const json = await runCli(["validate", "--json", path]);
      expect(json.code).toBe(ExitCode.noContent);
      expect(json.stdout).not.toContain('"valid": true');
    }
  });
});

describe("several inputs", () => {
  it("a missing file fails alone; each output line names its input; the exit code says some failed", async () => {
    const missing = join(dir, "no-such-page.html");
    const { code, stdout, stderr } = await runCli(["extract", seed, missing, empty, seed]);
    expect(code).toBe(ExitCode.findings);
    const lines = stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { input: string });
    expect(lines.map((l) => l.input)).toEqual([seed, seed]);
    expect(stderr.trimEnd().split("\n")).toEqual([
      `vellum: no such file: ${missing} (check the path; URLs must start with http:// or https://)`,
      `vellum: No article found: ${empty} (the input is empty)`,
    ]);
  });

  it("every input failing the same way keeps that exit code", async () => {
    const { code, stderr } = await runCli(["extract", join(dir, "a.html"), join(dir, "b.html")]);
    expect(code).toBe(ExitCode.usage);
    expect(stderr.trimEnd().split("\n")).toHaveLength(2);
  });

  it("text renderings follow a line naming their input", async () => {
    const { code, stdout } = await runCli(["extract", "--format", "text", seed, seed]);
    expect(code).toBe(0);
    expect(stdout.match(/^==> .* <==$/gm)).toEqual([`==> ${seed} <==`, `==> ${seed} <==`]);
    expect(stdout.startsWith(`==> ${seed} <==\n`)).toBe(true);
  });

  it("jsonld --embed blocks follow a comment naming their input", async () => {
    const { stdout } = await runCli(["jsonld", "--embed", seed, "-"], {
      stdin: await import("node:fs").then((fs) => fs.readFileSync(seed)),
    });
    expect(stdout.match(/^<!-- input: .* -->$/gm)).toEqual([
      `<!-- input: ${seed} -->`,
      "<!-- input: - -->",
    ]);
  });

  it("validate prefixes each line with its input, and one bad input does not stop the rest", async () => {
    const { code, stdout, stderr } = await runCli(["validate", yoast, empty]);
    expect(code).toBe(ExitCode.findings);
    expect(stdout).toMatch(new RegExp(`^${yoast}: valid: `, "m"));
    expect(stderr).toBe(
      `vellum: Nothing to validate: ${empty} (the input is empty; give a JSON-LD file, an HTML page or its URL)\n`,
    );
  });
});

describe("gzipped inputs", () => {
  it("a gzip file of several members (its size field names the last only) is read whole", async () => {
    const page = readFileSync(seed);
    const cut = Math.floor(page.byteLength * 0.9);
    const members = file(
      "members.html.gz",
      Buffer.concat([gzipSync(page.subarray(0, cut)), gzipSync(page.subarray(cut))]),
    );
    const whole = file("whole.html.gz", gzipSync(page));
    const fromMembers = await runCli(["extract", "--format", "html", members]);
    const fromWhole = await runCli(["extract", "--format", "html", whole]);
    expect(fromMembers.code).toBe(ExitCode.ok);
    expect(fromMembers).toEqual(fromWhole);
    expect(fromWhole.stdout).toEqual((await runCli(["extract", "--format", "html", seed])).stdout);
  });
});

describe("notAPage", () => {
  /** The byte loop it replaced, kept as the reference. */
  function byByte(bytes: Uint8Array): string | null {
    const head = bytes.subarray(0, 4096);
    let control = 0;
    let blank = true;
    for (const byte of head) {
      if (byte === 0) return "the input is binary data, not an HTML page";
      if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c)
        control++;
      if (blank && byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) blank = false;
    }
    if (
      blank &&
      bytes.subarray(4096).every((b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d)
    )
      return "the input is empty";
    if (control > head.byteLength / 10) return "the input is binary data, not an HTML page";
    return null;
  }

  it("answers as a byte-by-byte reading does, for any bytes", () => {
    // Bytes drawn mostly from white space, control characters and text, so every branch is hit.
    const byte = fc.oneof(
      fc.constantFrom(0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20),
      fc.integer({ min: 0x01, max: 0x1f }),
      fc.integer({ min: 0x00, max: 0xff }),
    );
    const page = fc.oneof(
      fc.array(byte, { maxLength: 600 }),
      fc.array(fc.constantFrom(0x20, 0x09, 0x0a, 0x0d), { minLength: 4090, maxLength: 4200 }),
      fc
        .tuple(
          fc.array(fc.constantFrom(0x20, 0x0a), { minLength: 4096, maxLength: 4096 }),
          fc.array(byte, { maxLength: 8 }),
        )
        .map(([a, b]) => [...a, ...b]),
      fc.array(fc.integer({ min: 0x01, max: 0x7f }), { minLength: 4000, maxLength: 5000 }),
    );
    fc.assert(
      fc.property(page, fc.nat(16), (values, offset) => {
        // A view into a larger buffer, as pooled reads are.
        const backing = new Uint8Array(values.length + offset + 3).fill(0x41);
        backing.set(values, offset);
        const bytes = backing.subarray(offset, offset + values.length);
        expect(notAPage(bytes)).toBe(byByte(bytes));
      }),
      { numRuns: 2000 },
    );
  });
});
