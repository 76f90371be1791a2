/**
 * OpenTelemetry tracing: a span per GraphQL operation, one per upstream-bound field
 * (src/graphql/tracing.ts) and one per GuardDuty call, each a child of what was running when it
 * started. The GuardDuty spans are made on the gateway's one call path rather than by patching
 * the AWS SDK (@opentelemetry/instrumentation-aws-sdk): patching must happen before the SDK is
 * first imported, which an ES module entry cannot order reliably, and the call path already
 * knows the operation, region, batch size, attempts and AWS request id.
 */
import {
  context,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { getOperationAST } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { CallObserver } from "../aws/client.js";
import { DEFAULT_SERVICE_NAME } from "../config.js";

export const TRACER_NAME = "guardduty-graphql";

let contextManagerInstalled = false;

/**
 * Parent spans travel with the async work they start (a resolver's DataLoader batch, its SDK
 * call) through Node's AsyncLocalStorage. The context manager is process-wide by OpenTelemetry's
 * design, so it is installed once whichever gateway asks first.
 */
export function installContextManager(): void {
  if (contextManagerInstalled) return;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  contextManagerInstalled = true;
}

export interface Tracing {
  tracer: Tracer;
  /** Sends the spans still buffered, then stops. */
  shutdown(): Promise<void>;
}

/** A tracer whose spans go to `processors` (an OTLP exporter in production, memory in tests). */
export function createTracing(
  processors: SpanProcessor[],
  serviceName = DEFAULT_SERVICE_NAME,
): Tracing {
  installContextManager();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": serviceName }),
    spanProcessors: processors,
  });
  return { tracer: provider.getTracer(TRACER_NAME), shutdown: () => provider.shutdown() };
}

/**
 * Spans exported over OTLP/HTTP to `endpoint` + `/v1/traces`, the path the OpenTelemetry
 * specification gives for OTEL_EXPORTER_OTLP_ENDPOINT. The exporter itself still honours the
 * standard OTEL_EXPORTER_OTLP_HEADERS and OTEL_EXPORTER_OTLP_TIMEOUT.
 */
export function createOtlpTracing(endpoint: string, serviceName?: string): Tracing {
  const url = `${endpoint.replace(/\/+$/, "")}/v1/traces`;
  return createTracing([new BatchSpanProcessor(new OTLPTraceExporter({ url }))], serviceName);
}

function endWithOutcome(span: Span, failed: boolean, errorType?: string): void {
  if (failed) {
    span.setStatus({ code: SpanStatusCode.ERROR });
    if (errorType) span.setAttribute("error.type", errorType);
  }
  span.end();
}

/** A span per GraphQL operation; execution runs inside it so field and call spans nest. */
export function useOperationSpans(tracer: Tracer): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const operation = getOperationAST(args.document, args.operationName);
      const type = operation?.operation ?? "query";
      const name = operation?.name?.value;
      const span = tracer.startSpan(name ? `${type} ${name}` : type, {
        attributes: {
          "graphql.operation.type": type,
          ...(name ? { "graphql.operation.name": name } : {}),
        },
      });
      const active = trace.setSpan(context.active(), span);
      setExecuteFn((executeArgs) => context.with(active, () => executeFn(executeArgs)));
      return {
        onExecuteDone({ result }) {
          const errors = "errors" in result ? (result.errors?.length ?? 0) : 0;
          if (errors > 0) span.setAttribute("graphql.error_count", errors);
          endWithOutcome(span, errors > 0);
        },
      };
    },
  };
}

/** A CLIENT span per GuardDuty call, named as AWS SDK instrumentations name theirs. */
export function callSpans(tracer: Tracer): CallObserver {
  return (site) => {
    const span = tracer.startSpan(`GuardDuty.${site.operation}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        "rpc.system": "aws-api",
        "rpc.service": "GuardDuty",
        "rpc.method": site.operation,
        "cloud.region": site.region,
        ...(site.detectorId ? { "aws.guardduty.detector_id": site.detectorId } : {}),
        ...(site.items !== undefined ? { "aws.guardduty.batch_size": site.items } : {}),
      },
    });
    return (outcome) => {
      span.setAttribute("aws.attempts", outcome.attempts);
      if (outcome.awsRequestId) span.setAttribute("aws.request_id", outcome.awsRequestId);
      endWithOutcome(span, outcome.failure !== undefined, outcome.failure?.code);
    };
  };
}
