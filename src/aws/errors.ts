/**
 * The one place where failures of GuardDuty calls become GraphQL errors. Every error leaves with
 * `extensions.code` and, when AWS answered, the request id to quote to AWS support. Anything not
 * recognised is returned untouched so Yoga masks it (and the gateway logs it).
 */
import { GraphQLError } from "graphql";
import { ErrorCode } from "../errors.js";
import type { CallsAbandoned } from "./abort.js";

interface AwsErrorShape {
  name?: string;
  message?: string;
  code?: string;
  $fault?: "client" | "server";
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
}

export interface CallSite {
  operation: string;
  region: string;
  detectorId?: string;
  /** Ids a batching call asks for (GetFindings, GetMembers, GetRemainingFreeTrialDays). */
  items?: number;
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
/**
 * An attempt that got no answer in time. @smithy/node-http-handler names its connection, request
 * and socket timeouts "TimeoutError", but gives the same name to a reset connection (ECONNRESET,
 * EPIPE), which is a failure, not slowness: those are told apart by `code`.
 */
const TIMEOUT_NAMES = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException"]);
const RESET_CODES = new Set(["ECONNRESET", "EPIPE"]);
/** Failures of the connection itself: nothing reached GuardDuty or nothing came back. */
const TRANSPORT_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "AbortError",
]);

function isTimeout(error: AwsErrorShape): boolean {
  if (error.code === "ETIMEDOUT") return true;
  return TIMEOUT_NAMES.has(error.name ?? "") && !RESET_CODES.has(error.code ?? "");
}

function attemptsText(error: AwsErrorShape): string {
  const attempts = error.$metadata?.attempts ?? 1;
  return attempts === 1 ? "1 attempt" : `${attempts} attempts`;
}

const NOT_OWNED = /not owned by the current account/i;
const MEMBER_RESTRICTION = /member account/i;

/**
 * A GuardDuty failure as clients see it: our own words plus codes. AWS's message (which can
 * name IAM principals, account ids, or the endpoint the SDK tried, e.g. a VPC endpoint) is kept
 * on `upstream` for the server log only: GraphQLError's toJSON, which Yoga serialises, never
 * includes it, and it is not enumerable either.
 */
export class UpstreamError extends GraphQLError {
  declare readonly upstream: Error;
  constructor(message: string, extensions: Record<string, unknown>, upstream: Error) {
    super(message, { extensions });
    this.name = "UpstreamError";
    Object.defineProperty(this, "upstream", { value: upstream, enumerable: false });
  }
}

/** Where a client-facing message says the call went: "ListFindings in us-east-1". */
function where(site: CallSite): string {
  return `${site.operation} in ${site.region}`;
}

/** Whether an SDK error is GuardDuty (or the network before it) asking the caller to slow down. */
export function isThrottling(error: unknown): boolean {
  const shape = error as AwsErrorShape | undefined;
  return THROTTLING_CODES.has(shape?.name ?? "") || shape?.$metadata?.httpStatusCode === 429;
}

function classify(
  error: AwsErrorShape,
  site: CallSite,
): { code: ErrorCode; message: string } | undefined {
  const name = error.name ?? "";
  const status = error.$metadata?.httpStatusCode;
  const upstream = error.message ?? name;
  if (isThrottling(error)) {
    return {
      code: ErrorCode.UPSTREAM_THROTTLED,
      message: `GuardDuty is throttling requests (${where(site)}); retry later`,
    };
  }
  if (isTimeout(error)) {
    return {
      code: ErrorCode.UPSTREAM_TIMEOUT,
      message: `GuardDuty did not answer in time (${attemptsText(error)})`,
    };
  }
  if (ACCESS_CODES.has(name) || status === 403) {
    return {
      code: ErrorCode.FORBIDDEN,
      message: `GuardDuty denied ${where(site)} to the gateway's AWS credentials`,
    };
  }
  if (name === "BadRequestException" || name === "InvalidInputException") {
    if (NOT_OWNED.test(upstream)) {
      return {
        code: ErrorCode.NOT_FOUND,
        message: `The detector was not found for this account (${where(site)})`,
      };
    }
    if (MEMBER_RESTRICTION.test(upstream)) {
      return {
        code: ErrorCode.FORBIDDEN,
        message: `GuardDuty does not allow this account to call ${site.operation} (a member account restriction)`,
      };
    }
    return {
      code: ErrorCode.BAD_USER_INPUT,
      message: `GuardDuty rejected the input of ${where(site)}`,
    };
  }
  if (name === "ResourceNotFoundException" || status === 404) {
    return {
      code: ErrorCode.NOT_FOUND,
      message: `GuardDuty found no such resource (${where(site)})`,
    };
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
      message: `GuardDuty is unavailable (${where(site)}); retry later`,
    };
  }
  return undefined;
}

/** Translates a failed SDK call; unknown failures come back as they are (masked later). */
export function translateAwsError(error: unknown, site: CallSite): Error {
  if (error instanceof GraphQLError) return error;
  if (!(error instanceof Error)) return new Error(String(error));
  const shape = error as AwsErrorShape;
  const known = classify(shape, site);
  if (!known) return error;
  // No originalError: Yoga masks any error whose chain ends in a non-GraphQL error, and the
  // extensions already carry what a client or operator needs (code, AWS error, request id).
  return new UpstreamError(
    known.message,
    {
      code: known.code,
      awsErrorCode: shape.name,
      ...(shape.$metadata?.requestId ? { awsRequestId: shape.$metadata.requestId } : {}),
      operation: site.operation,
      region: site.region,
      ...(site.detectorId ? { detectorId: site.detectorId } : {}),
    },
    error,
  );
}

/**
 * An account GuardDuty did not return (GetMembers, GetRemainingFreeTrialDays). When it listed
 * the account as unprocessed, its `Result` is AWS's own text: that goes to the log with the
 * error, not to the client.
 */
export function unprocessedAccountError(
  site: CallSite,
  accountId: string,
  what: string,
  reason: string | undefined,
): GraphQLError {
  const message = `${what} for account ${accountId} is not available from GuardDuty (${where(site)})`;
  const extensions = {
    code: ErrorCode.NOT_FOUND,
    accountId,
    operation: site.operation,
    region: site.region,
  };
  return reason
    ? new UpstreamError(message, extensions, new Error(`${site.operation}: ${reason}`))
    : new GraphQLError(message, { extensions });
}

/** Operations that only read; any other call may change GuardDuty's state. */
const READ_ONLY = /^(Get|List|Describe)/;

/** For a call that changes state: whether the change left the gateway before it stopped waiting. */
function changeOutcome(site: CallSite, sent: boolean) {
  if (READ_ONLY.test(site.operation)) return { note: "" };
  return sent
    ? { outcome: "UNKNOWN", note: " The change was sent; GuardDuty may still apply it." }
    : { outcome: "NOT_SENT", note: " The change was not sent." };
}

/**
 * The error of a call the request stopped waiting for (its deadline, a shutdown, the client
 * leaving). A change that was already sent may still be applied by GuardDuty, and a client must
 * be able to tell that from a change that never left: `outcome` says which.
 */
export function abandonedCallError(
  reason: CallsAbandoned,
  site: CallSite,
  sent: boolean,
): GraphQLError {
  const { outcome, note } = changeOutcome(site, sent);
  return new GraphQLError(`${reason.message} (${site.operation}).${note}`, {
    extensions: {
      code: reason.code,
      operation: site.operation,
      region: site.region,
      ...(site.detectorId ? { detectorId: site.detectorId } : {}),
      ...(outcome ? { outcome } : {}),
    },
  });
}
