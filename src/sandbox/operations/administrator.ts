import { badRequest } from "../errors.js";
import { MAX_RESULTS, maxResults, optionalToken, requiredString } from "../validate.js";
import { isoTimestamp } from "../wire.js";
import { type OperationContext, ownedDetector, pageScope } from "./context.js";
import {
  administratorOutput,
  noPendingInvitation,
  pendingInvitationsOf,
  relationshipAsMember,
} from "./members.js";

/**
 * A member gets its administrator; an administrator or a standalone account gets 200 with no
 * content (the model marks the member required, the service omits it: guardduty-wire.md §3.9).
 */
function administratorOf(context: OperationContext, key: "administrator" | "master") {
  ownedDetector(context);
  const relationship = relationshipAsMember(context);
  return relationship ? { [key]: administratorOutput(relationship) } : {};
}

export const getAdministratorAccount = (context: OperationContext) =>
  administratorOf(context, "administrator");
/** Deprecated twin of GetAdministratorAccount, backed by the same state. */
export const getMasterAccount = (context: OperationContext) => administratorOf(context, "master");

function acceptInvitation(context: OperationContext, idName: "administratorId" | "masterId") {
  ownedDetector(context);
  const administratorId = requiredString(context.body, idName);
  const invitationId = requiredString(context.body, "invitationId");
  const invitation = pendingInvitationsOf(context).find(
    (relationship) =>
      relationship.administratorAccountId === administratorId &&
      relationship.invitationId === invitationId,
  );
  if (!invitation) throw noPendingInvitation(idName);
  invitation.relationshipStatus = "Enabled";
  invitation.updatedAt = isoTimestamp(Date.now());
  context.changed();
  return {};
}

export const acceptAdministratorInvitation = (context: OperationContext) =>
  acceptInvitation(context, "administratorId");
/** Deprecated: the same as AcceptAdministratorInvitation with `masterId` in the body. */
export const acceptMasterInvitation = (context: OperationContext) =>
  acceptInvitation(context, "masterId");

/** The member leaves; its administrator then sees the member as Resigned. */
export function disassociateFromAdministratorAccount(context: OperationContext) {
  ownedDetector(context);
  const relationship = relationshipAsMember(context);
  if (!relationship) {
    throw badRequest(
      "The request is rejected because the current account is not associated with an administrator account.",
    );
  }
  relationship.relationshipStatus = "Resigned";
  relationship.updatedAt = isoTimestamp(Date.now());
  context.changed();
  return {};
}

export function listInvitations(context: OperationContext) {
  const page = context.pager.page(
    pageScope(context, "ListInvitations"),
    optionalToken(context.query.get("nextToken")),
    maxResults(context.query.get("maxResults") ?? undefined, MAX_RESULTS, MAX_RESULTS),
    () => pendingInvitationsOf(context).map(administratorOutput),
  );
  return { invitations: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}
