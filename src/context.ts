import type { YogaInitialContext } from "graphql-yoga";
import type { Upstream } from "./aws/client.js";
import type { LogError } from "./graphql/error-codes.js";

/** Built once per process and shared by every request. */
export interface GatewayServices {
  upstream: Upstream;
}

/**
 * The per-request context. A NEW object for every request: Pothos caches the request's
 * DataLoaders on it, so sharing one would leak data between callers.
 */
export interface Context {
  upstream: Upstream;
  /** The server log (what clients must not see: AWS's own messages, unexpected errors). */
  logError: LogError;
}

export function createContext(
  services: GatewayServices & { logError: LogError },
  _initial?: YogaInitialContext,
): Context {
  return { upstream: services.upstream, logError: services.logError };
}
