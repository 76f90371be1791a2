import type { FindingCriteria } from "@aws-sdk/client-guardduty";
import { createContextCache } from "@pothos/core";
import DataLoader from "dataloader";
import { z } from "zod";
import {
  assertAccountAllowed,
  assertRegionAllowed,
  restrictCriteria,
} from "../../auth/restrictions.js";
import { assertMayRead, FINDINGS_READ } from "../../auth/scopes.js";
import type { Scoped } from "../../aws/batch.js";
import { severityLevel, toFindingCriteria, toSortCriteria } from "../../aws/criteria.js";
import {
  type AccountLimit,
  countFindings,
  type FindingKey,
  type FindingRecord,
  getFindingsBatch,
  LIST_FINDINGS_MAX_RESULTS,
  listFindingIds,
} from "../../aws/findings.js";
import {
  assertFindingId,
  detectorKey,
  findingKey,
  parseFindingArn,
  parseFindingKey,
} from "../../aws/keys.js";
import { readSlice } from "../../aws/pagination.js";
import type { Context } from "../../context.js";
import { notFound, quote } from "../../errors.js";
import { builder } from "../builder.js";
import { toConnection } from "../connection.js";
import { decodeCursor } from "../cursor.js";
import { registerEntityKey, resolveByGlobalId } from "../entities.js";
import {
  canonicalJson,
  detectorScopeId,
  listDetectorsOnce,
  ownScope,
  pageSize,
  upstream,
} from "../upstream-cost.js";
import { Detector, detectorIdsByRegion } from "./detector.js";
import { FindingFilter, FindingOrder, SeverityLevel } from "./finding-filter.js";
import { findingModelFields } from "./generated/finding.js";

/**
 * A finding as seen through one detector: an administrator's detector also sees its members'
 * findings, so the key is (region, viewing detector, finding id), not the finding's own ARN.
 * Lookups are batched into GetFindings calls of at most 50 ids per detector.
 */
export const Finding = builder.loadableNodeRef<FindingRecord | Error, string>("Finding", {
  id: {
    resolve: (finding) => findingKey(finding.key),
    parse: (id) => findingKey(parseFindingKey(id)),
  },
  load: (keys, context) =>
    getFindingsBatch(context.upstream, keys.map(parseFindingKey), accountLimit(context)).then(
      rememberSignalHolders,
    ),
  toKey: (finding) => findingKey(finding.key),
  cacheResolved: true,
});

/**
 * The finding each attack-sequence signal object was read in. GuardDuty allows one detector per
 * account and region, so a signal naming a finding of the same region is read through the same
 * detector as its sequence, with no ListDetectors call (see SequenceSignal.findings).
 */
const signalHolders = new WeakMap<object, FindingKey>();

export function findingHoldingSignal(signal: object): FindingKey | undefined {
  return signalHolders.get(signal);
}

function rememberSignalHolders<T extends FindingRecord | Error>(records: T[]): T[] {
  for (const record of records) {
    if (record instanceof Error) continue;
    for (const signal of record.data.Service?.Detection?.Sequence?.Signals ?? []) {
      signalHolders.set(signal, record.key);
    }
  }
  return records;
}

/**
 * Finding keys this request listed through criteria that already name the caller's accounts:
 * loading them needs no second check.
 */
const listedForCaller = createContextCache((_context: Context) => new Set<string>());

function accountLimit(context: Context): AccountLimit | undefined {
  const accounts = context.caller.accounts;
  if (!accounts) return undefined;
  const listed = listedForCaller(context);
  return { accounts, vouched: (key) => listed.has(findingKey(key)) };
}

Finding.implement({
  description: "A GuardDuty finding: a potential security issue in an account.",
  fields: (t) => ({
    // Every member of GuardDuty's Finding (types/generated/finding.ts), then what the model
    // cannot say: values from the loader key, the severity band and shortcuts.
    ...findingModelFields(t),
    findingId: t.string({
      description: "GuardDuty's id of the finding.",
      resolve: (f) => f.key.findingId,
    }),
    region: t.string({
      description: "Region of the finding.",
      resolve: (f) => f.data.Region ?? f.key.region,
    }),
    severityLevel: t.field({
      type: SeverityLevel,
      nullable: true,
      description:
        "The documented band of `severity`: LOW 1-3.9, MEDIUM 4-6.9, HIGH 7-8.9, CRITICAL 9-10.",
      resolve: (f) => (f.data.Severity === undefined ? null : severityLevel(f.data.Severity)),
    }),
    archived: t.boolean({
      nullable: true,
      description: "Shortcut for service.archived.",
      resolve: (f) => f.data.Service?.Archived,
    }),
    detector: t.field({
      type: Detector,
      description: "The detector this finding was read through.",
      // No call of its own: the detector's fields that read GetDetector declare it.
      resolve: (f) => detectorKey(f.key),
    }),
  }),
});

/**
 * The loader key that reads the finding named by `arn` through one of the caller's detectors in
 * the ARN's region: the ARN's own detector when the caller owns it, else the caller's detector
 * there (an administrator reads its members' findings through its own detector).
 */
export async function findingKeyForArn(
  context: Context,
  arn: ReturnType<typeof parseFindingArn>,
): Promise<string> {
  // The ARN names its region and account: a caller restricted from either is refused here.
  assertRegionAllowed(context.caller, arn.region);
  assertAccountAllowed(context.caller, arn.accountId);
  if (!context.upstream.regions.includes(arn.region)) {
    throw notFound(`Region ${quote(arn.region)} is not covered by this gateway`);
  }
  const detectors = await detectorIdsByRegion(context).load(arn.region);
  const detectorId = detectors.includes(arn.detectorId) ? arn.detectorId : detectors[0];
  if (!detectorId) {
    throw notFound(`There is no detector in ${arn.region} to read the finding through`);
  }
  return findingKey({ region: arn.region, detectorId, findingId: arn.findingId });
}

const EMPTY_SLICE = { edges: [], hasNextPage: false, end: null };

/** What a page's `totalCount` counts: the detector and the criteria its pages are listed by. */
interface CountQuery extends Scoped {
  /** Undefined: every finding; null: none can match (accounts this caller may not see). */
  criteria: FindingCriteria | undefined | null;
}

/**
 * GetFindingsStatistics per (region, detector, criteria), asked once per request however many
 * pages (aliases, the same connection under two names) select the count; different keys are
 * asked in parallel. GuardDuty has no batch form of the call.
 */
const findingCounts = createContextCache(
  (context: Context) =>
    new DataLoader<CountQuery, number, string>(
      (queries) =>
        Promise.all(
          queries.map((query) =>
            query.criteria === null
              ? 0
              : countFindings(context.upstream, query, query.criteria).catch(
                  (error: unknown) => error as Error,
                ),
          ),
        ),
      {
        cacheKeyFn: (query) =>
          `${query.region}/${query.detectorId}/${canonicalJson(query.criteria ?? null)}`,
      },
    ),
);

/** A page of findings and what its `totalCount` would count. */
type FindingPage = ReturnType<typeof toConnection<string, string>> & { count: CountQuery };

export const FindingConnection = builder.connectionObject({
  type: Finding,
  name: "FindingConnection",
  fields: (t) => ({
    totalCount: t.int({
      nullable: true,
      description:
        "How many findings match the connection's filter, across all pages: one GetFindingsStatistics call per detector and filter, made only when this field is selected. The same accounts as the pages (a caller restricted to some accounts counts theirs only).",
      // Asked once per detector of the scope and distinct filter (the loader's key).
      extensions: upstream({
        cost: ({ scope, parentArgs }) => ({
          once: {
            [`GetFindingsStatistics@${scope.id}@${canonicalJson(parentArgs.filter ?? null)}`]:
              scope.instances,
          },
        }),
      }),
      resolve: (page, _args, context) =>
        findingCounts(context).load((page as unknown as FindingPage).count),
    }),
  }),
});

/** GuardDuty model: ListFindings MaxResults 1-50, so one page of a connection is at most 50. */
export const findingsFirstArg = z.number().int().min(1).max(LIST_FINDINGS_MAX_RESULTS);
const firstArg = findingsFirstArg;

/** One ListFindings, then one GetFindings for the page's findings (see Detector.findings). */
export function findingsPageCost(first: unknown) {
  const size = pageSize(first, 25, LIST_FINDINGS_MAX_RESULTS);
  if (size === undefined) return {};
  return { calls: 1, lookups: [{ operation: "GetFindings" as const, keys: size }], items: size };
}

/**
 * A page of a detector's findings matching `criteria` (narrowed to the caller's accounts),
 * sorted and sliced by GuardDuty; the page's findings load through the request's loader.
 */
export async function findingsPage(
  context: Context,
  detector: Scoped,
  args: {
    orderBy?: { field: string; direction: string } | null;
    first?: number | null;
    after?: string | null;
  },
  requested: FindingCriteria | undefined | null,
) {
  const after = args.after ? decodeCursor(args.after) : undefined;
  const criteria = requested === null ? null : restrictCriteria(context.caller, requested);
  const sort = toSortCriteria(
    (args.orderBy ?? { field: "UPDATED_AT", direction: "DESC" }) as Parameters<
      typeof toSortCriteria
    >[0],
  );
  const count: CountQuery = { region: detector.region, detectorId: detector.detectorId, criteria };
  // The client named only accounts this caller may not see: nothing to ask GuardDuty.
  if (criteria === null) return { ...toConnection(EMPTY_SLICE, after, (id: string) => id), count };
  const slice = await readSlice(args.first ?? 25, after, async (nextToken, maxResults) => {
    const page = await listFindingIds(context.upstream, detector, {
      criteria,
      sort,
      maxResults,
      nextToken,
    });
    return { items: page.ids, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
  });
  const listed = listedForCaller(context);
  const page = toConnection(slice, after, (findingId) => {
    const key = findingKey({ region: detector.region, detectorId: detector.detectorId, findingId });
    if (context.caller.accounts) listed.add(key);
    return key;
  });
  return { ...page, count };
}

builder.objectFields(Detector, (t) => ({
  findings: t.field({
    type: FindingConnection,
    nullable: true,
    description:
      "Findings of this detector, filtered and sorted by GuardDuty itself. One ListFindings call and one GetFindings call per page of up to 50.",
    authScopes: FINDINGS_READ,
    // Demand control for a router: a page is `first` edges; ListFindings plus GetFindings.
    cost: 2,
    listSize: { slicingArguments: ["first"], sizedFields: ["edges"] },
    args: {
      filter: t.arg({ type: FindingFilter }),
      orderBy: t.arg({
        type: FindingOrder,
        description: "Defaults to the most recently updated first.",
      }),
      first: t.arg.int({ defaultValue: 25, validate: firstArg, description: "1 to 50." }),
      after: t.arg.string({ description: "An edge's cursor or pageInfo.endCursor." }),
    },
    // One ListFindings, then one GetFindings for the page's findings. A page resumed from a
    // mid-page cursor, or one GuardDuty answers empty with a token, takes more ListFindings
    // calls: the request's budget counts those as they happen.
    extensions: upstream({ cost: ({ args }) => findingsPageCost(args.first) }),
    resolve: (detector, args, context) =>
      findingsPage(context, detector, args, toFindingCriteria(args.filter)),
  }),
  finding: t.field({
    type: Finding,
    nullable: true,
    description: "One finding of this detector by GuardDuty id (batched with every other lookup).",
    authScopes: FINDINGS_READ,
    args: { id: t.arg.string({ required: true }) },
    extensions: upstream({ cost: () => ({ lookups: [{ operation: "GetFindings", keys: 1 }] }) }),
    resolve: (detector, args) => {
      assertFindingId(args.id);
      return findingKey({
        region: detector.region,
        detectorId: detector.detectorId,
        findingId: args.id,
      });
    },
  }),
}));

/** ListDetectors of the ARN's region (shared), then the finding through a GetFindings batch. */
function findingByArnCost(arn: unknown, regions: readonly string[]) {
  let parsed: ReturnType<typeof parseFindingArn>;
  try {
    parsed = parseFindingArn(String(arn));
  } catch {
    return {};
  }
  if (!regions.includes(parsed.region)) return {};
  const scope = detectorScopeId(parsed.region, parsed.detectorId);
  return {
    once: listDetectorsOnce(parsed.region),
    lookups: [{ operation: "GetFindings" as const, keys: 1, scope }],
    scope: ownScope(scope),
  };
}

builder.queryFields((t) => ({
  finding: t.field({
    type: Finding,
    nullable: true,
    description:
      "A finding by ARN, read through the caller's detector in the ARN's region (an administrator reads its members' findings this way).",
    authScopes: FINDINGS_READ,
    args: { arn: t.arg.string({ required: true }) },
    extensions: upstream({ cost: ({ args, regions }) => findingByArnCost(args.arn, regions) }),
    resolve: (_root, args, context) => findingKeyForArn(context, parseFindingArn(args.arn)),
  }),
}));

const findingById = resolveByGlobalId<FindingRecord>("Finding", Finding, (id) =>
  findingKey(parseFindingKey(id)),
);
registerEntityKey("Finding", "arn", (arn) => {
  parseFindingArn(arn);
});

/**
 * A finding referenced by ARN (what EventBridge events, Security Hub and ticketing systems
 * carry), read as `finding(arn:)` reads it: every ARN of one region goes through the caller's
 * detector there, so the references of a list share its ListDetectors and GetFindings batches.
 */
async function findingByArn(arn: string, context: Context): Promise<FindingRecord> {
  assertMayRead(context.caller, "Finding");
  const key = await findingKeyForArn(context, parseFindingArn(arn));
  return (await Finding.getDataloader(context).load(key)) as FindingRecord;
}

builder.asEntity(Finding, {
  key: [builder.selection<{ id: string }>("id"), builder.selection<{ arn: string }>("arn")],
  resolveReference: (reference, context) =>
    "id" in reference && typeof reference.id === "string"
      ? findingById(reference as { id: string }, context)
      : findingByArn((reference as { arn: string }).arn, context),
});
