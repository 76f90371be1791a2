/**
 * Limits on hostile queries, enforced by graphql-armor before anything runs. Armor's own
 * rejections read "Syntax Error: ..." and come back with HTTP 200 to `application/json` clients;
 * here each is replaced by an error that names the limit and asks for HTTP 400 (Yoga honours
 * `extensions.http.status`), so a client can tell a refused query from a broken one.
 */
import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";
import { VALIDATION_FAILED } from "./error-codes.js";

/**
 * Aliases are generous because batching many aliased lookups into one request is a feature
 * (120 aliased finding(id:) fields cost 3 GetFindings calls).
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

export type QueryLimit = "depth" | "aliases" | "tokens" | "directives" | "cost";

/** What the client is told; `amount` is the measured value or "more than N" (armor stops counting tokens at N). */
const DESCRIBE: Record<QueryLimit, (amount: string, limit: number) => string> = {
  depth: (amount, limit) => `Query is too deep: depth ${amount}, the limit is ${limit}`,
  aliases: (amount, limit) => `Query has too many aliases: ${amount}, the limit is ${limit}`,
  tokens: (amount, limit) => `Query is too long: ${amount} tokens, the limit is ${limit}`,
  directives: (amount, limit) => `Query has too many directives: ${amount}, the limit is ${limit}`,
  cost: (amount, limit) => `Query is too expensive: cost ${amount}, the limit is ${limit}`,
};

/** Armor's rejections end "exceeded, found N." (graphql-armor 3.x); tokens have no count. */
const FOUND = /found (\d+(?:\.\d+)?)\.?$/;

/** A query over one of the limits: HTTP 400 whatever the client accepts. */
export class QueryLimitError extends GraphQLError {
  constructor(limit: QueryLimit, maximum: number, found: number | undefined) {
    super(DESCRIBE[limit](found === undefined ? `more than ${maximum}` : String(found), maximum), {
      extensions: {
        code: VALIDATION_FAILED,
        limit,
        maximum,
        ...(found === undefined ? {} : { found }),
        http: { status: 400 },
      },
    });
    this.name = "QueryLimitError";
  }
}

/** An armor onReject callback that throws our error instead of armor's. */
function rejectAs(limit: QueryLimit, maximum: number) {
  return [
    (_context: unknown, armorError: GraphQLError) => {
      const match = FOUND.exec(armorError.message);
      throw new QueryLimitError(limit, maximum, match ? Math.round(Number(match[1])) : undefined);
    },
  ];
}

type ArmorConfig = NonNullable<Parameters<typeof EnvelopArmorPlugin>[0]>;

/** graphql-armor's settings: the limits above, and field suggestions on or off. */
function armorConfig(options: { fieldSuggestions: boolean }): ArmorConfig {
  return {
    maxDepth: {
      n: QUERY_LIMITS.maxDepth,
      ignoreIntrospection: true,
      onReject: rejectAs("depth", QUERY_LIMITS.maxDepth),
    },
    maxAliases: {
      n: QUERY_LIMITS.maxAliases,
      onReject: rejectAs("aliases", QUERY_LIMITS.maxAliases),
    },
    maxTokens: { n: QUERY_LIMITS.maxTokens, onReject: rejectAs("tokens", QUERY_LIMITS.maxTokens) },
    maxDirectives: {
      n: QUERY_LIMITS.maxDirectives,
      onReject: rejectAs("directives", QUERY_LIMITS.maxDirectives),
    },
    costLimit: {
      maxCost: QUERY_LIMITS.maxCost,
      depthCostFactor: 1.2,
      flattenFragments: true,
      onReject: rejectAs("cost", QUERY_LIMITS.maxCost),
    },
    // "Did you mean ...?" names fields a client did not ask about: the schema, piece by piece,
    // even with introspection off.
    blockFieldSuggestion: { enabled: !options.fieldSuggestions, mask: "" },
  };
}

/**
 * Yoga marks every parse error (the token limit is one) as the GraphQL-over-HTTP spec's kind,
 * which it answers with 200 to `application/json` clients; a refused query is a 400 for all.
 */
function useQueryLimitStatus(): Plugin {
  return {
    onResultProcess({ result }) {
      if (Array.isArray(result) || Symbol.asyncIterator in result) return;
      for (const error of result.errors ?? []) {
        if (error instanceof QueryLimitError) error.extensions.http = { status: 400 };
      }
    },
  };
}

/** The query limits with graphql-armor, and field suggestions on or off. */
export function useQueryLimits(options: { fieldSuggestions: boolean }): Plugin {
  return {
    onPluginInit({ addPlugin }) {
      addPlugin(EnvelopArmorPlugin(armorConfig(options)));
      addPlugin(useQueryLimitStatus());
    },
  };
}
