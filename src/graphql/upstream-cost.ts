/**
 * The vocabulary in which a field says what it costs upstream: how many GuardDuty calls one
 * resolution of it makes, which keys it hands to a batching loader, and how many times its
 * selection resolves below it. Fields carry it in their `extensions` (see `upstream()`), so the
 * estimate of a request (upstream-estimate.ts) follows the schema as it changes.
 */
import { GET_FINDINGS_MAX_IDS } from "../aws/findings.js";
import { FREE_TRIAL_MAX_IDS, GET_MEMBERS_MAX_IDS } from "../aws/members.js";

/** The batching GuardDuty operations and how many keys one call takes (the services' limits). */
export const BATCH_SIZES = {
  GetFindings: GET_FINDINGS_MAX_IDS,
  GetMembers: GET_MEMBERS_MAX_IDS,
  GetRemainingFreeTrialDays: FREE_TRIAL_MAX_IDS,
} as const;
export type BatchOperation = keyof typeof BATCH_SIZES;

/**
 * The detectors a part of the query stands for. GetDetector results are shared per request, and
 * lookups below a scope are batched per detector of it.
 */
export interface CostScope {
  id: string;
  /** How many detectors it stands for. */
  instances: number;
  /** How many results resolve the selection below, per detector. */
  each: number;
  /** The detectors' account is known without GetDetector (from the global ids they came by). */
  accountKnown?: boolean;
  /**
   * The same detectors whichever resolution reaches them (the caller's own, one per region):
   * results of every resolution share their batches instead of multiplying the detectors.
   */
  shared?: boolean;
}

export interface Lookup {
  operation: BatchOperation;
  /** Keys per resolution of the field (DataLoader sends them in chunks of the batch size). */
  keys: number;
  /** A detector the keys are known to belong to (from the arguments); default: the scope's. */
  scope?: string;
  /**
   * With `scope`: every resolution's keys go to that one detector (the caller's own in a
   * region), so however many resolutions ask, their keys share its batches.
   */
  shared?: boolean;
}

/** What one resolution of a field costs. Every part is optional: absent means none. */
export interface UpstreamCost {
  /** Calls the field makes itself each time it resolves (a ListFindings page, a statistics call). */
  calls?: number;
  /**
   * Calls a request makes at most once whoever asks, by name (a region's ListDetectors, a
   * detector's GetDetector): name -> number of calls.
   */
  once?: Readonly<Record<string, number>>;
  /** Keys handed to a batching loader. */
  lookups?: readonly Lookup[];
  /** Times the selection below resolves per resolution (a page's `first`, a list's length). */
  items?: number;
  /** The result stands for these detectors (root entry points). */
  scope?: CostScope;
  /** For an abstract result whose concrete types are known from the arguments (node ids). */
  byType?: Readonly<Record<string, { items: number; scope: CostScope }>>;
}

export interface CostInput {
  /** The field's arguments, coerced as execution will see them (variables and defaults applied). */
  args: Record<string, unknown>;
  /** Regions the gateway covers. */
  regions: readonly string[];
  /** The detectors the enclosing part of the query stands for. */
  scope: CostScope;
  /** Response path of the field ("a.detectors.findings"), to name scopes of its own. */
  path: string;
  /** Field-name path (aliases left out): fields that differ only by alias share batches. */
  shape: string;
  /**
   * The arguments of the field this one is selected under, coerced (a connection's own fields
   * depend on its `filter`); empty at the root.
   */
  parentArgs: Record<string, unknown>;
}

export interface FieldUpstream {
  /** List arguments and the most items each may hold; checked before anything runs. */
  bounds?: Readonly<Record<string, number>>;
  cost?: (input: CostInput) => UpstreamCost;
}

const EXTENSION = "upstream";

/** `extensions` for a field definition: `extensions: upstream({ cost: () => ({ calls: 1 }) })`. */
export function upstream(field: FieldUpstream): Record<string, FieldUpstream> {
  return { [EXTENSION]: field };
}

export function fieldUpstream(
  extensions: Readonly<Record<string, unknown>> | null | undefined,
): FieldUpstream | undefined {
  return extensions?.[EXTENSION] as FieldUpstream | undefined;
}

/** A detector named by region and id; "*" when the region is not given (every region is asked). */
export function detectorScopeId(region: string | null | undefined, detectorId: string): string {
  return `detector:${region || "*"}/${detectorId}`;
}

/** GetDetector calls shared by everything under `scopeId` (the Detector loader caches them). */
export function getDetectorOnce(scopeId: string, calls: number): Record<string, number> {
  return { [`GetDetector@${scopeId}`]: calls };
}

/**
 * Finding a detector by id (locateDetector): no call with a region (the first call that
 * touches the detector tells whether it exists), one GetDetector in every covered region when
 * none is given.
 */
export function locateDetectorCost(
  regions: readonly string[],
  detectorId: string,
  region: string | null | undefined,
): { once: Record<string, number>; scopeId: string } {
  const scopeId = detectorScopeId(region, detectorId);
  const calls = region ? 0 : regions.length;
  return { once: getDetectorOnce(scopeId, calls), scopeId };
}

/** A scope of one result of its own (a mutation's payload, a detector found by id). */
export function ownScope(id: string, each = 1): CostScope {
  return { id, instances: 1, each };
}

/**
 * A value as JSON with object keys sorted, so that equal values (input objects whose fields were
 * written in another order) name the same shared call.
 */
export function canonicalJson(value: unknown): string {
  return (
    JSON.stringify(value, (_key, inner: unknown) =>
      inner && typeof inner === "object" && !Array.isArray(inner)
        ? Object.fromEntries(
            Object.entries(inner as Record<string, unknown>).sort(([a], [b]) =>
              a < b ? -1 : a > b ? 1 : 0,
            ),
          )
        : inner,
    ) ?? "null"
  );
}

/** The number of items of a list argument (0 when absent). */
export function listLength(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

/** A region's ListDetectors, listed once per request (detectorIdsByRegion caches it). */
export function listDetectorsOnce(region: string): Record<string, number> {
  return { [`ListDetectors@${region}`]: 1 };
}

/**
 * The caller's own detector in `region`, whatever detector a reference named: lookups by
 * finding ARN or account id all read through it (GuardDuty's quota: one detector per region).
 */
export function callerDetectorScope(region: string): string {
  return `caller-detector:${region}`;
}

/** The caller's own detectors, one per covered region (GuardDuty's quota: one per region). */
export const CALLER_DETECTORS = "caller";

/**
 * A page size argument as the resolver will use it, or undefined when the resolver refuses it
 * (BAD_USER_INPUT, before any call): such a field costs nothing.
 */
export function pageSize(value: unknown, fallback: number, max: number): number | undefined {
  const size = value ?? fallback;
  return typeof size === "number" && Number.isInteger(size) && size >= 1 && size <= max
    ? size
    : undefined;
}

/**
 * A mutation on a detector named in its input: finding the detector (locateDetector), `calls`
 * of its own, then `findings` re-read after the change (one GetFindings batch, after the
 * mutation's own calls, so never batched with another's).
 */
export function detectorMutationCost(
  { args, regions }: CostInput,
  calls: number,
  findings = 0,
): UpstreamCost {
  const input = args.input as { detectorId?: unknown; region?: unknown } | undefined;
  if (typeof input?.detectorId !== "string") return {};
  const region = typeof input.region === "string" ? input.region : undefined;
  const located = locateDetectorCost(regions, input.detectorId, region);
  return {
    once: located.once,
    calls,
    ...(findings > 0 ? { lookups: [{ operation: "GetFindings", keys: findings }] } : {}),
    items: Math.max(findings, 1),
    // The detector's own scope: GetDetector made to find it is not made again for the payload.
    scope: ownScope(located.scopeId, Math.max(findings, 1)),
  };
}
