import { readdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { type SnapshotReport, VellumError } from "@vellum/model";

/** One article folder of a snapshot: the files `vellum snapshot` wrote for a page. */
export interface SnapshotArticle {
  /** The folder, relative to the snapshot directory, e.g. `articles/example-org-a`. */
  readonly dir: string;
  /** File names inside it, sorted. */
  readonly files: readonly string[];
  readonly url: string | null;
  readonly headline: string | null;
}

/** What a snapshot directory holds, as `vellum bundle` reads it. */
export interface SnapshotContents {
  readonly dir: string;
  /** Absolute paths of the WARC files, in order. */
  readonly warcFiles: readonly string[];
  readonly articles: readonly SnapshotArticle[];
  /** The parsed `report.json`, when there is one. */
  readonly report: SnapshotReport | null;
}

const ARTICLE_FILES = ["article.json", "article.jsonld", "article.md", "article.html"];
const isWarc = (name: string) => /\.warc(\.gz)?$/i.test(name);

async function listDir(path: string): Promise<string[]> {
  try {
    return (await readdir(path)).sort();
  } catch {
    return [];
  }
}

/**
 * Reads the layout `vellum snapshot --out DIR` writes: WARC files named in `report.json` (else
 * any `*.warc(.gz)` in `DIR/warc/` or `DIR`), article folders named in the report (else every
 * folder of `DIR/articles/`), and the report itself.
 */
export async function readSnapshotDir(
  dir: string,
  options: { readonly warcsGiven?: boolean } = {},
): Promise<SnapshotContents> {
  const root = resolve(dir);
  try {
    if (!(await stat(root)).isDirectory()) throw new Error("not a directory");
  } catch (cause) {
    throw new VellumError("input-not-found", "the snapshot directory does not exist", {
      value: dir,
      hint: "give the directory `vellum snapshot --out` wrote",
      cause,
    });
  }
  let report: SnapshotReport | null = null;
  try {
    report = JSON.parse(await readFile(join(root, "report.json"), "utf8")) as SnapshotReport;
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new VellumError("input-invalid", "report.json is not valid JSON", {
        value: join(root, "report.json"),
        cause,
      });
    }
  }
  let warcFiles: string[] = [];
  if (report?.warcFiles !== undefined && report.warcFiles.length > 0) {
    for (const name of report.warcFiles) {
      const candidates = [join(root, name), join(root, "warc", name)];
      let found: string | null = null;
      for (const c of candidates) {
        if (
          await stat(c).then(
            (s) => s.isFile(),
            () => false,
          )
        ) {
          found = c;
          break;
        }
      }
      if (found === null) {
        throw new VellumError("input-invalid", "a WARC file named in report.json is missing", {
          value: name,
          hint: "was the snapshot interrupted or moved?",
        });
      }
      warcFiles.push(found);
    }
  } else {
    warcFiles = [
      ...(await listDir(join(root, "warc"))).filter(isWarc).map((n) => join(root, "warc", n)),
      ...(await listDir(root)).filter(isWarc).map((n) => join(root, n)),
    ];
  }
  // A fleet's collection keeps its WARC files in its parts: the caller names them.
  if (warcFiles.length === 0 && options.warcsGiven !== true) {
    throw new VellumError("input-invalid", "the snapshot directory holds no WARC file", {
      value: dir,
      hint: "run `vellum snapshot --out DIR` first",
    });
  }
  const articleDirs = new Set<string>();
  for (const u of report?.urls ?? []) {
    if (typeof u.articleDir === "string" && u.articleDir !== "") articleDirs.add(u.articleDir);
  }
  if (articleDirs.size === 0) {
    for (const name of await listDir(join(root, "articles"))) articleDirs.add(`articles/${name}`);
  }
  const articles: SnapshotArticle[] = [];
  // In the report's order, the order the user named the pages in (its first is the WACZ's main
  // page); a folder listing is already sorted.
  for (const rel of articleDirs) {
    if (rel.split(/[\\/]/).includes("..") || rel.startsWith("/")) {
      throw new VellumError(
        "unsafe-path",
        "report.json names an article folder outside the snapshot",
        {
          value: rel,
        },
      );
    }
    const files = (await listDir(join(root, rel))).filter((f) => ARTICLE_FILES.includes(f));
    if (files.length === 0) continue;
    let url: string | null = null;
    let headline: string | null = null;
    if (files.includes("article.json")) {
      try {
        const json = JSON.parse(await readFile(join(root, rel, "article.json"), "utf8")) as {
          url?: unknown;
          headline?: unknown;
          article?: { url?: unknown; headline?: unknown };
        };
        const a = json.article ?? json;
        url = typeof a.url === "string" ? a.url : null;
        headline = typeof a.headline === "string" ? a.headline : null;
      } catch {
        // An unreadable article.json is still bundled as is; it only gives no page title.
      }
    }
    articles.push({ dir: rel, files, url, headline });
  }
  return { dir: root, warcFiles, articles, report };
}
