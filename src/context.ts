import type { YogaInitialContext } from "graphql-yoga";
import type { Upstream } from "./aws/client.js";

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
}

export function createContext(services: GatewayServices, _initial?: YogaInitialContext): Context {
  return { upstream: services.upstream };
}
