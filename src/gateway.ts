import { useDisableIntrospection } from "@envelop/disable-introspection";
import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import { createYoga, maskError, type YogaServerInstance } from "graphql-yoga";
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_CONCURRENT_REQUESTS } from "./config.js";
import { type Context, createContext, type GatewayServices } from "./context.js";
import { DEFAULT_QUERY } from "./graphql/default-query.js";
import { type LogError, useErrorCodes, useUpstreamFailureLog } from "./graphql/error-codes.js";
import { schema } from "./graphql/index.js";
import { useQueryLimits } from "./graphql/query-limits.js";
import { useBodyLimit, useConcurrencyLimit } from "./http/limits.js";

export interface GatewayOptions extends GatewayServices {
  /** Where unexpected (masked) errors and GuardDuty's own error messages are reported. */
  logError?: LogError;
  /** Serve GraphiQL to browsers at the endpoint. Default false. */
  graphiql?: boolean;
  /** Answer `__schema`/`__type`. Default false (`_service { sdl }` for routers always works). */
  introspection?: boolean;
  /** "Did you mean ...?" in validation errors. Default false. */
  fieldSuggestions?: boolean;
  /** Request bodies over this many bytes get 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Requests in flight beyond this get 503 with Retry-After. Default 64. */
  maxConcurrentRequests?: number;
}

const defaultLog: LogError = (message, error) => console.error(message, error);

/** Builds the gateway (schema, per-request context, plugins). It never listens by itself. */
export function createGateway(
  options: GatewayOptions,
): YogaServerInstance<Record<string, unknown>, Context> {
  const logError = options.logError ?? defaultLog;
  const services = { upstream: options.upstream, logError };
  return createYoga<Record<string, unknown>, Context>({
    schema,
    context: (initial) => createContext(services, initial),
    graphqlEndpoint: "/graphql",
    landingPage: false,
    renderGraphiQL,
    graphiql: options.graphiql
      ? { title: "GuardDuty GraphQL", defaultQuery: DEFAULT_QUERY }
      : false,
    // useBodyLimit below replaces Yoga's own limit (25 MB by default) with ours.
    maxRequestBodySize: false,
    maskedErrors: {
      // Never Yoga's development mode, which would put the original error (an SDK message
      // naming the endpoint, say) into the response when NODE_ENV=development.
      isDev: false,
      maskError(error, message) {
        const masked = maskError(error, message, false);
        if (masked !== error) {
          const original = (error as { originalError?: unknown }).originalError ?? error;
          const requestId = (original as { $metadata?: { requestId?: string } }).$metadata
            ?.requestId;
          logError(`Unexpected error${requestId ? ` (AWS request ${requestId})` : ""}:`, original);
        }
        return masked;
      },
    },
    plugins: [
      useConcurrencyLimit(options.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS),
      useBodyLimit(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES),
      ...(options.introspection ? [] : [useDisableIntrospection()]),
      useQueryLimits({ fieldSuggestions: options.fieldSuggestions ?? false }),
      useUpstreamFailureLog(logError),
      useErrorCodes(),
    ],
  });
}
