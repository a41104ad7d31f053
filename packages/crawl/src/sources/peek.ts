/**
 * Reads the first items of a stream until `enough` says so, and answers them with a stream that
 * replays them and then goes on with the rest: the readers look at a document's first bytes (a
 * gzip header, a byte order mark, an XML declaration) before choosing how to read all of it.
 * Closing the replaying stream closes the source. `rest` is the same stream without the head, for
 * a reader that consumes the head itself; use one of the two. `close` closes the source for a
 * reader that stops before it started either.
 */
export async function peek<T>(
  source: AsyncIterable<T>,
  enough: (head: readonly T[]) => boolean,
): Promise<{
  head: T[];
  stream: AsyncGenerator<T, void, undefined>;
  rest: AsyncGenerator<T, void, undefined>;
  close: () => Promise<void>;
}> {
  const iterator = source[Symbol.asyncIterator]();
  const head: T[] = [];
  let ended = false;
  while (!enough(head)) {
    const next = await iterator.next();
    if (next.done === true) {
      ended = true;
      break;
    }
    head.push(next.value);
  }
  async function* replay(withHead: boolean): AsyncGenerator<T, void, undefined> {
    try {
      if (withHead) yield* head;
      if (ended) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) return;
        yield next.value;
      }
    } finally {
      await iterator.return?.();
    }
  }
  return {
    head,
    stream: replay(true),
    rest: replay(false),
    close: async () => {
      await iterator.return?.();
    },
  };
}

export function byteLength(chunks: readonly Uint8Array[]): number {
  let n = 0;
  for (const c of chunks) n += c.byteLength;
  return n;
}
