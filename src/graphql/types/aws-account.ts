import {
  allowedRegions,
  assertAccountAllowed,
  assertRegionAllowed,
} from "../../auth/restrictions.js";
import { assertMayRead, FINDINGS_READ, MEMBERS_READ } from "../../auth/scopes.js";
import type { Scoped } from "../../aws/batch.js";
import { type FindingFilter as FilterInput, toFindingCriteria } from "../../aws/criteria.js";
import { accountKey, assertAccountId } from "../../aws/keys.js";
import type { Context } from "../../context.js";
import { ErrorCode, errorCode, notFound, quote } from "../../errors.js";
import { builder } from "../builder.js";
import { registerEntityKey } from "../entities.js";
import {
  CALLER_DETECTORS,
  callerDetectorScope,
  listDetectorsOnce,
  type UpstreamCost,
  upstream,
} from "../upstream-cost.js";
import { detectorIdsByRegion } from "./detector.js";
import { FindingConnection, findingsFirstArg, findingsPage, findingsPageCost } from "./finding.js";
import { FindingFilter, FindingOrder, SortDirection } from "./finding-filter.js";
import { AccountFreeTrial } from "./free-trial.js";
import { Member } from "./member.js";
import { GroupBy, Statistics, statisticsFirstArg, statisticsOf } from "./statistics.js";

/**
 * An AWS account, keyed by its id: the type inventory and billing services already own. This
 * subgraph contributes GuardDuty's view of it, read through the caller's own detector in each
 * region (an administrator sees its members this way). Resolving a reference makes no call;
 * each field batches with the same field of every other referenced account.
 */
export interface AccountRef {
  accountId: string;
}

export const AwsAccount = builder.objectRef<AccountRef>("AwsAccount");

/** The regions this caller may read, each with its own detector there (regions without one are left out). */
async function callerDetectors(context: Context): Promise<(Scoped | Error)[]> {
  const regions = allowedRegions(context.caller, context.upstream.regions);
  const perRegion = await Promise.all(
    regions.map(async (region): Promise<Scoped | Error | undefined> => {
      try {
        const [detectorId] = await detectorIdsByRegion(context).load(region);
        return detectorId ? { region, detectorId } : undefined;
      } catch (error) {
        return error as Error;
      }
    }),
  );
  return perRegion.filter((detector) => detector !== undefined);
}

/**
 * Loads the account through `load` in every region of the caller: NOT_FOUND (not a member
 * there) leaves the region out, any other failure is a null item with its error.
 */
async function perRegion<T>(
  context: Context,
  accountId: string,
  load: (keys: string[]) => Promise<(T | Error)[]>,
): Promise<(T | Error)[]> {
  const detectors = await callerDetectors(context);
  const scoped = detectors.filter((detector): detector is Scoped => !(detector instanceof Error));
  const loaded = await load(scoped.map((detector) => accountKey({ ...detector, accountId })));
  return [
    ...detectors.filter((detector): detector is Error => detector instanceof Error),
    ...loaded.filter((item) => !(item instanceof Error && errorCode(item) === ErrorCode.NOT_FOUND)),
  ];
}

/** The caller's detector in `region` (default: the first covered region the caller may use). */
async function detectorIn(context: Context, region: string | null | undefined): Promise<Scoped> {
  const chosen = region ?? allowedRegions(context.caller, context.upstream.regions)[0];
  if (!chosen) throw notFound("This caller may use none of the regions the gateway covers");
  assertRegionAllowed(context.caller, chosen);
  if (!context.upstream.regions.includes(chosen)) {
    throw notFound(`Region ${quote(chosen)} is not covered by this gateway`);
  }
  const [detectorId] = await detectorIdsByRegion(context).load(chosen);
  if (!detectorId) throw notFound(`There is no detector in ${chosen} to read through`);
  return { region: chosen, detectorId };
}

/**
 * The client's filter narrowed to one account, as GuardDuty criteria (the account is an
 * `accountId` criterion GuardDuty applies); null when the filter names only other accounts.
 */
function accountCriteria(filter: FilterInput | null | undefined, accountId: string) {
  const named = filter?.accountIds;
  if (named && !named.includes(accountId)) return null;
  return toFindingCriteria({ ...filter, accountIds: [accountId] });
}

/** Per-region lookups on the caller's detectors: every account's keys share one batch per region. */
function perRegionCost(
  operation: "GetMembers" | "GetRemainingFreeTrialDays",
  regions: readonly string[],
): UpstreamCost {
  return {
    once: Object.assign({}, ...regions.map(listDetectorsOnce)),
    lookups: regions.map((region) => ({
      operation,
      keys: 1,
      scope: callerDetectorScope(region),
      shared: true,
    })),
    items: regions.length,
    // The caller's detectors: every account's results below share their batches.
    scope: { id: CALLER_DETECTORS, instances: regions.length, each: 1, shared: true },
  };
}

/** A region argument's ListDetectors (the first covered region when absent). */
function regionOnce(region: unknown, regions: readonly string[]) {
  const chosen = typeof region === "string" ? region : regions[0];
  return chosen && regions.includes(chosen) ? listDetectorsOnce(chosen) : {};
}

const regionArg = {
  description:
    "The region to read; defaults to the first region the gateway covers that the caller may use.",
};

AwsAccount.implement({
  description:
    "An AWS account, as GuardDuty sees it through the caller's detectors: its membership with this administrator, free-trial days, findings and statistics.",
  fields: (t) => ({
    accountId: t.exposeString("accountId", { description: "The 12-digit account id." }),
    memberships: t.field({
      type: [Member],
      nullable: { list: false, items: true },
      description:
        "The account's membership of the caller's (administrator) detector in each region where it is one: status, invited and updated times. One GetMembers per region for every account asked together.",
      authScopes: MEMBERS_READ,
      listSize: { assumedSize: 32 },
      extensions: upstream({ cost: ({ regions }) => perRegionCost("GetMembers", regions) }),
      resolve: (account, _args, context) =>
        perRegion(context, account.accountId, (keys) =>
          Member.getDataloader(context).loadMany(keys),
        ) as never,
    }),
    freeTrials: t.field({
      type: [AccountFreeTrial],
      nullable: { list: false, items: true },
      description:
        "Free-trial days the account has left, per region where the caller's detector can tell. One GetRemainingFreeTrialDays per region for every account asked together.",
      authScopes: MEMBERS_READ,
      listSize: { assumedSize: 32 },
      extensions: upstream({
        cost: ({ regions }) => perRegionCost("GetRemainingFreeTrialDays", regions),
      }),
      resolve: (account, _args, context) =>
        perRegion(context, account.accountId, (keys) =>
          AccountFreeTrial.getDataloader(context).loadMany(keys),
        ) as never,
    }),
    findings: t.field({
      type: FindingConnection,
      nullable: true,
      description:
        "The account's findings in one region, read through the caller's detector there: the account is a criterion GuardDuty applies. One ListFindings and one GetFindings per page.",
      authScopes: FINDINGS_READ,
      cost: 2,
      listSize: { slicingArguments: ["first"], sizedFields: ["edges"] },
      args: {
        region: t.arg.string(regionArg),
        filter: t.arg({ type: FindingFilter }),
        orderBy: t.arg({
          type: FindingOrder,
          description: "Defaults to the most recently updated first.",
        }),
        first: t.arg.int({ defaultValue: 25, validate: findingsFirstArg, description: "1 to 50." }),
        after: t.arg.string({ description: "An edge's cursor or pageInfo.endCursor." }),
      },
      extensions: upstream({
        cost: ({ args, regions }) => ({
          ...findingsPageCost(args.first),
          once: regionOnce(args.region, regions),
        }),
      }),
      resolve: async (account, args, context) =>
        findingsPage(
          context,
          await detectorIn(context, args.region),
          args,
          accountCriteria(args.filter, account.accountId),
        ),
    }),
    statistics: t.field({
      type: Statistics,
      nullable: true,
      description:
        "Counts of the account's findings in one region (optionally filtered), grouped one way.",
      authScopes: FINDINGS_READ,
      cost: 1,
      args: {
        region: t.arg.string(regionArg),
        groupBy: t.arg({ type: GroupBy, required: true }),
        filter: t.arg({ type: FindingFilter }),
        order: t.arg({
          type: SortDirection,
          defaultValue: "DESC",
          description: "By totalFindings.",
        }),
        first: t.arg.int({
          defaultValue: 25,
          validate: statisticsFirstArg,
          description: "1 to 100 groups.",
        }),
      },
      extensions: upstream({
        cost: ({ args, regions }) => ({ calls: 1, once: regionOnce(args.region, regions) }),
      }),
      resolve: async (account, args, context) =>
        statisticsOf(
          context,
          await detectorIn(context, args.region),
          args,
          accountCriteria(args.filter, account.accountId),
        ),
    }),
  }),
});

registerEntityKey("AwsAccount", "accountId", assertAccountId);

builder.asEntity(AwsAccount, {
  key: builder.selection<{ accountId: string }>("accountId"),
  // No call: the scope and the caller's account restriction are checked per reference, and
  // each field makes (and batches) its own calls.
  resolveReference: ({ accountId }, context) => {
    assertMayRead(context.caller, "AwsAccount");
    assertAccountId(accountId);
    assertAccountAllowed(context.caller, accountId);
    return { accountId };
  },
});
