/**
 * Prometheus metrics of one gateway: GraphQL operations (through @graphql-yoga/plugin-prometheus)
 * and every GuardDuty call (observed on the one call path, src/aws/client.ts). Each gateway has a
 * registry of its own, never prom-client's global one, so several gateways in one process (tests,
 * or a process serving two schemas) keep separate counts.
 */
import {
  createCounter,
  createHistogram,
  type FillLabelsFnParams,
  usePrometheus,
} from "@graphql-yoga/plugin-prometheus";
import type { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";
import type { CallObserver } from "../aws/client.js";
import { VALIDATION_FAILED } from "../graphql/error-codes.js";
import { BATCH_SIZES } from "../graphql/upstream-cost.js";

/**
 * Operation names are chosen by clients: a caller sending a new name per request would grow the
 * label set (and the scrape) without bound. Past this many distinct names, or for names longer
 * than OPERATION_NAME_MAX_CHARS, the label reads OTHER_OPERATION.
 */
export const OPERATION_NAMES_MAX = 200;
const OPERATION_NAME_MAX_CHARS = 100;
export const OTHER_OPERATION = "other";
export const ANONYMOUS_OPERATION = "anonymous";

/** Seconds; GuardDuty answers in tens of milliseconds, a throttled call with retries in seconds. */
const UPSTREAM_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Seconds; a request is a few GuardDuty round trips, up to the request deadline (25 s). */
const OPERATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25];
/** Ids per batching call, up to the largest batch GuardDuty takes (GetFindings: 50). */
const BATCH_BUCKETS = [1, 2, 5, 10, 20, 35, 50];

/** Names the labels of a client-chosen operation name, within a bounded set. */
export function operationNameLabels(max = OPERATION_NAMES_MAX): (name?: string | null) => string {
  const seen = new Set<string>();
  return (name) => {
    if (!name) return ANONYMOUS_OPERATION;
    if (seen.has(name)) return name;
    if (name.length > OPERATION_NAME_MAX_CHARS || seen.size >= max) return OTHER_OPERATION;
    seen.add(name);
    return name;
  };
}

/** The code a client saw for an error (the vocabulary of src/errors.ts). */
export function errorCodeLabel(error: GraphQLError | undefined): string {
  const code = error?.extensions?.code;
  if (typeof code === "string") return code;
  // Errors without a code get one on the way out (src/graphql/error-codes.ts): validation
  // failures have no path, anything else that escaped is masked by Yoga.
  return error?.path ? "INTERNAL_SERVER_ERROR" : VALIDATION_FAILED;
}

export interface GatewayMetrics {
  registry: Registry;
  /** Yoga plugins: GraphQL operation metrics and, when `endpoint` is set, the scrape endpoint. */
  plugins: Plugin[];
  /** Counts GuardDuty calls; given to every request's upstream. */
  observeCall: CallObserver;
}

function upstreamMetrics(registry: Registry): CallObserver {
  const labelNames = ["operation", "region"] as const;
  const calls = new Counter({
    name: "guardduty_upstream_calls_total",
    help: "GuardDuty calls sent, by operation, region and outcome (ok or error)",
    labelNames: [...labelNames, "outcome"],
    registers: [registry],
  });
  const duration = new Histogram({
    name: "guardduty_upstream_call_duration_seconds",
    help: "Time from sending a GuardDuty call to its answer, retries included",
    labelNames,
    buckets: UPSTREAM_BUCKETS,
    registers: [registry],
  });
  const errors = new Counter({
    name: "guardduty_upstream_errors_total",
    help: "GuardDuty calls that failed, by AWS error name (or the gateway's code for abandoned calls)",
    labelNames: [...labelNames, "code"],
    registers: [registry],
  });
  const throttles = new Counter({
    name: "guardduty_upstream_throttles_total",
    help: "GuardDuty calls that failed throttled after the SDK's retries",
    labelNames,
    registers: [registry],
  });
  const retries = new Counter({
    name: "guardduty_upstream_retries_total",
    help: "Extra attempts the SDK made (its $metadata.attempts minus one)",
    labelNames,
    registers: [registry],
  });
  const batchSize = new Histogram({
    name: "guardduty_upstream_batch_size",
    help: `Ids per batching call (${Object.keys(BATCH_SIZES).join(", ")})`,
    labelNames: ["operation", "region"],
    buckets: BATCH_BUCKETS,
    registers: [registry],
  });
  return (site) => (outcome) => {
    const labels = { operation: site.operation, region: site.region };
    calls.inc({ ...labels, outcome: outcome.failure ? "error" : "ok" });
    duration.observe(labels, outcome.durationMs / 1000);
    if (outcome.attempts > 1) retries.inc(labels, outcome.attempts - 1);
    if (site.items !== undefined) batchSize.observe(labels, site.items);
    if (outcome.failure) {
      errors.inc({ ...labels, code: outcome.failure.code });
      if (outcome.failure.throttled) throttles.inc(labels);
    }
  };
}

function operationLabels(
  nameLabel: (name?: string | null) => string,
  params: FillLabelsFnParams,
): { operationName: string; operationType: string } {
  return {
    operationName: nameLabel(params.operationName),
    operationType: params.operationType ?? "unknown",
  };
}

function graphqlMetricsPlugin(registry: Registry): Plugin {
  const nameLabel = operationNameLabels();
  const labelNames = ["operationName", "operationType"] as const;
  return usePrometheus({
    registry,
    // Served by useMetricsEndpoint instead, behind the browser guard.
    endpoint: false,
    metrics: {
      graphql_envelop_request: createCounter({
        registry,
        counter: {
          name: "graphql_operations_total",
          help: "GraphQL operations executed, by operation name and type",
          labelNames,
        },
        fillLabelsFn: (params) => operationLabels(nameLabel, params),
      }),
      graphql_envelop_request_duration: createHistogram({
        registry,
        histogram: {
          name: "graphql_operation_duration_seconds",
          help: "Time to execute a GraphQL operation, GuardDuty calls included",
          labelNames,
          buckets: OPERATION_BUCKETS,
        },
        fillLabelsFn: (params) => operationLabels(nameLabel, params),
      }),
      graphql_envelop_error_result: createCounter({
        registry,
        counter: {
          name: "graphql_errors_total",
          help: "Errors in GraphQL results, by operation, phase and extensions.code",
          labelNames: [...labelNames, "phase", "code"],
        },
        fillLabelsFn: (params) => ({
          ...operationLabels(nameLabel, params),
          phase: params.errorPhase ?? "execute",
          code: errorCodeLabel(params.error),
        }),
      }),
      graphql_envelop_deprecated_field: false,
      graphql_envelop_request_time_summary: false,
      graphql_envelop_phase_parse: false,
      graphql_envelop_phase_validate: false,
      graphql_envelop_phase_context: false,
      graphql_envelop_phase_execute: false,
      graphql_envelop_phase_subscribe: false,
      graphql_envelop_schema_change: false,
      graphql_envelop_execute_resolver: false,
      // Its `url` label would carry query strings (and any value in them) into the scrape.
      graphql_yoga_http_duration: false,
    },
  });
}

/** Answers GET `path` with the registry in Prometheus's text format. */
export function useMetricsEndpoint(registry: Registry, path: string): Plugin {
  return {
    onRequest({ url, request, fetchAPI, endResponse }) {
      if (url.pathname !== path || request.method !== "GET") return;
      return registry.metrics().then((text) => {
        endResponse(
          new fetchAPI.Response(text, {
            headers: { "content-type": registry.contentType, "cache-control": "no-store" },
          }),
        );
      });
    },
  };
}

export interface MetricsOptions {
  /** Also record the process's CPU, memory, event-loop lag and GC (prom-client's defaults). */
  processMetrics?: boolean;
}

export function createGatewayMetrics(options: MetricsOptions = {}): GatewayMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    plugins: [graphqlMetricsPlugin(registry)],
    observeCall: upstreamMetrics(registry),
  };
}
