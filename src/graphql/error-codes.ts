import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";

/**
 * Every error a client sees carries `extensions.code`. Errors raised before execution (unknown
 * fields, bad enum values, graphql-armor's depth/alias/cost/token limits) come from validation
 * rules that set none, so they are given one here, on the way out.
 */
export const VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED";

function withCode(error: GraphQLError): GraphQLError {
  // Errors with a path come from execution, where every error already carries a code.
  if (!(error instanceof GraphQLError) || error.extensions?.code || error.path) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes ?? null,
    source: error.source ?? null,
    positions: error.positions ?? null,
    path: error.path ?? null,
    extensions: { ...error.extensions, code: VALIDATION_FAILED },
  });
}

export function useErrorCodes(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || Symbol.asyncIterator in result) return;
      if (!result.errors?.some((error) => !(error as GraphQLError).extensions?.code)) return;
      setResult({
        ...result,
        errors: result.errors.map((error) => withCode(error as GraphQLError)),
      });
    },
  };
}
