import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import { createYoga, maskError, type Plugin, type YogaServerInstance } from "graphql-yoga";
import { type Context, createContext, type GatewayServices } from "./context.js";
import { DEFAULT_QUERY } from "./graphql/default-query.js";
import { useErrorCodes } from "./graphql/error-codes.js";
import { schema } from "./graphql/index.js";

export interface GatewayOptions extends GatewayServices {
  /** Where unexpected (masked) errors are reported. */
  logError?: (message: string, error: unknown) => void;
}

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
  const logError = options.logError ?? ((message, error) => console.error(message, error));
  return createYoga<Record<string, unknown>, Context>({
    schema,
    context: (initial) => createContext(options, initial),
    graphqlEndpoint: "/graphql",
    landingPage: false,
    renderGraphiQL,
    graphiql: { title: "GuardDuty GraphQL", defaultQuery: DEFAULT_QUERY },
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
      EnvelopArmorPlugin({
        maxDepth: { n: QUERY_LIMITS.maxDepth, ignoreIntrospection: true },
        maxAliases: { n: QUERY_LIMITS.maxAliases },
        maxTokens: { n: QUERY_LIMITS.maxTokens },
        maxDirectives: { n: QUERY_LIMITS.maxDirectives },
        costLimit: { maxCost: QUERY_LIMITS.maxCost, depthCostFactor: 1.2, flattenFragments: true },
        blockFieldSuggestion: { enabled: false },
      }),
      useErrorCodes(),
      useReleaseContext(),
    ],
  });
}
