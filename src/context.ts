import type { YogaInitialContext } from "graphql-yoga";
import { createUpstreamBudget, type UpstreamBudget } from "./aws/budget.js";
import { requestUpstream, type Upstream, type UpstreamClients } from "./aws/client.js";
import { DEFAULT_MAX_UPSTREAM_CALLS_PER_REQUEST } from "./config.js";
import type { LogError } from "./graphql/error-codes.js";

/** Built once per process and shared by every request. */
export interface GatewayServices {
  upstream: UpstreamClients;
  /** GuardDuty calls one request may make (src/aws/budget.ts); the default when absent. */
  maxUpstreamCallsPerRequest?: number;
}

/**
 * The per-request context. A NEW object for every request: Pothos caches the request's
 * DataLoaders on it, so sharing one would leak data between callers.
 */
export interface Context {
  /** The shared clients seen through this request's own rules (see requestUpstream). */
  upstream: Upstream;
  /** This request's allowance of GuardDuty calls, spent by every call through `upstream`. */
  budget: UpstreamBudget;
  /** The server log (what clients must not see: AWS's own messages, unexpected errors). */
  logError: LogError;
}

export function createContext(
  services: GatewayServices & { logError: LogError },
  _initial?: YogaInitialContext,
): Context {
  const budget = createUpstreamBudget(
    services.maxUpstreamCallsPerRequest ?? DEFAULT_MAX_UPSTREAM_CALLS_PER_REQUEST,
  );
  return {
    upstream: requestUpstream(services.upstream, { beforeCall: (site) => budget.spend(site) }),
    budget,
    logError: services.logError,
  };
}
