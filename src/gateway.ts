import { useDisableIntrospection } from "@envelop/disable-introspection";
import { createYoga, maskError, type Plugin, type YogaServerInstance } from "graphql-yoga";
import { type Caller, OPEN_CALLER } from "./auth/caller.js";
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_CONCURRENT_REQUESTS } from "./config.js";
import { type Context, createContext, type GatewayServices } from "./context.js";
import { DEFAULT_QUERY } from "./graphql/default-query.js";
import { type LogError, useErrorCodes, useUpstreamFailureLog } from "./graphql/error-codes.js";
import { schema } from "./graphql/index.js";
import { useQueryLimits } from "./graphql/query-limits.js";
import { useUpstreamBudget } from "./graphql/upstream-budget.js";
import { useBrowserGuard } from "./http/browser-guard.js";
import { isGraphiQLPageRequest, useGraphiQLPage } from "./http/graphiql.js";
import { parseHostPatterns } from "./http/hosts.js";
import { useBodyLimit, useConcurrencyLimit } from "./http/limits.js";
import { parseOrigins } from "./http/origins.js";

export interface GatewayOptions extends GatewayServices {
  /** Where unexpected (masked) errors and GuardDuty's own error messages are reported. */
  logError?: LogError;
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
  /** Answer `__schema`/`__type`. Default false (`_service { sdl }` for routers always works). */
  introspection?: boolean;
  /** "Did you mean ...?" in validation errors. Default false. */
  fieldSuggestions?: boolean;
  /** Request bodies over this many bytes get 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Requests in flight beyond this get 503 with Retry-After. Default 64. */
  maxConcurrentRequests?: number;
  /**
   * Who a request acts as: its scopes and optional region/account restrictions, checked by the
   * schema before anything is sent to GuardDuty. Default: OPEN_CALLER (every scope, no
   * restriction), the gateway without authentication.
   */
  authenticate?: (request: Request) => Promise<Caller> | Caller;
}

const GRAPHQL_ENDPOINT = "/graphql";
const defaultLog: LogError = (message, error) => console.error(message, error);

/** Frees each request's deadline timer once its result is ready (see Context.release). */
function useReleaseContext(): Plugin<Context> {
  return {
    onExecute: ({ args }) => ({
      onExecuteDone: () => (args.contextValue as Context).release(),
    }),
  };
}

/** Builds the gateway (schema, per-request context, plugins). It never listens by itself. */
export function createGateway(
  options: GatewayOptions,
): YogaServerInstance<Record<string, unknown>, Context> {
  const logError = options.logError ?? defaultLog;
  const services = { ...options, logError };
  const authenticate = options.authenticate ?? (() => OPEN_CALLER);
  const browserPolicy = {
    allowedOrigins: parseOrigins(options.allowedOrigins ?? []),
    ...(options.allowedHosts ? { allowedHosts: parseHostPatterns(options.allowedHosts) } : {}),
  };
  const isPageLoad = (request: Request) =>
    options.graphiql === true && isGraphiQLPageRequest(request, GRAPHQL_ENDPOINT);
  return createYoga<Record<string, unknown>, Context>({
    schema,
    context: async (initial) =>
      createContext(services, initial, await authenticate(initial.request)),
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
      useBrowserGuard(browserPolicy, isPageLoad),
      ...(options.graphiql
        ? [
            useGraphiQLPage(GRAPHQL_ENDPOINT, {
              title: "GuardDuty GraphQL",
              defaultQuery: DEFAULT_QUERY,
            }),
          ]
        : []),
      useBodyLimit(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES),
      ...(options.introspection ? [] : [useDisableIntrospection()]),
      useQueryLimits({ fieldSuggestions: options.fieldSuggestions ?? false }),
      useUpstreamBudget(),
      useUpstreamFailureLog(logError),
      useErrorCodes(),
      useReleaseContext(),
    ],
  });
}
