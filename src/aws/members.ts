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
import { call, unprocessedAccountError } from "./errors.js";

/** GuardDuty model: GetMembers AccountIds holds 1-50 ids. */
export const GET_MEMBERS_MAX_IDS = 50;
/** GuardDuty model: GetRemainingFreeTrialDays AccountIds holds 1-50 ids. */
export const FREE_TRIAL_MAX_IDS = 50;
/** GuardDuty model: ListMembers/ListInvitations MaxResults 1-50. */
export const LIST_MEMBERS_MAX_RESULTS = 50;
const MAX_INVITATION_PAGES = 20;

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
      const output = await call({ operation: "GetMembers", ...scope }, () =>
        upstream
          .client(scope.region)
          .send(new GetMembersCommand({ DetectorId: scope.detectorId, AccountIds: ids })),
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
      const output = await call({ operation: "GetRemainingFreeTrialDays", ...scope }, () =>
        upstream
          .client(scope.region)
          .send(
            new GetRemainingFreeTrialDaysCommand({ DetectorId: scope.detectorId, AccountIds: ids }),
          ),
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
  const output = await call({ operation: "ListMembers", ...scope }, () =>
    upstream.client(scope.region).send(
      new ListMembersCommand({
        DetectorId: scope.detectorId,
        // The model types this as a string; the service reads "true"/"false".
        OnlyAssociated: String(request.onlyAssociated),
        MaxResults: request.maxResults,
        NextToken: request.nextToken,
      }),
    ),
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
  const output = await call({ operation: "GetAdministratorAccount", ...scope }, () =>
    upstream
      .client(scope.region)
      .send(new GetAdministratorAccountCommand({ DetectorId: scope.detectorId })),
  );
  return output.Administrator;
}

export async function listInvitations(upstream: Upstream, region: string): Promise<Invitation[]> {
  const invitations: Invitation[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_INVITATION_PAGES; page += 1) {
    const output = await call({ operation: "ListInvitations", region }, () =>
      upstream.client(region).send(
        new ListInvitationsCommand({
          MaxResults: LIST_MEMBERS_MAX_RESULTS,
          NextToken: nextToken,
        }),
      ),
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
  await call({ operation: "AcceptAdministratorInvitation", ...scope }, () =>
    upstream.client(scope.region).send(
      new AcceptAdministratorInvitationCommand({
        DetectorId: scope.detectorId,
        AdministratorId: request.administratorId,
        InvitationId: request.invitationId,
      }),
    ),
  );
}

export async function disassociateFromAdministrator(
  upstream: Upstream,
  scope: Scoped,
): Promise<void> {
  await call({ operation: "DisassociateFromAdministratorAccount", ...scope }, () =>
    upstream
      .client(scope.region)
      .send(new DisassociateFromAdministratorAccountCommand({ DetectorId: scope.detectorId })),
  );
}
