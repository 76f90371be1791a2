/**
 * What looking nodes up by global id costs (node, nodes, federation's _entities). The ids are
 * in the arguments, so the estimate is exact: each id names its type and detector, and lookups
 * are batched per detector in chunks of the batch size. A Detector loads without a call: its
 * own fields declare the GetDetector they need.
 */
import {
  ACCOUNT_ID,
  parseAccountKey,
  parseDetectorNodeId,
  parseFindingArn,
  parseFindingKey,
} from "../aws/keys.js";
import { MAX_ENTITY_REPRESENTATIONS } from "./entities.js";
import { decodeId } from "./global-id.js";
import {
  type BatchOperation,
  type CostInput,
  type CostScope,
  callerDetectorScope,
  detectorScopeId,
  type FieldUpstream,
  type Lookup,
  listDetectorsOnce,
  type UpstreamCost,
} from "./upstream-cost.js";

/** Relay's nodes(ids:): one page of a list refetched by id. Two GetFindings chunks. */
export const NODES_MAX_IDS = 100;

interface Target {
  typename: string;
  scope: string;
  /** The batching operation that loads it; absent for detectors (loaded without a call). */
  operation?: BatchOperation;
  key: string;
  /** Calls made once per request whoever asks (a region's ListDetectors). */
  once?: Readonly<Record<string, number>>;
}

const TARGETS: Record<string, (id: string) => Omit<Target, "typename" | "key">> = {
  Finding: (id) => {
    const key = parseFindingKey(id);
    return { scope: detectorScopeId(key.region, key.detectorId), operation: "GetFindings" };
  },
  Member: (id) => {
    const key = parseAccountKey(id);
    return { scope: detectorScopeId(key.region, key.detectorId), operation: "GetMembers" };
  },
  Detector: (id) => {
    const key = parseDetectorNodeId(id);
    return { scope: detectorScopeId(key.region, key.detectorId) };
  },
};

/** What a global id loads, or undefined for one that is refused before any call. */
function targetOf(globalId: unknown): Target | undefined {
  if (typeof globalId !== "string") return undefined;
  try {
    const decoded = decodeId(globalId);
    const target = TARGETS[decoded.typename]?.(decoded.id);
    return target && { ...target, typename: decoded.typename, key: decoded.id };
  } catch {
    return undefined;
  }
}

interface TypeTally {
  items: number;
  perScope: Map<string, number>;
}

/** The cost of loading these global ids, and the scopes their results stand for. */
export function globalIdsCost(ids: readonly unknown[], input: CostInput): UpstreamCost {
  return targetsCost(ids.map(targetOf), input);
}

/** The scope of accounts referenced by id: they load without a call, their fields make them. */
const ACCOUNTS_SCOPE = "accounts";

/**
 * What a federation representation loads: by global id, or by the keys other services know
 * (a finding's ARN: read through the caller's detector in its region after that region's
 * ListDetectors; an account id: no call of its own). Undefined when it is refused before any
 * call (malformed, or a region the gateway does not cover).
 */
function representationTarget(
  representation: unknown,
  regions: readonly string[],
): Target | undefined {
  if (!representation || typeof representation !== "object") return undefined;
  const { __typename: typename, id, arn, accountId } = representation as Record<string, unknown>;
  if (id !== undefined) return targetOf(id);
  if (typename === "Finding" && typeof arn === "string") {
    let parsed: ReturnType<typeof parseFindingArn>;
    try {
      parsed = parseFindingArn(arn);
    } catch {
      return undefined;
    }
    if (!regions.includes(parsed.region)) return undefined;
    return {
      typename,
      scope: callerDetectorScope(parsed.region),
      operation: "GetFindings",
      key: `${parsed.region}/${parsed.findingId}`,
      once: listDetectorsOnce(parsed.region),
    };
  }
  if (typename === "AwsAccount" && typeof accountId === "string" && ACCOUNT_ID.test(accountId)) {
    return { typename, scope: ACCOUNTS_SCOPE, key: accountId };
  }
  return undefined;
}

function targetsCost(targets: readonly (Target | undefined)[], input: CostInput): UpstreamCost {
  const keys = new Map<string, Set<string>>();
  const types = new Map<string, TypeTally>();
  const once: Record<string, number> = {};
  for (const target of targets) {
    if (!target) continue;
    Object.assign(once, target.once);
    if (target.operation) {
      const bucket = `${target.operation} ${target.scope}`;
      keys.set(bucket, (keys.get(bucket) ?? new Set()).add(target.key));
    }
    const tally = types.get(target.typename) ?? { items: 0, perScope: new Map() };
    tally.items += 1;
    tally.perScope.set(target.scope, (tally.perScope.get(target.scope) ?? 0) + 1);
    types.set(target.typename, tally);
  }
  const lookups: Lookup[] = [...keys].map(([bucket, ids]) => {
    const [operation, scope] = bucket.split(" ") as [BatchOperation, string];
    return { operation, keys: ids.size, scope };
  });
  const byType: Record<string, { items: number; scope: CostScope }> = {};
  for (const [typename, tally] of types) {
    const scopes = [...tally.perScope.keys()];
    byType[typename] = {
      items: tally.items,
      scope: {
        // One detector: its own scope, shared with anything else asking for it by name.
        id: scopes.length === 1 ? (scopes[0] as string) : `${input.path}:${typename}`,
        instances: scopes.length,
        each: Math.max(...tally.perScope.values()),
        // A Detector's global id carries its account.
        accountKnown: typename === "Detector",
      },
    };
  }
  return { lookups, byType, ...(Object.keys(once).length > 0 ? { once } : {}) };
}

export const nodeUpstream: FieldUpstream = {
  cost: (input) => globalIdsCost([input.args.id], input),
};

export const nodesUpstream: FieldUpstream = {
  bounds: { ids: NODES_MAX_IDS },
  cost: (input) => globalIdsCost((input.args.ids as unknown[] | undefined) ?? [], input),
};

/** Representations carry a Relay global id, a finding ARN or an account id. */
export const entitiesUpstream: FieldUpstream = {
  bounds: { representations: MAX_ENTITY_REPRESENTATIONS },
  cost: (input) =>
    targetsCost(
      ((input.args.representations as unknown[] | undefined) ?? []).map((representation) =>
        representationTarget(representation, input.regions),
      ),
      input,
    ),
};
