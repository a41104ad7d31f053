import { stat } from "node:fs/promises";
import { join } from "node:path";
import { VellumError } from "@vellum/model";
import { bagDirectoryEntries, bagTarEntries, bagZipEntries } from "./bag-source.js";
import { checkBagEntries } from "./bagit-verify.js";
import type { ExtractLimits } from "./entries.js";
import { error, type VerifyResult } from "./findings.js";
import { verifyWacz } from "./verify-wacz.js";
import { verifyWarc } from "./verify-warc.js";

export interface VerifyOptions {
  /** Limits for zip and tar entries. Defaults: see `DEFAULT_LIMITS`. */
  readonly limits?: ExtractLimits;
}

/** What a path holds, from its kind and name. */
export type VerifiableFormat = "bag-dir" | "bag-zip" | "bag-tar" | "wacz" | "warc";

export async function detectFormat(path: string): Promise<VerifiableFormat> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (cause) {
    throw new VellumError("input-not-found", "nothing to verify at this path", {
      value: path,
      cause,
    });
  }
  if (info.isDirectory()) return "bag-dir";
  const lower = path.toLowerCase();
  if (lower.endsWith(".wacz")) return "wacz";
  if (lower.endsWith(".warc") || lower.endsWith(".warc.gz")) return "warc";
  if (lower.endsWith(".zip")) return "bag-zip";
  if (lower.endsWith(".tar.gz") || lower.endsWith(".tgz") || lower.endsWith(".tar"))
    return "bag-tar";
  throw new VellumError("input-invalid", "cannot tell what this file is from its name", {
    value: path,
    hint: "verify takes a bag directory, .zip, .tar.gz, .wacz, .warc or .warc.gz",
  });
}

/** Checks a bag (directory, zip or tar) for completeness and validity (RFC 8493 §3). */
export async function verifyBag(path: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const format = await detectFormat(path);
  if (
    format === "bag-dir" &&
    !(await stat(join(path, "bagit.txt")).then(
      (s) => s.isFile(),
      () => false,
    ))
  ) {
    // Not a bag at all: say so at once rather than hash a directory that may hold gigabytes.
    return {
      kind: "bag",
      path,
      ok: false,
      findings: [
        error(
          "missing-bagit-txt",
          "bagit.txt",
          "bagit.txt is missing: this directory is not a bag",
        ),
      ],
      checked: { items: 0, bytes: 0 },
    };
  }
  const entries =
    format === "bag-dir"
      ? bagDirectoryEntries(path)
      : format === "bag-tar"
        ? bagTarEntries(path, options.limits)
        : bagZipEntries(path, options.limits);
  const check = await checkBagEntries(entries);
  return {
    kind: "bag",
    path,
    ok: !check.findings.some((f) => f.severity === "error"),
    findings: check.findings,
    checked: { items: check.items, bytes: check.bytes },
  };
}

/** Verifies whatever is at `path`: a bag (directory, zip, tar), a WACZ or a WARC. */
export async function verifyPath(path: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const format = await detectFormat(path);
  if (format === "wacz") return verifyWacz(path, options.limits);
  if (format === "warc") return verifyWarc(path);
  return verifyBag(path, options);
}
