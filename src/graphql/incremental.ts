/**
 * Incremental delivery (@defer, @stream): the result is a stream of payloads, and the plugins
 * that finish a result (masking, codes, request ids, logs) see only whole results in
 * `onResultProcess`. Here the same steps run on every payload as it leaves: the first one's
 * `errors` and each later one's `incremental[].errors`, which Yoga's own masking does not reach
 * (it masks top-level `errors` only).
 */
import type { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";

/** One step over the errors of a payload (mask, log, code, request id), in order. */
export type ErrorStep = (
  errors: readonly GraphQLError[],
  request: Request | undefined,
) => readonly GraphQLError[];

interface Payload {
  errors?: readonly GraphQLError[];
  incremental?: readonly { errors?: readonly GraphQLError[] }[];
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}

/** The payload with `step` applied to each of its error lists. */
export function mapPayloadErrors<T extends Payload>(
  payload: T,
  step: (errors: readonly GraphQLError[]) => readonly GraphQLError[],
): T {
  let next = payload;
  if (payload.errors?.length) next = { ...next, errors: step(payload.errors) };
  if (payload.incremental?.some((part) => part.errors?.length)) {
    next = {
      ...next,
      incremental: payload.incremental.map((part) =>
        part.errors?.length ? { ...part, errors: step(part.errors) } : part,
      ),
    };
  }
  return next;
}

/** Runs `steps` on the errors of every payload of a streamed result. */
export function useIncrementalErrors(steps: readonly ErrorStep[]): Plugin {
  return {
    onExecute() {
      return {
        onExecuteDone({ args, result }) {
          if (!isAsyncIterable(result)) return;
          const request = (args.contextValue as { request?: Request }).request;
          return {
            onNext({ result: payload, setResult }) {
              setResult(
                mapPayloadErrors(payload as Payload, (errors) =>
                  steps.reduce((current, step) => step(current, request), errors),
                ) as typeof payload,
              );
            },
          };
        },
      };
    },
  };
}
