import { type DocumentNode, GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Context } from "../context.js";
import { upstreamBudgetExceeded } from "../errors.js";
import { type Estimate, type EstimateInput, estimateUpstreamCalls } from "./upstream-estimate.js";

/**
 * Estimates are remembered per document (Yoga's parse cache hands out the same DocumentNode for
 * the same query text) and per operation name, regions and variables: the estimate is a function
 * of these alone, and walking a page of detailed findings costs a few percent of the request's
 * CPU. Requests whose variables print longer than this are not remembered (memory stays small).
 */
const MEMO_KEY_MAX_CHARS = 2_048;
/** Estimates remembered per document; the oldest goes first. */
const MEMO_PER_DOCUMENT = 64;

type Memo = WeakMap<DocumentNode, Map<string, Estimate | undefined>>;

function memoKey(input: EstimateInput): string | undefined {
  const key = `${input.operationName ?? ""}\n${input.regions.join(",")}\n${JSON.stringify(input.variableValues ?? {})}`;
  return key.length <= MEMO_KEY_MAX_CHARS ? key : undefined;
}

/** estimateUpstreamCalls through `memo`; refusals (thrown) are not remembered. */
function estimateWith(memo: Memo, input: EstimateInput): Estimate | undefined {
  const key = memoKey(input);
  if (key === undefined) return estimateUpstreamCalls(input);
  let estimates = memo.get(input.document);
  if (!estimates) {
    estimates = new Map();
    memo.set(input.document, estimates);
  }
  if (estimates.has(key)) return estimates.get(key);
  const estimate = estimateUpstreamCalls(input);
  if (estimates.size >= MEMO_PER_DOCUMENT) {
    estimates.delete(estimates.keys().next().value as string);
  }
  estimates.set(key, estimate);
  return estimate;
}

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
  const memo: Memo = new WeakMap();
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue as Context;
      const refusal = refusalOf(memo, args, context);
      if (refusal) setResultAndStopExecution({ errors: [asRequestError(refusal)] });
    },
  };
}

function refusalOf(
  memo: Memo,
  args: Parameters<NonNullable<Plugin<Context>["onExecute"]>>[0]["args"],
  context: Context,
): GraphQLError | undefined {
  let estimate: ReturnType<typeof estimateUpstreamCalls>;
  try {
    estimate = estimateWith(memo, {
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
