/**
 * The read cache's stores (src/aws/read-cache.ts): one process's memory, bounded, or a Redis
 * that several gateway processes share (ioredis, https://github.com/redis/ioredis).
 */
import { Redis, type RedisOptions } from "ioredis";
import type { CacheStore } from "./read-cache.js";

export type { CacheStore };

export interface MemoryStoreOptions {
  /** Entries kept; the least recently used go first. */
  maxEntries: number;
  /**
   * Characters of stored text (keys and values) kept in all: about bytes, since V8 keeps ASCII
   * text such as this JSON one byte per character.
   */
  maxChars: number;
  /** Detectors and regions whose generation is remembered. */
  maxGenerations?: number;
}

const DEFAULT_MAX_GENERATIONS = 10_000;

/**
 * Entries in a Map in use order (a read moves an entry to the end), evicted from the front past
 * either bound. Expiry is read from each entry by the cache itself.
 */
export function createMemoryStore(options: MemoryStoreOptions): CacheStore {
  const entries = new Map<string, string>();
  let chars = 0;
  const maxGenerations = options.maxGenerations ?? DEFAULT_MAX_GENERATIONS;
  // Generations are unique numbers from one counter. A forgotten generation reads as `epoch`,
  // which moves on whenever one is forgotten, so forgetting never brings old entries back.
  const generations = new Map<string, number>();
  let counter = 0;
  let epoch = 0;

  function remove(key: string) {
    const value = entries.get(key);
    if (value === undefined) return;
    entries.delete(key);
    chars -= key.length + value.length;
  }

  return {
    async get(key) {
      const value = entries.get(key);
      if (value !== undefined) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    async set(key, value) {
      remove(key);
      const size = key.length + value.length;
      if (size > options.maxChars) return;
      entries.set(key, value);
      chars += size;
      for (const oldest of entries.keys()) {
        if (entries.size <= options.maxEntries && chars <= options.maxChars) break;
        remove(oldest);
      }
    },
    async generation(key) {
      return String(generations.get(key) ?? epoch);
    },
    async bump(keys) {
      for (const key of keys) {
        generations.delete(key);
        counter += 1;
        generations.set(key, counter);
      }
      while (generations.size > maxGenerations) {
        const oldest = generations.keys().next().value as string;
        generations.delete(oldest);
        counter += 1;
        epoch = counter;
      }
    },
    async close() {
      entries.clear();
      generations.clear();
    },
  };
}

export interface RedisStoreOptions {
  /** redis://, rediss:// or unix:///path/to/redis.sock */
  url: string;
  /**
   * A Redis that does not answer a command in this long counts as down for that command (a
   * closed connection fails at once). A busy process's own event-loop stalls count too.
   */
  commandTimeoutMs: number;
  /** Told when a connection fails (the cache then goes to GuardDuty directly). */
  log?: (message: string, error: unknown) => void;
}

/** A Redis store: one connection for commands, one subscribed to the settled calls. */
export interface RedisStore extends CacheStore {
  /** Resolves once both connections are ready, or false after `timeoutMs`. */
  ready(timeoutMs: number): Promise<boolean>;
}

/** Generation keys outlive any entry (CACHE_TTL_MS is at most minutes). */
const GENERATION_TTL_MS = 86_400_000;
const SETTLED_CHANNEL = "guardduty-graphql:cache:v1:settled";

function connectionOptions(
  url: string,
  commandTimeoutMs: number,
): RedisOptions & { path?: string } {
  const common: RedisOptions = {
    // A command while disconnected fails at once (the read goes to GuardDuty) instead of
    // waiting in a queue for a Redis that may be gone for minutes.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  };
  if (url.startsWith("unix://")) return { ...common, path: new URL(url).pathname };
  return common;
}

function connect(url: string, options: RedisOptions & { path?: string }): Redis {
  return options.path ? new Redis(options) : new Redis(url, options);
}

export function createRedisStore(options: RedisStoreOptions): RedisStore {
  const commandOptions = connectionOptions(options.url, options.commandTimeoutMs);
  const commands = connect(options.url, commandOptions);
  // The subscriber queues its SUBSCRIBE until connected and re-subscribes after a reconnect.
  const subscriber = connect(options.url, { ...commandOptions, enableOfflineQueue: true });
  const report = (which: string) => {
    let failing = false;
    return {
      error: (error: unknown) => {
        if (failing) return;
        failing = true;
        options.log?.(`read cache: Redis ${which} connection failed`, error);
      },
      ready: () => {
        failing = false;
      },
    };
  };
  for (const [client, which] of [
    [commands, "command"],
    [subscriber, "subscriber"],
  ] as const) {
    const { error, ready } = report(which);
    client.on("error", error);
    client.on("ready", ready);
  }
  const waiters = new Map<string, Set<() => void>>();
  const subscribed = subscriber.subscribe(SETTLED_CHANNEL).catch((error: unknown) => {
    options.log?.("read cache: Redis subscribe failed", error);
  });
  subscriber.on("message", (_channel: string, key: string) => {
    for (const wake of waiters.get(key) ?? []) wake();
  });

  function whenReady(client: Redis, timeoutMs: number): Promise<boolean> {
    if (client.status === "ready") return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(false), timeoutMs);
      const onReady = () => done(true);
      function done(ok: boolean) {
        clearTimeout(timer);
        client.off("ready", onReady);
        resolve(ok);
      }
      client.once("ready", onReady);
    });
  }

  const lockKey = (key: string) => `${key}:claim`;

  return {
    async ready(timeoutMs) {
      const [a, b] = await Promise.all([
        whenReady(commands, timeoutMs),
        whenReady(subscriber, timeoutMs),
      ]);
      await subscribed;
      return a && b;
    },
    async get(key) {
      return (await commands.get(key)) ?? undefined;
    },
    async set(key, value, ttlMs) {
      await commands.set(key, value, "PX", ttlMs);
    },
    async generation(key) {
      return (await commands.get(key)) ?? "0";
    },
    async bump(keys) {
      const batch = commands.multi();
      for (const key of keys) batch.incr(key).pexpire(key, GENERATION_TTL_MS);
      const results = await batch.exec();
      const failed = results?.find(([error]) => error);
      if (failed) throw failed[0];
    },
    async claim(key, ttlMs) {
      return (await commands.set(lockKey(key), "1", "PX", ttlMs, "NX")) === "OK";
    },
    async settle(key) {
      await commands.del(lockKey(key));
      await commands.publish(SETTLED_CHANNEL, key);
    },
    settled(key, signal, pollMs) {
      return new Promise<void>((resolve) => {
        const set = waiters.get(key) ?? new Set();
        waiters.set(key, set);
        const timer = setTimeout(wake, pollMs);
        signal.addEventListener("abort", wake, { once: true });
        set.add(wake);
        function wake() {
          clearTimeout(timer);
          signal.removeEventListener("abort", wake);
          set.delete(wake);
          if (set.size === 0 && waiters.get(key) === set) waiters.delete(key);
          resolve();
        }
      });
    },
    async close() {
      commands.disconnect();
      subscriber.disconnect();
    },
  };
}
