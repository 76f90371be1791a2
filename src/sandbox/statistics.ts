/**
 * GetFindingsStatistics (guardduty-wire.md §3.6): request validation and the `findingStatistics`
 * value, computed over findings that already passed the request's criteria.
 */
import {
  type Criterion,
  canonicalTimestamp,
  firstValueAt,
  parseFindingCriteria,
  splitPath,
} from "./criteria.js";
import { badRequest } from "./errors.js";
import type { WireFinding } from "./store.js";
import { enumValue, MAX_STATISTICS_RESULTS, maxResults } from "./validate.js";

export const GROUP_BY_VALUES = ["ACCOUNT", "DATE", "FINDING_TYPE", "RESOURCE", "SEVERITY"] as const;
export type GroupBy = (typeof GROUP_BY_VALUES)[number];
const ORDER_VALUES = ["ASC", "DESC"] as const;
export type StatisticsOrder = (typeof ORDER_VALUES)[number];

/** The deprecated form: `findingStatisticTypes: ["COUNT_BY_SEVERITY"]`. */
export interface CountBySeverityRequest {
  mode: "countBySeverity";
  criteria: Criterion[];
}

export interface GroupedStatisticsRequest {
  mode: "groupBy";
  groupBy: GroupBy;
  orderBy: StatisticsOrder;
  maxResults: number;
  criteria: Criterion[];
}

export type StatisticsRequest = CountBySeverityRequest | GroupedStatisticsRequest;

const MAX_STATISTIC_TYPES = 10;
/** GuardDuty model: GetFindingsStatistics maxResults defaults to 25. */
const DEFAULT_MAX_RESULTS = 25;

function invalidValue(parameter: string, reason: string) {
  return badRequest(
    `The request is rejected because the parameter ${parameter} has an invalid value. ${reason}`,
  );
}

function parseStatisticTypes(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (!Array.isArray(value)) {
    throw invalidValue("findingStatisticTypes", "Expected a list of COUNT_BY_SEVERITY.");
  }
  if (value.length > MAX_STATISTIC_TYPES) {
    throw invalidValue(
      "findingStatisticTypes",
      `At most ${MAX_STATISTIC_TYPES} items are allowed.`,
    );
  }
  if (!value.every((item) => item === "COUNT_BY_SEVERITY")) {
    throw invalidValue("findingStatisticTypes", "The only valid item is COUNT_BY_SEVERITY.");
  }
  return value.length > 0;
}

/** Validates a GetFindingsStatistics body, including its findingCriteria. */
export function parseStatisticsRequest(body: Record<string, unknown>): StatisticsRequest {
  const countBySeverity = parseStatisticTypes(body.findingStatisticTypes);
  const groupBy = enumValue(body.groupBy, "groupBy", GROUP_BY_VALUES);
  // orderBy/maxResults only shape grouped results, but a bad value is rejected either way.
  const orderBy = enumValue(body.orderBy, "orderBy", ORDER_VALUES) ?? "DESC";
  const limit = maxResults(body.maxResults, MAX_STATISTICS_RESULTS, DEFAULT_MAX_RESULTS);
  const criteria = parseFindingCriteria(body.findingCriteria);
  if (countBySeverity && groupBy) {
    throw badRequest(
      "The request is rejected because both findingStatisticTypes and groupBy were provided. Provide only one of them (groupBy is the current form).",
    );
  }
  if (groupBy) return { mode: "groupBy", groupBy, orderBy, maxResults: limit, criteria };
  if (countBySeverity) return { mode: "countBySeverity", criteria };
  throw badRequest(
    "The request is rejected because neither groupBy nor findingStatisticTypes was provided. Provide groupBy (ACCOUNT, DATE, FINDING_TYPE, RESOURCE or SEVERITY) or findingStatisticTypes [COUNT_BY_SEVERITY].",
  );
}

// ---------------------------------------------------------------------------------------------
// countBySeverity

/** Keys as the real service renders the double (Java style): "8.0", "5.5". */
function severityKey(severity: number): string {
  return Number.isInteger(severity) ? severity.toFixed(1) : String(severity);
}

function countBySeverity(findings: readonly WireFinding[]): Record<string, number> {
  const counts = new Map<number, number>();
  for (const finding of findings) {
    counts.set(finding.severity, (counts.get(finding.severity) ?? 0) + 1);
  }
  const result: Record<string, number> = {};
  for (const severity of [...counts.keys()].sort((a, b) => b - a)) {
    result[severityKey(severity)] = counts.get(severity) ?? 0;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// groupBy

type KeyPart = string | number;

/** How one groupBy value splits findings and renders a group. */
interface Dimension {
  /** The `findingStatistics` member it fills. */
  member: string;
  /**
   * The group's key, also its tie-break order; undefined leaves the finding out. `updatedAt` is
   * the finding's canonical ISO timestamp, undefined when unparsable.
   */
  keyOf(finding: WireFinding, updatedAt: string | undefined): readonly KeyPart[] | undefined;
  /** Wire fields identifying the group (besides lastGeneratedAt and totalFindings). */
  fields(key: readonly KeyPart[]): Record<string, unknown>;
}

/** The attribute holding the id of each resource type that is grouped by resource. */
const RESOURCE_ID_PATHS = new Map<string, readonly string[]>([
  ["AccessKey", splitPath("resource.accessKeyDetails.accessKeyId")],
  ["Container", splitPath("resource.containerDetails.id")],
  ["ECSCluster", splitPath("resource.ecsClusterDetails.name")],
  ["EKSCluster", splitPath("resource.eksClusterDetails.name")],
  ["Instance", splitPath("resource.instanceDetails.instanceId")],
  ["KubernetesCluster", splitPath("resource.kubernetesDetails.kubernetesWorkloadDetails.name")],
  ["Lambda", splitPath("resource.lambdaDetails.functionName")],
  ["RDSDBInstance", splitPath("resource.rdsDbInstanceDetails.dbInstanceIdentifier")],
  // s3BucketDetails is a list; the first bucket names the resource.
  ["S3Bucket", splitPath("resource.s3BucketDetails.name")],
  ["S3Object", splitPath("resource.s3BucketDetails.name")],
]);

function resourceIdOf(finding: WireFinding): string | undefined {
  const path = RESOURCE_ID_PATHS.get(finding.resource.resourceType);
  if (!path) return undefined;
  const id = firstValueAt(finding, path);
  return typeof id === "string" && id.length > 0 ? id : undefined;
}

/** Timestamp members are epoch seconds (the JS SDK fails the whole call on an ISO string). */
function epochSeconds(isoTimestamp: string): number {
  return Date.parse(isoTimestamp) / 1000;
}

const DIMENSIONS: Record<GroupBy, Dimension> = {
  ACCOUNT: {
    member: "groupedByAccount",
    keyOf: (finding) => [finding.accountId],
    fields: ([accountId]) => ({ accountId }),
  },
  DATE: {
    member: "groupedByDate",
    // The canonical text's first 10 characters are the UTC day, and sort chronologically.
    keyOf: (finding, updatedAt) =>
      updatedAt === undefined ? undefined : [updatedAt.slice(0, 10), finding.severity],
    fields: ([day, severity]) => ({ date: epochSeconds(`${day}T00:00:00.000Z`), severity }),
  },
  FINDING_TYPE: {
    member: "groupedByFindingType",
    keyOf: (finding) => [finding.type],
    fields: ([findingType]) => ({ findingType }),
  },
  RESOURCE: {
    member: "groupedByResource",
    keyOf: (finding) => {
      const resourceId = resourceIdOf(finding);
      return resourceId === undefined
        ? undefined
        : [resourceId, finding.resource.resourceType, finding.accountId];
    },
    fields: ([resourceId, resourceType, accountId]) => ({ accountId, resourceId, resourceType }),
  },
  SEVERITY: {
    member: "groupedBySeverity",
    keyOf: (finding) => [finding.severity],
    fields: ([severity]) => ({ severity }),
  },
};

interface Group {
  key: readonly KeyPart[];
  totalFindings: number;
  /** Latest canonical updatedAt; undefined while none was parsable. */
  lastUpdatedAt: string | undefined;
}

function groupFindings(findings: readonly WireFinding[], dimension: Dimension): Group[] {
  const groups = new Map<string, Group>();
  for (const finding of findings) {
    const updatedAt = canonicalTimestamp(finding.updatedAt);
    const key = dimension.keyOf(finding, updatedAt);
    if (!key) continue;
    const id = key.join("\u0000");
    let group = groups.get(id);
    if (!group) {
      group = { key, totalFindings: 0, lastUpdatedAt: undefined };
      groups.set(id, group);
    }
    group.totalFindings++;
    if (updatedAt !== undefined && (group.lastUpdatedAt ?? "") < updatedAt) {
      group.lastUpdatedAt = updatedAt;
    }
  }
  return [...groups.values()];
}

function compareKeys(a: readonly KeyPart[], b: readonly KeyPart[]): number {
  for (let i = 0; i < a.length; i++) {
    const left = a[i] as KeyPart;
    const right = b[i] as KeyPart;
    if (left < right) return -1;
    if (left > right) return 1;
  }
  return 0;
}

function renderGroup(group: Group, dimension: Dimension): Record<string, unknown> {
  const rendered: Record<string, unknown> = { ...dimension.fields(group.key) };
  if (group.lastUpdatedAt !== undefined) {
    rendered.lastGeneratedAt = epochSeconds(group.lastUpdatedAt);
  }
  rendered.totalFindings = group.totalFindings;
  return rendered;
}

/** `groups` in first-seen order, ranked and cut to maxResults as the request asks. */
function renderGroups(groups: Group[], request: GroupedStatisticsRequest): Record<string, unknown> {
  const dimension = DIMENSIONS[request.groupBy];
  const direction = request.orderBy === "ASC" ? 1 : -1;
  groups.sort(
    (a, b) => direction * (a.totalFindings - b.totalFindings) || compareKeys(a.key, b.key),
  );
  return {
    [dimension.member]: groups
      .slice(0, request.maxResults)
      .map((group) => renderGroup(group, dimension)),
  };
}

function groupedStatistics(
  findings: readonly WireFinding[],
  request: GroupedStatisticsRequest,
): Record<string, unknown> {
  return renderGroups(groupFindings(findings, DIMENSIONS[request.groupBy]), request);
}

/** The wire `findingStatistics` value for findings that already match the request's criteria. */
export function computeStatistics(
  findings: readonly WireFinding[],
  request: StatisticsRequest,
): Record<string, unknown> {
  if (request.mode === "countBySeverity") {
    return { countBySeverity: countBySeverity(findings) };
  }
  return groupedStatistics(findings, request);
}

// ---------------------------------------------------------------------------------------------
// From indexes: the same answers as computeStatistics, from columns built once per change

/** Each finding's updatedAt, canonical and as epoch milliseconds (NaN when unparsable). */
export interface UpdatedColumn {
  canonical: (string | undefined)[];
  epochMs: Float64Array;
}

/** Each finding's group under one groupBy value: an index into `keys`, or -1 when left out. */
export interface GroupColumn {
  codes: Int32Array;
  keys: (readonly KeyPart[])[];
}

export function buildUpdatedColumn(findings: readonly WireFinding[]): UpdatedColumn {
  const canonical = findings.map((finding) => canonicalTimestamp(finding.updatedAt));
  const epochMs = Float64Array.from(canonical, (text) =>
    text === undefined ? Number.NaN : Date.parse(text),
  );
  return { canonical, epochMs };
}

/** countBySeverity counts what groupBy SEVERITY groups: every finding by its severity. */
export function groupColumnFor(request: StatisticsRequest): GroupBy {
  return request.mode === "countBySeverity" ? "SEVERITY" : request.groupBy;
}

export function buildGroupColumn(
  findings: readonly WireFinding[],
  groupBy: GroupBy,
  updated: UpdatedColumn,
): GroupColumn {
  const dimension = DIMENSIONS[groupBy];
  const codeOf = new Map<string, number>();
  const keys: (readonly KeyPart[])[] = [];
  const codes = new Int32Array(findings.length).fill(-1);
  for (let position = 0; position < findings.length; position++) {
    const key = dimension.keyOf(findings[position] as WireFinding, updated.canonical[position]);
    if (!key) continue;
    const id = key.join("\u0000");
    let code = codeOf.get(id);
    if (code === undefined) {
      code = keys.length;
      keys.push(key);
      codeOf.set(id, code);
    }
    codes[position] = code;
  }
  return { codes, keys };
}

/** Groups of the selected positions, in the order their first finding comes (as groupFindings). */
function tally(
  positions: Int32Array | undefined,
  count: number,
  column: GroupColumn,
  updated: UpdatedColumn,
): Group[] {
  const totals = new Int32Array(column.keys.length);
  const latest = new Int32Array(column.keys.length).fill(-1);
  const seen: number[] = [];
  const visit = (position: number) => {
    const code = column.codes[position] as number;
    if (code < 0) return;
    if (totals[code] === 0) seen.push(code);
    totals[code] = (totals[code] as number) + 1;
    const epochMs = updated.epochMs[position] as number;
    if (Number.isNaN(epochMs)) return;
    const best = latest[code] as number;
    if (best < 0 || (updated.epochMs[best] as number) < epochMs) latest[code] = position;
  };
  if (positions) {
    for (const position of positions) visit(position);
  } else {
    for (let position = 0; position < count; position++) visit(position);
  }
  return seen.map((code) => {
    const best = latest[code] as number;
    return {
      key: column.keys[code] as readonly KeyPart[],
      totalFindings: totals[code] as number,
      lastUpdatedAt: best < 0 ? undefined : updated.canonical[best],
    };
  });
}

function severityCounts(groups: readonly Group[]): Record<string, number> {
  const ordered = [...groups].sort((a, b) => (b.key[0] as number) - (a.key[0] as number));
  const result: Record<string, number> = {};
  for (const group of ordered) result[severityKey(group.key[0] as number)] = group.totalFindings;
  return result;
}

/**
 * The wire `findingStatistics` value for the findings at `positions` (undefined: all `count`),
 * given the group column of `groupColumnFor(request)`.
 */
export function statisticsFromIndexes(
  request: StatisticsRequest,
  positions: Int32Array | undefined,
  count: number,
  column: GroupColumn,
  updated: UpdatedColumn,
): Record<string, unknown> {
  const groups = tally(positions, count, column, updated);
  if (request.mode === "countBySeverity") return { countBySeverity: severityCounts(groups) };
  return renderGroups(groups, request);
}
