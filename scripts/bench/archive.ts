/**
 * Archive bench: `vellum bundle` (WACZ and zipped bag) and `vellum verify` over a generated
 * snapshot, beside `sha256sum` + `zip -0` over the same bytes in the same run, with each side's
 * peak RSS. Sizes: `--size 2G` (default 2 GiB; `ARCHIVE_BENCH_SIZE` too). Run alone with
 * `node --import tsx scripts/bench/archive.ts [--size 512M]`, or through `pnpm bench archive`.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundleSnapshot, derivedUri, verifyPath, WarcWriter } from "@vellum/archive";
import { bytesPayload, countingIds, fixedClock, type Payload } from "@vellum/model";

const SCRIPT = fileURLToPath(import.meta.url);
const RSS_LIMIT_MB = 256;
/** Each generated WARC file; the snapshot is several copies under distinct names. */
const FILE_BYTES = 256 * 1024 * 1024;

function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([kmg])?$/i.exec(text.trim());
  if (m?.[1] === undefined) throw new Error(`bad --size ${text} (e.g. 512M, 2G)`);
  const unit = (m[2] ?? "").toLowerCase();
  return Math.floor(
    Number(m[1]) * (unit === "g" ? 1024 ** 3 : unit === "m" ? 1024 ** 2 : unit === "k" ? 1024 : 1),
  );
}

/** A body of random bytes (so gzip and zip cannot shrink it), streamed in 1 MiB pieces. */
function randomPayload(size: number): Payload {
  const piece = randomBytes(Math.min(size, 1024 * 1024));
  return {
    byteLength: size,
    async *stream() {
      let left = size;
      while (left > 0) {
        const n = Math.min(left, piece.byteLength);
        yield piece.subarray(0, n);
        left -= n;
      }
    },
  };
}

/** Writes one WARC of about `bytes` through WarcWriter, then copies it to reach `total`. */
export async function generateSnapshot(
  dir: string,
  total: number,
): Promise<{ files: number; bytes: number }> {
  await mkdir(dir, { recursive: true });
  const writer = await WarcWriter.open({
    dir,
    prefix: "bench",
    clock: fixedClock("2026-11-25T00:00:00Z"),
    ids: countingIds(),
    info: { software: "Vellum bench" },
    maxFileBytes: Number.MAX_SAFE_INTEGER,
  });
  const target = Math.min(total, FILE_BYTES);
  let written = 0;
  for (let i = 0; written < target; i++) {
    const size = [16 * 1024, 200 * 1024, 1024 * 1024, 4 * 1024 * 1024][i % 4] ?? 1024;
    const url = `https://bench.example/page/${i}`;
    await writer.writeExchange({
      method: "GET",
      url,
      httpVersion: "HTTP/1.1",
      requestHeaders: [["User-Agent", "Vellum bench"]],
      status: 200,
      statusText: "OK",
      responseHeaders: [["Content-Type", i % 4 === 0 ? "text/html" : "application/octet-stream"]],
      body: randomPayload(size),
      truncated: null,
      ipAddress: "192.0.2.1",
      tls: null,
      startedAt: new Date(Date.UTC(2026, 10, 25, 0, 0, i % 60)).toISOString(),
      durationMs: 1,
    });
    written += size;
    if (i % 4 === 0) {
      await writer.writeMetadata({
        targetUri: derivedUri("article", url),
        contentType: "application/json",
        body: bytesPayload(new TextEncoder().encode('{"headline":"x"}')),
      });
    }
  }
  await writer.close();
  const first = writer.files[0] ?? "";
  const firstPath = join(dir, first);
  const size = (await stat(firstPath)).size;
  const names = [first];
  const side = await readFile(`${firstPath}.cdxj`, "utf8");
  const copies = Math.max(1, Math.round(total / size));
  for (let n = 1; n < copies; n++) {
    const name = first.replace(/-00000\.warc\.gz$/, `-${String(n).padStart(5, "0")}.warc.gz`);
    await copyFile(firstPath, join(dir, name));
    await writeFile(join(dir, `${name}.cdxj`), side.split(first).join(name));
    names.push(name);
  }
  await writeFile(
    join(dir, "report.json"),
    JSON.stringify({
      software: "Vellum bench",
      startedAt: "2026-11-25T00:00:00Z",
      finishedAt: "2026-11-25T00:01:00Z",
      robots: "obey",
      warcFiles: names,
      urls: [],
    }),
  );
  return { files: names.length, bytes: size * names.length };
}

interface Measure {
  readonly seconds: number;
  readonly rssMb: number;
  readonly ok: boolean;
}

/** Runs one step in a child process so its peak RSS is its own. */
function child(step: string, ...args: string[]): Measure {
  const r = spawnSync(process.execPath, ["--import", "tsx", SCRIPT, "--child", step, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`bench step ${step} failed: ${r.stderr}`);
  const line = r.stdout.trim().split("\n").at(-1) ?? "{}";
  return JSON.parse(line) as Measure;
}

async function runChild(step: string, args: string[]): Promise<void> {
  const [a = "", b = ""] = args;
  const t0 = process.hrtime.bigint();
  let ok = true;
  if (step.startsWith("bundle-")) {
    await bundleSnapshot({
      snapshotDir: a,
      format: step.slice("bundle-".length) as "wacz" | "bag-zip" | "bag-tgz",
      out: b,
      clock: fixedClock("2026-11-25T01:00:00Z"),
      ids: countingIds(),
      software: "Vellum bench",
    });
  } else if (step === "verify") {
    ok = (await verifyPath(a)).ok;
  } else if (step === "peer") {
    // sha256sum then zip -0 over the same files: what a shell script would do.
    const files = args.slice(1);
    const sum = spawnSync("sha256sum", files, { stdio: ["ignore", "ignore", "inherit"] });
    const zip = spawnSync("zip", ["-0", "-q", "-j", a, ...files], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    ok = sum.status === 0 && zip.status === 0;
  } else if (step === "peer-verify") {
    ok = spawnSync("sha256sum", args, { stdio: ["ignore", "ignore", "inherit"] }).status === 0;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ seconds, rssMb, ok }));
}

function hasTool(name: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" }).status === 0;
}

export async function benchArchive(): Promise<void> {
  const argv = process.argv.slice(2);
  const sizeArg = argv[argv.indexOf("--size") + 1];
  const total = parseSize(
    argv.includes("--size") && sizeArg !== undefined
      ? sizeArg
      : (process.env.ARCHIVE_BENCH_SIZE ?? "2G"),
  );
  for (const tool of ["zip", "sha256sum"]) {
    if (!hasTool(tool)) {
      console.log(
        `archive bench: needs \`${tool}\` for the peer measurement (apt-get install ${tool === "zip" ? "zip" : "coreutils"}); skipped`,
      );
      return;
    }
  }
  const root = await mkdtemp(join(tmpdir(), "vellum-bench-archive-"));
  try {
    const snap = join(root, "snap");
    const gen = await generateSnapshot(snap, total);
    const warcs = (
      JSON.parse(await readFile(join(snap, "report.json"), "utf8")) as { warcFiles: string[] }
    ).warcFiles.map((n) => join(snap, n));
    const mb = gen.bytes / 1024 / 1024;
    // Warm the page cache for both sides alike.
    spawnSync("cat", warcs, { stdio: ["ignore", "ignore", "ignore"] });
    const peer = child("peer", join(root, "peer.zip"), ...warcs);
    const wacz = child("bundle-wacz", snap, join(root, "out.wacz"));
    const bag = child("bundle-bag-zip", snap, join(root, "out-bag.zip"));
    const tgz = child("bundle-bag-tgz", snap, join(root, "out-bag.tar.gz"));
    const peerVerify = child("peer-verify", join(root, "out.wacz"));
    const verifyWacz = child("verify", join(root, "out.wacz"));
    const verifyBag = child("verify", join(root, "out-bag.zip"));
    const rows: [string, Measure, Measure][] = [
      ["bundle --format wacz", wacz, peer],
      ["bundle --format bag-zip", bag, peer],
      ["bundle --format bag-tgz", tgz, peer],
      ["verify out.wacz", verifyWacz, peerVerify],
      ["verify out-bag.zip", verifyBag, peerVerify],
    ];
    console.log(`archive bench: ${gen.files} WARC file(s), ${mb.toFixed(0)} MiB of snapshot`);
    console.log(
      "step                      ours MiB/s  peer MiB/s  ratio  peak RSS  (peer: sha256sum + zip -0; for verify: sha256sum)",
    );
    for (const [name, ours, theirs] of rows) {
      const o = mb / ours.seconds;
      const p = mb / theirs.seconds;
      const rssOk = ours.rssMb <= RSS_LIMIT_MB ? "ok" : `OVER ${RSS_LIMIT_MB} MB`;
      console.log(
        `${name.padEnd(26)}${o.toFixed(0).padStart(10)}  ${p.toFixed(0).padStart(10)}  ${(o / p).toFixed(2).padStart(5)}  ${ours.rssMb.toFixed(0).padStart(5)} MB ${rssOk}${ours.ok ? "" : "  (VERIFY FAILED)"}`,
      );
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const i = process.argv.indexOf("--child");
  if (i >= 0) {
    await runChild(process.argv[i + 1] ?? "", process.argv.slice(i + 2));
  } else {
    await benchArchive();
  }
}
