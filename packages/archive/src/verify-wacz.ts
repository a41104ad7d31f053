import { createHash } from "node:crypto";
import { TextDecoder } from "node:util";
import { compareBytewise, parseCdxjLine, unlabelled } from "./cdxj.js";
import type { ExtractLimits } from "./entries.js";
import { error, type Finding, type VerifyResult, warning } from "./findings.js";
import { HEAD_PROBE_BYTES, parseRecordHead } from "./record-head.js";
import { openZip } from "./safe-zip.js";

const MAX_JSON_BYTES = 64 * 1024 * 1024;

/** Lines of a UTF-8 stream, one at a time: an index may be far larger than memory should hold. */
async function* lines(stream: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  let rest = "";
  for await (const chunk of stream) {
    rest += decoder.decode(chunk, { stream: true });
    const parts = rest.split("\n");
    rest = parts.pop() ?? "";
    yield* parts;
  }
  rest += decoder.decode();
  if (rest !== "") yield rest;
}

async function readAll(stream: AsyncIterable<Uint8Array>, limit: number): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const c of stream) {
    size += c.byteLength;
    if (size > limit) break;
    parts.push(c);
  }
  return Buffer.concat(parts);
}

/**
 * Checks a WACZ (1.1.1): datapackage.json lists every other file with the right size and sha256,
 * datapackage-digest.json matches datapackage.json, pages.jsonl parses, and every CDXJ line is in
 * order and points at a record of the named WARC with the same URL (and payload digest).
 */
export async function verifyWacz(path: string, limits: ExtractLimits = {}): Promise<VerifyResult> {
  const findings: Finding[] = [];
  let items = 0;
  let bytes = 0;
  const result = (): VerifyResult => ({
    kind: "wacz",
    path,
    ok: !findings.some((f) => f.severity === "error"),
    findings,
    checked: { items, bytes },
  });
  let zip: Awaited<ReturnType<typeof openZip>>;
  try {
    zip = await openZip(path, limits);
  } catch (cause) {
    const e = cause as { code?: string; message?: string; value?: string };
    findings.push(error(e.code ?? "archive-invalid", e.value ?? path, e.message ?? String(cause)));
    return result();
  }
  try {
    const byPath = new Map(zip.entries.map((e) => [e.path, e]));
    const dpEntry = byPath.get("datapackage.json");
    if (dpEntry === undefined) {
      findings.push(
        error("missing-file", "datapackage.json", "datapackage.json is missing: not a WACZ"),
      );
      return result();
    }
    const dpBytes = await readAll(dpEntry.open(), MAX_JSON_BYTES);
    let dp: {
      profile?: unknown;
      wacz_version?: unknown;
      resources?: unknown;
      created?: unknown;
      software?: unknown;
    };
    try {
      dp = JSON.parse(dpBytes.toString("utf8")) as typeof dp;
    } catch {
      findings.push(
        error("datapackage-invalid", "datapackage.json", "datapackage.json is not JSON"),
      );
      return result();
    }
    if (dp.profile !== "data-package") {
      findings.push(
        error(
          "datapackage-invalid",
          "datapackage.json",
          `profile is ${JSON.stringify(dp.profile)}, not "data-package"`,
        ),
      );
    }
    if (typeof dp.wacz_version !== "string") {
      findings.push(error("datapackage-invalid", "datapackage.json", "wacz_version is missing"));
    } else if (dp.wacz_version !== "1.1.1") {
      findings.push(
        warning(
          "wacz-version",
          "datapackage.json",
          `wacz_version ${dp.wacz_version}; checked as 1.1.1`,
        ),
      );
    }
    for (const key of ["created", "software"] as const) {
      if (typeof dp[key] !== "string")
        findings.push(warning("datapackage-field", "datapackage.json", `${key} is missing`));
    }
    const digestEntry = byPath.get("datapackage-digest.json");
    if (digestEntry === undefined) {
      findings.push(
        error("missing-file", "datapackage-digest.json", "datapackage-digest.json is missing"),
      );
    } else {
      try {
        const d = JSON.parse(
          (await readAll(digestEntry.open(), MAX_JSON_BYTES)).toString("utf8"),
        ) as { path?: unknown; hash?: unknown };
        const actual = `sha256:${createHash("sha256").update(dpBytes).digest("hex")}`;
        if (d.path !== "datapackage.json" || d.hash !== actual) {
          findings.push(
            error(
              "digest-mismatch",
              "datapackage.json",
              "datapackage-digest.json does not match datapackage.json: it changed",
            ),
          );
        }
      } catch {
        findings.push(
          error(
            "datapackage-invalid",
            "datapackage-digest.json",
            "datapackage-digest.json is not JSON",
          ),
        );
      }
    }
    const resources = Array.isArray(dp.resources)
      ? (dp.resources as Record<string, unknown>[])
      : [];
    if (!Array.isArray(dp.resources)) {
      findings.push(error("datapackage-invalid", "datapackage.json", "resources is missing"));
    }
    const listed = new Set<string>();
    for (const r of resources) {
      const rpath = typeof r.path === "string" ? r.path : null;
      if (
        rpath === null ||
        typeof r.hash !== "string" ||
        typeof r.bytes !== "number" ||
        typeof r.name !== "string"
      ) {
        findings.push(
          error(
            "datapackage-invalid",
            "datapackage.json",
            `a resource lacks name, path, hash or bytes: ${JSON.stringify(r)}`,
          ),
        );
        continue;
      }
      listed.add(rpath);
      const entry = byPath.get(rpath);
      if (entry === undefined) {
        findings.push(
          error("missing-file", rpath, "listed in datapackage.json but not in the WACZ"),
        );
        continue;
      }
      const [alg, expected] = r.hash.split(":", 2);
      if ((alg !== "sha256" && alg !== "md5" && alg !== "sha1") || expected === undefined) {
        findings.push(error("datapackage-invalid", rpath, `unsupported hash ${r.hash}`));
        continue;
      }
      const hash = createHash(alg);
      let size = 0;
      for await (const c of entry.open()) {
        hash.update(c);
        size += c.byteLength;
      }
      items++;
      bytes += size;
      if (size !== r.bytes)
        findings.push(
          error("size-mismatch", rpath, `${size} bytes, datapackage.json says ${r.bytes}`),
        );
      if (hash.digest("hex") !== expected.toLowerCase()) {
        findings.push(
          error("digest-mismatch", rpath, "sha256 differs from datapackage.json: the file changed"),
        );
      }
    }
    for (const e of zip.entries) {
      if (
        e.path !== "datapackage.json" &&
        e.path !== "datapackage-digest.json" &&
        !listed.has(e.path)
      ) {
        findings.push(
          error("unlisted-file", e.path, "in the WACZ but not listed in datapackage.json"),
        );
      }
    }
    // pages.jsonl: a header line, then one JSON object with url and ts per page.
    const pagesEntry = byPath.get("pages/pages.jsonl");
    if (pagesEntry === undefined) {
      findings.push(error("missing-file", "pages/pages.jsonl", "pages/pages.jsonl is missing"));
    } else {
      const lines = (await readAll(pagesEntry.open(), MAX_JSON_BYTES))
        .toString("utf8")
        .split("\n")
        .filter((l) => l.trim() !== "");
      lines.forEach((line, i) => {
        try {
          const o = JSON.parse(line) as Record<string, unknown>;
          if (i === 0 && typeof o.format !== "string") {
            findings.push(
              error(
                "pages-invalid",
                "pages/pages.jsonl",
                "the first line is not the format header",
              ),
            );
          }
          if (i > 0 && (typeof o.url !== "string" || typeof o.ts !== "string")) {
            findings.push(
              error("pages-invalid", "pages/pages.jsonl", `line ${i + 1} lacks url or ts`),
            );
          }
        } catch {
          findings.push(error("pages-invalid", "pages/pages.jsonl", `line ${i + 1} is not JSON`));
        }
      });
    }
    // The index: sorted, and every line pointing at a record of the same URL.
    const indexes = zip.entries.filter((e) => /^indexes\/.+\.cdxj$/.test(e.path));
    if (indexes.length === 0 && !zip.entries.some((e) => e.path.startsWith("indexes/"))) {
      findings.push(error("missing-file", "indexes/index.cdxj", "the WACZ has no index"));
    }
    for (const e of zip.entries) {
      if (e.path.startsWith("indexes/") && !e.path.endsWith(".cdxj")) {
        // Compressed indexes (.cdx.gz with an .idx) are hashed above but not followed to records.
        findings.push(
          warning(
            "index-not-checked",
            e.path,
            "only .cdxj indexes are checked against the records",
          ),
        );
      }
    }
    for (const idx of indexes) {
      let previous: string | null = null;
      let n = 0;
      for await (const line of lines(idx.open())) {
        if (line === "") continue;
        n++;
        if (previous !== null && compareBytewise(previous, line) > 0) {
          findings.push(error("index-unsorted", idx.path, `line ${n} is out of order`));
        }
        previous = line;
        const e = parseCdxjLine(line);
        if (e === null) {
          findings.push(error("index-invalid", idx.path, `line ${n} is not CDXJ`));
          continue;
        }
        const warc = byPath.get(`archive/${e.filename}`);
        if (warc === undefined) {
          findings.push(
            error(
              "index-dangling",
              idx.path,
              `line ${n} names ${e.filename}, which is not in archive/`,
            ),
          );
          continue;
        }
        if (e.offset + e.length > warc.size) {
          findings.push(
            error("index-dangling", idx.path, `line ${n} points past the end of ${e.filename}`),
          );
          continue;
        }
        try {
          const raw = await readAll(
            warc.open({ start: e.offset, end: Math.min(warc.size, e.offset + HEAD_PROBE_BYTES) }),
            HEAD_PROBE_BYTES,
          );
          const head = parseRecordHead(raw, `${e.filename}@${e.offset}`);
          const uri = head.fields.get("warc-target-uri");
          if (uri !== e.url) {
            findings.push(
              error(
                "index-mismatch",
                idx.path,
                `line ${n}: the record at ${e.filename}@${e.offset} is for ${uri ?? "no URL"}, not ${e.url}`,
              ),
            );
          } else if (
            e.digest !== null &&
            head.fields.has("warc-payload-digest") &&
            unlabelled(head.fields.get("warc-payload-digest") ?? "") !== unlabelled(e.digest)
          ) {
            findings.push(
              error(
                "index-mismatch",
                idx.path,
                `line ${n}: payload digest differs from the record's`,
              ),
            );
          }
        } catch (cause) {
          findings.push(
            error(
              "index-dangling",
              idx.path,
              `line ${n}: ${(cause as Error).message} (${e.filename}@${e.offset})`,
            ),
          );
        }
      }
    }
    for (const e of zip.entries) {
      if (e.path.startsWith("archive/") && e.compressed) {
        findings.push(
          warning(
            "archive-compressed",
            e.path,
            "WARC files should be stored, not deflated, so replay can seek in them",
          ),
        );
      }
    }
  } finally {
    zip.close();
  }
  return result();
}
