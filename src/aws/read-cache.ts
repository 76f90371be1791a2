/**
 * A short-lived cache of GuardDuty reads, shared by the requests of one process and, with a
 * Redis store, by every gateway process using that store. GuardDuty's request rate limit is per
 * account and region (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_limits.html), so
 * ten dashboards polling the same query must not cost ten times the calls.
 *
 * - An entry's key names who asked (the AWS principal, the caller's scopes and restrictions),
 *   the region, the operation, its whole input, and the detector's generation: no caller ever
 *   reads an entry another identity filled.
 * - Identical reads in flight at the same moment share one call (in-process always; across
 *   processes through the store's claim, when it has one).
 * - A mutation of ours bumps the generation of the detector it changed (and of its region, for
 *   ListDetectors and ListInvitations), so the next read misses and asks GuardDuty again.
 * - Failures are never stored. Waiters of one in-flight call get its failure (they asked at the
 *   same moment; retrying each at once would multiply calls while GuardDuty throttles).
 * - A store that fails (Redis down) is logged and bypassed: the gateway calls GuardDuty directly.
 */
import { createHash } from "node:crypto";
import { abandonReason, deadlinePassed, shuttingDown, untilAborted } from "./abort.js";

/** Where entries and generations live: this process (memory) or a shared Redis. */
export interface CacheStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** The current generation of a detector or region ("0" when never bumped). */
  generation(key: string): Promise<string>;
  /** Starts new generations: entries keyed by the old ones are never read again. */
  bump(keys: readonly string[]): Promise<void>;
  /**
   * Cross-process sharing (optional): true when this process may send the call for `key`;
   * false when another process is sending it.
   */
  claim?(key: string, ttlMs: number): Promise<boolean>;
  /** Tells the other processes the call for `key` ended (its entry is stored, or it failed). */
  settle?(key: string): Promise<void>;
  /** Resolves when another process settles `key`, after `pollMs` at the latest, or on abort. */
  settled?(key: string, signal: AbortSignal, pollMs: number): Promise<void>;
  close(): Promise<void>;
}

/** One read, as the per-request upstream (src/aws/client.ts) asks the cache for it. */
export interface CachedRead<T> {
  /** The caller's scopes and restrictions, canonical (see callerKey). */
  caller: string;
  region: string;
  detectorId?: string;
  operation: string;
  /** The command's whole input (pagination tokens included). */
  input: unknown;
  /** The request's own signal: it stops this waiter only, never the shared call. */
  signal?: AbortSignal;
  /** Runs only when this request sends the call (its budget); throwing refuses it. */
  beforeSend(): void;
  /** Sends the call; `signal` is the shared call's own (its timeout, the shutdown). */
  send(signal: AbortSignal): Promise<T>;
}

export interface ReadCache {
  readonly ttlMs: number;
  read<T>(read: CachedRead<T>): Promise<T>;
  /** Called after a mutation of ours was sent for `detectorId` in `region`. */
  invalidate(region: string, detectorId?: string): Promise<void>;
}

export interface ReadCacheOptions {
  store: CacheStore;
  /** How long an entry answers; must be > 0 (0 means no cache: do not build one). */
  ttlMs: number;
  /**
   * The AWS principal the gateway calls GuardDuty as (e.g. its access key id), resolved per
   * read since credentials can rotate; it is hashed before it reaches a key.
   */
  principal: () => Promise<string>;
  /** How long one shared call may run before its waiters get UPSTREAM_TIMEOUT. */
  sharedTimeoutMs: number;
  /** Aborts shared calls when the process stops waiting (end of a shutdown's grace). */
  shutdownSignal?: AbortSignal;
  /** The cache's clock (milliseconds); tests pass a fake one. Default Date.now. */
  now?: () => number;
  /** Told when the store fails (the read then goes to GuardDuty directly). */
  log?: (message: string, error: unknown) => void;
}

/** While another process sends a call, how often this one looks for its entry. */
const REMOTE_POLL_MS = 100;
const KEY_PREFIX = "guardduty-graphql:cache:v1:";

export function entryKey(parts: readonly string[]): string {
  return `${KEY_PREFIX}e:${sha256(parts.join("\u0000"))}`;
}

function generationKey(principal: string, region: string, detectorId: string | undefined): string {
  return `${KEY_PREFIX}g:${sha256([principal, region, detectorId ?? ""].join("\u0000"))}`;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("base64url");
}

/** JSON with sorted keys and no undefined members, so equal inputs give equal keys. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) => {
    if (member === null || typeof member !== "object" || Array.isArray(member)) return member;
    const sorted: Record<string, unknown> = {};
    for (const name of Object.keys(member).sort()) {
      const field = (member as Record<string, unknown>)[name];
      if (field !== undefined) sorted[name] = field;
    }
    return sorted;
  });
}

/** The caller's part of a key: its scopes, regions and accounts, sorted. */
export function callerKey(caller: {
  scopes: ReadonlySet<string>;
  regions?: readonly string[];
  accounts?: readonly string[];
}): string {
  const list = (values: readonly string[] | undefined) =>
    values ? [...values].sort().join(",") : "*";
  return [list([...caller.scopes]), list(caller.regions), list(caller.accounts)].join("|");
}

const DATE_TAG = "$gqlDate";

/**
 * SDK outputs as stored text. Timestamps (Date in the SDK's output) are tagged so they come
 * back as Dates; `$metadata` (another request's AWS request id) is dropped.
 */
export function encodeOutput(value: unknown): string {
  return JSON.stringify(value, function replace(this: Record<string, unknown>, key, member) {
    if (key === "$metadata" && this === value) return undefined;
    const raw = this[key];
    return raw instanceof Date ? { [DATE_TAG]: raw.toISOString() } : member;
  });
}

/**
 * The stored text back as an SDK output. A plain parse and then one walk that turns tagged
 * timestamps back into Dates: a JSON.parse reviver calls back into JavaScript for every value,
 * which made decoding a cached page of findings several times slower.
 */
export function decodeOutput<T>(text: string): T {
  return revive(JSON.parse(text)) as T;
}

function revive(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) value[index] = revive(value[index]);
    return value;
  }
  const record = value as Record<string, unknown>;
  const tagged = record[DATE_TAG];
  if (typeof tagged === "string") return new Date(tagged);
  for (const key in record) {
    const member = record[key];
    if (member !== null && typeof member === "object") record[key] = revive(member);
  }
  return record;
}

/** A stored entry: when it expires by the cache's clock, then the output. */
function envelope(expiresAt: number, encoded: string): string {
  return `${expiresAt}:${encoded}`;
}

function openEnvelope(stored: string, now: number): string | undefined {
  const colon = stored.indexOf(":");
  const expiresAt = Number(stored.slice(0, colon));
  return colon > 0 && now < expiresAt ? stored.slice(colon + 1) : undefined;
}

interface SharedCall {
  key: string;
  promise: Promise<string>;
  controller: AbortController;
  waiters: number;
  done: boolean;
}

export function createReadCache(options: ReadCacheOptions): ReadCache {
  const { store, ttlMs } = options;
  if (!Number.isInteger(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`a read cache needs a time-to-live > 0 ms; got ${ttlMs}`);
  }
  const now = options.now ?? Date.now;
  const inFlight = new Map<string, SharedCall>();
  let storeFailing = false;

  /** Runs a store operation; on failure logs once per outage and answers `fallback`. */
  async function safely<T>(operation: string, run: () => Promise<T>, fallback: T): Promise<T> {
    try {
      const result = await run();
      if (storeFailing) {
        storeFailing = false;
        options.log?.("read cache: working again", undefined);
      }
      return result;
    } catch (error) {
      if (!storeFailing) {
        storeFailing = true;
        options.log?.(
          `read cache: ${operation} failed; reads go to GuardDuty directly until it works again`,
          error,
        );
      }
      return fallback;
    }
  }

  async function cachedValue(key: string): Promise<string | undefined> {
    const stored = await safely("get", () => store.get(key), undefined);
    return stored === undefined ? undefined : openEnvelope(stored, now());
  }

  /** Sends the call (or waits for another process sending it) and stores what it answers. */
  async function produce<T>(key: string, read: CachedRead<T>, signal: AbortSignal) {
    for (;;) {
      const claimed = store.claim
        ? await safely(
            "claim",
            async () => store.claim?.(key, options.sharedTimeoutMs) ?? true,
            true,
          )
        : true;
      if (!claimed && store.settled) {
        await safely("wait", async () => store.settled?.(key, signal, REMOTE_POLL_MS), undefined);
        if (signal.aborted) throw abandonReason(signal);
        const remote = await cachedValue(key);
        if (remote !== undefined) return remote;
        continue;
      }
      try {
        // The process that held the claim before may have stored the entry since this one looked.
        const stored = store.claim ? await cachedValue(key) : undefined;
        if (stored !== undefined) return stored;
        const encoded = encodeOutput(await read.send(signal));
        await safely(
          "set",
          () => store.set(key, envelope(now() + ttlMs, encoded), ttlMs),
          undefined,
        );
        return encoded;
      } finally {
        if (store.claim && store.settle)
          await safely("settle", async () => store.settle?.(key), undefined);
      }
    }
  }

  function share<T>(key: string, read: CachedRead<T>): SharedCall {
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(deadlinePassed(options.sharedTimeoutMs)),
      options.sharedTimeoutMs,
    );
    timer.unref();
    const onShutdown = () => controller.abort(shuttingDown());
    options.shutdownSignal?.addEventListener("abort", onShutdown, { once: true });
    if (options.shutdownSignal?.aborted) onShutdown();
    const shared: SharedCall = {
      key,
      controller,
      waiters: 0,
      done: false,
      promise: undefined as never,
    };
    shared.promise = produce(key, read, controller.signal).finally(() => {
      shared.done = true;
      clearTimeout(timer);
      options.shutdownSignal?.removeEventListener("abort", onShutdown);
      if (inFlight.get(key) === shared) inFlight.delete(key);
    });
    // Every waiter handles the outcome; this keeps a call nobody waits for anymore quiet.
    shared.promise.catch(() => {});
    inFlight.set(key, shared);
    return shared;
  }

  /** Waits for a shared call on the waiter's own signal; the last waiter gone cancels it. */
  async function join<T>(shared: SharedCall, signal: AbortSignal | undefined): Promise<T> {
    shared.waiters += 1;
    try {
      const encoded = await (signal ? untilAborted(shared.promise, signal) : shared.promise);
      return decodeOutput<T>(encoded);
    } finally {
      shared.waiters -= 1;
      // Nobody waits anymore (each waiter's own signal fired): the call has no one to answer.
      // A request arriving now starts its own call rather than join one being cancelled.
      if (shared.waiters === 0 && !shared.done && signal?.aborted) {
        if (inFlight.get(shared.key) === shared) inFlight.delete(shared.key);
        shared.controller.abort(abandonReason(signal));
      }
    }
  }

  async function keyOf(read: CachedRead<unknown>, principal: string): Promise<string> {
    const generation = await store.generation(
      generationKey(principal, read.region, read.detectorId),
    );
    return entryKey([
      principal,
      read.caller,
      read.region,
      read.detectorId ?? "",
      generation,
      read.operation,
      canonicalJson(read.input),
    ]);
  }

  async function direct<T>(read: CachedRead<T>): Promise<T> {
    read.beforeSend();
    const controller = new AbortController();
    return read.send(read.signal ?? controller.signal);
  }

  return {
    ttlMs,
    async read<T>(read: CachedRead<T>): Promise<T> {
      const principal = await safely("principal", options.principal, undefined);
      if (principal === undefined) return direct(read);
      const key = await safely("generation", () => keyOf(read, principal), undefined);
      if (key === undefined) return direct(read);
      const joined = inFlight.get(key);
      if (joined) return join<T>(joined, read.signal);
      const hit = await cachedValue(key);
      if (hit !== undefined) return decodeOutput<T>(hit);
      if (read.signal?.aborted) throw abandonReason(read.signal);
      // Another request may have started the same call while this one looked.
      const started = inFlight.get(key);
      if (started) return join<T>(started, read.signal);
      read.beforeSend();
      return join<T>(share(key, read), read.signal);
    },
    async invalidate(region, detectorId) {
      const principal = await safely("principal", options.principal, undefined);
      if (principal === undefined) return;
      const keys = [generationKey(principal, region, undefined)];
      if (detectorId) keys.push(generationKey(principal, region, detectorId));
      await safely("invalidate", () => store.bump(keys), undefined);
    },
  };
}
