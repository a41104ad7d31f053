import { createHash } from "node:crypto";
import { join } from "node:path";
import { readWarc } from "@vellum/archive";

export type { Route, TestServer } from "../../../test/support/route-server.js";
export { answer, firstThen, redirectTo, startServer } from "../../../test/support/route-server.js";

export interface ReadRecord {
  readonly file: string;
  readonly type: string;
  readonly headers: ReadonlyMap<string, string>;
  readonly block: Buffer;
  /** The HTTP payload (block after the head) for request/response records. */
  readonly payload: Buffer | null;
}

const REQUIRED = ["WARC-Record-ID", "Content-Length", "WARC-Date", "WARC-Type"];

function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

/**
 * Reads every record of every WARC file back with warcio (through @vellum/archive's reader),
 * checks the headers WARC 1.1 requires for each record type (§5, §6), recomputes every block
 * and payload digest, and checks request/response pairing. Throws on the first problem.
 */
export async function readAndVerifyWarcs(
  dir: string,
  files: readonly string[],
): Promise<ReadRecord[]> {
  const out: ReadRecord[] = [];
  for (const file of files) {
    let index = 0;
    for await (const entry of readWarc(join(dir, file))) {
      const chunks: Uint8Array[] = [];
      for await (const chunk of entry.block) chunks.push(chunk);
      const block = Buffer.concat(chunks);
      const headers = new Map(entry.headers.map(([k, v]) => [k.toLowerCase(), v]));
      const where = `${file} record ${index} (${entry.type})`;
      if (entry.warcVersion !== "WARC/1.1")
        throw new Error(`${where}: version ${entry.warcVersion}`);
      for (const name of REQUIRED) {
        if (!headers.has(name.toLowerCase())) throw new Error(`${where}: missing ${name}`);
      }
      if (index === 0 && entry.type !== "warcinfo")
        throw new Error(`${where}: warcinfo must come first`);
      if (entry.type !== "warcinfo" && !headers.has("warc-target-uri")) {
        throw new Error(`${where}: missing WARC-Target-URI`);
      }
      if (!headers.has("content-type") && block.byteLength > 0)
        throw new Error(`${where}: missing Content-Type`);
      if (Number(headers.get("content-length")) !== block.byteLength) {
        throw new Error(
          `${where}: Content-Length ${headers.get("content-length")} != ${block.byteLength}`,
        );
      }
      if (headers.get("warc-block-digest") !== sha256(block))
        throw new Error(`${where}: block digest differs`);
      let payload: Buffer | null = null;
      if (entry.type === "response" || entry.type === "request" || entry.type === "revisit") {
        const end = block.indexOf("\r\n\r\n");
        if (end < 0) throw new Error(`${where}: no HTTP head`);
        payload = block.subarray(end + 4);
        if (!headers.has("warc-concurrent-to"))
          throw new Error(`${where}: missing WARC-Concurrent-To`);
      }
      if (entry.type === "response") {
        if (headers.get("warc-payload-digest") !== sha256(payload as Buffer)) {
          throw new Error(`${where}: payload digest differs`);
        }
        if (!headers.has("warc-ip-address")) throw new Error(`${where}: missing WARC-IP-Address`);
      }
      out.push({ file, type: entry.type, headers, block, payload });
      index += 1;
    }
  }
  const ids = new Map(out.map((r) => [r.headers.get("warc-record-id"), r]));
  for (const r of out) {
    if (r.type !== "request" && r.type !== "response" && r.type !== "revisit") continue;
    const other = ids.get(r.headers.get("warc-concurrent-to"));
    // A revisit stands for the response it repeats: its request pairs with it.
    const want = r.type === "request" ? ["response", "revisit"] : ["request"];
    if (
      !want.includes(other?.type ?? "") ||
      other === undefined ||
      other.headers.get("warc-concurrent-to") !== r.headers.get("warc-record-id")
    ) {
      throw new Error(
        `${r.type} ${r.headers.get("warc-record-id")} is not paired with its ${want}`,
      );
    }
  }
  // A revisit must lead to the response whose payload it repeats (WARC 1.1 §6.7.2).
  for (const r of out) {
    if (r.type !== "revisit") continue;
    const id = r.headers.get("warc-record-id");
    const original = ids.get(r.headers.get("warc-refers-to"));
    if (
      r.headers.get("warc-profile") !==
        "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest" ||
      original?.type !== "response" ||
      original.headers.get("warc-payload-digest") !== r.headers.get("warc-payload-digest") ||
      original.headers.get("warc-target-uri") !== r.headers.get("warc-refers-to-target-uri") ||
      original.headers.get("warc-date") !== r.headers.get("warc-refers-to-date")
    ) {
      throw new Error(`revisit ${id} does not lead to the response it repeats`);
    }
  }
  return out;
}

/**
 * Fetch options for the private-address guard tests: the guard is on, and `news.test` stands for
 * a public site although every name resolves to loopback here.
 */
export const PUBLIC_NEWS_TEST = {
  allowPrivate: false,
  respectRobots: false,
  allowPrivateHosts: ["news.test"],
  resolver: async () => [{ address: "127.0.0.1", family: 4 as const }],
};
