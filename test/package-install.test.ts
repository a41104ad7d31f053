/**
 * Vellum as npm users get it: `pnpm build`, `pnpm pack` of every package, `npm install ./*.tgz`
 * into an empty directory (no workspace), then the installed `vellum` command, a plain .mjs
 * import, a TypeScript consumer, the README's library examples and `npm publish --dry-run`.
 *
 * No network: npm installs with --offline from its cache, which scripts/setup.sh fills with
 * exactly the registry packages these tarballs need (scripts/warm-npm-cache.mjs); a missing one
 * fails the install with ENOTCACHED instead of reaching out. Pages come from a loopback server.
 */
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildAndPack,
  installTarballs,
  NPM_CONSUMER,
  nativeBuildEnv,
} from "../scripts/lib/pack.js";
import { type SampleServer, startSampleServer } from "../scripts/lib/sample-server.js";
import { runWatched } from "../scripts/lib/watched.js";
import { ROOT, workspacePackages } from "../scripts/lib/workspace.js";

const packages = workspacePackages();
const version = packages[0]?.manifest.version;

let work: string;
let app: string;
let tarballs: string[];
let server: SampleServer;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command in the install directory as a user's shell would: its .bin first on PATH, and
 * none of the npm_config_* variables pnpm sets for the test run. Asynchronous, so that the
 * loopback server in this process keeps answering.
 */
function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(npm|pnpm)_/i.test(key)),
  );
  return runWatched(command, args, {
    cwd: app,
    env: {
      ...base,
      PATH: `${join(app, "node_modules", ".bin")}:${process.env.PATH ?? ""}`,
      // npx must find the installed bin, never ask the registry.
      npm_config_offline: "true",
      ...env,
    },
  }).then(({ code, stdout, stderr, stalled }) => ({
    code,
    stdout,
    stderr: stalled === null ? stderr : `${stalled}\n${stderr}`,
  }));
}

function sample(slug: string): { page: string; url: string; headline: string } {
  const dir = join(ROOT, "samples", slug);
  const meta = JSON.parse(readFileSync(join(dir, "meta.json"), "utf8")) as {
    url: string;
    checks: { headline: string };
  };
  return { page: join(dir, "page.html"), url: meta.url, headline: meta.checks.headline };
}

/** The ```js blocks of the README's "Use as a library" section, by the file name each opens with. */
function readmeExamples(): Map<string, string> {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf("## Use as a library\n");
  const end = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  const examples = new Map<string, string>();
  for (const match of section.matchAll(/```js\n([\s\S]*?)```/g)) {
    const code = match[1] ?? "";
    const name = /^\/\/ (\S+\.mjs)/.exec(code)?.[1];
    if (name) examples.set(name, code);
  }
  return examples;
}

/**
 * Building, packing and installing (better-sqlite3 compiled from source) take minutes idle and
 * many more on a loaded machine, so no wall-clock limit can tell slow from broken. Every step
 * runs through runWatched instead: a failure is a non-zero exit, at once; a hang is a process
 * tree that used no CPU and printed nothing for 5 minutes. Vitest's own limit is then only a
 * backstop far beyond any real run (CI's whole budget is 90 minutes).
 */
const NO_WALL_CLOCK_LIMIT = 80 * 60_000;

describe("the packed packages, installed with npm into an empty directory", {
  timeout: NO_WALL_CLOCK_LIMIT,
}, () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "vellum-install-"));
    app = join(work, "app");
    tarballs = await buildAndPack(join(work, "tarballs"));
    await installTarballs(app, tarballs);
    server = await startSampleServer();
  }, NO_WALL_CLOCK_LIMIT);
  afterAll(async () => {
    await server?.close();
    if (work) await rm(work, { recursive: true, force: true });
  }, NO_WALL_CLOCK_LIMIT);

  it("packs every workspace package", () => {
    expect(tarballs.map((t) => t.slice(t.lastIndexOf("/") + 1)).sort()).toEqual(
      packages.map((p) => `${p.manifest.name.slice(1).replace("/", "-")}-${version}.tgz`).sort(),
    );
  });

  it("ships dist with JavaScript, declarations and source maps, the licence, the readme, and no tests", () => {
    for (const tarball of tarballs) {
      const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n");
      const name = tarball.slice(tarball.lastIndexOf("/") + 1);
      for (const file of [
        "package/dist/index.js",
        "package/dist/index.js.map",
        "package/dist/index.d.ts",
        "package/dist/index.d.ts.map",
        "package/src/index.ts",
        "package/LICENSE",
        "package/README.md",
        "package/package.json",
      ]) {
        expect(files, `${name} lacks ${file}`).toContain(file);
      }
      expect(
        files.filter((f) => /\/test\/|\.test\.|tsbuildinfo|\.meta\.json$/.test(f)),
        name,
      ).toEqual([]);
    }
  });

  it("publishes manifests with dist exports (types, import) and pinned workspace versions", () => {
    for (const pkg of packages) {
      const installed = JSON.parse(
        readFileSync(join(app, "node_modules", pkg.manifest.name, "package.json"), "utf8"),
      ) as {
        exports: Record<string, unknown>;
        dependencies?: Record<string, string>;
        publishConfig?: Record<string, unknown>;
      };
      expect(installed.exports["."]).toEqual({
        types: "./dist/index.d.ts",
        import: "./dist/index.js",
      });
      for (const [dep, range] of Object.entries(installed.dependencies ?? {})) {
        if (dep.startsWith("@vellum/"))
          expect(range, `${pkg.manifest.name} → ${dep}`).toBe(version);
      }
    }
  });

  it("npx vellum --version prints the version", async () => {
    const result = await run("npx", ["vellum", "--version"]);
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe(version);
    expect(result.code).toBe(0);
  });

  it("the vellum bin is an executable ES module with a node shebang", () => {
    const bin = join(app, "node_modules", ".bin", "vellum");
    expect(readFileSync(bin, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  it("vellum extract prints the article of a saved page", async () => {
    const { page, url, headline } = sample("seed-wordpress");
    const result = await run("vellum", ["extract", page, "--url", url]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const article = JSON.parse(result.stdout) as { headline: string; url: string };
    expect(article.headline).toBe(headline);
    expect(article.url).toBe(url);
  });

  it("vellum extract fetches a URL and vellum validate finds the bundled vocabulary", async () => {
    const slug = "seed-wordpress";
    const target = `${server.origin}/${slug}/`;
    const fetched = await run("vellum", [
      "extract",
      target,
      "--allow-private",
      "--format",
      "jsonld",
    ]);
    expect(fetched.stderr).toBe("");
    expect(fetched.code).toBe(0);
    expect(JSON.parse(fetched.stdout)).toHaveProperty("@graph");
    const validated = await run("vellum", ["validate", "--ours", sample(slug).page, "--json"]);
    expect(validated.stderr).toBe("");
    expect(validated.code).toBe(0);
    expect(JSON.parse(validated.stdout)).toMatchObject({ valid: true });
  });

  it("vellum snapshot captures pages from a loopback server into WARC, and bundles a verified WACZ", async () => {
    const urls = server.samples.slice(0, 3).map((s) => server.urlOf(s));
    const out = join(work, "snap");
    const result = await run("vellum", [
      "snapshot",
      ...urls,
      "--out",
      out,
      "--allow-private",
      "--delay",
      "0",
      "--bundle",
      "wacz",
    ]);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as {
      counts: { ok: number; total: number };
    };
    expect(report.counts).toMatchObject({ total: 3, ok: 3 });
    expect(readdirSync(out).some((f) => f.endsWith(".warc.gz"))).toBe(true);
    const verified = await run("vellum", ["verify", `${out}.wacz`]);
    expect(verified.code).toBe(0);
  });

  it("vellum audit runs its worker threads from the bundle", async () => {
    const pages = server.samples.slice(0, 3).map((s) => join(s.dir, "page.html"));
    const out = join(work, "audit-report");
    const result = await run("vellum", ["audit", ...pages, "--out", out, "--workers", "2"]);
    expect(result.stderr).not.toMatch(/internal error|Cannot find module|ERR_MODULE_NOT_FOUND/);
    expect([0, 1]).toContain(result.code); // 1: a sample has an error finding, as it should
    const report = JSON.parse(readFileSync(join(out, "audit.json"), "utf8")) as {
      summary: { pages: number; audited: number };
    };
    expect(report.summary).toMatchObject({ pages: 3, audited: 3 });
  });

  it('a plain .mjs runs import { extract } from "@vellum/extract"', async () => {
    const { page, url, headline } = sample("seed-wordpress");
    writeFileSync(
      join(app, "plain.mjs"),
      [
        'import { readFileSync } from "node:fs";',
        'import { extract } from "@vellum/extract";',
        "const [file, url] = process.argv.slice(2);",
        "console.log(extract(readFileSync(file), { url }).headline);",
      ].join("\n"),
    );
    const result = await run("node", ["plain.mjs", page, url]);
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe(headline);
  });

  it("a TypeScript consumer type-checks against the shipped declarations", async () => {
    writeFileSync(
      join(app, "consumer.ts"),
      [
        'import { extract, type ExtractOptions } from "@vellum/extract";',
        'import type { Article } from "@vellum/model";',
        'import { buildJsonLd, validateJsonLd } from "@vellum/schema";',
        'import { verifyPath } from "@vellum/archive";',
        'import { snapshot } from "@vellum/crawl";',
        'const options: ExtractOptions = { url: "https://example.com/news/1" };',
        'const article: Article = extract("<h1>Hi</h1>", options);',
        "const headline: string | null = article.headline;",
        "const valid: boolean = validateJsonLd(buildJsonLd(article)).valid;",
        "// @ts-expect-error: a headline is a string or null, never a number",
        "const wrong: number = article.headline;",
        "export { headline, valid, wrong, verifyPath, snapshot };",
      ].join("\n"),
    );
    const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
    const result = await run(process.execPath, [
      tsc,
      "--noEmit",
      "--strict",
      "--exactOptionalPropertyTypes",
      "--module",
      "nodenext",
      "--moduleResolution",
      "nodenext",
      "--target",
      "es2023",
      "--skipLibCheck",
      "false",
      "--types",
      "node",
      "--typeRoots",
      join(ROOT, "node_modules", "@types"),
      "consumer.ts",
    ]);
    expect(result.stdout + result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("runs the README's library examples as written", async () => {
    const examples = readmeExamples();
    expect([...examples.keys()].sort()).toEqual(["article.mjs", "capture.mjs"]);
    for (const [name, code] of examples) writeFileSync(join(app, name), code);

    const { page, url, headline } = sample("seed-wordpress");
    const article = await run("node", ["article.mjs", page, url]);
    expect(article.stderr).toBe("");
    expect(article.code).toBe(0);
    expect(article.stdout).toContain(headline);
    expect(article.stdout).toContain("JSON-LD valid");

    const target = server.urlOf(server.samples[0] ?? expect.fail("no samples"));
    const captured = await run("node", ["capture.mjs", "readme-snap", target], {
      ALLOW_PRIVATE: "1",
    });
    expect(captured.stderr).toBe("");
    expect(captured.code).toBe(0);
    expect(captured.stdout).toMatch(/ok: 1/);
    expect(captured.stdout.trim().endsWith("verified")).toBe(true);
    expect(existsSync(join(app, "readme-snap.wacz"))).toBe(true);
  });

  it("npm install of the tarballs into another prefix puts a working vellum in its .bin", async () => {
    // Not --global: npm ignores a consumer's overrides there, and this registry mirror lacks the
    // warcio that replaywebpage's @webrecorder/wabac asks for (see NPM_CONSUMER).
    const prefix = join(work, "global");
    mkdirSync(prefix, { recursive: true });
    writeFileSync(join(prefix, "package.json"), JSON.stringify(NPM_CONSUMER));
    const installed = await run(
      "npm",
      ["install", "--prefix", prefix, "--offline", "--no-audit", "--no-fund", ...tarballs],
      nativeBuildEnv(),
    );
    expect(installed.code, installed.stderr).toBe(0);
    const result = await run(join(prefix, "node_modules", ".bin", "vellum"), ["--version"]);
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe(version);
  }); // builds better-sqlite3 from source a second time (a ccache hit where installed)

  it("npm publish --dry-run accepts every tarball", async () => {
    for (const tarball of tarballs) {
      const result = await run("npm", [
        "publish",
        "--dry-run",
        "--offline",
        "--access",
        "public",
        tarball,
      ]);
      expect(result.code, `${tarball}\n${result.stderr}`).toBe(0);
      expect(result.stderr).toContain("(dry-run)");
    }
  });
});
