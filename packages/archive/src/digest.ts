import { createHash, type Hash } from "node:crypto";

/** The digest algorithms Vellum writes and can check (BagIt manifests also use md5/sha1). */
export type DigestAlgorithm = "md5" | "sha1" | "sha256" | "sha512";

export function newHash(algorithm: DigestAlgorithm): Hash {
  return createHash(algorithm);
}

/** Hashes a byte stream without holding it; returns lowercase hex and the byte count. */
export async function digestStream(
  stream: AsyncIterable<Uint8Array>,
  algorithm: DigestAlgorithm = "sha256",
): Promise<{ hex: string; bytes: number }> {
  const hash = createHash(algorithm);
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    bytes += chunk.byteLength;
  }
  return { hex: hash.digest("hex"), bytes };
}

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32 with padding, the form older WARC digests (`sha1:…`) use. */
export function base32(bytes: Uint8Array): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  while (out.length % 8 !== 0) out += "=";
  return out;
}

/** `sha256:<hex>`, the labelled form WARC-*-Digest, CDXJ and WACZ use. */
export function labelledSha256(hex: string): string {
  return `sha256:${hex}`;
}
