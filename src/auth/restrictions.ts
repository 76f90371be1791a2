/**
 * A caller's optional restrictions to some regions and member accounts (Caller.regions,
 * Caller.accounts), as plain functions the schema and the loaders share. Refusals are FORBIDDEN
 * errors raised before any GuardDuty call; findings of other accounts are kept out by a criterion
 * GuardDuty applies itself, so they are never fetched.
 */
import type { Condition, FindingCriteria } from "@aws-sdk/client-guardduty";
import { forbidden, quote } from "../errors.js";
import type { Caller } from "./caller.js";

/**
 * GuardDuty documents at most 50 values for a criterion's Equals (see Condition in the
 * GuardDuty API reference), so an account restriction names at most 50 accounts.
 */
export const MAX_RESTRICTED_ACCOUNTS = 50;

/** The covered regions this caller may use, in the gateway's order. */
export function allowedRegions(caller: Caller, covered: readonly string[]): string[] {
  const allowed = caller.regions;
  return allowed ? covered.filter((region) => allowed.includes(region)) : [...covered];
}

export function regionAllowed(caller: Caller, region: string): boolean {
  return !caller.regions || caller.regions.includes(region);
}

export function assertRegionAllowed(caller: Caller, region: string): void {
  if (!regionAllowed(caller, region)) {
    throw forbidden(`Region ${quote(region)} is not allowed for this caller`, { region });
  }
}

export function accountAllowed(caller: Caller, accountId: string): boolean {
  return !caller.accounts || caller.accounts.includes(accountId);
}

export function assertAccountAllowed(caller: Caller, accountId: string): void {
  if (!accountAllowed(caller, accountId)) {
    throw accountRefused(accountId);
  }
}

/**
 * The client's finding criteria narrowed to the caller's accounts: an `accountId` Equals with
 * the allowed accounts, or the intersection with the accounts the client named. Undefined
 * criteria stay undefined for an unrestricted caller. `null` when nothing can match (the client
 * named only accounts the caller may not see): the answer is empty without asking GuardDuty.
 */
export function restrictCriteria(
  caller: Caller,
  criteria: FindingCriteria | undefined,
): FindingCriteria | undefined | null {
  const accounts = caller.accounts;
  if (!accounts) return criteria;
  if (accounts.length > MAX_RESTRICTED_ACCOUNTS) {
    throw forbidden(
      `This caller is restricted to ${accounts.length} accounts; GuardDuty filters at most ${MAX_RESTRICTED_ACCOUNTS}`,
    );
  }
  const criterion = criteria?.Criterion ?? {};
  const current: Condition = criterion.accountId ?? {};
  const named = current.Equals ?? current.Eq;
  const equals = named ? named.filter((id) => accounts.includes(id)) : [...accounts];
  if (equals.length === 0) return null;
  const { Eq: _deprecated, ...rest } = current;
  return { Criterion: { ...criterion, accountId: { ...rest, Equals: equals } } };
}

/** The refusal of an account-keyed lookup (a member, free-trial days) for another account. */
export function accountRefused(accountId: string): Error {
  return forbidden(`Account ${quote(accountId)} is not allowed for this caller`, { accountId });
}

/**
 * Loads `keys` with `load`, except those `allowed` refuses: each of those gets `refuse(key)`
 * in its place without being sent. Keeps the DataLoader contract (same length and order).
 */
export async function loadAllowed<K, V>(
  keys: readonly K[],
  allowed: (key: K) => boolean,
  refuse: (key: K) => Error,
  load: (keys: K[]) => Promise<(V | Error)[]>,
): Promise<(V | Error)[]> {
  const permitted = keys.filter(allowed);
  if (permitted.length === keys.length) return load(permitted);
  const loaded = permitted.length > 0 ? await load(permitted) : [];
  let next = 0;
  return keys.map((key) => (allowed(key) ? (loaded[next++] as V | Error) : refuse(key)));
}
