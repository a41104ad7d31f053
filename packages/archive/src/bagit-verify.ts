import { createHash } from "node:crypto";
import { TextDecoder } from "node:util";
import { VellumError } from "@vellum/model";
import type { ArchiveEntry } from "./entries.js";
import { error, type Finding, warning } from "./findings.js";

/** Manifest algorithms a verifier can check (RFC 8493 §2.4 names them by lowercase name). */
const ALGORITHMS = ["md5", "sha1", "sha224", "sha256", "sha384", "sha512"] as const;
type Algorithm = (typeof ALGORITHMS)[number];
const isAlgorithm = (a: string): a is Algorithm => (ALGORITHMS as readonly string[]).includes(a);

const MAX_TAG_FILE_BYTES = 64 * 1024 * 1024;

interface DataFile {
  readonly size: number;
  readonly digests: Map<string, string>;
}

export interface BagCheck {
  readonly findings: Finding[];
  readonly items: number;
  readonly bytes: number;
}

/**
 * Checks a bag given its files (RFC 8493 §3 "complete" and "valid"), in whatever order they come.
 * Payload files are hashed while streaming with the algorithms of the manifests seen so far, or
 * with every supported algorithm when a payload file comes before any manifest (a tar written
 * data-first); tag files are small and kept in memory until the end.
 */
export async function checkBagEntries(entries: AsyncIterable<ArchiveEntry>): Promise<BagCheck> {
  const findings: Finding[] = [];
  const tags = new Map<string, Uint8Array>();
  const bigTags = new Map<string, DataFile>();
  const data = new Map<string, DataFile>();
  const algorithms = new Set<Algorithm>();
  let bytes = 0;
  let items = 0;
  try {
    for await (const entry of entries) {
      items++;
      const manifest = /^(?:tag)?manifest-([a-z0-9]+)\.txt$/.exec(entry.path);
      if (
        manifest?.[1] !== undefined &&
        isAlgorithm(manifest[1]) &&
        !entry.path.startsWith("tag")
      ) {
        algorithms.add(manifest[1]);
      }
      if (entry.path.startsWith("data/")) {
        const algs: Algorithm[] = algorithms.size > 0 ? [...algorithms] : [...ALGORITHMS];
        const digests = await hashEntry(entry, algs);
        bytes += entry.size;
        data.set(entry.path, { size: entry.size, digests });
      } else if (entry.size > MAX_TAG_FILE_BYTES) {
        bigTags.set(entry.path, {
          size: entry.size,
          digests: await hashEntry(entry, [...ALGORITHMS]),
        });
      } else {
        const parts: Uint8Array[] = [];
        for await (const c of entry.open()) parts.push(Buffer.from(c));
        const content = Buffer.concat(parts);
        bytes += content.byteLength;
        tags.set(entry.path, content);
      }
    }
  } catch (cause) {
    if (cause instanceof VellumError) {
      const code = cause.code === "unsafe-path" ? "unsafe-path" : cause.code;
      findings.push(error(code, cause.value ?? null, cause.message));
      return { findings, items, bytes };
    }
    throw cause;
  }

  // bagit.txt (§2.1.1): exactly these two lines, UTF-8, no byte-order mark.
  let version = "1.0";
  let decoder = new TextDecoder("utf-8");
  const bagit = tags.get("bagit.txt");
  if (bagit === undefined) {
    findings.push(
      error("missing-bagit-txt", "bagit.txt", "bagit.txt is missing: this is not a bag"),
    );
  } else {
    if (bagit[0] === 0xef && bagit[1] === 0xbb && bagit[2] === 0xbf) {
      findings.push(
        error("bagit-txt-bom", "bagit.txt", "bagit.txt must not start with a byte-order mark"),
      );
    }
    const lines = splitLines(new TextDecoder("utf-8").decode(bagit).replace(/^\uFEFF/, ""));
    const v = /^BagIt-Version: ([0-9]+\.[0-9]+)$/.exec(lines[0] ?? "");
    const e = /^Tag-File-Character-Encoding: (\S+)$/.exec(lines[1] ?? "");
    if (v?.[1] === undefined) {
      findings.push(
        error(
          "bagit-txt-invalid",
          "bagit.txt",
          `bad BagIt-Version line: ${JSON.stringify(lines[0] ?? "")}`,
        ),
      );
    } else {
      version = v[1];
    }
    if (e?.[1] === undefined) {
      findings.push(
        error(
          "bagit-txt-invalid",
          "bagit.txt",
          `bad or missing Tag-File-Character-Encoding line: ${JSON.stringify(lines[1] ?? "")}`,
        ),
      );
    } else {
      try {
        decoder = new TextDecoder(e[1].toLowerCase() === "utf-16" ? "utf-16le" : e[1]);
      } catch {
        findings.push(error("unknown-encoding", "bagit.txt", `unknown tag file encoding ${e[1]}`));
      }
    }
    if (lines.length > 2) {
      findings.push(
        error("bagit-txt-invalid", "bagit.txt", "bagit.txt has lines after the two it may have"),
      );
    }
  }
  const v1 = Number.parseFloat(version) >= 1;
  const text = (bytes: Uint8Array): string => decodeTag(bytes, decoder);

  // Payload manifests (§2.1.3): each lists every payload file exactly once.
  const manifestNames = [...tags.keys()].filter((p) => /^manifest-[a-z0-9]+\.txt$/.test(p)).sort();
  if (manifestNames.length === 0) {
    findings.push(error("no-manifest", null, "the bag has no payload manifest"));
  }
  for (const name of manifestNames) {
    const alg = name.slice("manifest-".length, -".txt".length);
    if (!isAlgorithm(alg)) {
      findings.push(warning("unsupported-algorithm", name, `cannot check ${alg} digests`));
      continue;
    }
    const listed = parseManifest(text(tags.get(name) ?? new Uint8Array()), name, v1, findings);
    for (const [path, digest] of listed) {
      if (!path.startsWith("data/")) {
        findings.push(error("out-of-scope-path", name, `${path} is not under data/`));
        continue;
      }
      let file = data.get(path);
      if (file === undefined) {
        // The same name in another Unicode normalization form (macOS writes NFD): a warning.
        const nfc = path.normalize("NFC");
        const match = [...data.keys()].find((k) => k.normalize("NFC") === nfc);
        if (match !== undefined) {
          findings.push(
            warning(
              "unicode-normalization",
              path,
              `matches ${match} only after Unicode normalization`,
            ),
          );
          file = data.get(match);
          listed.set(match, digest);
        }
      }
      if (file === undefined) {
        findings.push(error("missing-file", path, `listed in ${name} but not in the bag`));
        continue;
      }
      const actual = file.digests.get(alg);
      if (actual !== undefined && actual !== digest.toLowerCase()) {
        findings.push(
          error("digest-mismatch", path, `${alg} digest differs from ${name}: the file changed`),
        );
      }
    }
    for (const path of data.keys()) {
      if (!listed.has(path)) {
        findings.push(error("unlisted-file", path, `in the payload but not listed in ${name}`));
      }
    }
  }

  // Tag manifests (§2.2.1): each listed tag file exists and matches.
  for (const name of [...tags.keys()]
    .filter((p) => /^tagmanifest-[a-z0-9]+\.txt$/.test(p))
    .sort()) {
    const alg = name.slice("tagmanifest-".length, -".txt".length);
    if (!isAlgorithm(alg)) {
      findings.push(warning("unsupported-algorithm", name, `cannot check ${alg} digests`));
      continue;
    }
    const listed = parseManifest(text(tags.get(name) ?? new Uint8Array()), name, v1, findings);
    for (const [path, digest] of listed) {
      const content = tags.get(path);
      const actual =
        content !== undefined
          ? createHash(alg).update(content).digest("hex")
          : (bigTags.get(path) ?? data.get(path))?.digests.get(alg);
      if (content === undefined && actual === undefined) {
        findings.push(error("missing-file", path, `listed in ${name} but not in the bag`));
      } else if (actual !== undefined && actual !== digest.toLowerCase()) {
        findings.push(
          error(
            "digest-mismatch",
            path,
            `${alg} digest differs from ${name}: the tag file changed`,
          ),
        );
      }
    }
  }

  // bag-info.txt (§2.2.2): Payload-Oxum is "octets.streamcount" of the payload.
  const info = tags.get("bag-info.txt");
  if (info !== undefined) {
    const oxum = parseBagInfo(text(info)).find(([k]) => k.toLowerCase() === "payload-oxum")?.[1];
    if (oxum !== undefined) {
      const m = /^(\d+)\.(\d+)$/.exec(oxum.trim());
      let octets = 0;
      for (const f of data.values()) octets += f.size;
      if (m === null) {
        findings.push(
          error(
            "payload-oxum-invalid",
            "bag-info.txt",
            `Payload-Oxum is not octets.count: ${oxum}`,
          ),
        );
      } else if (Number(m[1]) !== octets || Number(m[2]) !== data.size) {
        findings.push(
          error(
            "payload-oxum-mismatch",
            "bag-info.txt",
            `Payload-Oxum says ${m[1]}.${m[2]}, the payload is ${octets}.${data.size}`,
          ),
        );
      }
    }
  }

  // fetch.txt (§2.2.3): its paths too must stay inside the payload.
  const fetch = tags.get("fetch.txt");
  if (fetch !== undefined) {
    for (const line of splitLines(text(fetch))) {
      if (line.trim() === "") continue;
      const m = /^(\S+)\s+(\S+)\s+(.+)$/.exec(line);
      const path = m?.[3];
      if (path === undefined) {
        findings.push(error("fetch-invalid", "fetch.txt", `bad line: ${line}`));
        continue;
      }
      const checked = checkPath(decodePath(path, v1));
      if (checked === null || !checked.startsWith("data/")) {
        findings.push(
          error("out-of-scope-path", "fetch.txt", `${path} points outside the payload`),
        );
      }
    }
  }
  return { findings, items, bytes };
}

async function hashEntry(
  entry: ArchiveEntry,
  algs: readonly Algorithm[],
): Promise<Map<string, string>> {
  const hashes = algs.map((a) => [a, createHash(a)] as const);
  let seen = 0;
  for await (const chunk of entry.open()) {
    seen += chunk.byteLength;
    for (const [, h] of hashes) h.update(chunk);
  }
  if (seen !== entry.size) {
    throw new VellumError("archive-invalid", "an entry is shorter or longer than its header says", {
      value: entry.path,
    });
  }
  return new Map(hashes.map(([a, h]) => [a, h.digest("hex")]));
}

function decodeTag(bytes: Uint8Array, fallback: TextDecoder): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  return fallback.decode(bytes).replace(/^\uFEFF/, "");
}

function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** RFC 8493 §2.1.3: in 1.0, only CR, LF and % are percent-encoded in manifest paths. */
function decodePath(path: string, v1: boolean): string {
  if (!v1) return path;
  return path.replace(/%0D|%0A|%25/gi, (m) =>
    m === "%25" ? "%" : m.toUpperCase() === "%0D" ? "\r" : "\n",
  );
}

/** A manifest path made relative to the bag root, or null when it points outside (§2.1.3, §3). */
function checkPath(path: string): string | null {
  if (
    path.startsWith("/") ||
    path.startsWith("~") ||
    /^[A-Za-z]:/.test(path) ||
    path.includes("\\")
  ) {
    return null;
  }
  const parts = path.split("/").filter((p) => p !== "." && p !== "");
  if (parts.includes("..")) return null;
  return parts.join("/");
}

function parseManifest(
  text: string,
  name: string,
  v1: boolean,
  findings: Finding[],
): Map<string, string> {
  const listed = new Map<string, string>();
  for (const line of splitLines(text)) {
    if (line.trim() === "") continue;
    const m = /^([0-9A-Fa-f]+)[ \t]+(.+)$/.exec(line);
    if (m?.[1] === undefined || m[2] === undefined) {
      findings.push(error("manifest-invalid", name, `bad line: ${JSON.stringify(line)}`));
      continue;
    }
    let raw = m[2];
    if (raw.startsWith("*")) {
      // md5sum's binary-mode marker: not BagIt, but harmless.
      findings.push(
        warning("manifest-binary-marker", name, `path written with md5sum's '*': ${raw}`),
      );
      raw = raw.slice(1);
    }
    const path = checkPath(decodePath(raw, v1));
    if (path === null) {
      findings.push(error("out-of-scope-path", name, `${raw} points outside the bag`));
      continue;
    }
    const before = listed.get(path);
    if (before !== undefined) {
      if (v1 || before.toLowerCase() !== m[1].toLowerCase()) {
        findings.push(error("duplicate-entry", name, `${path} is listed more than once`));
      } else {
        findings.push(
          warning("duplicate-entry", name, `${path} is listed twice with the same digest`),
        );
      }
    }
    listed.set(path, m[1].toLowerCase());
  }
  return listed;
}

/** bag-info.txt lines: `Label: value`, continued on lines that start with whitespace (§2.2.2). */
export function parseBagInfo(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of splitLines(text)) {
    const last = out.at(-1);
    if (/^[ \t]/.test(line) && last !== undefined) {
      last[1] = `${last[1]} ${line.trim()}`;
      continue;
    }
    const i = line.indexOf(":");
    if (i <= 0) continue;
    out.push([line.slice(0, i).trim(), line.slice(i + 1).trim()]);
  }
  return out;
}
