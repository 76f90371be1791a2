import { badRequest, NOT_OWNED_MESSAGE } from "../errors.js";
import type { Pager } from "../paging.js";
import type { Detector, Identity, World } from "../store.js";
import { detectorIdLabel } from "../validate.js";

/** What an operation handler sees: the caller, the decoded request and the mutable world. */
export interface OperationContext {
  world: World;
  pager: Pager;
  caller: Identity;
  /** From the SigV4 credential scope. */
  region: string;
  /** Percent-decoded path labels, by their model name. */
  labels: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  /**
   * Called by handlers that change state, so memoized query results are dropped; those `keep`
   * accepts (by key) are kept, for a change known not to touch them.
   */
  changed(keep?: (key: string) => boolean): void;
  /**
   * Memoizes a pure function of the current state until the next `changed()`; `weigh` gives the
   * size a value counts for in the memo's bounds when it is not an array.
   */
  memo<T>(key: string, compute: () => T, weigh?: (value: T) => number): T;
}

/** A string is sent as the response body verbatim (pre-serialized); an object is JSON-encoded. */
export type OperationResult = Record<string, unknown> | string | undefined;
export type OperationHandler = (context: OperationContext) => OperationResult;

/**
 * The detector named in the path, if the caller owns it in this region. Anything else gets the
 * service's own answer: 400 "not owned by the current account".
 */
export function ownedDetector(context: OperationContext): Detector {
  const detectorId = detectorIdLabel(context.labels.DetectorId);
  const detector = context.world.detectors.get(detectorId);
  if (
    !detector ||
    detector.accountId !== context.caller.accountId ||
    detector.region !== context.region
  ) {
    throw badRequest(NOT_OWNED_MESSAGE);
  }
  return detector;
}

export function pageScope(context: OperationContext, operation: string, detectorId = ""): string {
  return `${context.caller.accountId}/${context.region}/${operation}/${detectorId}`;
}
