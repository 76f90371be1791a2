import type { YogaInitialContext } from "graphql-yoga";
import { requestUpstream, type Upstream, type UpstreamClients } from "./aws/client.js";

/** Built once per process and shared by every request. */
export interface GatewayServices {
  upstream: UpstreamClients;
}

/**
 * The per-request context. A NEW object for every request: Pothos caches the request's
 * DataLoaders on it, so sharing one would leak data between callers.
 */
export interface Context {
  /** The shared clients seen through this request's own rules (see requestUpstream). */
  upstream: Upstream;
}

export function createContext(services: GatewayServices, _initial?: YogaInitialContext): Context {
  return { upstream: requestUpstream(services.upstream, {}) };
}
