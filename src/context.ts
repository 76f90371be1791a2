import type { Tracer } from "@opentelemetry/api";
import type { YogaInitialContext } from "graphql-yoga";
import { type Caller, OPEN_CALLER } from "./auth/caller.js";
import { allowedRegions, assertRegionAllowed } from "./auth/restrictions.js";
import { clientWentAway, deadlinePassed, shuttingDown } from "./aws/abort.js";
import { createUpstreamBudget, type UpstreamBudget } from "./aws/budget.js";
import {
  type CallObserver,
  requestUpstream,
  type Upstream,
  type UpstreamClients,
} from "./aws/client.js";
import { callerKey, type ReadCache } from "./aws/read-cache.js";
import { DEFAULT_MAX_UPSTREAM_CALLS_PER_REQUEST, DEFAULT_REQUEST_TIMEOUT_MS } from "./config.js";
import type { LogError } from "./graphql/error-codes.js";

/** Built once per process and shared by every request. */
export interface GatewayServices {
  upstream: UpstreamClients;
  /** GuardDuty calls one request may make (src/aws/budget.ts); the default when absent. */
  maxUpstreamCallsPerRequest?: number;
  /**
   * Milliseconds a request may wait for GuardDuty in all, retries included (default 25,000);
   * then its pending calls are abandoned and their fields answer UPSTREAM_TIMEOUT.
   */
  requestTimeoutMs?: number;
  /**
   * Aborted when the process stops waiting for requests in flight (the end of a shutdown's
   * grace period): their pending calls are abandoned and answer SHUTTING_DOWN.
   */
  shutdownSignal?: AbortSignal;
  /**
   * Reads shared across requests (src/aws/read-cache.ts). Absent: every request asks GuardDuty
   * itself, as the tests that count calls between changes of the sandbox expect.
   */
  cache?: ReadCache;
}

/**
 * The per-request context. A NEW object for every request: Pothos caches the request's
 * DataLoaders on it, so sharing one would leak data between callers.
 */
export interface Context {
  /** Who is asking (authentication); what they may do is checked against it. */
  caller: Caller;
  /** The shared clients seen through this request's own rules (see requestUpstream). */
  upstream: Upstream;
  /** This request's allowance of GuardDuty calls, spent by every call through `upstream`. */
  budget: UpstreamBudget;
  /** The server log (what clients must not see: AWS's own messages, unexpected errors). */
  logError: LogError;
  /** Quoted in logs and in every error's `extensions.requestId`. */
  requestId?: string;
  /** Set when tracing is on: upstream-bound fields get spans (src/graphql/tracing.ts). */
  tracer?: Tracer;
  /** Frees the request's deadline timer and listeners; called once its result is ready. */
  release(): void;
}

interface RequestSignal {
  signal: AbortSignal;
  release(): void;
}

/**
 * One signal for everything that ends a request's wait for GuardDuty: its deadline, the client
 * going away (Yoga aborts `request.signal` when the connection closes before the response is
 * sent) and the process shutting down. Each gives its own reason (aws/abort.ts). The listeners
 * go when the request is done, or at the latest when the signal fires, so nothing accumulates on
 * the long-lived shutdown signal.
 */
function requestSignal(
  deadlineMs: number,
  client: AbortSignal | undefined,
  shutdown: AbortSignal | undefined,
): RequestSignal {
  const controller = new AbortController();
  const onClientGone = () => stop(clientWentAway());
  const onShutdown = () => stop(shuttingDown());
  const timer = setTimeout(() => stop(deadlinePassed(deadlineMs)), deadlineMs);
  // The deadline alone must not keep the process alive; the HTTP server's drain decides that.
  timer.unref();
  function release() {
    clearTimeout(timer);
    client?.removeEventListener("abort", onClientGone);
    shutdown?.removeEventListener("abort", onShutdown);
  }
  function stop(reason: Error) {
    release();
    controller.abort(reason);
  }
  if (shutdown?.aborted) stop(shuttingDown());
  else if (client?.aborted) stop(clientWentAway());
  else {
    client?.addEventListener("abort", onClientGone, { once: true });
    shutdown?.addEventListener("abort", onShutdown, { once: true });
  }
  return { signal: controller.signal, release };
}

/** What the gateway knows about one request besides its HTTP request. */
export interface RequestScope {
  /** Who is asking; OPEN_CALLER when the gateway authenticates no one. */
  caller?: Caller;
  requestId?: string;
  /** Sees each GuardDuty call the request sends (metrics, the access log's count, spans). */
  observe?: CallObserver;
  tracer?: Tracer;
}

export function createContext(
  services: GatewayServices & { logError: LogError },
  initial?: YogaInitialContext,
  scope: RequestScope = {},
): Context {
  const { signal, release } = requestSignal(
    services.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    initial?.request?.signal,
    services.shutdownSignal,
  );
  const caller = scope.caller ?? OPEN_CALLER;
  const budget = createUpstreamBudget(
    services.maxUpstreamCallsPerRequest ?? DEFAULT_MAX_UPSTREAM_CALLS_PER_REQUEST,
  );
  return {
    caller,
    // A caller restricted to some regions sees only those: every "all regions" field lists
    // them alone, and a call to another region (an id naming it) is refused before it is sent.
    upstream: requestUpstream(services.upstream, {
      signal,
      regions: allowedRegions(caller, services.upstream.regions),
      checkCall: (site) => assertRegionAllowed(caller, site.region),
      beforeCall: (site) => budget.spend(site),
      ...(services.cache ? { cache: { reads: services.cache, caller: callerKey(caller) } } : {}),
      ...(scope.observe ? { observe: scope.observe } : {}),
    }),
    budget,
    logError: scope.requestId
      ? (message, error, fields) =>
          services.logError(message, error, { requestId: scope.requestId, ...fields })
      : services.logError,
    ...(scope.requestId ? { requestId: scope.requestId } : {}),
    ...(scope.tracer ? { tracer: scope.tracer } : {}),
    release,
  };
}
