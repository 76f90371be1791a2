/**
 * A request's allowance of GuardDuty calls. GuardDuty's request rate limit is per account and
 * region, shared by every caller of the gateway, so one request must not be able to spend it:
 * the gateway refuses a request whose estimate is over the limit before it starts, and this
 * counter refuses any call past the limit while it runs (the rest of the answer still returns).
 */
import { upstreamBudgetExceeded } from "../errors.js";
import type { CallSite } from "./errors.js";

export interface UpstreamBudget {
  /** Calls this request may make. */
  readonly limit: number;
  /** Calls made (or started) so far. */
  readonly used: number;
  /** Counts one call, or throws UPSTREAM_BUDGET_EXCEEDED when the allowance is spent. */
  spend(site: CallSite): void;
}

export function createUpstreamBudget(limit: number): UpstreamBudget {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`an upstream budget is a whole number of calls >= 1; got ${limit}`);
  }
  let used = 0;
  return {
    limit,
    get used() {
      return used;
    },
    spend(site) {
      if (used >= limit) {
        throw upstreamBudgetExceeded(
          `This request has used its budget of ${limit} GuardDuty calls; ${site.operation} (${site.region}) was not sent`,
          { maxUpstreamCalls: limit, operation: site.operation, region: site.region },
        );
      }
      used += 1;
    },
  };
}
