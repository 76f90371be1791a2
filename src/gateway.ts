import { useDisableIntrospection } from "@envelop/disable-introspection";
import { useDeferStream } from "@graphql-yoga/plugin-defer-stream";
import type { Tracer } from "@opentelemetry/api";
import { GraphQLError } from "graphql";
import {
  createYoga,
  maskError,
  type Plugin,
  type YogaInitialContext,
  type YogaServerInstance,
} from "graphql-yoga";
import type { Registry } from "prom-client";
import type { Authenticate } from "./auth/authenticate.js";
import { allObservers } from "./aws/client.js";
import {
  DEFAULT_COMPRESSION_MIN_BYTES,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_CONCURRENT_REQUESTS,
  DEFAULT_READINESS_CACHE_MS,
  type PersistedOperationsMode,
} from "./config.js";
import { type Context, createContext, type GatewayServices, type RequestScope } from "./context.js";
import { ErrorCode } from "./errors.js";
import { useCompiledExecution } from "./graphql/compiled-execution.js";
import { DEFAULT_QUERY } from "./graphql/default-query.js";
import {
  clientSafeErrors,
  type LogError,
  upstreamFailureLogger,
  useErrorCodes,
  useUpstreamFailureLog,
} from "./graphql/error-codes.js";
import { type ErrorStep, useIncrementalErrors } from "./graphql/incremental.js";
import { schema } from "./graphql/index.js";
import { useQueryLimits } from "./graphql/query-limits.js";
import { traceUpstreamFields } from "./graphql/tracing.js";
import { useUpstreamBudget } from "./graphql/upstream-budget.js";
import { type Authentication, useAuthentication } from "./http/authentication.js";
import { useBrowserGuard } from "./http/browser-guard.js";
import { useCompression, useIdentityRequestBodies } from "./http/compression.js";
import {
  type GraphiQLPagePlugin,
  isGraphiQLAssetRequest,
  isGraphiQLPageRequest,
  useGraphiQLPage,
} from "./http/graphiql.js";
import { type ExampleDetector, exampleTabs } from "./http/graphiql-tabs.js";
import { parseHostPatterns } from "./http/hosts.js";
import { useBodyLimit, useConcurrencyLimit } from "./http/limits.js";
import { parseOrigins } from "./http/origins.js";
import {
  loadPersistedDocuments,
  type PersistedDocuments,
  usePersistedOperationsMode,
} from "./http/persisted-operations.js";
import { createReadinessCheck, HEALTH_PATH, READY_PATH, useHealthEndpoints } from "./ops/health.js";
import { createLogger, errorForLog, type Logger, logErrorTo, yogaLogger } from "./ops/logging.js";
import { createGatewayMetrics, useMetricsEndpoint } from "./ops/metrics.js";
import {
  RequestRecords,
  requestIdIn,
  useRequestIdInErrors,
  useRequestRecords,
} from "./ops/requests.js";
import { callSpans, installContextManager, useOperationSpans } from "./ops/tracing.js";

export interface GatewayOptions extends GatewayServices {
  /** The JSON logger: access lines, errors, Yoga's own messages. Default: info level to stdout. */
  logger?: Logger;
  /**
   * Where unexpected (masked) errors and GuardDuty's own error messages are reported. Default:
   * the logger, at error level.
   */
  logError?: LogError;
  /** Serve Prometheus metrics at `/metrics`. Default false; metrics are recorded either way. */
  metrics?: boolean;
  /** Also record process metrics (CPU, memory, event-loop lag). Default false. */
  processMetrics?: boolean;
  /** Spans per operation, upstream-bound field and GuardDuty call. Default: no tracing. */
  tracer?: Tracer;
  /** True once the shutdown drain has begun: `/readyz` then answers 503. */
  isDraining?: () => boolean;
  /** Milliseconds a readiness answer is reused. Default 5,000. */
  readinessCacheMs?: number;
  /**
   * Origins (`https://app.example.com`) whose pages may call the gateway with credentials.
   * Default: none; only the gateway's own pages (GraphiQL) and non-browser clients.
   */
  allowedOrigins?: readonly string[];
  /**
   * `Host` values accepted (`name`, `name:port`, `[::1]:4000`), against DNS rebinding.
   * Default: not checked; the server entry turns it on for loopback.
   */
  allowedHosts?: readonly string[];
  /** Serve GraphiQL to browsers at the endpoint. Default false. */
  graphiql?: boolean;
  /**
   * The detector GraphiQL's example tabs (schema/operations) name in their variables. Default: a
   * placeholder the user replaces.
   */
  graphiqlExampleDetector?: ExampleDetector;
  /** Answer `__schema`/`__type`. Default false (`_service { sdl }` for routers always works). */
  introspection?: boolean;
  /**
   * Run operations through graphql-jit's compiled code (src/graphql/compiled-execution.ts).
   * Default true; false keeps Yoga's own executor for every operation.
   */
  compiledExecution?: boolean;
  /** "Did you mean ...?" in validation errors. Default false. */
  fieldSuggestions?: boolean;
  /** Request bodies over this many bytes get 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Requests in flight beyond this get 503 with Retry-After. Default 64. */
  maxConcurrentRequests?: number;
  /** Compress responses (br or gzip, as the client accepts). Default true. */
  compression?: boolean;
  /** Responses smaller than this many bytes are not compressed. Default 1 KiB. */
  compressionMinBytes?: number;
  /**
   * `allow-list`: only the persisted operations run (by hash); ad-hoc documents are refused.
   * `off` (default): known hashes run, and so do ad-hoc documents.
   */
  persistedOperations?: PersistedOperationsMode;
  /** The persisted operations by id; default: the manifest `npm run codegen` writes. */
  persistedDocuments?: PersistedDocuments;
  /**
   * Who each request acts as (src/auth: JWT or API keys); requests it refuses get 401
   * UNAUTHENTICATED before anything else runs, and GraphiQL's header editor starts with
   * `Authorization: Bearer `. The Caller's scopes and region/account restrictions are checked
   * by the schema before anything is sent to GuardDuty. Default: none, every request acts as
   * OPEN_CALLER (every scope, no restriction).
   */
  authenticate?: Authenticate;
}

const GRAPHQL_ENDPOINT = "/graphql";
/** Yoga's message for a masked error (its maskedErrors.errorMessage default). */
const UNEXPECTED_ERROR = "Unexpected error.";
const METRICS_PATH = "/metrics";

/** The Yoga instance and what operators read from it. */
export type Gateway = YogaServerInstance<Record<string, unknown>, Context> & {
  /** This gateway's Prometheus registry (never prom-client's global one). */
  readonly metricsRegistry: Registry;
  /**
   * Compresses GraphiQL's assets with brotli now rather than from the first visit on (seconds
   * of work in the thread pool); resolves when done, at once when GraphiQL is off.
   */
  precompressGraphiQL(): Promise<void>;
};

/**
 * Unexpected errors are masked by Yoga and logged here once, with the request's id, when the
 * result leaves (maskError knows no request). `originals` maps each masked error to the error it
 * hides; `logged` lets Yoga's own logger skip what this already covers.
 */
function maskedErrorLogger(
  originals: WeakMap<object, unknown>,
  logError: LogError,
  records: RequestRecords,
): ErrorStep {
  return (errors, request) => {
    for (const error of errors) {
      const original = originals.get(error);
      if (original === undefined) continue;
      originals.delete(error);
      const awsRequestId = (original as { $metadata?: { requestId?: string } }).$metadata
        ?.requestId;
      logError(
        `Unexpected error${awsRequestId ? ` (AWS request ${awsRequestId})` : ""}:`,
        original,
        { ...records.fields(request), ...(awsRequestId ? { awsRequestId } : {}) },
      );
    }
    return errors;
  };
}

function useMaskedErrorLog(log: ErrorStep): Plugin {
  return {
    onResultProcess({ result, request }) {
      if (Array.isArray(result) || Symbol.asyncIterator in result) return;
      log(result.errors ?? [], request);
    },
  };
}

/**
 * Frees each request's deadline timer once its result is ready (see Context.release): for an
 * incremental (@defer/@stream) result, once its last payload has been produced or the client
 * stopped reading, since later payloads still call GuardDuty under the same deadline.
 */
function useReleaseContext(): Plugin<Context> {
  return {
    onExecute: ({ args }) => ({
      onExecuteDone: ({ result }) => {
        const context = args.contextValue as Context;
        if (Symbol.asyncIterator in result) return { onEnd: () => context.release() };
        context.release();
        return undefined;
      },
    }),
  };
}

/**
 * The context factory. With authentication on, a request that reaches execution without the
 * Caller the plugin produced (which it never should) is refused rather than run as anyone.
 */
function contextFactory(
  services: Parameters<typeof createContext>[0],
  authentication: Authentication | undefined,
  scopeOf: (initial: YogaInitialContext) => RequestScope,
) {
  return (initial: YogaInitialContext) => {
    const scope = scopeOf(initial);
    if (!authentication) return createContext(services, initial, scope);
    const caller = authentication.callerOf(initial.request);
    if (!caller) {
      throw new GraphQLError("Authentication required.", {
        extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
      });
    }
    return createContext(services, initial, { ...scope, caller });
  };
}

/**
 * The persisted operations: the given ones, else the manifest. Without a manifest (a build that
 * left schema/generated out) the allow-list cannot start; otherwise there are simply none.
 */
function persistedDocumentsFor(options: GatewayOptions): PersistedDocuments {
  if (options.persistedDocuments) return options.persistedDocuments;
  try {
    return loadPersistedDocuments();
  } catch (error) {
    if (options.persistedOperations === "allow-list") throw error;
    return new Map();
  }
}

/** GraphiQL's header editor, ready for the credential when the gateway asks for one. */
const GRAPHIQL_AUTH_HEADERS = JSON.stringify({ Authorization: "Bearer " }, null, 2);

/** Builds the gateway (schema, per-request context, plugins). It never listens by itself. */
export function createGateway(options: GatewayOptions): Gateway {
  const logger = options.logger ?? createLogger();
  const logError = options.logError ?? logErrorTo(logger);
  const services = { ...options, logError };
  const records = new RequestRecords();
  const metrics = createGatewayMetrics({ processMetrics: options.processMetrics ?? false });
  const { tracer } = options;
  if (tracer) {
    installContextManager();
    traceUpstreamFields(schema);
  }
  const spans = tracer ? callSpans(tracer) : undefined;
  const readiness = createReadinessCheck(options.upstream, {
    cacheMs: options.readinessCacheMs ?? DEFAULT_READINESS_CACHE_MS,
    ...(options.requestTimeoutMs ? { timeoutMs: options.requestTimeoutMs } : {}),
    observe: metrics.observeCall,
    onRegionFailed: (region, error) =>
      logger.warn({ region, error: errorForLog(error) }, "readiness: GuardDuty check failed"),
  });
  const maskedOriginals = new WeakMap<object, unknown>();
  const hiddenErrors = new WeakSet<object>();
  const browserPolicy = {
    allowedOrigins: parseOrigins(options.allowedOrigins ?? []),
    ...(options.allowedHosts ? { allowedHosts: parseHostPatterns(options.allowedHosts) } : {}),
  };
  const maskUnexpected = (error: unknown, message: string): Error => {
    const masked = maskError(error, message, false);
    if (masked !== error) {
      const original = (error as { originalError?: unknown }).originalError ?? error;
      maskedOriginals.set(masked, original);
      if (typeof error === "object" && error !== null) hiddenErrors.add(error);
    }
    return masked;
  };
  const logMasked = maskedErrorLogger(maskedOriginals, logError, records);
  const fieldsOf = (request: Request | undefined) => records.fields(request);
  const isPageLoad = (request: Request) =>
    options.graphiql === true && isGraphiQLPageRequest(request, GRAPHQL_ENDPOINT);
  // The page and its static files carry no data; the queries it sends carry the credential.
  const isGraphiQLFile = (request: Request) =>
    isPageLoad(request) || (options.graphiql === true && isGraphiQLAssetRequest(request));
  const authentication = options.authenticate
    ? useAuthentication({ authenticate: options.authenticate, isExempt: isGraphiQLFile, logError })
    : undefined;
  const graphiqlPage: GraphiQLPagePlugin | undefined = options.graphiql
    ? useGraphiQLPage(GRAPHQL_ENDPOINT, {
        title: "GuardDuty GraphQL",
        defaultQuery: DEFAULT_QUERY,
        defaultTabs: exampleTabs(options.graphiqlExampleDetector),
        ...(authentication ? { headers: GRAPHIQL_AUTH_HEADERS } : {}),
      })
    : undefined;
  const scopeOf = (initial: YogaInitialContext): RequestScope => {
    const record = records.of(initial.request);
    const countCall = record
      ? () => {
          record.upstreamCalls += 1;
          return () => {};
        }
      : undefined;
    return {
      ...(record ? { requestId: record.id } : {}),
      ...(tracer ? { tracer } : {}),
      observe: allObservers(metrics.observeCall, countCall, spans),
    };
  };
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    context: contextFactory(services, authentication, scopeOf),
    logging: yogaLogger(
      logger,
      (error) => typeof error === "object" && error !== null && hiddenErrors.has(error),
    ),
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    landingPage: false,
    // Yoga's CORS reflects any origin with credentials, and its GraphiQL answers before any
    // plugin can check the request; both are served by the plugins below instead.
    cors: false,
    graphiql: false,
    // File uploads are not part of the schema, and multipart bodies skip CORS preflights.
    multipart: false,
    // useBodyLimit below replaces Yoga's own limit (25 MB by default) with ours.
    maxRequestBodySize: false,
    maskedErrors: {
      // Never Yoga's development mode, which would put the original error (an SDK message
      // naming the endpoint, say) into the response when NODE_ENV=development.
      isDev: false,
      maskError: maskUnexpected,
    },
    plugins: [
      useRequestRecords(records, logger, new Set([HEALTH_PATH, READY_PATH])),
      useHealthEndpoints({
        readiness,
        ...(options.isDraining ? { isDraining: options.isDraining } : {}),
      }),
      useConcurrencyLimit(options.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS),
      useBrowserGuard(browserPolicy, isPageLoad),
      ...(options.metrics ? [useMetricsEndpoint(metrics.registry, METRICS_PATH)] : []),
      ...metrics.plugins,
      ...(tracer ? [useOperationSpans(tracer)] : []),
      ...(graphiqlPage ? [graphiqlPage] : []),
      // After the page (which needs no credential), before anything reads the body.
      ...(authentication ? [authentication.plugin] : []),
      useIdentityRequestBodies(),
      useBodyLimit(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES),
      ...(options.introspection ? [] : [useDisableIntrospection()]),
      usePersistedOperationsMode(
        options.persistedOperations ?? "off",
        persistedDocumentsFor(options),
      ),
      useDeferStream(),
      useQueryLimits({ fieldSuggestions: options.fieldSuggestions ?? false }),
      useUpstreamBudget(),
      useUpstreamFailureLog(logError, fieldsOf),
      useMaskedErrorLog(logMasked),
      useErrorCodes(),
      useRequestIdInErrors(records),
      // The same steps for each payload of a @defer/@stream result, in the same order.
      useIncrementalErrors([
        (errors) => errors.map((error) => maskUnexpected(error, UNEXPECTED_ERROR) as GraphQLError),
        upstreamFailureLogger(logError, fieldsOf),
        logMasked,
        clientSafeErrors,
        requestIdIn(records),
      ]),
      useReleaseContext(),
      ...(options.compiledExecution === false ? [] : [useCompiledExecution()]),
      // Last: its onResponse sees every response, the early ones (503, 401, the page) included.
      ...(options.compression === false
        ? []
        : [useCompression(options.compressionMinBytes ?? DEFAULT_COMPRESSION_MIN_BYTES)]),
    ],
  });
  return Object.assign(yoga, {
    metricsRegistry: metrics.registry,
    precompressGraphiQL: () => graphiqlPage?.precompress() ?? Promise.resolve(),
  });
}
