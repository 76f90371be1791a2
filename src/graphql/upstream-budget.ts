import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Context } from "../context.js";
import { upstreamBudgetExceeded } from "../errors.js";
import { estimateUpstreamCalls } from "./upstream-estimate.js";

/**
 * Refuses, before anything runs, an operation whose GuardDuty calls are estimated over the
 * request's budget (context.budget), or whose list arguments are over their bounds. The budget
 * itself (src/aws/budget.ts) still counts every call while the operation runs, for what the
 * estimate cannot see.
 *
 * Both refusals are request errors, like validation errors: HTTP 400 for clients that accept
 * application/graphql-response+json, 200 for application/json, as the GraphQL over HTTP spec
 * asks (Yoga reads `extensions.http`; `spec: true` lets it keep 200 for application/json).
 */
export function useUpstreamBudget(): Plugin<Context> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue as Context;
      const refusal = refusalOf(args, context);
      if (refusal) setResultAndStopExecution({ errors: [asRequestError(refusal)] });
    },
  };
}

function refusalOf(
  args: Parameters<NonNullable<Plugin<Context>["onExecute"]>>[0]["args"],
  context: Context,
): GraphQLError | undefined {
  let estimate: ReturnType<typeof estimateUpstreamCalls>;
  try {
    estimate = estimateUpstreamCalls({
      schema: args.schema,
      document: args.document,
      operationName: args.operationName,
      variableValues: args.variableValues as Record<string, unknown> | null | undefined,
      regions: context.upstream.regions,
    });
  } catch (error) {
    if (error instanceof GraphQLError) return error;
    throw error;
  }
  const limit = context.budget.limit;
  if (!estimate || estimate.calls <= limit) return undefined;
  const needs = Number.isFinite(estimate.calls)
    ? `about ${estimate.calls} GuardDuty calls`
    : "too many GuardDuty calls to count";
  return upstreamBudgetExceeded(
    `This request needs ${needs}; the gateway allows ${limit} per request. Ask for fewer items, aliases or regions, or split the request.`,
    {
      ...(Number.isFinite(estimate.calls) ? { estimatedCalls: estimate.calls } : {}),
      maxUpstreamCalls: limit,
    },
  );
}

function asRequestError(error: GraphQLError): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes ?? null,
    extensions: { ...error.extensions, http: { spec: true, status: 400 } },
  });
}
