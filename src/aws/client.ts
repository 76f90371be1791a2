import { GuardDutyClient, type GuardDutyClientConfig } from "@aws-sdk/client-guardduty";
import { DEFAULT_UPSTREAM_CONNECT_TIMEOUT_MS, DEFAULT_UPSTREAM_TIMEOUT_MS } from "../config.js";
import { abandonReason, CallsAbandoned, untilAborted } from "./abort.js";
import { abandonedCallError, type CallSite, isThrottling, translateAwsError } from "./errors.js";
import type { ReadCache } from "./read-cache.js";

/** What one SDK call receives besides its command (the SDK's per-call HandlerOptions). */
export interface SendOptions {
  abortSignal?: AbortSignal;
}

/**
 * The way every GuardDuty call leaves the gateway: `call` picks the region's client, runs the
 * command and translates its failure (src/aws/errors.ts). Functions in src/aws take an Upstream
 * and call through it only, so per-request rules (a deadline, a budget of calls) apply to all.
 */
export interface Upstream {
  /** Regions the gateway covers, in the configured order. */
  readonly regions: readonly string[];
  call<T>(
    site: CallSite,
    send: (client: GuardDutyClient, options: SendOptions) => Promise<T>,
  ): Promise<T>;
  /**
   * A call that only reads: `input` is the command's whole input, so equal reads can share
   * one call and a cached answer (when the request's view has a cache; see CallGuards.cache).
   */
  read<T>(
    site: CallSite,
    input: object,
    send: (client: GuardDutyClient, options: SendOptions) => Promise<T>,
  ): Promise<T>;
}

/**
 * The long-lived upstream: one GuardDutyClient per covered region, built once per process and
 * shared by every request. Nothing else constructs SDK clients.
 */
export interface UpstreamClients extends Upstream {
  client(region: string): GuardDutyClient;
  destroy(): void;
}

export interface UpstreamOptions {
  regions: readonly string[];
  /** Endpoint override (the sandbox); undefined = the SDK's own rules (AWS_ENDPOINT_URL_GUARDDUTY, etc.). */
  endpoint?: string;
  credentials?: GuardDutyClientConfig["credentials"];
  maxAttempts?: number;
  /** Milliseconds to establish the TCP connection of an attempt (default 3,000). */
  connectTimeoutMs?: number;
  /**
   * Milliseconds before a single HTTP attempt is abandoned: until the response headers, and as
   * the longest silence while the body arrives (default 10,000). The SDK retries a timed-out
   * attempt; the request's deadline (CallGuards.signal) bounds the attempts together.
   */
  requestTimeoutMs?: number;
}

/** How one call that left the gateway ended, for metrics, logs and traces. */
export interface CallOutcome {
  durationMs: number;
  /** HTTP attempts the SDK made (its `$metadata.attempts`): 1 + retries. */
  attempts: number;
  /** Undefined when the call succeeded. */
  failure?: {
    /** AWS's error name (`TooManyRequestsException`), or our code for an abandoned call. */
    code: string;
    throttled: boolean;
    /** The raw SDK error, before translation. */
    error: unknown;
  };
  awsRequestId?: string;
}

/** Told when a call is sent; the function it returns is told how it ended. */
export type CallObserver = (site: CallSite) => (outcome: CallOutcome) => void;

/** One observer telling each of `observers` (undefined ones skipped). */
export function allObservers(...observers: (CallObserver | undefined)[]): CallObserver | undefined {
  const present = observers.filter((observer): observer is CallObserver => observer !== undefined);
  if (present.length <= 1) return present[0];
  return (site) => {
    const ends = present.map((observer) => observer(site));
    return (outcome) => {
      for (const end of ends) end(outcome);
    };
  };
}

/** Per-request rules applied to every call a request makes. */
export interface CallGuards {
  /** Aborts the calls still in flight (the request's deadline, a client that went away). */
  signal?: AbortSignal;
  /** The regions this request may use (default: every covered region). */
  regions?: readonly string[];
  /**
   * Runs before each call, even one answered from the cache; throwing refuses it (e.g. a
   * region the caller may not use).
   */
  checkCall?: (site: CallSite) => void;
  /** Runs before each call is sent; throwing refuses the call (e.g. a spent budget). */
  beforeCall?: (site: CallSite) => void;
  /**
   * Reads answered from this shared cache, under the caller's own key part (see
   * src/aws/read-cache.ts); other calls invalidate the detector they name once sent.
   */
  cache?: { reads: ReadCache; caller: string };
  /** Sees every call that is sent (not those refused before sending). */
  observe?: CallObserver;
}

interface SdkMetadata {
  $metadata?: { attempts?: number; requestId?: string };
}

function metadataOf(value: unknown): SdkMetadata["$metadata"] {
  return (value as SdkMetadata | undefined)?.$metadata;
}

function failureCode(error: unknown, abandon: AbortSignal | undefined): string {
  if (abandon?.aborted) return abandonReason(abandon).code;
  const name = (error as { name?: unknown } | undefined)?.name;
  return typeof name === "string" && name !== "" ? name : "Error";
}

/** Sends through `send` and reports the outcome to `observe`, whatever happens. */
async function observed<T>(
  site: CallSite,
  observe: CallObserver | undefined,
  signal: AbortSignal | undefined,
  send: () => Promise<T>,
): Promise<T> {
  if (!observe) return send();
  const done = observe(site);
  const started = performance.now();
  try {
    const result = await send();
    const metadata = metadataOf(result);
    done({
      durationMs: performance.now() - started,
      attempts: metadata?.attempts ?? 1,
      ...(metadata?.requestId ? { awsRequestId: metadata.requestId } : {}),
    });
    return result;
  } catch (error) {
    const metadata = metadataOf(error);
    done({
      durationMs: performance.now() - started,
      attempts: metadata?.attempts ?? 1,
      failure: { code: failureCode(error, signal), throttled: isThrottling(error), error },
      ...(metadata?.requestId ? { awsRequestId: metadata.requestId } : {}),
    });
    throw error;
  }
}

async function guardedCall<T>(
  clients: UpstreamClients,
  guards: CallGuards,
  site: CallSite,
  send: (client: GuardDutyClient, options: SendOptions) => Promise<T>,
): Promise<T> {
  const { signal } = guards;
  // A request that already stopped waiting sends nothing more (a pager's next page, a batch).
  if (signal?.aborted) throw abandonedCallError(abandonReason(signal), site, false);
  guards.checkCall?.(site);
  guards.beforeCall?.(site);
  return sendCall(clients, guards, site, send);
}

async function sendCall<T>(
  clients: UpstreamClients,
  guards: CallGuards,
  site: CallSite,
  send: (client: GuardDutyClient, options: SendOptions) => Promise<T>,
): Promise<T> {
  const { signal } = guards;
  try {
    const client = clients.client(site.region);
    return await observed(site, guards.observe, signal, () =>
      signal ? untilAborted(send(client, { abortSignal: signal }), signal) : send(client, {}),
    );
  } catch (error) {
    // Whatever the SDK raised on abort (AbortError, a reset socket), the reason is the signal's.
    if (signal?.aborted) throw abandonedCallError(abandonReason(signal), site, true);
    throw translateAwsError(error, site);
  }
}

/**
 * A read through the cache: the region check always applies; the budget and the observers only
 * when this request sends the call (a cached or shared answer is not a GuardDuty call). The
 * shared call runs on its own signal (src/aws/read-cache.ts); this request stops waiting on its.
 */
async function cachedRead<T>(
  clients: UpstreamClients,
  guards: CallGuards & { cache: NonNullable<CallGuards["cache"]> },
  site: CallSite,
  input: object,
  send: (client: GuardDutyClient, options: SendOptions) => Promise<T>,
): Promise<T> {
  const { signal } = guards;
  if (signal?.aborted) throw abandonedCallError(abandonReason(signal), site, false);
  guards.checkCall?.(site);
  try {
    return await guards.cache.reads.read({
      caller: guards.cache.caller,
      region: site.region,
      ...(site.detectorId ? { detectorId: site.detectorId } : {}),
      operation: site.operation,
      input,
      ...(signal ? { signal } : {}),
      beforeSend: () => guards.beforeCall?.(site),
      send: (shared) => sendCall(clients, { ...guards, signal: shared }, site, send),
    });
  } catch (error) {
    if (signal?.aborted) throw abandonedCallError(abandonReason(signal), site, true);
    if (error instanceof CallsAbandoned) throw abandonedCallError(error, site, true);
    throw error;
  }
}

/** A call that may change GuardDuty: once sent, the cached reads of its detector are stale. */
async function invalidatingCall<T>(
  clients: UpstreamClients,
  guards: CallGuards & { cache: NonNullable<CallGuards["cache"]> },
  site: CallSite,
  send: (client: GuardDutyClient, options: SendOptions) => Promise<T>,
): Promise<T> {
  let sent = false;
  const before = guards.beforeCall;
  const marking: CallGuards = {
    ...guards,
    beforeCall: (at) => {
      before?.(at);
      sent = true;
    },
  };
  try {
    return await guardedCall(clients, marking, site, send);
  } finally {
    // Also after a failure: a timed-out change may still have been applied.
    if (sent) await guards.cache.reads.invalidate(site.region, site.detectorId);
  }
}

/**
 * The SDK's HTTP handler options. `requestTimeout` only logs a warning unless
 * `throwOnRequestTimeout` is set; it is cleared once the headers arrive, so `socketTimeout` (an
 * idle timeout that stays armed through the body) bounds a body that stalls. See
 * NodeHttpHandlerOptions in @smithy/types.
 */
function requestHandlerOptions(options: UpstreamOptions) {
  const attemptMs = options.requestTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS;
  return {
    connectionTimeout: options.connectTimeoutMs ?? DEFAULT_UPSTREAM_CONNECT_TIMEOUT_MS,
    requestTimeout: attemptMs,
    throwOnRequestTimeout: true,
    socketTimeout: attemptMs,
  };
}

export function createUpstream(options: UpstreamOptions): UpstreamClients {
  const clients = new Map<string, GuardDutyClient>();
  for (const region of options.regions) {
    clients.set(
      region,
      new GuardDutyClient({
        region,
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        ...(options.credentials ? { credentials: options.credentials } : {}),
        ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
        // "standard": exponential backoff with jitter and a retry quota per client. "adaptive"
        // adds a client-side rate limiter shared by every request on this client, so one
        // caller's throttling would delay everyone's calls before they are even sent.
        retryMode: "standard",
        requestHandler: requestHandlerOptions(options),
      }),
    );
  }
  const upstream: UpstreamClients = {
    regions: [...options.regions],
    client(region) {
      const client = clients.get(region);
      if (!client) throw new RangeError(`region ${region} is not covered by this gateway`);
      return client;
    },
    call: (site, send) => guardedCall(upstream, {}, site, send),
    read: (site, _input, send) => guardedCall(upstream, {}, site, send),
    destroy() {
      for (const client of clients.values()) client.destroy();
    },
  };
  return upstream;
}

/** The view of the shared clients that one request gets: the same clients, its own guards. */
export function requestUpstream(clients: UpstreamClients, guards: CallGuards): Upstream {
  const regions = guards.regions ?? clients.regions;
  if (!guards.cache) {
    return {
      regions,
      call: (site, send) => guardedCall(clients, guards, site, send),
      read: (site, _input, send) => guardedCall(clients, guards, site, send),
    };
  }
  const cached = { ...guards, cache: guards.cache };
  return {
    regions,
    call: (site, send) => invalidatingCall(clients, cached, site, send),
    read: (site, input, send) => cachedRead(clients, cached, site, input, send),
  };
}

/**
 * Who the clients call GuardDuty as: the access key id of their credentials (the SDK resolves
 * and refreshes them; this asks each time, so a rotation starts new cache entries).
 */
export async function credentialIdentity(clients: UpstreamClients): Promise<string> {
  const [region] = clients.regions;
  if (region === undefined) throw new RangeError("no region is covered");
  const credentials = await clients.client(region).config.credentials();
  return credentials.accessKeyId;
}
