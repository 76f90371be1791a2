import { GraphQLError } from "graphql";

/** Codes every client can switch on; the same set the README documents. */
export const ErrorCode = {
  BAD_USER_INPUT: "BAD_USER_INPUT",
  NOT_FOUND: "NOT_FOUND",
  FORBIDDEN: "FORBIDDEN",
  UPSTREAM_THROTTLED: "UPSTREAM_THROTTLED",
  UPSTREAM_UNAVAILABLE: "UPSTREAM_UNAVAILABLE",
  UPSTREAM_BUDGET_EXCEEDED: "UPSTREAM_BUDGET_EXCEEDED",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

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

export function errorCode(error: unknown): string | undefined {
  return error instanceof GraphQLError ? (error.extensions.code as string | undefined) : undefined;
}
