import { createHash, type Hash } from "node:crypto";
import { base32 } from "./digest.js";
import { error, type Finding, type VerifyResult, warning } from "./findings.js";
import { scanWarc } from "./warc-scan.js";

/** Fields WARC 1.1 §5 makes mandatory in every record, and per type (§6). */
const REQUIRED = ["WARC-Record-ID", "Content-Length", "WARC-Date", "WARC-Type"];
const NEEDS_TARGET = new Set([
  "response",
  "request",
  "resource",
  "revisit",
  "conversion",
  "continuation",
]);
const KNOWN_TYPES = new Set([
  "warcinfo",
  "response",
  "resource",
  "request",
  "metadata",
  "revisit",
  "conversion",
  "continuation",
]);
const HEAD_LIMIT = 1024 * 1024;

interface Digester {
  readonly hash: Hash;
  matches(): boolean;
}

/** A labelled digest (`sha256:…`, `sha1:…`) checker: hex or base32, as tools write both. */
function digester(label: string): Digester | null {
  const i = label.indexOf(":");
  if (i <= 0) return null;
  const alg = label.slice(0, i).toLowerCase().replace("-", "");
  const value = label.slice(i + 1);
  if (!["sha1", "sha256", "sha512", "md5"].includes(alg)) return null;
  const hash = createHash(alg);
  return {
    hash,
    matches: () => {
      const d = hash.digest();
      return (
        value.toLowerCase() === d.toString("hex") ||
        value.toUpperCase().replace(/=+$/, "") === base32(d).replace(/=+$/, "")
      );
    },
  };
}

/**
 * Reads a whole WARC and checks each record: the mandatory fields for its type, that the block is
 * as long as Content-Length says, and that the block and payload digests recompute. A `.warc.gz`
 * whose gzip members are cut or corrupt is an error too: the file is then read again member by
 * member, so that each damaged member is reported once, at its own offset, with the count of
 * records read whole before it, and the records after it are still checked.
 */
export async function verifyWarc(path: string): Promise<VerifyResult> {
  let result = await verifyPass(path, false);
  if (/\.gz$/i.test(path) && result.broken) result = await verifyPass(path, true);
  const { findings, items, bytes } = result;
  if (items === 0 && findings.length === 0)
    findings.push(error("archive-invalid", path, "no WARC record in the file"));
  return {
    kind: "warc",
    path,
    ok: !findings.some((f) => f.severity === "error"),
    findings,
    checked: { items, bytes },
  };
}

interface Pass {
  readonly findings: Finding[];
  /** Records read whole. */
  readonly items: number;
  readonly bytes: number;
  /** The read stopped on damage it could not place (one stream through gunzip). */
  readonly broken: boolean;
}

async function verifyPass(path: string, byMember: boolean): Promise<Pass> {
  const findings: Finding[] = [];
  let started = 0;
  let items = 0;
  let bytes = 0;
  let broken = false;
  let id = "";
  let block: Digester | null = null;
  let payload: Digester | null = null;
  let head: Buffer | null = null;
  try {
    await scanWarc(
      path,
      {
        start(version, fields, offset) {
          started++;
          const get = (name: string) =>
            fields.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1] ?? null;
          const where = `record ${started} @${offset}`;
          id = get("WARC-Record-ID") ?? where;
          const type = get("WARC-Type") ?? "";
          if (!/^WARC\/1\.[01]$/.test(version))
            findings.push(
              error("warc-version", id, `unknown version line ${JSON.stringify(version)}`),
            );
          for (const name of REQUIRED) {
            if (get(name) === null)
              findings.push(error("missing-field", id, `${where} has no ${name}`));
          }
          if (!KNOWN_TYPES.has(type))
            findings.push(warning("unknown-type", id, `record type ${type}`));
          if (NEEDS_TARGET.has(type) && get("WARC-Target-URI") === null) {
            findings.push(error("missing-field", id, `a ${type} record needs WARC-Target-URI`));
          }
          const date = get("WARC-Date");
          if (date !== null && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/.test(date)) {
            findings.push(error("bad-date", id, `WARC-Date ${date} is not UTC ISO 8601`));
          }
          if (
            Number(get("Content-Length")) > 0 &&
            get("Content-Type") === null &&
            type !== "continuation"
          ) {
            findings.push(
              warning("missing-field", id, "a record with a block should have Content-Type"),
            );
          }
          const blockLabel = get("WARC-Block-Digest");
          const payloadLabel = get("WARC-Payload-Digest");
          block = blockLabel === null ? null : digester(blockLabel);
          payload = payloadLabel === null || type === "revisit" ? null : digester(payloadLabel);
          if (blockLabel !== null && block === null)
            findings.push(warning("unsupported-digest", id, `cannot check ${blockLabel}`));
          // The payload is the block after the HTTP head for request/response (§5.9), the whole block otherwise.
          head = type === "response" || type === "request" ? Buffer.alloc(0) : null;
        },
        block(chunk) {
          bytes += chunk.byteLength;
          block?.hash.update(chunk);
          if (head === null) {
            payload?.hash.update(chunk);
            return;
          }
          const joined: Buffer = Buffer.concat([head, chunk]);
          const end = joined.indexOf("\r\n\r\n");
          if (end >= 0) {
            payload?.hash.update(joined.subarray(end + 4));
            head = null;
          } else if (joined.byteLength > HEAD_LIMIT) {
            findings.push(error("bad-http-head", id, "no end to the HTTP head in the first MiB"));
            head = null;
            payload = null;
          } else {
            head = joined;
          }
        },
        end(complete) {
          if (!complete) return;
          items++;
          if (block !== null && !block.matches())
            findings.push(
              error(
                "digest-mismatch",
                id,
                "WARC-Block-Digest does not recompute: the record changed",
              ),
            );
          if (payload !== null && head === null && !payload.matches()) {
            findings.push(
              error(
                "digest-mismatch",
                id,
                "WARC-Payload-Digest does not recompute: the payload changed",
              ),
            );
          }
        },
        damaged(member) {
          items -= member.recordsInIt;
          const after =
            member.resumedAt === null
              ? "no readable member follows it"
              : `reading went on at the next member, @${member.resumedAt}`;
          findings.push(
            error(
              "gzip-damaged",
              `${path}@${member.offset}`,
              `the gzip member at @${member.offset} is damaged (${member.reason}): what it holds cannot be trusted; ${member.recordsBefore} record(s) before it are whole; ${after}`,
            ),
          );
        },
        invalid(problem, memberOffset) {
          findings.push(
            error(problem.code, problem.value ?? `${path}@${memberOffset}`, problem.message),
          );
        },
      },
      { byMember },
    );
  } catch (cause) {
    const e = cause as { code?: string; message?: string; value?: string };
    if (e.code === "input-not-found") throw cause;
    broken = !byMember;
    findings.push(
      error(
        e.code ?? "archive-invalid",
        e.value ?? path,
        `${e.message ?? String(cause)} (after ${items} whole record(s))`,
      ),
    );
  }
  return { findings, items, bytes, broken };
}
