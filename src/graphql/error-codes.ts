import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";

/**
 * Every error a client sees carries `extensions.code`. Errors raised before execution (unknown
 * fields, bad enum values, graphql-armor's depth/alias/cost/token limits) come from validation
 * rules that set none, so they are given one here.
 */
export const VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED";

function withCode(error: GraphQLError, code: string): GraphQLError {
  if (error.extensions.code) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes ?? null,
    source: error.source ?? null,
    positions: error.positions ?? null,
    path: error.path ?? null,
    originalError: error.originalError ?? null,
    extensions: { ...error.extensions, code },
  });
}

export function useErrorCodes(): Plugin {
  return {
    onValidate() {
      return ({ result, setResult }) => {
        if (result.length > 0) setResult(result.map((error) => withCode(error, VALIDATION_FAILED)));
      };
    },
  };
}
