import { readFileSync } from "node:fs";
import type { VellumErrorCode } from "@vellum/model";
import { describe, expect, test } from "vitest";
import { ExitCode, exitCodeFor } from "../src/exit-codes.js";
import { runCli } from "./run-cli.js";

const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");

/** The rows of the README's exit-code table: code → the cause it gives. */
function readmeExitCodes(): Map<number, string> {
  const section = readme.slice(readme.indexOf("## Exit codes"));
  const rows = new Map<number, string>();
  for (const match of section.matchAll(/^\| (\d+) +\| (.+?) *\|$/gm)) {
    rows.set(Number(match[1]), match[2] as string);
  }
  return rows;
}

describe("exit codes", () => {
  test("the README's table lists every exit code, and no other", () => {
    expect([...readmeExitCodes().keys()].sort((a, b) => a - b)).toEqual(
      Object.values(ExitCode).sort((a, b) => a - b),
    );
  });

  test("a host that cannot be reached and a rule that refuses exit differently", () => {
    const network: VellumErrorCode[] = [
      "fetch-failed",
      "fetch-timeout",
      "http-status",
      "robots-unreachable",
    ];
    const refused: VellumErrorCode[] = ["robots-disallowed", "private-address"];
    for (const code of network) expect(exitCodeFor(code)).toBe(ExitCode.network);
    for (const code of refused) expect(exitCodeFor(code)).toBe(ExitCode.refused);
    expect(ExitCode.refused).not.toBe(ExitCode.network);
  });

  test("a loopback URL without --allow-private is one line and the refusal exit code", async () => {
    const { code, stdout, stderr } = await runCli(["extract", "http://127.0.0.1:9/"]);
    expect(code).toBe(ExitCode.refused);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      "vellum: Refused a host on a loopback address: 127.0.0.1 (pass --allow-private to capture hosts on your own network, or --allow-private HOST,CIDR for some of them)\n",
    );
  });
});
