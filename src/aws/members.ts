import {
  AcceptAdministratorInvitationCommand,
  type AccountFreeTrialInfo,
  type Administrator,
  DisassociateFromAdministratorAccountCommand,
  GetAdministratorAccountCommand,
  GetMembersCommand,
  GetRemainingFreeTrialDaysCommand,
  type Invitation,
  ListInvitationsCommand,
  ListMembersCommand,
  type Member,
} from "@aws-sdk/client-guardduty";
import { loadInChunks, type Scoped } from "./batch.js";
import type { Upstream } from "./client.js";
import { unprocessedAccountError } from "./errors.js";

/** GuardDuty model: GetMembers AccountIds holds 1-50 ids. */
export const GET_MEMBERS_MAX_IDS = 50;
/** GuardDuty model: GetRemainingFreeTrialDays AccountIds holds 1-50 ids. */
export const FREE_TRIAL_MAX_IDS = 50;
/** GuardDuty model: ListMembers/ListInvitations MaxResults 1-50. */
export const LIST_MEMBERS_MAX_RESULTS = 50;
const MAX_INVITATION_PAGES = 20;

/**
 * The relationship statuses ListMembers counts as associated (OnlyAssociated, its default):
 * members that accepted, whether monitoring is currently on or off.
 */
export const ASSOCIATED_STATUSES: ReadonlySet<string> = new Set(["Enabled", "Disabled"]);

export interface AccountKey extends Scoped {
  accountId: string;
}

export interface MemberRecord {
  key: AccountKey;
  data: Member;
}

export interface FreeTrialRecord {
  key: AccountKey;
  data: AccountFreeTrialInfo;
}

export function getMembersBatch(upstream: Upstream, keys: readonly AccountKey[]) {
  const reasons = new Map<string, string>();
  return loadInChunks<AccountKey, MemberRecord>(keys, {
    chunkSize: GET_MEMBERS_MAX_IDS,
    idOf: (key) => key.accountId,
    fetchChunk: async (scope, ids) => {
      const site = { operation: "GetMembers", ...scope, items: ids.length };
      const input = { DetectorId: scope.detectorId, AccountIds: ids };
      const output = await upstream.read(site, input, (client, options) =>
        client.send(new GetMembersCommand(input), options),
      );
      for (const unprocessed of output.UnprocessedAccounts ?? []) {
        if (unprocessed.AccountId) reasons.set(unprocessed.AccountId, unprocessed.Result ?? "");
      }
      const found = new Map<string, MemberRecord>();
      for (const member of output.Members ?? []) {
        if (member.AccountId)
          found.set(member.AccountId, {
            key: { ...scope, accountId: member.AccountId },
            data: member,
          });
      }
      return found;
    },
    missing: (key) =>
      unprocessedAccountError(
        { operation: "GetMembers", ...key },
        key.accountId,
        "Member",
        reasons.get(key.accountId),
      ),
  });
}

export function getFreeTrialBatch(upstream: Upstream, keys: readonly AccountKey[]) {
  const reasons = new Map<string, string>();
  return loadInChunks<AccountKey, FreeTrialRecord>(keys, {
    chunkSize: FREE_TRIAL_MAX_IDS,
    idOf: (key) => key.accountId,
    fetchChunk: async (scope, ids) => {
      const input = { DetectorId: scope.detectorId, AccountIds: ids };
      const output = await upstream.read(
        { operation: "GetRemainingFreeTrialDays", ...scope, items: ids.length },
        input,
        (client, options) => client.send(new GetRemainingFreeTrialDaysCommand(input), options),
      );
      for (const unprocessed of output.UnprocessedAccounts ?? []) {
        if (unprocessed.AccountId) reasons.set(unprocessed.AccountId, unprocessed.Result ?? "");
      }
      const found = new Map<string, FreeTrialRecord>();
      for (const account of output.Accounts ?? []) {
        if (account.AccountId)
          found.set(account.AccountId, {
            key: { ...scope, accountId: account.AccountId },
            data: account,
          });
      }
      return found;
    },
    missing: (key) =>
      unprocessedAccountError(
        { operation: "GetRemainingFreeTrialDays", ...key },
        key.accountId,
        "Free-trial information",
        reasons.get(key.accountId),
      ),
  });
}

export async function listMembersPage(
  upstream: Upstream,
  scope: Scoped,
  request: { onlyAssociated: boolean; maxResults: number; nextToken?: string },
): Promise<{ members: MemberRecord[]; nextToken?: string }> {
  const input = {
    DetectorId: scope.detectorId,
    // The model types this as a string; the service reads "true"/"false".
    OnlyAssociated: String(request.onlyAssociated),
    MaxResults: request.maxResults,
    NextToken: request.nextToken,
  };
  const output = await upstream.read(
    { operation: "ListMembers", ...scope },
    input,
    (client, options) => client.send(new ListMembersCommand(input), options),
  );
  const members = (output.Members ?? []).map((member) => ({
    key: { ...scope, accountId: member.AccountId ?? "" },
    data: member,
  }));
  return { members, ...(output.NextToken ? { nextToken: output.NextToken } : {}) };
}

/** Undefined for an administrator or standalone account: the service answers with no content. */
export async function getAdministrator(
  upstream: Upstream,
  scope: Scoped,
): Promise<Administrator | undefined> {
  const input = { DetectorId: scope.detectorId };
  const output = await upstream.read(
    { operation: "GetAdministratorAccount", ...scope },
    input,
    (client, options) => client.send(new GetAdministratorAccountCommand(input), options),
  );
  return output.Administrator;
}

export async function listInvitations(upstream: Upstream, region: string): Promise<Invitation[]> {
  const invitations: Invitation[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_INVITATION_PAGES; page += 1) {
    const input = { MaxResults: LIST_MEMBERS_MAX_RESULTS, NextToken: nextToken };
    const output = await upstream.read(
      { operation: "ListInvitations", region },
      input,
      (client, options) => client.send(new ListInvitationsCommand(input), options),
    );
    invitations.push(...(output.Invitations ?? []));
    nextToken = output.NextToken;
    if (!nextToken) break;
  }
  return invitations;
}

export async function acceptAdministratorInvitation(
  upstream: Upstream,
  scope: Scoped,
  request: { administratorId: string; invitationId: string },
): Promise<void> {
  await upstream.call({ operation: "AcceptAdministratorInvitation", ...scope }, (client, options) =>
    client.send(
      new AcceptAdministratorInvitationCommand({
        DetectorId: scope.detectorId,
        AdministratorId: request.administratorId,
        InvitationId: request.invitationId,
      }),
      options,
    ),
  );
}

export async function disassociateFromAdministrator(
  upstream: Upstream,
  scope: Scoped,
): Promise<void> {
  await upstream.call(
    { operation: "DisassociateFromAdministratorAccount", ...scope },
    (client, options) =>
      client.send(
        new DisassociateFromAdministratorAccountCommand({ DetectorId: scope.detectorId }),
        options,
      ),
  );
}
