/**
 * Why a request stopped waiting for GuardDuty. One of these is the `reason` of the AbortSignal a
 * request's calls carry (see CallGuards.signal), so the one translation point (aws/errors.ts)
 * can tell a passed deadline from a shutdown or a client that went away, whatever error the SDK
 * raised when it was aborted.
 */
import { ErrorCode } from "../errors.js";

export type AbandonCode =
  | typeof ErrorCode.UPSTREAM_TIMEOUT
  | typeof ErrorCode.SHUTTING_DOWN
  | typeof ErrorCode.REQUEST_CANCELLED;

export class CallsAbandoned extends Error {
  override name = "CallsAbandoned";
  constructor(
    readonly code: AbandonCode,
    message: string,
  ) {
    super(message);
  }
}

export function deadlinePassed(deadlineMs: number): CallsAbandoned {
  return new CallsAbandoned(
    ErrorCode.UPSTREAM_TIMEOUT,
    `The request's deadline of ${deadlineMs} ms passed before GuardDuty answered`,
  );
}

export function shuttingDown(): CallsAbandoned {
  return new CallsAbandoned(
    ErrorCode.SHUTTING_DOWN,
    "The gateway is shutting down and stopped waiting for GuardDuty",
  );
}

export function clientWentAway(): CallsAbandoned {
  return new CallsAbandoned(ErrorCode.REQUEST_CANCELLED, "The client closed the request");
}

/** The reason of an aborted signal as a CallsAbandoned (a foreign reason counts as a deadline). */
export function abandonReason(signal: AbortSignal): CallsAbandoned {
  const reason: unknown = signal.reason;
  if (reason instanceof CallsAbandoned) return reason;
  return new CallsAbandoned(
    ErrorCode.UPSTREAM_TIMEOUT,
    `The call was abandoned: ${reason instanceof Error ? reason.message : String(reason)}`,
  );
}

/**
 * Settles with `promise`, or rejects as soon as `signal` aborts. The SDK honours its
 * `abortSignal` while connecting, waiting for headers and between retries, but not necessarily
 * while a response body is still arriving; this makes the abort end the wait in every phase.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abandonReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abandonReason(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
