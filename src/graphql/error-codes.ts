import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";
import { UpstreamError } from "../aws/errors.js";
import { QUOTE_MAX_CHARS } from "../errors.js";

/**
 * Every error a client sees carries `extensions.code`. Errors raised before execution (unknown
 * fields, bad enum values, graphql-armor's depth/alias/cost/token limits) come from validation
 * rules that set none, so they are given one here, on the way out.
 */
export const VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED";

/** The longest message a client gets; graphql-js's own messages are far shorter. */
export const MESSAGE_MAX_CHARS = 400;
/** An unquoted run this long is client input too (a huge number literal, a long name). */
const WORD_MAX_CHARS = 80;
/** A double-quoted run in a message, escapes included, possibly cut off at the end. */
const QUOTED = /"((?:[^"\\]|\\.)*)("|$)/g;
const LONG_WORD = new RegExp(`[^\\s"]{${WORD_MAX_CHARS + 1},}`, "g");

/**
 * The message with every quoted value cut to QUOTE_MAX_CHARS characters, every long unquoted
 * word cut, and the whole cut to MESSAGE_MAX_CHARS. graphql-js quotes the offending value in its
 * coercion and validation errors (`Variable "$id" got invalid value "…"`, `Cannot query field
 * "…"`), so a 5 MB variable would otherwise come back whole, twice.
 */
export function shortenMessage(message: string): string {
  // Bounded work whatever the message's size; nothing past this point would be kept anyway.
  let text =
    message.length > MESSAGE_MAX_CHARS * 4 ? message.slice(0, MESSAGE_MAX_CHARS * 4) : message;
  text = text.replace(QUOTED, (whole, inner: string, end: string) =>
    inner.length > QUOTE_MAX_CHARS ? `"${inner.slice(0, QUOTE_MAX_CHARS)}…${end}` : whole,
  );
  text = text.replace(LONG_WORD, (word) => `${word.slice(0, WORD_MAX_CHARS)}…`);
  return text.length > MESSAGE_MAX_CHARS ? `${text.slice(0, MESSAGE_MAX_CHARS - 1)}…` : text;
}

function clientSafe(error: GraphQLError): GraphQLError {
  const message = shortenMessage(error.message);
  // Errors with a path come from execution, where every error already carries a code.
  const needsCode = !error.extensions?.code && !error.path;
  if (message === error.message && !needsCode) return error;
  return new GraphQLError(message, {
    nodes: error.nodes ?? null,
    source: error.source ?? null,
    positions: error.positions ?? null,
    path: error.path ?? null,
    originalError: error.originalError ?? null,
    extensions: needsCode ? { ...error.extensions, code: VALIDATION_FAILED } : error.extensions,
  });
}

/** Each error with a code and a message that quotes input only briefly. */
export function clientSafeErrors(errors: readonly GraphQLError[]): GraphQLError[] {
  return errors.map((error) => (error instanceof GraphQLError ? clientSafe(error) : error));
}

/**
 * The one exit for errors: each gets a code and a message that quotes input only briefly
 * (streamed payloads: src/graphql/incremental.ts).
 */
export function useErrorCodes(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || Symbol.asyncIterator in result) return;
      if (!result.errors?.length) return;
      setResult({ ...result, errors: clientSafeErrors(result.errors) });
    },
  };
}

/**
 * Where the server logs an error: `message` says what failed; `fields` carry the request's id.
 * The gateway's default writes JSON lines (src/ops/logging.ts); tests pass their own.
 */
export type LogError = (message: string, error: unknown, fields?: Record<string, unknown>) => void;

/** The UpstreamError behind `error`, if a GuardDuty failure is what it reports. */
export function upstreamCause(error: unknown): UpstreamError | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    if (current instanceof UpstreamError) return current;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}

/** Logs what GuardDuty said (message, request id) for an error the client sees in our words. */
export function logUpstreamFailure(
  logError: LogError,
  failure: UpstreamError,
  fields: Record<string, unknown> = {},
): void {
  const awsRequestId = failure.extensions.awsRequestId;
  logError(
    `GuardDuty ${String(failure.extensions.operation)} failed${awsRequestId ? ` (AWS request ${String(awsRequestId)})` : ""}:`,
    failure.upstream,
    {
      ...fields,
      operation: failure.extensions.operation,
      region: failure.extensions.region,
      ...(awsRequestId ? { awsRequestId } : {}),
    },
  );
}

/**
 * AWS's own message for each GuardDuty failure in a result goes to the server log, once per
 * failure (one DataLoader rejection can be the error of many fields).
 */
export function useUpstreamFailureLog(
  logError: LogError,
  fieldsOf: (request: Request | undefined) => Record<string, unknown> = () => ({}),
): Plugin {
  const log = upstreamFailureLogger(logError, fieldsOf);
  return {
    onResultProcess({ result, request }) {
      if (Array.isArray(result) || Symbol.asyncIterator in result) return;
      log(result.errors ?? [], request);
    },
  };
}

/** Logs the GuardDuty failures behind `errors`, each once; returns the errors unchanged. */
export function upstreamFailureLogger(
  logError: LogError,
  fieldsOf: (request: Request | undefined) => Record<string, unknown>,
) {
  return (errors: readonly GraphQLError[], request: Request | undefined) => {
    const seen = new Set<UpstreamError>();
    for (const error of errors) {
      const failure = upstreamCause(error);
      if (failure && !seen.has(failure)) {
        seen.add(failure);
        logUpstreamFailure(logError, failure, fieldsOf(request));
      }
    }
    return errors;
  };
}
