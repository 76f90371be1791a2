/**
 * What each part of the schema asks of a caller, in the scopes of src/auth/caller.ts. Fields
 * declare `authScopes` (checked by @pothos/plugin-scope-auth before their resolver runs, so a
 * refused field makes no GuardDuty call); lookups by global id (node, nodes, _entities) check the
 * id's type here, per id.
 */
import { forbidden } from "../errors.js";
import { type Caller, SCOPES, type Scope } from "./caller.js";

/** The scope map a field declares: the caller needs any one of them. */
export type ScopeRequirement = Partial<Record<Scope, boolean>>;

export const FINDINGS_READ: ScopeRequirement = { "findings:read": true };
export const MEMBERS_READ: ScopeRequirement = { "members:read": true };
export const FINDINGS_WRITE: ScopeRequirement = { "findings:write": true };
export const ACCOUNT_WRITE: ScopeRequirement = { "account:write": true };
/**
 * Detectors (their configuration, the way to every finding and member) are for any caller who
 * may read either; a write-only caller names its detector by id in the mutation input.
 */
export const ANY_READ: ScopeRequirement = { "findings:read": true, "members:read": true };

/** The scope checks of one request: which scopes the caller holds. */
export function scopeChecks(caller: Caller): Record<Scope, boolean> {
  return Object.fromEntries(SCOPES.map((scope) => [scope, caller.scopes.has(scope)])) as Record<
    Scope,
    boolean
  >;
}

export function missingScopeError(scopes: readonly string[]) {
  if (scopes.length === 0) return forbidden("This caller is not allowed to read this field");
  return forbidden(`missing scope ${scopes.join(" or ")}`, { requiredScopes: [...scopes] });
}

/**
 * scope-auth's unauthorizedResolver for a non-null list (detectors, invitations): one null item
 * carrying the FORBIDDEN error, as a failed region is reported, because an error on the list
 * itself would null the whole response.
 */
export function refusedList(
  _parent: unknown,
  _args: unknown,
  _context: unknown,
  _info: unknown,
  error: Error,
): never {
  return [error] as never;
}

/** What reading an object of each type found by global id requires. */
const NODE_SCOPES: Readonly<Record<string, ScopeRequirement>> = {
  Finding: FINDINGS_READ,
  Member: MEMBERS_READ,
  Detector: ANY_READ,
  // A federation reference by account id; its fields ask for their own scopes.
  AwsAccount: ANY_READ,
};

export function scopesForType(typename: string): ScopeRequirement | undefined {
  return NODE_SCOPES[typename];
}

/** Whether the caller holds one of `requirement`'s scopes. */
export function holdsAny(caller: Caller, requirement: ScopeRequirement): boolean {
  return (Object.keys(requirement) as Scope[]).some((scope) => caller.scopes.has(scope));
}

/** Throws FORBIDDEN unless the caller may read an object of `typename` (by global id). */
export function assertMayRead(caller: Caller, typename: string): void {
  const requirement = scopesForType(typename);
  if (requirement && !holdsAny(caller, requirement)) {
    throw missingScopeError(Object.keys(requirement));
  }
}
