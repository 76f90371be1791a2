import { GraphQLError } from "graphql";

/** Codes every client can switch on; the same set the README documents. */
export const ErrorCode = {
  BAD_USER_INPUT: "BAD_USER_INPUT",
  NOT_FOUND: "NOT_FOUND",
  FORBIDDEN: "FORBIDDEN",
  UPSTREAM_THROTTLED: "UPSTREAM_THROTTLED",
  UPSTREAM_UNAVAILABLE: "UPSTREAM_UNAVAILABLE",
  /** GuardDuty did not answer in time: an attempt's timeout or the request's deadline. */
  UPSTREAM_TIMEOUT: "UPSTREAM_TIMEOUT",
  /** The gateway stopped waiting for GuardDuty because the process is shutting down. */
  SHUTTING_DOWN: "SHUTTING_DOWN",
  /** The client closed its request; its remaining GuardDuty calls were abandoned. */
  REQUEST_CANCELLED: "REQUEST_CANCELLED",
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

export function notFound(message: string, extensions: Record<string, unknown> = {}) {
  return new GraphQLError(message, { extensions: { code: ErrorCode.NOT_FOUND, ...extensions } });
}

export function errorCode(error: unknown): string | undefined {
  return error instanceof GraphQLError ? (error.extensions.code as string | undefined) : undefined;
}
