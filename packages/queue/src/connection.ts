import { VellumError } from "@vellum/model";
import { Redis, type RedisOptions } from "ioredis";

/** Where a fleet's queue lives: `redis://[:password@]HOST:PORT/DB`, parsed once. */
export interface QueueLocation {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly password: string | null;
  readonly username: string | null;
  readonly tls: boolean;
  /** The URL without its password, for messages and `status`. */
  readonly display: string;
}

/** Parses `--queue`; a value that is no Redis URL is bad usage with the form expected. */
export function parseQueueUrl(raw: string): QueueLocation {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badQueueUrl(raw);
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") throw badQueueUrl(raw);
  const dbPart = url.pathname.replace(/^\//, "");
  if (dbPart !== "" && !/^\d{1,2}$/.test(dbPart)) throw badQueueUrl(raw);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (host === "") throw badQueueUrl(raw);
  const port = url.port === "" ? 6379 : Number(url.port);
  const db = dbPart === "" ? 0 : Number(dbPart);
  return {
    host,
    port,
    db,
    password: url.password === "" ? null : decodeURIComponent(url.password),
    username: url.username === "" ? null : decodeURIComponent(url.username),
    tls: url.protocol === "rediss:",
    display: `${url.protocol}//${url.host}/${db}`,
  };
}

function badQueueUrl(raw: string): VellumError {
  return new VellumError("usage", "--queue is not a Redis URL", {
    value: raw,
    hint: "write it as redis://HOST:PORT/DB, e.g. redis://127.0.0.1:6379/0",
  });
}

export interface ConnectOptions {
  /**
   * Keep retrying while Redis is down (workers, coordinator): commands wait for the connection
   * instead of failing. False (`vellum status`): fail after the first refused attempt.
   * Default: true.
   */
  readonly wait?: boolean;
  /** Told each time the connection drops or comes back. */
  readonly onState?: (state: "down" | "up", detail: string) => void;
}

/**
 * An ioredis client for the location. BullMQ needs `maxRetriesPerRequest: null` on a worker's
 * connection; with `wait` every command is held until Redis is back (a restart mid-run loses
 * nothing: the worker carries on where it stopped), retrying with a capped backoff.
 */
export function connect(location: QueueLocation, options: ConnectOptions = {}): Redis {
  const wait = options.wait ?? true;
  const redisOptions: RedisOptions = {
    host: location.host,
    port: location.port,
    db: location.db,
    ...(location.password === null ? {} : { password: location.password }),
    ...(location.username === null ? {} : { username: location.username }),
    ...(location.tls ? { tls: {} } : {}),
    maxRetriesPerRequest: wait ? null : 1,
    enableOfflineQueue: wait,
    connectTimeout: 5_000,
    lazyConnect: true,
    retryStrategy: wait ? (times) => Math.min(100 * 2 ** Math.min(times, 6), 2_000) : () => null,
  };
  const client = new Redis(redisOptions);
  let down = false;
  client.on("error", (error: Error) => {
    if (!down) {
      down = true;
      options.onState?.("down", error.message);
    }
  });
  client.on("ready", () => {
    if (down) {
      down = false;
      options.onState?.("up", location.display);
    }
  });
  return client;
}

/**
 * Opens the connection, or throws `queue-unreachable` with the address and what to do. With
 * `waitMs`, a Redis that is away (restarting, not up yet) is waited for that long, the client's
 * own reconnection doing the retries, before giving up: a fleet member started during a Redis
 * restart rides it out as a running one does.
 */
export async function open(client: Redis, location: QueueLocation, waitMs = 0): Promise<Redis> {
  let timer: NodeJS.Timeout | undefined;
  try {
    if (waitMs <= 0) {
      if (client.status === "wait") await client.connect();
      await client.ping();
      return client;
    }
    // The first attempt's failure is reported through the client's `error` event (onState);
    // with `wait`, the ping is held until a reconnection succeeds.
    if (client.status === "wait") client.connect().catch(() => undefined);
    const gaveUp = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${Math.round(waitMs / 1000)} s`)),
        waitMs,
      );
    });
    await Promise.race([client.ping(), gaveUp]);
    return client;
  } catch (error) {
    client.disconnect();
    throw queueUnreachable(location, error);
  } finally {
    clearTimeout(timer);
  }
}

export function queueUnreachable(location: QueueLocation, cause: unknown): VellumError {
  return new VellumError("queue-unreachable", "The queue's Redis server cannot be reached", {
    value: location.display,
    hint: "start redis-server there (see the README's fleet section) or check --queue",
    cause,
  });
}

/**
 * A second connection with the same settings (BullMQ wants its own for blocking commands). Its
 * errors while Redis is away are the first connection's to report, so they are not printed.
 */
export function quietDuplicate(client: Redis): Redis {
  const copy = client.duplicate();
  copy.on("error", () => undefined);
  return copy;
}
