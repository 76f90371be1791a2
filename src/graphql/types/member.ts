import { z } from "zod";
import { accountAllowed, accountRefused, loadAllowed } from "../../auth/restrictions.js";
import { MEMBERS_READ } from "../../auth/scopes.js";
import type { Scoped } from "../../aws/batch.js";
import { accountKey, assertAccountId, detectorKey, parseAccountKey } from "../../aws/keys.js";
import {
  ASSOCIATED_STATUSES,
  getMembersBatch,
  LIST_MEMBERS_MAX_RESULTS,
  listMembersPage,
  type MemberRecord,
} from "../../aws/members.js";
import { readSlice } from "../../aws/pagination.js";
import type { Context } from "../../context.js";
import { ErrorCode, errorCode } from "../../errors.js";
import { builder } from "../builder.js";
import { toConnection } from "../connection.js";
import { decodeCursor } from "../cursor.js";
import { resolveByGlobalId } from "../entities.js";
import { pageSize, upstream } from "../upstream-cost.js";
import { Detector } from "./detector.js";
import { AccountFreeTrial } from "./free-trial.js";
import { memberModelFields } from "./generated/account.js";

/**
 * A member account of an administrator's detector. Batched into GetMembers calls of at most 50
 * accounts; members listed by ListMembers are primed into the loader and never fetched again.
 */
export const Member = builder.loadableNodeRef<MemberRecord | Error, string>("Member", {
  id: {
    resolve: (member) => accountKey(member.key),
    parse: (id) => accountKey(parseAccountKey(id)),
  },
  // Accounts the caller may not see are refused per key, before any GetMembers call.
  load: (keys, context) =>
    loadAllowed(
      keys.map(parseAccountKey),
      (key) => accountAllowed(context.caller, key.accountId),
      (key) => accountRefused(key.accountId),
      (allowed) => getMembersBatch(context.upstream, allowed),
    ),
  toKey: (member) => accountKey(member.key),
  cacheResolved: true,
});

Member.implement({
  description: "An account managed by this detector's (administrator) account.",
  fields: (t) => ({
    // GuardDuty's Member (types/generated/account.ts), then the key and the administrator id.
    ...memberModelFields(t),
    accountId: t.string({ resolve: (m) => m.key.accountId }),
    administratorId: t.string({
      nullable: true,
      description: "The administrator account.",
      resolve: (m) => m.data.AdministratorId ?? m.data.MasterId,
    }),
    masterId: t.string({
      nullable: true,
      deprecationReason: "GuardDuty renamed master to administrator; use administratorId.",
      resolve: (m) => m.data.MasterId,
    }),
    administratorDetector: t.field({
      type: Detector,
      description: "The administrator's detector this membership belongs to.",
      resolve: (m) => detectorKey(m.key),
    }),
    freeTrial: t.field({
      type: AccountFreeTrial,
      nullable: true,
      description: "The member's free-trial days (batched with every other member's).",
      authScopes: MEMBERS_READ,
      extensions: upstream({
        cost: () => ({ lookups: [{ operation: "GetRemainingFreeTrialDays", keys: 1 }] }),
      }),
      resolve: (m) => accountKey(m.key),
    }),
  }),
});

const MemberConnection = builder.connectionObject({ type: Member, name: "MemberConnection" });

/** GuardDuty model: ListMembers MaxResults 1-50. */
const firstArg = z.number().int().min(1).max(LIST_MEMBERS_MAX_RESULTS);

builder.objectFields(Detector, (t) => ({
  member: t.field({
    type: Member,
    nullable: true,
    description: "One member by account id (batched with every other member lookup).",
    authScopes: MEMBERS_READ,
    args: { accountId: t.arg.string({ required: true }) },
    extensions: upstream({ cost: () => ({ lookups: [{ operation: "GetMembers", keys: 1 }] }) }),
    resolve: (detector, args) => {
      assertAccountId(args.accountId);
      return accountKey({
        region: detector.region,
        detectorId: detector.detectorId,
        accountId: args.accountId,
      });
    },
  }),
  members: t.field({
    type: MemberConnection,
    nullable: true,
    description: "Member accounts of this (administrator) detector, one ListMembers call per page.",
    authScopes: MEMBERS_READ,
    cost: 1,
    listSize: { slicingArguments: ["first"], sizedFields: ["edges"] },
    args: {
      onlyAssociated: t.arg.boolean({
        defaultValue: true,
        description: "false also lists members not yet invited, or that left.",
      }),
      first: t.arg.int({ defaultValue: 50, validate: firstArg, description: "1 to 50." }),
      after: t.arg.string(),
    },
    // Listed members are primed into the loader: one ListMembers call per page, no GetMembers.
    extensions: upstream({
      cost: ({ args }) => {
        const first = pageSize(args.first, 50, LIST_MEMBERS_MAX_RESULTS);
        return first === undefined ? {} : { calls: 1, items: first };
      },
    }),
    resolve: async (detector, args, context) => {
      const after = args.after ? decodeCursor(args.after) : undefined;
      const accounts = context.caller.accounts;
      if (accounts) {
        // ListMembers cannot filter by account: a restricted caller's members are read by
        // account id instead (GetMembers, batched), so other members are never fetched.
        const members = await allowedMembers(context, detector, accounts, args.onlyAssociated);
        const slice = await readSlice(args.first ?? 50, after, async () => ({ items: members }));
        return toConnection(slice, after, (member) => member);
      }
      const slice = await readSlice(args.first ?? 50, after, async (nextToken, maxResults) => {
        const page = await listMembersPage(context.upstream, detector, {
          onlyAssociated: args.onlyAssociated ?? true,
          maxResults,
          ...(nextToken ? { nextToken } : {}),
        });
        return { items: page.members, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
      });
      return toConnection(slice, after, (member) => member);
    },
  }),
}));

/**
 * The members among `accounts` (in that order): the accounts GuardDuty does not know as members
 * of this detector are left out, and with `onlyAssociated` those not associated too.
 */
async function allowedMembers(
  context: Context,
  detector: Scoped,
  accounts: readonly string[],
  onlyAssociated: boolean | null | undefined,
): Promise<string[]> {
  const keys = accounts.map((accountId) => accountKey({ ...detector, accountId }));
  const results = await Member.getDataloader(context).loadMany(keys);
  const members: string[] = [];
  results.forEach((result, index) => {
    if (result instanceof Error) {
      if (errorCode(result) === ErrorCode.NOT_FOUND) return;
      throw result;
    }
    const status = (result as MemberRecord).data.RelationshipStatus ?? "";
    if (onlyAssociated !== false && !ASSOCIATED_STATUSES.has(status)) return;
    members.push(keys[index] as string);
  });
  return members;
}

builder.asEntity(Member, {
  key: builder.selection<{ id: string }>("id"),
  resolveReference: resolveByGlobalId<MemberRecord>("Member", Member, (id) =>
    accountKey(parseAccountKey(id)),
  ),
});
