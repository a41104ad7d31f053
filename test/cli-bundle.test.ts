/**
 * The `vellum` bundle loads only what a command needs: which packages the start of the bin and
 * each command's chunk pull in (statically: what loads before the command runs), read off
 * esbuild's metafile of a bundle built into a scratch folder.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { build, type Metafile } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BundledBin,
  bundleBins,
  ONE_COLUMN,
  oneColumnFirst,
  resolvedAtRunTime,
  UNBUNDLED,
  workerModules,
} from "../scripts/lib/bundle-bin.js";
import { ROOT, workspacePackages } from "../scripts/lib/workspace.js";

let dist: string;
let bin: BundledBin;

/** The package an input file belongs to: `@vellum/<folder>` or a node_modules package name. */
function packageOf(input: string): string {
  const at = input.lastIndexOf("node_modules/");
  if (at !== -1) {
    const [first, second] = input.slice(at + "node_modules/".length).split("/");
    return first?.startsWith("@") ? `${first}/${second}` : (first ?? input);
  }
  const workspace = /^packages\/([^/]+)\//.exec(input);
  return workspace ? `@vellum/${workspace[1]}` : input;
}

/** Packages (bundled or left to node_modules) loaded with an output and its static imports. */
function loadedWith(metafile: Metafile, output: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const out = metafile.outputs[file];
    if (out === undefined) return;
    for (const [input, { bytesInOutput }] of Object.entries(out.inputs)) {
      if (bytesInOutput > 0) packages.add(packageOf(input));
    }
    for (const imp of out.imports) {
      if (imp.kind !== "import-statement") continue;
      if (imp.external) {
        if (!imp.path.startsWith("node:")) packages.add(imp.path);
      } else visit(imp.path);
    }
  };
  visit(output);
  return packages;
}

function chunkOf(entry: string): Set<string> {
  const output = Object.entries(bin.metafile.outputs).find(([, o]) => o.entryPoint === entry);
  if (output === undefined) throw new Error(`no chunk for ${entry}`);
  return loadedWith(bin.metafile, output[0]);
}

const HEAVY = ["cheerio", "undici", "warcio", "better-sqlite3", "yauzl", "tar-stream"];

describe("the vellum bundle", () => {
  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), "vellum-bundle-"));
    const all = workspacePackages();
    const cli = all.find((p) => p.folder === "cli");
    if (cli === undefined) throw new Error("no packages/cli");
    [bin] = (await bundleBins(cli, all, dist)) as [BundledBin];
  }, 120_000);
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  it("starts with yargs and the version only: no engine, parser or archive code", () => {
    const start = chunkOf("packages/cli/src/bin.ts");
    expect(start).toContain("yargs");
    for (const heavy of [...HEAVY, "@vellum/extract", "@vellum/crawl", "@vellum/archive"]) {
      expect(start, heavy).not.toContain(heavy);
    }
  });

  it("extract on a file loads the extractor, never the HTTP client, archives or database", () => {
    const extract = chunkOf("packages/cli/src/commands/extract.ts");
    expect(extract).toContain("@vellum/extract");
    expect(extract).toContain("cheerio");
    expect(extract).toContain("htmlparser2");
    for (const heavy of [
      // Extraction parses with htmlparser2 only (cheerio/slim): cheerio's full entry would load
      // parse5 and, for its stream loaders, a second iconv-lite (~800 KB to compile).
      "parse5",
      "encoding-sniffer",
      // Required on the first page that is not UTF-8, not compiled at every start.
      "iconv-lite",
      "chardet",
      "undici",
      "@vellum/fetch",
      "warcio",
      "better-sqlite3",
      "@vellum/archive",
    ]) {
      expect(extract, heavy).not.toContain(heavy);
    }
    // The HTTP client is one dynamic import away, for a URL input.
    expect(chunkOf("packages/fetch/src/index.ts")).toContain("undici");
  });

  it("snapshot, extract and a fleet's worker load the browser only for --browser: one dynamic import away", () => {
    for (const entry of ["snapshot", "extract", "worker"]) {
      const loaded = chunkOf(`packages/cli/src/commands/${entry}.ts`);
      for (const heavy of ["@vellum/browser", "playwright-core", "@ghostery/adblocker"]) {
        expect(loaded, `${entry}: ${heavy}`).not.toContain(heavy);
      }
    }
    const browser = chunkOf("packages/browser/src/index.ts");
    expect(browser).toContain("@vellum/browser");
    expect(browser).toContain("playwright-core");
  });

  it("validate loads no HTTP client, archive or database code", () => {
    const validate = chunkOf("packages/cli/src/commands/validate.ts");
    for (const heavy of ["undici", "warcio", "better-sqlite3", "@vellum/archive"]) {
      expect(validate, heavy).not.toContain(heavy);
    }
  });

  it("verify and bundle load the archive code, no parser or HTTP client", () => {
    for (const entry of ["verify", "bundle"]) {
      const loaded = chunkOf(`packages/cli/src/commands/${entry}.ts`);
      expect(loaded).toContain("@vellum/archive");
      for (const heavy of ["cheerio", "undici", "@vellum/extract"]) {
        expect(loaded, `${entry}: ${heavy}`).not.toContain(heavy);
      }
    }
    // bundle also reads a collection's database (vellum bundle of a collection); verify never.
    expect(chunkOf("packages/cli/src/commands/verify.ts")).not.toContain("better-sqlite3");
  });

  it("leaves to node_modules only what cannot be bundled", () => {
    // Found by a workspace module through createRequire(): resolve() to read its files, or a
    // call to load it only when needed.
    const readAtRunTime = new Set(
      workspacePackages().flatMap((pkg) =>
        readdirSync(join(pkg.dir, "src"), { recursive: true, encoding: "utf8" })
          .filter((file) => file.endsWith(".ts"))
          .flatMap((file) => resolvedAtRunTime(readFileSync(join(pkg.dir, "src", file), "utf8"))),
      ),
    );
    expect(readAtRunTime).toContain("dictionary-en");
    expect(readAtRunTime).toContain("iconv-lite");
    for (const name of bin.external) {
      const native = name === "better-sqlite3";
      expect(native || UNBUNDLED.includes(name) || readAtRunTime.has(name), name).toBe(true);
    }
  });

  it("bundles each worker-thread module as dist/bin/<name>.js, where its pool looks for it", () => {
    const all = workspacePackages();
    const cli = all.find((p) => p.folder === "cli");
    if (cli === undefined) throw new Error("no packages/cli");
    const workers = workerModules(cli, all);
    expect([...workers.keys()]).toContain("worker"); // @vellum/audit's
    for (const [name, file] of workers) {
      expect(existsSync(join(dist, "bin", `${name}.js`)), name).toBe(true);
      const pool = readdirSync(dirname(file))
        .filter((f) => f.endsWith(".ts"))
        .some((f) => readFileSync(join(dirname(file), f), "utf8").includes(`"./${name}.js"`));
      expect(pool, `a module beside ${file} starts "./${name}.js"`).toBe(true);
      // The worker imports its engine, never the command line's code.
      expect(chunkOf(relative(ROOT, file)), name).not.toContain("yargs");
    }
  });
});

/** string-width as the bundle wraps it, built from the copy of `major` yargs' layout imports. */
async function wrappedWidth(major: "7" | "8", out: string): Promise<{ width: Width; real: Width }> {
  const store = join(ROOT, "node_modules", ".pnpm");
  const version = readdirSync(store).find((name) => name.startsWith(`string-width@${major}.`));
  if (version === undefined) throw new Error(`no string-width@${major} under ${store}`);
  const file = join(out, `width-${major}.mjs`);
  await build({
    stdin: {
      contents: 'import width from "string-width"; export default width;',
      resolveDir: join(store, version, "node_modules"),
    },
    bundle: true,
    format: "esm",
    platform: "node",
    outfile: file,
    logLevel: "silent",
    plugins: [oneColumnFirst()],
  });
  const real = join(store, version, "node_modules", "string-width", "index.js");
  return {
    width: (await import(file)).default as Width,
    real: (await import(real)).default as Width,
  };
}

type Width = (text: string, options?: { ambiguousIsNarrow?: boolean }) => number;

describe("string-width in the bundle", () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), "vellum-width-"));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("answers one-column text by its length and hands anything else to string-width", async () => {
    const { width } = await wrappedWidth("7", out);
    expect(width("")).toBe(0);
    expect(width("--format text")).toBe(13);
    expect(width("pages at once — output in order…")).toBe(32);
    expect(width("漢字")).toBe(4);
    expect(width("\u001b[31mred\u001b[39m")).toBe(3);
    expect(width("e\u0301")).toBe(1);
    expect(width("a\tb")).toBe(2);
    expect(width("— …", { ambiguousIsNarrow: false })).toBe(5);
  });

  it("agrees with string-width 7 and 8 on every character of the Basic Multilingual Plane", async () => {
    for (const major of ["7", "8"] as const) {
      const { width, real } = await wrappedWidth(major, out);
      const oneColumn: string[] = [];
      for (let code = 0; code <= 0xffff; code++) {
        if (code >= 0xd800 && code <= 0xdfff) continue;
        const text = String.fromCharCode(code);
        expect(width(text), `U+${code.toString(16)} in string-width@${major}`).toBe(real(text));
        if (ONE_COLUMN.test(text)) oneColumn.push(text);
      }
      // Strings of them, each character beside every kind of neighbour.
      for (let i = 0; i < 2000; i++) {
        const text = Array.from(
          { length: 1 + (i % 12) },
          (_, k) => oneColumn[(i * 7919 + k * 104729) % oneColumn.length],
        ).join("");
        expect(width(text), JSON.stringify(text)).toBe(real(text));
      }
    }
  });

  it("loads string-width only for text that is not one column a character", async () => {
    // string-width makes an Intl.Segmenter (and its Unicode-property expressions) as its module
    // loads: counted here, that shows when its module body runs.
    const Segmenter = Intl.Segmenter;
    let made = 0;
    const setSegmenter = (value: typeof Segmenter) =>
      Object.defineProperty(Intl, "Segmenter", { value, writable: true, configurable: true });
    setSegmenter(
      class extends Segmenter {
        constructor(...args: ConstructorParameters<typeof Segmenter>) {
          super(...args);
          made++;
        }
      },
    );
    try {
      for (const major of ["7", "8"] as const) {
        made = 0;
        const { width } = await wrappedWidth(major, `${out}/lazy-${major}`);
        expect(width("--jobs 4  four pages at once — output in order…")).toBe(47);
        expect(made, `string-width@${major} loaded for one-column text`).toBe(0);
        expect(width("漢字")).toBe(4);
        expect(made, `string-width@${major} loaded`).toBeGreaterThan(0);
      }
    } finally {
      setSegmenter(Segmenter);
    }
  });
});
