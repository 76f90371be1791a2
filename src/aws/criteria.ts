/**
 * Turns the gateway's typed finding filter into GuardDuty's FindingCriteria. Every filter is
 * pushed down: the gateway never fetches findings to filter them itself.
 */
import type { Condition, FindingCriteria, SortCriteria } from "@aws-sdk/client-guardduty";
import { badUserInput, quote, quoteList } from "../errors.js";
import { isFindingCriteriaAttribute } from "./finding-attributes.js";
import { ACCOUNT_ID } from "./keys.js";

/** GuardDuty documents at most 50 values for equals/notEquals. */
export const MAX_CONDITION_VALUES = 50;

export type SeverityLevel = "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";

/**
 * The bands of the GuardDuty User Guide's "Severity levels of GuardDuty findings", as [min, max)
 * on the numeric severity.
 */
export const SEVERITY_BANDS: Record<SeverityLevel, { min: number; max: number }> = {
  LOW: { min: 1, max: 4 },
  MEDIUM: { min: 4, max: 7 },
  HIGH: { min: 7, max: 9 },
  CRITICAL: { min: 9, max: 10.0001 },
};
const LEVEL_ORDER: SeverityLevel[] = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];

export function severityLevel(severity: number): SeverityLevel {
  if (severity >= 9) return "CRITICAL";
  if (severity >= 7) return "HIGH";
  if (severity >= 4) return "MEDIUM";
  return "LOW";
}

export interface AttributeCondition {
  attribute: string;
  equals?: string[] | null;
  notEquals?: string[] | null;
  greaterThan?: number | null;
  greaterThanOrEqual?: number | null;
  lessThan?: number | null;
  lessThanOrEqual?: number | null;
}

export interface FindingFilter {
  severity?: { min?: number | null; max?: number | null } | null;
  severityLevels?: SeverityLevel[] | null;
  types?: string[] | null;
  resourceTypes?: string[] | null;
  accountIds?: string[] | null;
  archived?: boolean | null;
  updatedAfter?: Date | null;
  updatedBefore?: Date | null;
  createdAfter?: Date | null;
  createdBefore?: Date | null;
  instanceIds?: string[] | null;
  conditions?: AttributeCondition[] | null;
}

type Criterion = Record<string, Condition>;

function addCondition(
  criterion: Criterion,
  attribute: string,
  condition: Condition,
  source: string,
): void {
  const existing = criterion[attribute] ?? {};
  for (const operator of Object.keys(condition) as (keyof Condition)[]) {
    if (existing[operator] !== undefined) {
      throw badUserInput(
        `filter: ${source} sets ${attribute} ${operator}, which another part of the filter already sets`,
        { argumentName: "filter" },
      );
    }
  }
  criterion[attribute] = { ...existing, ...condition };
}

function valueList(values: readonly string[], source: string): string[] {
  if (values.length === 0)
    throw badUserInput(`filter.${source}: give at least one value`, { argumentName: "filter" });
  if (values.length > MAX_CONDITION_VALUES) {
    throw badUserInput(
      `filter.${source}: at most ${MAX_CONDITION_VALUES} values (GuardDuty's limit); got ${values.length}`,
      {
        argumentName: "filter",
      },
    );
  }
  return [...values];
}

/** Levels must form one range: GuardDuty takes one condition per attribute. */
function severityRange(filter: FindingFilter): Condition | undefined {
  let min = filter.severity?.min ?? undefined;
  let max = filter.severity?.max ?? undefined;
  let maxExclusive = false;
  if (filter.severityLevels && filter.severityLevels.length > 0) {
    const indexes = [...new Set(filter.severityLevels)]
      .map((level) => LEVEL_ORDER.indexOf(level))
      .sort();
    const contiguous = indexes.every(
      (value, i) => i === 0 || value === (indexes[i - 1] as number) + 1,
    );
    if (!contiguous) {
      throw badUserInput(
        "filter.severityLevels must be adjacent levels (e.g. [HIGH, CRITICAL]): GuardDuty filters one severity range",
        { argumentName: "filter" },
      );
    }
    const low = SEVERITY_BANDS[LEVEL_ORDER[indexes[0] as number] as SeverityLevel];
    const high =
      SEVERITY_BANDS[LEVEL_ORDER[indexes[indexes.length - 1] as number] as SeverityLevel];
    if (min === undefined || low.min > min) min = low.min;
    if (max === undefined || high.max <= max) {
      max = high.max;
      maxExclusive = high.max <= 10;
    }
  }
  if (min !== undefined && max !== undefined && min > max) {
    throw badUserInput("filter.severity: min is above max", { argumentName: "filter" });
  }
  if (min === undefined && max === undefined) return undefined;
  return {
    ...(min !== undefined ? { GreaterThanOrEqual: min } : {}),
    ...(max !== undefined && max <= 10
      ? maxExclusive
        ? { LessThan: max }
        : { LessThanOrEqual: max }
      : {}),
  };
}

function timeWindow(
  after: Date | null | undefined,
  before: Date | null | undefined,
  name: string,
): Condition | undefined {
  if (after && before && after.getTime() >= before.getTime()) {
    throw badUserInput(`filter.${name}After must be earlier than filter.${name}Before`, {
      argumentName: "filter",
    });
  }
  if (!after && !before) return undefined;
  // GuardDuty compares these attributes in epoch milliseconds.
  return {
    ...(after ? { GreaterThanOrEqual: after.getTime() } : {}),
    ...(before ? { LessThan: before.getTime() } : {}),
  };
}

function attributeCondition(condition: AttributeCondition, index: number): Condition {
  const source = `conditions[${index}]`;
  if (!isFindingCriteriaAttribute(condition.attribute)) {
    throw badUserInput(
      `filter.${source}.attribute ${quote(condition.attribute)} is not a filterable finding attribute: GuardDuty documents the attributes finding criteria accept (see FindingAttributeCondition)`,
      { argumentName: "filter" },
    );
  }
  const result: Condition = {};
  if (condition.equals) result.Equals = valueList(condition.equals, `${source}.equals`);
  if (condition.notEquals) result.NotEquals = valueList(condition.notEquals, `${source}.notEquals`);
  for (const [field, operator] of [
    ["greaterThan", "GreaterThan"],
    ["greaterThanOrEqual", "GreaterThanOrEqual"],
    ["lessThan", "LessThan"],
    ["lessThanOrEqual", "LessThanOrEqual"],
  ] as const) {
    const value = condition[field];
    if (value !== undefined && value !== null) {
      if (!Number.isSafeInteger(value)) {
        throw badUserInput(
          `filter.${source}.${field} must be a whole number (GuardDuty compares longs)`,
          {
            argumentName: "filter",
          },
        );
      }
      result[operator] = value;
    }
  }
  if (Object.keys(result).length === 0) {
    throw badUserInput(
      `filter.${source} has no operator: give equals, notEquals, greaterThan, ...`,
      {
        argumentName: "filter",
      },
    );
  }
  return result;
}

export function toFindingCriteria(
  filter: FindingFilter | null | undefined,
): FindingCriteria | undefined {
  if (!filter) return undefined;
  const criterion: Criterion = {};
  const severity = severityRange(filter);
  if (severity) addCondition(criterion, "severity", severity, "severity");
  if (filter.types)
    addCondition(criterion, "type", { Equals: valueList(filter.types, "types") }, "types");
  if (filter.resourceTypes) {
    addCondition(
      criterion,
      "resource.resourceType",
      { Equals: valueList(filter.resourceTypes, "resourceTypes") },
      "resourceTypes",
    );
  }
  if (filter.accountIds) {
    const ids = valueList(filter.accountIds, "accountIds");
    const bad = ids.filter((id) => !ACCOUNT_ID.test(id));
    if (bad.length > 0) {
      throw badUserInput(`filter.accountIds: not 12-digit account ids: ${quoteList(bad)}`, {
        argumentName: "filter",
      });
    }
    addCondition(criterion, "accountId", { Equals: ids }, "accountIds");
  }
  if (filter.archived !== undefined && filter.archived !== null) {
    // The criteria language carries strings only; the service reads "true"/"false".
    addCondition(criterion, "service.archived", { Equals: [String(filter.archived)] }, "archived");
  }
  const updated = timeWindow(filter.updatedAfter, filter.updatedBefore, "updated");
  if (updated) addCondition(criterion, "updatedAt", updated, "updatedAfter/updatedBefore");
  const created = timeWindow(filter.createdAfter, filter.createdBefore, "created");
  if (created) addCondition(criterion, "createdAt", created, "createdAfter/createdBefore");
  if (filter.instanceIds) {
    addCondition(
      criterion,
      "resource.instanceDetails.instanceId",
      { Equals: valueList(filter.instanceIds, "instanceIds") },
      "instanceIds",
    );
  }
  filter.conditions?.forEach((condition, index) => {
    addCondition(
      criterion,
      condition.attribute,
      attributeCondition(condition, index),
      `conditions[${index}]`,
    );
  });
  return Object.keys(criterion).length > 0 ? { Criterion: criterion } : undefined;
}

export type SortField =
  | "UPDATED_AT"
  | "CREATED_AT"
  | "SEVERITY"
  | "TYPE"
  | "ACCOUNT_ID"
  | "RESOURCE_TYPE"
  | "COUNT";

export const SORT_ATTRIBUTES: Record<SortField, string> = {
  UPDATED_AT: "updatedAt",
  CREATED_AT: "createdAt",
  SEVERITY: "severity",
  TYPE: "type",
  ACCOUNT_ID: "accountId",
  RESOURCE_TYPE: "resource.resourceType",
  COUNT: "service.count",
};

export function toSortCriteria(order: {
  field: SortField;
  direction: "ASC" | "DESC";
}): SortCriteria {
  return { AttributeName: SORT_ATTRIBUTES[order.field], OrderBy: order.direction };
}
