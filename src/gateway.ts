import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { createYoga, maskError, type YogaServerInstance } from "graphql-yoga";
import { type Context, createContext, type GatewayServices } from "./context.js";
import { DEFAULT_QUERY } from "./graphql/default-query.js";
import { useErrorCodes } from "./graphql/error-codes.js";
import { schema } from "./graphql/index.js";
import { useUpstreamBudget } from "./graphql/upstream-budget.js";
import { useBrowserGuard } from "./http/browser-guard.js";
import { isGraphiQLPageRequest, useGraphiQLPage } from "./http/graphiql.js";
import { parseHostPatterns } from "./http/hosts.js";
import { parseOrigins } from "./http/origins.js";

export interface GatewayOptions extends GatewayServices {
  /** Where unexpected (masked) errors are reported. */
  logError?: (message: string, error: unknown) => void;
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
}

const GRAPHQL_ENDPOINT = "/graphql";

/**
 * Limits on hostile queries. Aliases are generous because batching many aliased lookups into
 * one request is a feature (120 aliased finding(id:) fields cost 3 GetFindings calls).
 */
export const QUERY_LIMITS = {
  maxDepth: 15,
  maxAliases: 200,
  maxTokens: 5_000,
  maxDirectives: 50,
  // graphql-armor's cost: objects 2, scalars 1, x1.2 per level, x`first` for lists. A full
  // page of 50 detailed findings costs about 30,000; nesting a second paged list inside it
  // multiplies past the limit.
  maxCost: 100_000,
} as const;

/** Builds the gateway (schema, per-request context, plugins). It never listens by itself. */
export function createGateway(
  options: GatewayOptions,
): YogaServerInstance<Record<string, unknown>, Context> {
  const logError = options.logError ?? ((message, error) => console.error(message, error));
  const browserPolicy = {
    allowedOrigins: parseOrigins(options.allowedOrigins ?? []),
    ...(options.allowedHosts ? { allowedHosts: parseHostPatterns(options.allowedHosts) } : {}),
  };
  const isPageLoad = (request: Request) => isGraphiQLPageRequest(request, GRAPHQL_ENDPOINT);
  return createYoga<Record<string, unknown>, Context>({
    schema,
    context: (initial) => createContext(options, initial),
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    landingPage: false,
    // Yoga's CORS reflects any origin with credentials, and its GraphiQL answers before any
    // plugin can check the request; both are served by the plugins below instead.
    cors: false,
    graphiql: false,
    // File uploads are not part of the schema, and multipart bodies skip CORS preflights.
    multipart: false,
    maskedErrors: {
      maskError(error, message, isDev) {
        const masked = maskError(error, message, isDev);
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
      useBrowserGuard(browserPolicy, isPageLoad),
      useGraphiQLPage(GRAPHQL_ENDPOINT, {
        title: "GuardDuty GraphQL",
        defaultQuery: DEFAULT_QUERY,
      }),
      EnvelopArmorPlugin({
        maxDepth: { n: QUERY_LIMITS.maxDepth, ignoreIntrospection: true },
        maxAliases: { n: QUERY_LIMITS.maxAliases },
        maxTokens: { n: QUERY_LIMITS.maxTokens },
        maxDirectives: { n: QUERY_LIMITS.maxDirectives },
        costLimit: { maxCost: QUERY_LIMITS.maxCost, depthCostFactor: 1.2, flattenFragments: true },
        blockFieldSuggestion: { enabled: false },
      }),
      useUpstreamBudget(),
      useErrorCodes(),
    ],
  });
}
