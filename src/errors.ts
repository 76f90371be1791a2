import { GraphQLError } from "graphql";

/** Codes every client can switch on; the same set the README documents. */
export const ErrorCode = {
  /** No credential, or one that is not valid (HTTP 401 with `WWW-Authenticate: Bearer`). */
  UNAUTHENTICATED: "UNAUTHENTICATED",
  /** The gateway could not check the credential, e.g. its JWKS is unreachable (HTTP 503). */
  AUTH_UNAVAILABLE: "AUTH_UNAVAILABLE",
  BAD_USER_INPUT: "BAD_USER_INPUT",
  NOT_FOUND: "NOT_FOUND",
  FORBIDDEN: "FORBIDDEN",
  UPSTREAM_THROTTLED: "UPSTREAM_THROTTLED",
  UPSTREAM_UNAVAILABLE: "UPSTREAM_UNAVAILABLE",
  UPSTREAM_BUDGET_EXCEEDED: "UPSTREAM_BUDGET_EXCEEDED",
  /** The request body is over MAX_BODY_BYTES (HTTP 413). */
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  /** The request body declares a Content-Encoding; bodies are accepted uncompressed (HTTP 415). */
  UNSUPPORTED_CONTENT_ENCODING: "UNSUPPORTED_CONTENT_ENCODING",
  /** PERSISTED_OPERATIONS=allow-list and the request sent a document, not a known hash. */
  PERSISTED_OPERATION_REQUIRED: "PERSISTED_OPERATION_REQUIRED",
  /** The request named a persisted operation hash the gateway does not know. */
  PERSISTED_OPERATION_NOT_FOUND: "PERSISTED_OPERATION_NOT_FOUND",
  /** MAX_CONCURRENT_REQUESTS are already in flight (HTTP 503 with Retry-After). */
  SERVER_BUSY: "SERVER_BUSY",
  /** GuardDuty did not answer in time: an attempt's timeout or the request's deadline. */
  UPSTREAM_TIMEOUT: "UPSTREAM_TIMEOUT",
  /** The gateway stopped waiting for GuardDuty because the process is shutting down. */
  SHUTTING_DOWN: "SHUTTING_DOWN",
  /** The client closed its request; its remaining GuardDuty calls were abandoned. */
  REQUEST_CANCELLED: "REQUEST_CANCELLED",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** How much of a client's value an error message quotes: enough to recognise it, not all of it. */
export const QUOTE_MAX_CHARS = 40;

/**
 * `value` quoted for an error message, cut to its first QUOTE_MAX_CHARS characters, so a
 * megabyte id or string never comes back in the error about it.
 */
export function quote(value: string): string {
  if (value.length <= QUOTE_MAX_CHARS) return JSON.stringify(value);
  return `${JSON.stringify(`${value.slice(0, QUOTE_MAX_CHARS)}…`)} (${value.length} characters)`;
}

/** The first few of `values`, quoted, and how many more there are. */
export function quoteList(values: readonly string[], shown = 3): string {
  const listed = values.slice(0, shown).map(quote).join(", ");
  return values.length > shown ? `${listed} and ${values.length - shown} more` : listed;
}

/**
 * Input the gateway rejects before calling AWS. A GraphQL error with code BAD_USER_INPUT on
 * queries; mutations list it among their error types, so there it is a typed result instead.
 */
export class InvalidInputError extends GraphQLError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...extensions } });
    this.name = "InvalidInputError";
  }
}

export function badUserInput(message: string, extensions: Record<string, unknown> = {}) {
  return new InvalidInputError(message, extensions);
}

/**
 * The request would spend, or has spent, more GuardDuty calls than one request may make (every
 * caller shares the account's per-region rate limit). Not an InvalidInputError: mutations must
 * not turn it into a typed result, since no input change of theirs alone fixes it.
 */
export function upstreamBudgetExceeded(message: string, extensions: Record<string, unknown> = {}) {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.UPSTREAM_BUDGET_EXCEEDED, ...extensions },
  });
}

export function notFound(message: string, extensions: Record<string, unknown> = {}) {
  return new GraphQLError(message, { extensions: { code: ErrorCode.NOT_FOUND, ...extensions } });
}

/**
 * The gateway's own permissions refuse this caller (a missing scope, a region or account it is
 * not allowed), before any GuardDuty call: a GraphQL error with code FORBIDDEN on queries;
 * mutations answer it as their typed NotAllowedError.
 */
export class PermissionDeniedError extends GraphQLError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code: ErrorCode.FORBIDDEN, ...extensions } });
    this.name = "PermissionDeniedError";
  }
}

export function forbidden(message: string, extensions: Record<string, unknown> = {}) {
  return new PermissionDeniedError(message, extensions);
}

export function errorCode(error: unknown): string | undefined {
  return error instanceof GraphQLError ? (error.extensions.code as string | undefined) : undefined;
}
