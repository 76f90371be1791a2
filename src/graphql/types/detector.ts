import { createContextCache } from "@pothos/core";
import { assertRegionAllowed } from "../../auth/restrictions.js";
import { ANY_READ, refusedList } from "../../auth/scopes.js";
import {
  type DetectorRecord,
  detectorAccountId,
  getDetectorsBatch,
  listDetectorIds,
} from "../../aws/detectors.js";
import { detectorKey, parseDetectorKey, parseDetectorNodeId, validScope } from "../../aws/keys.js";
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

function detectorKeyFromId(id: string): string {
  return detectorKey(parseDetectorNodeId(id));
}

/**
 * A GuardDuty detector in one region. The Relay id carries account, region and detector id;
 * the loader key is "region/detectorId" (GetDetector has no batch form: one call per detector,
 * concurrently, each at most once per request).
 */
export const Detector = builder.loadableNodeRef<DetectorRecord | Error, string>("Detector", {
  id: {
    resolve: (detector) =>
      `${detectorAccountId(detector.data) ?? "unknown"}/${detectorKey(detector)}`,
    parse: (id) => detectorKeyFromId(id),
  },
  load: (keys, context) => getDetectorsBatch(context.upstream, keys.map(parseDetectorKey)),
  toKey: detectorKey,
  cacheResolved: true,
});

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
    ...detectorModelFields(t),
    detectorId: t.string({
      description: "GuardDuty's id of the detector.",
      resolve: (d) => d.detectorId,
    }),
    region: t.string({ description: "AWS region of the detector.", resolve: (d) => d.region }),
    accountId: t.string({
      nullable: true,
      description: "The owning account, as named in the detector's service role.",
      resolve: (d) => detectorAccountId(d.data),
    }),
    status: t.field({ type: FeatureStatus, nullable: true, resolve: (d) => d.data.Status }),
    findingPublishingFrequency: t.field({
      type: PublishingFrequency,
      nullable: true,
      description: "How often updated findings are exported to EventBridge/S3.",
      resolve: (d) => d.data.FindingPublishingFrequency,
    }),
    tags: t.field({
      type: [Tag],
      description: "Tags on the detector.",
      resolve: (d) => Object.entries(d.data.Tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
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

/** Each region is listed separately, so one failing region fails only its own list item. */
async function detectorKeysInRegion(context: Context, region: string): Promise<(string | Error)[]> {
  try {
    const ids = await detectorIdsByRegion(context).load(region);
    const keys = ids.map((detectorId) => detectorKey({ region, detectorId }));
    // Look the detectors up now rather than when the whole list resolves: the list waits for
    // the slowest region, and a region that never answers must not hold this region's lookup
    // past the request's deadline. The loader caches the answers for the fields that follow.
    void Detector.getDataloader(context).loadMany(keys);
    return keys;
  } catch (error) {
    return [error as Error];
  }
}

/**
 * Finds a detector by GuardDuty id in `region`, or in every covered region when none is given
 * (GetDetector through the request's loader, so a later field reuses the answer).
 */
export async function locateDetector(
  context: Context,
  detectorId: string,
  region?: string | null,
): Promise<DetectorRecord> {
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
  const results = await Detector.getDataloader(context).loadMany(
    regions.map((candidate) => detectorKey({ region: candidate, detectorId })),
  );
  const found = results.find((result): result is DetectorRecord => !(result instanceof Error));
  if (found) return found;
  const failure = results.find((result) => errorCode(result) !== ErrorCode.NOT_FOUND);
  if (failure) throw failure;
  // One region: GuardDuty's own answer (it carries the AWS request id); several: one summary.
  throw results.length === 1
    ? results[0]
    : notFound(`Detector ${quote(detectorId)} was not found in ${regions.join(", ")}`);
}

builder.queryFields((t) => ({
  detectors: t.field({
    type: [Detector],
    nullable: { list: false, items: true },
    description:
      "The caller's detectors in every region the gateway covers (at most one per region). A region that fails appears as a null item with an error at its path.",
    authScopes: ANY_READ,
    unauthorizedResolver: refusedList,
    extensions: upstream({
      cost: ({ regions }) => ({
        once: Object.assign(
          getDetectorOnce(CALLER_DETECTORS, regions.length),
          ...regions.map(listDetectorsOnce),
        ),
        items: regions.length,
        scope: { id: CALLER_DETECTORS, instances: regions.length, each: 1 },
      }),
    }),
    resolve: async (_root, _args, context) => {
      const perRegion = await Promise.all(
        context.upstream.regions.map((region) => detectorKeysInRegion(context, region)),
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
  resolveReference: resolveByGlobalId<DetectorRecord>("Detector", Detector, detectorKeyFromId),
});
