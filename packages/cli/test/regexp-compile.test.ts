import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const flags = new URL("../src/regexp-compile.ts", import.meta.url).href;
const bin = fileURLToPath(new URL("../src/bin.ts", import.meta.url));
const root = fileURLToPath(new URL("../../../", import.meta.url));

/**
 * What V8 traces (`--trace-regexp-tier-up`) for a new expression used five times, after the
 * script's `setup`: one "needs tier-up compilation" line when it starts in the interpreter.
 */
function tierUpsAfter(setup: string): string {
  const script = `${setup}
    process.stdout.write("--- set up\\n");
    const fresh = new RegExp("vel+um" + String(process.pid % 7));
    for (let i = 0; i < 5; i++) fresh.test("vellum" + i);`;
  const run = spawnSync(
    process.execPath,
    ["--trace-regexp-tier-up", "--import", "tsx", "--input-type=module", "-e", script],
    { cwd: root, encoding: "utf8" },
  );
  expect(run.status, run.stderr).toBe(0);
  const after = run.stdout.split("--- set up\n")[1];
  expect(after).toBeDefined();
  return after ?? "";
}

describe("regular expressions in the CLI", () => {
  it("start in V8's interpreter and tier up without the CLI's flag", () => {
    expect(tierUpsAfter("")).toMatch(/tier-up/);
  });

  it("are compiled to machine code on their first use once the CLI's flag module has run", () => {
    expect(tierUpsAfter(`await import(${JSON.stringify(flags)});`)).not.toMatch(/tier-up/);
  });

  it("the binary imports that module before any other, so its flag is set before their code runs", () => {
    const imports = [...readFileSync(bin, "utf8").matchAll(/^import\s[^;]*?["']([^"']+)["'];/gms)];
    expect(imports[0]?.[1]).toBe("./regexp-compile.js");
  });
});
