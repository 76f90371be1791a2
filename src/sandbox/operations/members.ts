import { badRequest, invalidParameter } from "../errors.js";
import { detectorsOf, type Relationship, type World } from "../store.js";
import { accountIds, MAX_RESULTS, maxResults, optionalToken } from "../validate.js";
import { type OperationContext, ownedDetector, pageScope } from "./context.js";

/** Statuses in which the member is still tied to its administrator. */
export const ASSOCIATED_STATUSES: ReadonlySet<string> = new Set(["Enabled", "Disabled"]);
/**
 * Until a member accepts, it has not enabled anything the administrator could see; a member whose
 * Region is disabled or whose account is suspended has no detector to report either.
 */
const NO_DETECTOR_STATUSES: ReadonlySet<string> = new Set([
  "Created",
  "Invited",
  "EmailVerificationInProgress",
  "EmailVerificationFailed",
  "RegionDisabled",
  "AccountSuspended",
]);

function memberDetectorId(world: World, relationship: Relationship): string | undefined {
  if (NO_DETECTOR_STATUSES.has(relationship.relationshipStatus)) return undefined;
  return detectorsOf(world, relationship.memberAccountId, relationship.region)[0]?.detectorId;
}

/** The wire Member; `masterId` stays beside `administratorId` (deprecated, still required). */
export function memberOutput(world: World, relationship: Relationship) {
  const detectorId = memberDetectorId(world, relationship);
  return {
    accountId: relationship.memberAccountId,
    ...(detectorId ? { detectorId } : {}),
    masterId: relationship.administratorAccountId,
    administratorId: relationship.administratorAccountId,
    email: relationship.email,
    relationshipStatus: relationship.relationshipStatus,
    ...(relationship.invitedAt ? { invitedAt: relationship.invitedAt } : {}),
    updatedAt: relationship.updatedAt,
  };
}

function membersOf(context: OperationContext): Relationship[] {
  return context.world.relationships.filter(
    (relationship) =>
      relationship.administratorAccountId === context.caller.accountId &&
      relationship.region === context.region,
  );
}

/** Sent as a string on the wire; the documented default is "true". */
function onlyAssociated(value: string | null): boolean {
  if (value === null || value === "" || value.toLowerCase() === "true") return true;
  if (value.toLowerCase() === "false") return false;
  throw invalidParameter("onlyAssociated");
}

export function listMembers(context: OperationContext) {
  const detector = ownedDetector(context);
  const associatedOnly = onlyAssociated(context.query.get("onlyAssociated"));
  const scope = pageScope(context, `ListMembers/${associatedOnly}`, detector.detectorId);
  // Memoized: every page recomputes the list (tokens hold no result), up to 5,000 members.
  const page = context.pager.page(
    scope,
    optionalToken(context.query.get("nextToken")),
    maxResults(context.query.get("maxResults") ?? undefined, MAX_RESULTS, MAX_RESULTS),
    () =>
      context.memo(`members/${scope}`, () =>
        membersOf(context)
          .filter((r) => !associatedOnly || ASSOCIATED_STATUSES.has(r.relationshipStatus))
          .map((r) => memberOutput(context.world, r)),
      ),
  );
  return { members: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

export function getMembers(context: OperationContext) {
  ownedDetector(context);
  const ids = accountIds(context.body);
  const byAccount = new Map(membersOf(context).map((r) => [r.memberAccountId, r]));
  const members = [];
  const unprocessedAccounts = [];
  for (const accountId of ids) {
    const relationship = byAccount.get(accountId);
    if (relationship) members.push(memberOutput(context.world, relationship));
    else {
      unprocessedAccounts.push({
        accountId,
        result:
          "The request is rejected because the given account ID is not a member of the current account.",
      });
    }
  }
  return { members, unprocessedAccounts };
}

/** The member side: the caller's relationship with an administrator in this region, if any. */
export function relationshipAsMember(context: OperationContext): Relationship | undefined {
  return context.world.relationships.find(
    (relationship) =>
      relationship.memberAccountId === context.caller.accountId &&
      relationship.region === context.region &&
      ASSOCIATED_STATUSES.has(relationship.relationshipStatus),
  );
}

export function administratorOutput(relationship: Relationship) {
  return {
    accountId: relationship.administratorAccountId,
    ...(relationship.invitationId ? { invitationId: relationship.invitationId } : {}),
    relationshipStatus: relationship.relationshipStatus,
    ...(relationship.invitedAt ? { invitedAt: relationship.invitedAt } : {}),
  };
}

export function pendingInvitationsOf(context: OperationContext): Relationship[] {
  return context.world.relationships.filter(
    (relationship) =>
      relationship.memberAccountId === context.caller.accountId &&
      relationship.region === context.region &&
      relationship.relationshipStatus === "Invited",
  );
}

export function noPendingInvitation(idName: string): Error {
  return badRequest(
    `The request is rejected because no pending invitation matches the input ${idName} and invitationId.`,
  );
}
