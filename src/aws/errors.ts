/**
 * The one place where failures of GuardDuty calls become GraphQL errors. Every error leaves with
 * `extensions.code` and, when AWS answered, the request id to quote to AWS support. Anything not
 * recognised is returned untouched so Yoga masks it (and the gateway logs it).
 */
import { GraphQLError } from "graphql";
import { ErrorCode } from "../graphql/errors.js";

interface AwsErrorShape {
  name?: string;
  message?: string;
  code?: string;
  $fault?: "client" | "server";
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

export interface CallSite {
  operation: string;
  region: string;
  detectorId?: string;
}

const THROTTLING_CODES = new Set([
  "TooManyRequestsException",
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "RequestThrottledException",
  "RequestLimitExceeded",
  "LimitExceededException",
  "SlowDown",
]);
const ACCESS_CODES = new Set([
  "AccessDeniedException",
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "MissingAuthenticationTokenException",
  "IncompleteSignatureException",
  "ExpiredTokenException",
  "CredentialsProviderError",
]);
/** Failures of the connection itself: nothing reached GuardDuty or nothing came back. */
const TRANSPORT_CODES = new Set([
  "TimeoutError",
  "RequestTimeout",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "AbortError",
]);

const NOT_OWNED = /not owned by the current account/i;
const MEMBER_RESTRICTION = /member account/i;

function classify(error: AwsErrorShape): { code: ErrorCode; message: string } | undefined {
  const name = error.name ?? "";
  const status = error.$metadata?.httpStatusCode;
  const upstream = error.message ?? name;
  if (THROTTLING_CODES.has(name) || status === 429) {
    return {
      code: ErrorCode.UPSTREAM_THROTTLED,
      message: `GuardDuty is throttling requests: ${upstream}`,
    };
  }
  if (ACCESS_CODES.has(name) || status === 403) {
    return { code: ErrorCode.FORBIDDEN, message: `GuardDuty denied the request: ${upstream}` };
  }
  if (name === "BadRequestException" || name === "InvalidInputException") {
    if (NOT_OWNED.test(upstream)) return { code: ErrorCode.NOT_FOUND, message: upstream };
    if (MEMBER_RESTRICTION.test(upstream)) return { code: ErrorCode.FORBIDDEN, message: upstream };
    return { code: ErrorCode.BAD_USER_INPUT, message: upstream };
  }
  if (name === "ResourceNotFoundException" || status === 404) {
    return { code: ErrorCode.NOT_FOUND, message: upstream };
  }
  if (
    name === "InternalServerErrorException" ||
    TRANSPORT_CODES.has(name) ||
    TRANSPORT_CODES.has(error.code ?? "") ||
    (status !== undefined && status >= 500) ||
    error.$fault === "server"
  ) {
    return {
      code: ErrorCode.UPSTREAM_UNAVAILABLE,
      message: `GuardDuty is unavailable: ${upstream}`,
    };
  }
  return undefined;
}

/** Translates a failed SDK call; unknown failures come back as they are (masked later). */
export function translateAwsError(error: unknown, site: CallSite): Error {
  if (error instanceof GraphQLError) return error;
  if (!(error instanceof Error)) return new Error(String(error));
  const shape = error as AwsErrorShape;
  const known = classify(shape);
  if (!known) return error;
  // No originalError: Yoga masks any error whose chain ends in a non-GraphQL error, and the
  // extensions already carry what a client or operator needs (code, AWS error, request id).
  return new GraphQLError(known.message, {
    extensions: {
      code: known.code,
      awsErrorCode: shape.name,
      ...(shape.$metadata?.requestId ? { awsRequestId: shape.$metadata.requestId } : {}),
      operation: site.operation,
      region: site.region,
      ...(site.detectorId ? { detectorId: site.detectorId } : {}),
    },
  });
}
