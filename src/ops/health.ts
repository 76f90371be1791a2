/**
 * Liveness (`/healthz`) and readiness (`/readyz`) for load balancers and orchestrators. Both
 * answer before the browser guard and the concurrency limit: a probe must not be refused for a
 * Host name the operator did not list (kubelets probe by pod address) or because the gateway is
 * busy (a busy gateway is alive). They reveal nothing a caller could use: a status word and, for
 * readiness, each covered region's state as one of the gateway's error codes.
 */
import { ListDetectorsCommand } from "@aws-sdk/client-guardduty";
import type { Plugin } from "graphql-yoga";
import { type CallObserver, requestUpstream, type UpstreamClients } from "../aws/client.js";
import { DEFAULT_READINESS_CACHE_MS } from "../config.js";
import { errorCode } from "../errors.js";

export const HEALTH_PATH = "/healthz";
export const READY_PATH = "/readyz";
export const DEFAULT_READINESS_TIMEOUT_MS = 10_000;

export type RegionState = "ok" | string;

export interface Readiness {
  ready: boolean;
  regions: Record<string, RegionState>;
}

export interface ReadinessOptions {
  /** How long one answer is reused: probes from several balancers then cost one call per region. */
  cacheMs?: number;
  /** The longest a check waits for GuardDuty, retries included. */
  timeoutMs?: number;
  observe?: CallObserver;
  /** Told about each region that failed a check (the log). */
  onRegionFailed?: (region: string, error: unknown) => void;
}

/**
 * One cheap call per covered region (ListDetectors with MaxResults 1: it needs only the
 * `guardduty:ListDetectors` permission the gateway uses anyway), answered from a cache for
 * `cacheMs`; concurrent probes share one check in flight.
 */
export function createReadinessCheck(
  upstream: UpstreamClients,
  options: ReadinessOptions = {},
): () => Promise<Readiness> {
  const cacheMs = options.cacheMs ?? DEFAULT_READINESS_CACHE_MS;
  let cached: { at: number; answer: Promise<Readiness> } | undefined;

  async function checkRegion(region: string): Promise<RegionState> {
    const calls = requestUpstream(upstream, {
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS),
      ...(options.observe ? { observe: options.observe } : {}),
    });
    try {
      await calls.call({ operation: "ListDetectors", region }, (client, sendOptions) =>
        client.send(new ListDetectorsCommand({ MaxResults: 1 }), sendOptions),
      );
      return "ok";
    } catch (error) {
      options.onRegionFailed?.(region, error);
      return errorCode(error) ?? "UNAVAILABLE";
    }
  }

  async function check(): Promise<Readiness> {
    const states = await Promise.all(upstream.regions.map(checkRegion));
    const regions = Object.fromEntries(
      upstream.regions.map((region, i) => [region, states[i] as RegionState]),
    );
    return { ready: states.every((state) => state === "ok"), regions };
  }

  return () => {
    const now = performance.now();
    if (!cached || now - cached.at >= cacheMs) cached = { at: now, answer: check() };
    return cached.answer;
  };
}

export interface HealthOptions {
  readiness: () => Promise<Readiness>;
  /** True once the process has begun its shutdown drain. */
  isDraining?: () => boolean;
}

function json(fetchAPI: { Response: typeof Response }, status: number, body: unknown): Response {
  return new fetchAPI.Response(JSON.stringify(body), {
    status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}

async function readinessResponse(
  fetchAPI: { Response: typeof Response },
  options: HealthOptions,
): Promise<Response> {
  if (options.isDraining?.()) return json(fetchAPI, 503, { status: "draining" });
  const { ready, regions } = await options.readiness();
  // A drain may have begun while the regions were being asked.
  if (options.isDraining?.()) return json(fetchAPI, 503, { status: "draining" });
  return json(fetchAPI, ready ? 200 : 503, { status: ready ? "ready" : "not ready", regions });
}

/** Answers GET/HEAD `/healthz` and `/readyz`; must come first among the gateway's plugins. */
export function useHealthEndpoints(options: HealthOptions): Plugin {
  return {
    onRequest({ url, request, fetchAPI, endResponse }) {
      if (request.method !== "GET" && request.method !== "HEAD") return;
      if (url.pathname === HEALTH_PATH) {
        endResponse(json(fetchAPI, 200, { status: "ok" }));
        return;
      }
      if (url.pathname === READY_PATH) {
        return readinessResponse(fetchAPI, options).then(endResponse);
      }
    },
  };
}
