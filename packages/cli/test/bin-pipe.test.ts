import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../src/bin.ts", import.meta.url));
const root = fileURLToPath(new URL("../../../", import.meta.url));

/** Runs the real `vellum` binary and closes its stdout after the first chunk, as `| head` does. */
function runAndCloseEarly(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", bin, ...args], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.stdout.once("data", () => child.stdout.destroy());
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

describe("vellum binary with a reader that stops early", () => {
  it("exits quietly with 0 instead of crashing on EPIPE", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vellum-pipe-"));
    const page = join(dir, "long.html");
    const paragraphs = Array.from(
      { length: 4000 },
      (_, i) =>
        `<p>Paragraph ${i} of a long report on harbour walls, tides and the boats between them.</p>`,
    ).join("");
    writeFileSync(
      page,
      `<html><body><article><h1>Long report</h1>${paragraphs}</article></body></html>`,
    );
    const { code, stderr } = await runAndCloseEarly(["extract", page, "--format", "text"]);
    expect(stderr).not.toContain("EPIPE");
    expect(stderr).toBe("");
    expect(code).toBe(0);
  }, 30_000);
});
