/**
 * Speed and memory of one large capture over loopback: `tsx packages/fetch/bench/big-body.ts [MiB]`.
 * The body streams to a spool file, so peak RSS should stay near the baseline whatever the size.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createFetcher } from "../src/index.js";

const mib = Number(process.argv[2] ?? 300);
const chunk = Buffer.alloc(1 << 20, 97);
const server = createServer((_req, res) => {
  res.writeHead(200, { "Content-Type": "application/octet-stream" });
  let sent = 0;
  const pump = () => {
    while (sent < mib) {
      sent += 1;
      if (!res.write(chunk)) {
        res.once("drain", pump);
        return;
      }
    }
    res.end();
  };
  pump();
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const { port } = server.address() as AddressInfo;

let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 10);
const before = process.memoryUsage().rss;
const fetcher = createFetcher({
  allowPrivate: true,
  respectRobots: false,
  maxBytes: (mib + 1) << 20,
});
const t0 = performance.now();
const capture = await fetcher.capture(`http://127.0.0.1:${port}/big`, { content: false });
const seconds = (performance.now() - t0) / 1000;
clearInterval(sampler);
const body = capture.exchanges[0]?.body;
console.log(
  `${mib} MiB in ${seconds.toFixed(2)} s (${(mib / seconds).toFixed(0)} MiB/s); ` +
    `RSS ${(before / 2 ** 20).toFixed(0)} → peak ${(peak / 2 ** 20).toFixed(0)} MiB; ` +
    `stored ${body?.byteLength} bytes`,
);
await fetcher.release(capture);
server.close();
