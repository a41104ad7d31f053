import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

export interface TestServer {
  readonly origin: string;
  readonly port: number;
  /** Paths requested, in order. */
  readonly hits: string[];
  close(): Promise<void>;
}

/** A route that always answers with this status, headers and body. */
export function answer(
  status: number,
  headers: Record<string, string> = {},
  body: string | Buffer = "",
): Route {
  return (_req, res) => {
    res.writeHead(status, headers);
    res.end(body);
  };
}

/** A route that answers its first `times` requests with `first`, and every later one with `then`. */
export function firstThen(times: number, first: Route, then: Route): Route {
  let asked = 0;
  return (req, res) => {
    asked += 1;
    (asked <= times ? first : then)(req, res);
  };
}

/** A route that answers with a redirect and no body. */
export function redirectTo(status: 301 | 302 | 303 | 307 | 308, location: string): Route {
  return (_req, res) => {
    res.writeHead(status, { Location: location });
    res.end();
  };
}

/** A loopback HTTP server answering from a route table; unknown paths get 404. */
export async function startServer(routes: Record<string, Route>): Promise<TestServer> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? "/";
    hits.push(path);
    const route = routes[path];
    if (route === undefined) {
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("not found");
      return;
    }
    route(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
