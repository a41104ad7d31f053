import { existsSync, readdirSync, readFileSync } from "node:fs";
import { chmod, cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import {
  build,
  type Metafile,
  type OnResolveArgs,
  type Plugin,
  type PluginBuild,
  type ResolveResult,
} from "esbuild";
import {
  type Manifest,
  ROOT,
  readManifest,
  type WorkspacePackage,
  workspaceDependencies,
} from "./workspace.js";

/**
 * Dependencies a command-line bundle leaves to `node_modules` although they are plain JavaScript:
 * they find files of their own at run time (playwright-core its browser protocol files, bullmq
 * its Lua scripts), so they only work from their own folder. Native addons (a `binding.gyp`)
 * are left out without being named here.
 */
export const UNBUNDLED: readonly string[] = ["playwright-core", "bullmq"];

/**
 * Imports a bundle answers with an empty module: `[importer package, imported package]`.
 * cheerio's entry imports undici for `fromURL` (and stream loaders), which Vellum never calls;
 * esbuild drops those functions but keeps a CommonJS module's import, so without this every
 * command that parses HTML would load undici's 110 modules. undici stays where @vellum/fetch
 * uses it, in the chunk of a command that fetches.
 */
export const UNUSED_IMPORTS: ReadonlyArray<readonly [string, string]> = [["cheerio", "undici"]];

/**
 * Where `pnpm build` writes a bin's bundle: `dist/bin/<name>.js`, its chunks beside it, the
 * esbuild metafile `.meta.json` (kept out of the tarball by `files`) and
 * `THIRD-PARTY-NOTICES.md`, the licences of the third-party code inside.
 */
export const BIN_DIR = "dist/bin";

export interface BundledBin {
  readonly name: string;
  readonly file: string;
  /** Packages the bundle imports from `node_modules` at run time. */
  readonly external: readonly string[];
  readonly metafile: Metafile;
}

/**
 * Bundles each `bin` of a package (in `publishConfig.bin`, source `src/bin.ts`) into one ES
 * module with every workspace and third-party dependency inside, split at each dynamic
 * `import()` so that a command loads only its own chunk. Node 20 resolves and links each module
 * of a `node_modules` tree separately; the 470 modules behind `vellum extract` cost more than
 * the extraction, one bundle does not.
 */
export async function bundleBins(
  pkg: WorkspacePackage,
  all: readonly WorkspacePackage[],
  /** Where dist/ is; another folder lets a test bundle without touching the package's own. */
  distDir = join(pkg.dir, "dist"),
): Promise<BundledBin[]> {
  const bins = pkg.manifest.publishConfig?.bin ?? {};
  const names = Object.keys(bins);
  if (names.length === 0) return [];
  const outdir = join(distDir, "bin");
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });

  const entryPoints: Record<string, string> = {};
  for (const name of names) {
    const target = bins[name];
    if (target !== `./${BIN_DIR}/${name}.js`) {
      throw new Error(
        `${pkg.folder}: publishConfig.bin.${name} must be "./${BIN_DIR}/${name}.js" (the bundle pnpm build writes), not ${JSON.stringify(target)}`,
      );
    }
    entryPoints[name] = join(pkg.dir, "src", "bin.ts");
  }
  for (const [name, file] of workerModules(pkg, all)) {
    if (entryPoints[name] !== undefined) {
      throw new Error(
        `${file}: a worker module and ${entryPoints[name]} would both be dist/bin/${name}.js: rename the worker`,
      );
    }
    entryPoints[name] = file;
  }

  const external = new Set<string>();
  const result = await build({
    entryPoints,
    outdir,
    absWorkingDir: ROOT,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // Chunks sit beside the entry, one level under dist/ like every module of the tsc output, so
    // that data a package reads at `new URL("../vocab/…", import.meta.url)` is found in dist/.
    chunkNames: "[name]-[hash]",
    sourcemap: "linked",
    sourcesContent: false,
    legalComments: "none",
    metafile: true,
    logLevel: "warning",
    // CommonJS dependencies call require() for Node's built-ins; an ES module has none of its own.
    banner: {
      js: 'import { createRequire as __vellumCreateRequire } from "node:module";\nconst require = __vellumCreateRequire(import.meta.url);',
    },
    plugins: [oneColumnFirst(), leaveUnbundled(external), pastTheBarrels(all, external)],
  });
  await writeFile(join(outdir, ".meta.json"), JSON.stringify(result.metafile));
  await writeFile(join(outdir, "THIRD-PARTY-NOTICES.md"), thirdPartyNotices(pkg, result.metafile));
  await copyDataFiles(distDir, result.metafile, all);
  for (const name of names) await chmod(join(outdir, `${name}.js`), 0o755);

  const missing = [...external].filter((dep) => !pkg.manifest.dependencies?.[dep]);
  if (missing.length > 0) {
    throw new Error(
      `${pkg.folder}: its bin imports ${missing.join(", ")} from node_modules at run time (native, in UNBUNDLED, or found through createRequire()), so ${pkg.folder}/package.json must list ${missing.length === 1 ? "it" : "them"} in dependencies (with the range the engine package uses): a global install only links a package's own dependencies`,
    );
  }
  return names.map((name) => ({
    name,
    file: join(outdir, `${name}.js`),
    external: [...external].sort(),
    metafile: result.metafile,
  }));
}

/**
 * Worker-thread modules of the packages a bin bundles: each `src/*worker.ts` (audit's
 * `worker.ts`, the CLI's `extract-worker.ts`). A pool starts one with `new Worker(new
 * URL("./<name>.js", import.meta.url))`, which nothing in the module graph imports, so esbuild
 * would leave it out; as an entry point of its own it lands at `dist/bin/<name>.js`, beside the
 * chunk holding the pool (every chunk sits in that one folder), and shares chunks with the bin.
 * Names must be unique across packages: they meet in that folder.
 */
export function workerModules(
  pkg: WorkspacePackage,
  all: readonly WorkspacePackage[],
): Map<string, string> {
  const closure = new Set<WorkspacePackage>();
  const visit = (p: WorkspacePackage): void => {
    if (closure.has(p)) return;
    closure.add(p);
    for (const dep of workspaceDependencies(p, all)) visit(dep);
  };
  visit(pkg);
  const workers = new Map<string, string>();
  for (const p of closure) {
    const src = join(p.dir, "src");
    if (!existsSync(src)) continue;
    const modules = readdirSync(src).filter((f) => f.endsWith(".ts"));
    const texts = modules.map((f) => readFileSync(join(src, f), "utf8"));
    for (const file of modules.filter((f) => f.endsWith("worker.ts")).sort()) {
      const name = file.replace(/\.ts$/, "");
      // Only a module some sibling starts as a thread (queue's worker.ts is a BullMQ worker).
      if (!texts.some((t) => t.includes("new Worker(") && t.includes(`"./${name}.js"`))) continue;
      const path = join(src, file);
      const other = workers.get(name);
      if (other !== undefined) {
        throw new Error(
          `${path} and ${other} would both be dist/bin/${name}.js in the bundle: rename one`,
        );
      }
      workers.set(name, path);
    }
  }
  return workers;
}

/**
 * A bundled workspace package that ships data beside its code (`files` names a folder other
 * than dist and src, like schema's `vocab`) reads it at `../<folder>/` from its module; inside
 * the bundle that is the bin package's own dist/, so the folder is copied there.
 */
async function copyDataFiles(
  distDir: string,
  metafile: Metafile,
  all: readonly WorkspacePackage[],
): Promise<void> {
  const inputs = Object.keys(metafile.inputs);
  const copied = new Map<string, string>();
  for (const other of all) {
    const prefix = `${relative(ROOT, other.dir)}/src/`;
    if (!inputs.some((input) => input.startsWith(prefix))) continue;
    for (const entry of other.manifest.files ?? []) {
      if (entry.startsWith("!") || entry === "dist" || entry === "src") continue;
      const owner = copied.get(entry);
      if (owner !== undefined && owner !== other.folder) {
        throw new Error(
          `${other.folder} and ${owner} both ship a "${entry}" folder, which meet in the bin's dist/: rename one`,
        );
      }
      copied.set(entry, other.folder);
      await cp(join(other.dir, entry), join(distDir, entry), { recursive: true });
    }
  }
}

/**
 * esbuild splits code by file: every module a package's `src/index.ts` re-exports is reachable
 * from every importer of that barrel, so `vellum extract`, which needs crawl's renderers, would
 * share a chunk with crawl's database and capture engine (and load better-sqlite3). This plugin
 * rewrites each `import { a, b } from "@vellum/x"` in workspace sources into imports from the
 * modules that define `a` and `b`, read off the barrel's `export { … } from "./m.js"` lines
 * (house style: named re-exports only, and `sideEffects: false` says skipping a barrel changes
 * nothing). Names it cannot place stay on the barrel import.
 */
function pastTheBarrels(all: readonly WorkspacePackage[], external: Set<string>): Plugin {
  const barrels = new Map<string, Map<string, { file: string; imported: string }>>();
  for (const pkg of all) {
    const index = join(pkg.dir, "src", "index.ts");
    if (!existsSync(index)) continue;
    const exports = new Map<string, { file: string; imported: string }>();
    const text = readFileSync(index, "utf8");
    for (const m of text.matchAll(/export\s*\{([^}]*)\}\s*from\s*"(\.[^"]+)"/g)) {
      const file = resolve(dirname(index), (m[2] ?? "").replace(/\.js$/, ".ts"));
      for (const spec of (m[1] ?? "").split(",")) {
        const [imported, exported = imported] = spec.trim().split(/\s+as\s+/);
        if (imported && exported && !imported.startsWith("type ")) {
          exports.set(exported, { file, imported });
        }
      }
    }
    barrels.set(pkg.manifest.name, exports);
  }
  const workspaceSource = new RegExp(
    `^${ROOT.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}packages/[^/]+/src/.*\\.ts$`,
  );
  return {
    name: "past-the-barrels",
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (!workspaceSource.test(args.path)) return undefined;
        const source = await readFile(args.path, "utf8");
        for (const name of resolvedAtRunTime(source)) external.add(name);
        const contents = source.replace(
          /import\s*\{([^}]*)\}\s*from\s*"(@vellum\/[a-z-]+)";/g,
          (whole, specs: string, name: string) => {
            const barrel = barrels.get(name);
            if (barrel === undefined) return whole;
            const direct = new Map<string, string[]>();
            const kept: string[] = [];
            for (const raw of specs
              .split(",")
              .map((s) => s.trim())
              .filter(Boolean)) {
              if (raw.startsWith("type ")) continue; // erased by esbuild anyway
              const [imported, local = imported] = raw.split(/\s+as\s+/);
              const target = imported === undefined ? undefined : barrel.get(imported);
              if (target === undefined) kept.push(raw);
              else
                direct
                  .set(target.file, direct.get(target.file) ?? [])
                  .get(target.file)
                  ?.push(`${target.imported} as ${local}`);
            }
            const lines = [...direct].map(
              ([file, names]) => `import { ${names.join(", ")} } from ${JSON.stringify(file)};`,
            );
            if (kept.length > 0) lines.push(`import { ${kept.join(", ")} } from "${name}";`);
            return lines.join(" ");
          },
        );
        return { contents, loader: "ts" };
      });
    },
  };
}

/** A plugin's own `build.resolve()` call, which the plugins let esbuild answer. */
const RESOLVING = "vellum-resolving";

/** Where esbuild itself would resolve an import, asked from inside a plugin's onResolve. */
function resolvedByEsbuild(b: PluginBuild, args: OnResolveArgs): Promise<ResolveResult> {
  return b.resolve(args.path, {
    kind: args.kind,
    resolveDir: args.resolveDir,
    importer: args.importer,
    pluginData: RESOLVING,
  });
}

/**
 * Characters string-width (both versions yargs brings, 7 and 8) counts as one column each, alone
 * or beside each other, with its default options: printable ASCII, and the Latin, punctuation,
 * arrow, mathematical and box-drawing letters help texts use (… — – → ≥ · §), less those some
 * terminals draw as emoji (© ® ‼ ⁉ ↔–↙ ↩ ↪: two columns in version 7) and the soft hyphen (none).
 * None of them joins a neighbour into one grapheme, so a string of them is as wide as it is long.
 * test/cli-bundle.test.ts checks every one of them against string-width itself.
 */
export const ONE_COLUMN =
  /^[\x20-\x7e\u00a0-\u00a8\u00aa-\u00ac\u00af-\u017f\u2010-\u2027\u2030-\u203b\u203d-\u2048\u204a-\u205e\u2190-\u2193\u219a-\u21a8\u21ab-\u21ff\u2200-\u22ff\u2500-\u257f]*$/;

/**
 * string-width, which yargs' layout (cliui) asks for the width of every cell of a help text,
 * segments each string into graphemes with `Intl.Segmenter`. yargs renders a command's whole
 * help after starting it (to show it should the command fail), so that was about 20 ms of the
 * CPU of `vellum extract` on one page. The bundle answers a string of `ONE_COLUMN` characters
 * by its length and hands anything else (ANSI escapes, wide or combining characters, options
 * such as `ambiguousIsNarrow: false`) to string-width, loaded only then: its module makes an
 * `Intl.Segmenter` and compiles Unicode property expressions as it loads, 10–15 ms of every
 * start. Only ES module imports are wrapped (the wrapper has a default export).
 */
export function oneColumnFirst(): Plugin {
  const namespace = "one-column-first";
  return {
    name: namespace,
    setup(b) {
      b.onResolve({ filter: /^string-width$/ }, async (args) => {
        if (args.pluginData === RESOLVING || args.kind !== "import-statement") return undefined;
        const real = await resolvedByEsbuild(b, args);
        if (real.errors.length > 0) return real;
        return { path: real.path, namespace };
      });
      b.onLoad({ filter: /.*/, namespace }, (args) => ({
        // require(), not import: esbuild then evaluates the ES module string-width on its first
        // require instead of at the bundle's start.
        contents: [
          `const ONE_COLUMN = ${ONE_COLUMN.toString()};`,
          "let stringWidth;",
          "export default function width(text, options) {",
          '  if (typeof text === "string" && options === undefined && ONE_COLUMN.test(text)) return text.length;',
          `  stringWidth ??= require(${JSON.stringify(args.path)}).default;`,
          "  return stringWidth(text, options);",
          "}",
        ].join("\n"),
        loader: "js",
        resolveDir: dirname(args.path),
      }));
    },
  };
}

/**
 * Packages a workspace module finds at run time with `createRequire(import.meta.url)`: by
 * `.resolve("name")` to read their files (people reads dictionary-en's `index.dic`, catalog
 * serves ReplayWeb.page's) or by calling it, `require…("name")`, to load them only when needed
 * (extract's iconv-lite and chardet, for pages that are not UTF-8). esbuild cannot follow that,
 * so in the bundle the lookup starts from the bin's own folder: the bin's package must depend on
 * them itself, or a global install may not have them where that lookup goes.
 */
export function resolvedAtRunTime(source: string): string[] {
  if (!source.includes("createRequire(import.meta.url)")) return [];
  return [...source.matchAll(/(?:\.resolve|\brequire\w*)\(\s*"([^".][^"]*)"/g)].map((m) =>
    packageName(m[1] ?? ""),
  );
}

const builtins = new Set(builtinModules);

function leaveUnbundled(external: Set<string>): Plugin {
  return {
    name: "leave-unbundled",
    setup(b) {
      b.onLoad({ filter: /.*/, namespace: "unused-import" }, () => ({
        contents: "",
        loader: "js",
      }));
      b.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === RESOLVING) return undefined;
        const name = packageName(args.path);
        if (builtins.has(name) || name.startsWith("node:")) return undefined;
        const resolved = await resolvedByEsbuild(b, args);
        if (resolved.errors.length > 0) return resolved;
        const root = packageRoot(resolved.path, name);
        if (UNBUNDLED.includes(name) || (root !== null && isNative(root))) {
          external.add(name);
          return { path: args.path, external: true };
        }
        if (
          UNUSED_IMPORTS.some(
            ([from, to]) =>
              to === name && args.importer.includes(`${sep}node_modules${sep}${from}${sep}`),
          )
        ) {
          return { path: name, namespace: "unused-import" };
        }
        return resolved;
      });
    },
  };
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

/** The folder of package `name` that holds `file`: the last `node_modules/<name>` on its path. */
function packageRoot(file: string, name: string): string | null {
  const marker = `${sep}node_modules${sep}${name.split("/").join(sep)}${sep}`;
  const at = file.lastIndexOf(marker);
  return at === -1 ? null : file.slice(0, at + marker.length - 1);
}

function isNative(root: string): boolean {
  if (existsSync(join(root, "binding.gyp"))) return true;
  const manifest = readManifest(root) as Manifest & { gypfile?: boolean };
  return manifest.gypfile === true;
}

/**
 * One section per third-party package inside the bundle, with its licence text, so that the
 * tarball carries the notices the MIT/ISC/BSD/Apache licences of bundled code ask for.
 */
function thirdPartyNotices(pkg: WorkspacePackage, metafile: Metafile): string {
  const roots = new Map<string, string>();
  for (const input of Object.keys(metafile.inputs)) {
    const at = input.lastIndexOf("node_modules/");
    if (at === -1) continue;
    const rest = input.slice(at + "node_modules/".length).split("/");
    const name = rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : (rest[0] ?? "");
    const root = join(ROOT, input.slice(0, at), "node_modules", name);
    roots.set(name, root);
  }
  const sections: string[] = [];
  for (const [name, root] of [...roots].sort(([a], [b]) => a.localeCompare(b))) {
    const manifest = readManifest(root);
    const licenseFile = readdirSync(root).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text = licenseFile
      ? readFileSync(join(root, licenseFile), "utf8").trim()
      : `(no licence file in the package; package.json says ${manifest.license ?? "nothing"})`;
    sections.push(`## ${name}@${manifest.version} (${manifest.license ?? "unknown"})\n\n${text}`);
  }
  return `# Third-party code in the ${pkg.manifest.name} bundle\n\n${BIN_DIR}/ bundles these packages; their licences follow.\n\n${sections.join("\n\n")}\n`;
}
