import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answer, startServer, type TestServer } from "../../../test/support/route-server.js";
import { ExitCode } from "../src/exit-codes.js";
import { joinAllowPrivate } from "../src/network-options.js";
import { runCli } from "./run-cli.js";

const page =
  "<html><head><title>Harbour news</title></head><body><article><h1>Harbour news</h1><p>The harbour reopened on Monday after a week of repairs, the port authority said in a statement.</p><p>Ferries run on the summer timetable again, and the fish market is open from six.</p></article></body></html>";
let server: TestServer;
beforeAll(async () => {
  server = await startServer({
    "/robots.txt": answer(
      200,
      { "Content-Type": "text/plain" },
      "User-agent: *\nDisallow: /private\n",
    ),
    "/news": answer(200, { "Content-Type": "text/html" }, page),
    "/private/news": answer(200, { "Content-Type": "text/html" }, page),
  });
});
afterAll(() => server.close());

describe("--allow-private, narrowed to hosts and ranges", () => {
  it("reads a list after the flag only when it is one", () => {
    expect(joinAllowPrivate(["extract", "--allow-private", "http://x/"])).toEqual([
      "extract",
      "--allow-private=",
      "http://x/",
    ]);
    expect(joinAllowPrivate(["--allow-private", "127.0.0.1,10.0.0.0/8", "u"])).toEqual([
      "--allow-private=127.0.0.1,10.0.0.0/8",
      "u",
    ]);
    expect(joinAllowPrivate(["--allow-private", "10.0.0.0/8"])).toEqual([
      "--allow-private=10.0.0.0/8",
    ]);
    expect(joinAllowPrivate(["--allow-private", "page.html"])).toEqual([
      "--allow-private=",
      "page.html",
    ]);
    expect(joinAllowPrivate(["--allow-private", "--verbose"])).toEqual([
      "--allow-private=",
      "--verbose",
    ]);
    expect(joinAllowPrivate(["--allow-private=intranet.example"])).toEqual([
      "--allow-private=intranet.example",
    ]);
  });

  it("a list that holds the host lets extract fetch it", async () => {
    for (const flag of [
      ["--allow-private", "127.0.0.1,10.0.0.0/8"],
      ["--allow-private", "127.0.0.0/8"],
      ["--allow-private=127.0.0.1"],
      ["--allow-private"],
    ]) {
      const { code, stdout, stderr } = await runCli(["extract", ...flag, `${server.origin}/news`]);
      expect(stderr).toBe("");
      expect(code).toBe(0);
      expect(JSON.parse(stdout).headline).toBe("Harbour news");
    }
  });

  it("a list without the host refuses it, and says why", async () => {
    const { code, stdout, stderr } = await runCli([
      "extract",
      "--allow-private",
      "10.0.0.0/8",
      `${server.origin}/news`,
    ]);
    expect(code).toBe(ExitCode.refused);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      "vellum: Refused a host on a loopback address: 127.0.0.1 (it is not among the hosts and ranges given to --allow-private)\n",
    );
  });

  it("an entry that is no host, address or range is a usage error", async () => {
    const { code, stderr } = await runCli([
      "extract",
      "--allow-private",
      "10.0.0.0/99,127.0.0.1",
      `${server.origin}/news`,
    ]);
    expect(code).toBe(ExitCode.usage);
    expect(stderr).toMatch(/^vellum: Not a CIDR range: 10\.0\.0\.0\/99 /);
  });

  it("snapshot takes the same list", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "vellum-net-")), "snap");
    const run = await runCli([
      "snapshot",
      "--allow-private",
      "127.0.0.1",
      "--delay",
      "0",
      "--out",
      out,
      `${server.origin}/news`,
    ]);
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report.urls[0].outcome).toBe("ok");
  });

  it("--help names --allow-link-local, which --allow-private never implies", async () => {
    for (const command of ["extract", "jsonld", "validate", "snapshot"]) {
      const { stdout } = await runCli([command, "--help"]);
      expect(stdout).toContain("--allow-link-local");
      expect(stdout).toContain("--ignore-robots");
    }
  });
});

describe("extract --ignore-robots", () => {
  it("robots.txt is obeyed by default, and --ignore-robots fetches the page", async () => {
    const url = `${server.origin}/private/news`;
    const obeyed = await runCli(["extract", "--allow-private", url]);
    expect(obeyed.code).toBe(ExitCode.refused);
    expect(obeyed.stderr).toMatch(/^vellum: robots.txt forbids this URL/);
    const ignored = await runCli(["extract", "--allow-private", "--ignore-robots", url]);
    expect(ignored.code).toBe(0);
    expect(JSON.parse(ignored.stdout).headline).toBe("Harbour news");
  });
});
