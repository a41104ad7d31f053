import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { extract } from "@vellum/extract";
import { describe, expect, it, vi } from "vitest";
import { runCli } from "./run-cli.js";

/** The `metadata` option of every page the pool was asked to extract. */
const asked = vi.hoisted(() => ({ metadata: [] as (boolean | undefined)[] }));

vi.mock("@vellum/extract", async (importOriginal) => {
  const original = await importOriginal<typeof import("@vellum/extract")>();
  return {
    ...original,
    createExtractPool: (...args: Parameters<typeof original.createExtractPool>) => {
      const pool = original.createExtractPool(...args);
      return {
        ...pool,
        extract: (...page: Parameters<typeof pool.extract>) => {
          asked.metadata.push(page[1]?.metadata);
          return pool.extract(...page);
        },
        close: () => pool.close(),
      };
    },
  };
});

const seed = fileURLToPath(new URL("../../../samples/seed-wordpress/page.html", import.meta.url));

describe("vellum extract --format text / html", () => {
  it("prints the body without reading the metadata, which it does not print", async () => {
    const article = extract(readFileSync(seed));
    for (const [format, body] of [
      ["text", article.body.text],
      ["html", article.body.html],
    ] as const) {
      asked.metadata.length = 0;
      const { code, stdout } = await runCli(["extract", "--format", format, seed]);
      expect(code).toBe(0);
      expect(stdout).toBe(`${body}\n`);
      expect(asked.metadata).toEqual([false]);
    }
  });

  it("reads the metadata for the other formats, and with --verbose (it prints their warnings)", async () => {
    for (const args of [
      ["--format", "json"],
      ["--format", "markdown"],
      ["--format", "jsonld"],
      ["--format", "text", "--verbose"],
    ]) {
      asked.metadata.length = 0;
      const { code } = await runCli(["extract", ...args, seed]);
      expect(code, args.join(" ")).toBe(0);
      expect(asked.metadata, args.join(" ")).toEqual([true]);
    }
  });
});
