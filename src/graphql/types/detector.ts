import type { GetDetectorResponse } from "@aws-sdk/client-guardduty";
import { createContextCache } from "@pothos/core";
import DataLoader from "dataloader";
import {
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  getNamedType,
  Kind,
  type SelectionSetNode,
} from "graphql";
import { assertRegionAllowed } from "../../auth/restrictions.js";
import { ANY_READ, refusedList } from "../../auth/scopes.js";
import type { Scoped } from "../../aws/batch.js";
import {
  type DetectorRecord,
  detectorAccountId,
  getDetectorsBatch,
  listDetectorIds,
} from "../../aws/detectors.js";
import {
  ACCOUNT_ID,
  detectorKey,
  parseDetectorKey,
  parseDetectorNodeId,
  validScope,
} from "../../aws/keys.js";
import type { Context } from "../../context.js";
import { ErrorCode, errorCode, notFound, quote } from "../../errors.js";
import { builder } from "../builder.js";
import { resolveByGlobalId } from "../entities.js";
import {
  CALLER_DETECTORS,
  getDetectorOnce,
  listDetectorsOnce,
  locateDetectorCost,
  ownScope,
  upstream,
} from "../upstream-cost.js";
import {
  DetectorAdditionalConfiguration,
  DetectorDataSources,
  DetectorFeature,
  detectorModelFields,
} from "./generated/account.js";
import { Tag } from "./generated/finding.js";

/**
 * A detector as the schema hands it around: region and id, plus what is already known without
 * asking GuardDuty again. `account` comes from the global id it was reached by; `data` from a
 * GetDetector this request already made. Fields that need GetDetector's answer load it on first
 * use (detectorData), so a detector that only leads to its findings, members or statistics
 * costs no GetDetector: an unknown or foreign detector then fails in the first call that
 * touches it (GuardDuty answers "not owned by the current account", a NOT_FOUND).
 */
export interface DetectorRef extends Scoped {
  account?: string;
  data?: GetDetectorResponse;
}

/** Loader keys: "region/detectorId", or "account/region/detectorId" when the id carried it. */
function refKey(ref: DetectorRef): string {
  return ref.account ? `${ref.account}/${detectorKey(ref)}` : detectorKey(ref);
}

function parseRefKey(key: string): DetectorRef {
  const parts = key.split("/");
  if (parts.length === 3) {
    const [account, ...scope] = parts as [string, string, string];
    return { ...parseDetectorKey(scope.join("/")), account };
  }
  return parseDetectorKey(key);
}

/**
 * The id part of a Detector's global id is "account/region/detectorId". Ids issued for a
 * detector whose service role named no account carry "unknown": those are still accepted, and
 * their account is read from GetDetector when the id is asked for again.
 */
function detectorKeyFromId(id: string): string {
  const scope = parseDetectorNodeId(id);
  const account = id.split("/")[0] ?? "";
  return refKey(ACCOUNT_ID.test(account) ? { ...scope, account } : scope);
}

/** GetDetector per request, at most once per detector however it was reached. */
const detectorDetails = createContextCache(
  (context: Context) =>
    new DataLoader<string, DetectorRecord>((keys) =>
      getDetectorsBatch(context.upstream, keys.map(parseDetectorKey)),
    ),
);

/** GetDetector's answer for the detector: the one already held, else one call (shared). */
export async function detectorData(
  context: Context,
  detector: DetectorRef,
): Promise<GetDetectorResponse> {
  return detector.data ?? (await detectorDetails(context).load(detectorKey(detector))).data;
}

/** The owning account: from the global id the detector was reached by, else its service role. */
async function detectorAccount(context: Context, detector: DetectorRef): Promise<string> {
  if (detector.account) return detector.account;
  return detectorAccountId(await detectorData(context, detector)) ?? "unknown";
}

/**
 * A GuardDuty detector in one region. The Relay id carries account, region and detector id.
 * Loading one by key makes no call (see DetectorRef): GetDetector has no batch form, so it is
 * made only for the fields that read it.
 */
export const Detector = builder.loadableNodeRef<DetectorRef | Error, string>("Detector", {
  id: {
    resolve: async (detector, _args, context) =>
      `${await detectorAccount(context as Context, detector)}/${detectorKey(detector)}`,
    parse: (id) => detectorKeyFromId(id),
  },
  load: async (keys) => keys.map(parseRefKey),
  toKey: refKey,
  cacheResolved: true,
});

/** AWS allows 50 tags per resource; GuardDuty's features and data sources are fewer. */
const DETECTOR_LIST_SIZE = 50;

/** The cost of a field that reads GetDetector's answer: once per detector of its scope. */
export const detectorDataCost = upstream({
  cost: ({ scope }) => ({ once: getDetectorOnce(scope.id, scope.instances) }),
});

type DetectorFields = Parameters<
  NonNullable<Parameters<typeof Detector.implement>[0]["fields"]>
>[0];

/**
 * The generated GetDetector fields read `parent.data`; here that answer is loaded on first use,
 * so each of them waits for detectorData and declares its cost.
 */
function withDetectorData(t: DetectorFields): Parameters<typeof detectorModelFields>[0] {
  const field = (options: {
    type: unknown;
    resolve: (parent: { data: GetDetectorResponse }, ...rest: unknown[]) => unknown;
  }) =>
    t.field({
      ...(options as object),
      // A router's demand control sizes lists it cannot see: GetDetector's are short.
      ...(Array.isArray(options.type) ? { listSize: { assumedSize: DETECTOR_LIST_SIZE } } : {}),
      extensions: detectorDataCost,
      resolve: async (detector: DetectorRef, args: unknown, context: Context, info: unknown) =>
        options.resolve({ data: await detectorData(context, detector) }, args, context, info),
    } as never);
  return new Proxy(t, {
    get: (target, property, receiver) =>
      property === "field" ? field : Reflect.get(target, property, receiver),
  }) as never;
}

const FeatureStatus = builder.enumType("FeatureStatus", {
  values: ["ENABLED", "DISABLED"] as const,
});

/** The statuses the released schema typed as FeatureStatus (types/generated/account.ts holds the rest). */
builder.objectFields(DetectorAdditionalConfiguration, (t) => ({
  status: t.expose("Status", { type: FeatureStatus, nullable: true }),
}));

builder.objectFields(DetectorFeature, (t) => ({
  status: t.expose("Status", { type: FeatureStatus, nullable: true }),
}));

/** Data sources the released schema flattened to their status; `malwareProtection` is generated. */
builder.objectFields(DetectorDataSources, (t) => ({
  cloudTrail: t.field({
    type: FeatureStatus,
    nullable: true,
    resolve: (d) => d.CloudTrail?.Status,
  }),
  dnsLogs: t.field({ type: FeatureStatus, nullable: true, resolve: (d) => d.DNSLogs?.Status }),
  flowLogs: t.field({ type: FeatureStatus, nullable: true, resolve: (d) => d.FlowLogs?.Status }),
  s3Logs: t.field({ type: FeatureStatus, nullable: true, resolve: (d) => d.S3Logs?.Status }),
  kubernetesAuditLogs: t.field({
    type: FeatureStatus,
    nullable: true,
    resolve: (d) => d.Kubernetes?.AuditLogs?.Status,
  }),
  malwareProtectionEbsVolumes: t.field({
    type: FeatureStatus,
    nullable: true,
    description: "Shortcut for malwareProtection.scanEc2InstanceWithFindings.ebsVolumes.status.",
    resolve: (d) => d.MalwareProtection?.ScanEc2InstanceWithFindings?.EbsVolumes?.Status,
  }),
}));

const PublishingFrequency = builder.enumType("FindingPublishingFrequency", {
  values: ["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"] as const,
});

Detector.implement({
  description: "A GuardDuty detector: the service's presence in one account and region.",
  fields: (t) => ({
    // GetDetector's output (types/generated/account.ts), then the key, enums and tags.
    ...detectorModelFields(withDetectorData(t)),
    detectorId: t.string({
      description: "GuardDuty's id of the detector.",
      resolve: (d) => d.detectorId,
    }),
    region: t.string({ description: "AWS region of the detector.", resolve: (d) => d.region }),
    accountId: t.string({
      nullable: true,
      description: "The owning account, as named in the detector's service role.",
      extensions: detectorDataCost,
      resolve: async (d, _args, context) => detectorAccountId(await detectorData(context, d)),
    }),
    status: t.field({
      type: FeatureStatus,
      nullable: true,
      extensions: detectorDataCost,
      resolve: async (d, _args, context) => (await detectorData(context, d)).Status,
    }),
    findingPublishingFrequency: t.field({
      type: PublishingFrequency,
      nullable: true,
      description: "How often updated findings are exported to EventBridge/S3.",
      extensions: detectorDataCost,
      resolve: async (d, _args, context) =>
        (await detectorData(context, d)).FindingPublishingFrequency,
    }),
    tags: t.field({
      type: [Tag],
      description: "Tags on the detector.",
      listSize: { assumedSize: DETECTOR_LIST_SIZE },
      extensions: detectorDataCost,
      resolve: async (d, _args, context) =>
        Object.entries((await detectorData(context, d)).Tags ?? {}).map(([Key, Value]) => ({
          Key,
          Value,
        })),
    }),
  }),
});

/**
 * The caller's detector ids per region, listed at most once per request however many fields
 * (detectors, finding(arn), ...) ask. Not a DataLoader: ListDetectors has no batch form, and a
 * batch settles only with its slowest region, so a region that never answered would hold back
 * the others' lists (and every lookup that follows them) until the request's deadline.
 */
export const detectorIdsByRegion = createContextCache((context: Context) => {
  const lists = new Map<string, Promise<string[]>>();
  return {
    load(region: string): Promise<string[]> {
      let list = lists.get(region);
      if (!list) {
        list = listDetectorIds(context.upstream, region);
        lists.set(region, list);
      }
      return list;
    },
  };
});

function ignore(): void {}

/** The Detector fields that read GetDetector's answer (its own ones, and the id's account). */
function readsDetectorData(type: GraphQLObjectType, name: string): boolean {
  const field = type.getFields()[name];
  return name === "id" || field?.extensions.upstream === detectorDataCost.upstream;
}

/** Whether a selection on Detector reads GetDetector's answer (fragments followed). */
function selectsDetectorData(info: GraphQLResolveInfo): boolean {
  const type = getNamedType(info.returnType) as GraphQLObjectType;
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((selection) => {
      if (selection.kind === Kind.FIELD) return readsDetectorData(type, selection.name.value);
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet);
      const name = selection.name.value;
      if (seen.has(name)) return false;
      seen.add(name);
      return visit(info.fragments[name]?.selectionSet);
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}

/** Each region is listed separately, so one failing region fails only its own list item. */
async function detectorKeysInRegion(
  context: Context,
  region: string,
  prefetch: boolean,
): Promise<(string | Error)[]> {
  try {
    const ids = await detectorIdsByRegion(context).load(region);
    const keys = ids.map((detectorId) => detectorKey({ region, detectorId }));
    // When the selection reads GetDetector's answer, ask now rather than when the whole list
    // resolves: the list waits for the slowest region, and a region that never answers must
    // not hold this region's lookup past the request's deadline. The answers are cached for
    // the fields that follow.
    if (prefetch) {
      for (const key of keys) detectorDetails(context).load(key).catch(ignore);
    }
    return keys;
  } catch (error) {
    return [error as Error];
  }
}

/**
 * A detector named by GuardDuty id. With `region`, no call: the first call that touches it
 * tells whether it exists (GuardDuty answers NOT_FOUND for one the caller does not own).
 * Without `region`, GetDetector in every covered region finds it (concurrently; ListDetectors
 * would cost as many calls and would still leave GetDetector to make for the detector's own
 * fields, while this answer is kept for them).
 */
export async function locateDetector(
  context: Context,
  detectorId: string,
  region?: string | null,
): Promise<DetectorRef> {
  const regions = region ? [region] : [...context.upstream.regions];
  for (const candidate of regions) {
    assertRegionAllowed(context.caller, candidate);
    if (!context.upstream.regions.includes(candidate)) {
      throw notFound(
        `Region ${quote(candidate)} is not covered by this gateway (covered: ${context.upstream.regions.join(", ")})`,
      );
    }
    validScope(candidate, detectorId);
  }
  if (region) return { region, detectorId };
  const results = await detectorDetails(context).loadMany(
    regions.map((candidate) => detectorKey({ region: candidate, detectorId })),
  );
  const found = results.find((result): result is DetectorRecord => !(result instanceof Error));
  if (found) return found;
  const failure = results.find((result) => errorCode(result) !== ErrorCode.NOT_FOUND);
  if (failure) throw failure;
  throw notFound(`Detector ${quote(detectorId)} was not found in ${regions.join(", ")}`);
}

builder.queryFields((t) => ({
  detectors: t.field({
    type: [Detector],
    nullable: { list: false, items: true },
    description:
      "The caller's detectors in every region the gateway covers (at most one per region). A region that fails appears as a null item with an error at its path.",
    authScopes: ANY_READ,
    unauthorizedResolver: refusedList,
    // One detector per covered region (GuardDuty's quota); no gateway covers more than this.
    listSize: { assumedSize: 32 },
    extensions: upstream({
      cost: ({ regions }) => ({
        once: Object.assign({}, ...regions.map(listDetectorsOnce)),
        items: regions.length,
        scope: { id: CALLER_DETECTORS, instances: regions.length, each: 1 },
      }),
    }),
    resolve: async (_root, _args, context, info) => {
      const prefetch = selectsDetectorData(info);
      const perRegion = await Promise.all(
        context.upstream.regions.map((region) => detectorKeysInRegion(context, region, prefetch)),
      );
      // graphql-js turns an Error list item into a null with a located error; Pothos's types
      // do not model that, hence the cast.
      return perRegion.flat() as string[];
    },
  }),
  detector: t.field({
    type: Detector,
    nullable: true,
    description:
      "A detector by GuardDuty id. Without `region`, every covered region is asked (concurrently).",
    authScopes: ANY_READ,
    args: {
      detectorId: t.arg.string({ required: true }),
      region: t.arg.string({
        description: "Region of the detector; must be one the gateway covers.",
      }),
    },
    extensions: upstream({
      cost: ({ args, regions }) => {
        const located = locateDetectorCost(
          regions,
          args.detectorId as string,
          args.region as string | null | undefined,
        );
        return { once: located.once, scope: ownScope(located.scopeId) };
      },
    }),
    resolve: (_root, args, context) => locateDetector(context, args.detectorId, args.region),
  }),
}));

builder.asEntity(Detector, {
  key: builder.selection<{ id: string }>("id"),
  resolveReference: resolveByGlobalId<DetectorRef>("Detector", Detector, detectorKeyFromId),
});
