import { describe, expect, it } from "vitest";
import { clientWentAway } from "../../src/aws/abort.js";
import { createMemoryStore } from "../../src/aws/cache-stores.js";
import {
  type CachedRead,
  callerKey,
  canonicalJson,
  createReadCache,
  decodeOutput,
  encodeOutput,
} from "../../src/aws/read-cache.js";

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

function cacheWith(clock = { now: 0 }) {
  return createReadCache({
    store: createMemoryStore({ maxEntries: 100, maxChars: 1_000_000 }),
    ttlMs: 15_000,
    principal: async () => "AKIDEXAMPLE",
    sharedTimeoutMs: 60_000,
    now: () => clock.now,
  });
}

function readOf<T>(
  send: (signal: AbortSignal) => Promise<T>,
  extra: Partial<CachedRead<T>> = {},
): CachedRead<T> {
  return {
    caller: "open",
    region: "us-east-1",
    detectorId: "d1",
    operation: "ListFindings",
    input: { DetectorId: "d1", MaxResults: 10 },
    beforeSend: () => {},
    send,
    ...extra,
  };
}

/** Lets the cache's awaits (principal, generation, store) run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("the read cache", () => {
  it("one waiter going away does not cancel the shared call; the others get its answer", async () => {
    const cache = cacheWith();
    const upstream = deferred<{ ids: string[] }>();
    const signals: AbortSignal[] = [];
    let sent = 0;
    const send = (signal: AbortSignal) => {
      sent += 1;
      signals.push(signal);
      return upstream.promise;
    };
    const leaving = new AbortController();
    const first = cache.read(readOf(send, { signal: leaving.signal }));
    await settle();
    const second = cache.read(readOf(send, { signal: new AbortController().signal }));
    await settle();
    leaving.abort(clientWentAway());
    await expect(first).rejects.toMatchObject({ code: "REQUEST_CANCELLED" });
    expect(signals[0]?.aborted).toBe(false);
    upstream.resolve({ ids: ["a"] });
    await expect(second).resolves.toEqual({ ids: ["a"] });
    expect(sent).toBe(1);
  });

  it("the shared call is cancelled once every waiter went away", async () => {
    const cache = cacheWith();
    const upstream = deferred<string>();
    let shared: AbortSignal | undefined;
    const waiters = [new AbortController(), new AbortController()];
    const reads = waiters.map((waiter) =>
      cache.read(
        readOf(
          (signal) => {
            shared = signal;
            return upstream.promise;
          },
          { signal: waiter.signal },
        ),
      ),
    );
    await settle();
    for (const waiter of waiters) waiter.abort(clientWentAway());
    await Promise.allSettled(reads);
    expect(shared?.aborted).toBe(true);
    // The cancelled call is nobody's anymore: the next read sends its own.
    await expect(cache.read(readOf(async () => "own"))).resolves.toBe("own");
  });

  it("a failure reaches the waiters of that moment and is not stored", async () => {
    const cache = cacheWith();
    const upstream = deferred<string>();
    let sent = 0;
    const failing = (_signal: AbortSignal) => {
      sent += 1;
      return upstream.promise;
    };
    const both = [cache.read(readOf(failing)), cache.read(readOf(failing))];
    await settle();
    upstream.reject(new Error("throttled"));
    for (const result of await Promise.allSettled(both)) expect(result.status).toBe("rejected");
    expect(sent).toBe(1);
    await expect(cache.read(readOf(async () => "fresh"))).resolves.toBe("fresh");
  });

  it("answers from the entry within the time-to-live, and asks again after it", async () => {
    const clock = { now: 0 };
    const cache = cacheWith(clock);
    let sent = 0;
    const send = async () => {
      sent += 1;
      return { n: sent };
    };
    expect(await cache.read(readOf(send))).toEqual({ n: 1 });
    clock.now = 14_999;
    expect(await cache.read(readOf(send))).toEqual({ n: 1 });
    clock.now = 15_000;
    expect(await cache.read(readOf(send))).toEqual({ n: 2 });
  });

  it("a budget refusal (beforeSend) is the sender's alone; a hit spends nothing", async () => {
    const cache = cacheWith();
    let spent = 0;
    const spend = () => {
      spent += 1;
    };
    await cache.read(readOf(async () => 1, { beforeSend: spend }));
    await cache.read(readOf(async () => 2, { beforeSend: spend }));
    expect(spent).toBe(1);
    const refused = cache.read(
      readOf(async () => 3, {
        input: { other: true },
        beforeSend: () => {
          throw new Error("budget spent");
        },
      }),
    );
    await expect(refused).rejects.toThrow("budget spent");
  });

  it("invalidating a detector starts a new generation for it only", async () => {
    const cache = cacheWith();
    let sent = 0;
    const send = async () => (sent += 1);
    const other = { detectorId: "d2", input: { DetectorId: "d2" } };
    await cache.read(readOf(send));
    await cache.read(readOf(send, other));
    await cache.invalidate("us-east-1", "d1");
    await cache.read(readOf(send));
    await cache.read(readOf(send, other));
    expect(sent).toBe(3);
  });

  it("keys are canonical: member order and undefined members do not matter", () => {
    expect(canonicalJson({ b: 1, a: { d: undefined, c: [2, 1] } })).toBe('{"a":{"c":[2,1]},"b":1}');
    expect(callerKey({ scopes: new Set(["b", "a"]), accounts: ["2", "1"] })).toBe("a,b|*|1,2");
  });

  it("stored outputs keep their timestamps and drop $metadata", () => {
    const at = new Date("2026-01-02T03:04:05.000Z");
    const decoded = decodeOutput<{ At: Date; $metadata?: unknown }>(
      encodeOutput({ At: at, $metadata: { requestId: "r" } }),
    );
    expect(decoded.At).toEqual(at);
    expect(decoded.$metadata).toBeUndefined();
  });

  it("the memory store stays within its bounds", async () => {
    const store = createMemoryStore({ maxEntries: 3, maxChars: 1_000 });
    for (let i = 0; i < 10; i += 1) await store.set(`k${i}`, "x".repeat(10), 1000);
    expect(await store.get("k6")).toBeUndefined();
    expect(await store.get("k9")).toBe("x".repeat(10));
    await store.set("big", "y".repeat(2_000), 1000);
    expect(await store.get("big")).toBeUndefined();
    const generations = createMemoryStore({ maxEntries: 3, maxChars: 1_000, maxGenerations: 2 });
    const before = await generations.generation("g0");
    await generations.bump(["g1", "g2", "g3"]);
    // g0 was never bumped, but forgetting g1 must not let g0's old entries answer again.
    expect(await generations.generation("g0")).not.toBe(before);
    expect(await generations.generation("g1")).not.toBe(before);
  });
});
