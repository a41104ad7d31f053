export type { Route, TestServer } from "../../../test/support/route-server.js";
export { answer, firstThen, redirectTo, startServer } from "../../../test/support/route-server.js";

export async function collect(
  stream: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}
