/**
 * Server-side checks of the model's constraints. Neither SDK validates lengths, list sizes or
 * ranges (guardduty-wire.md §1), so the sandbox must, the way the service does: 400
 * BadRequestException naming the parameter.
 */
import { badRequest, invalidParameter } from "./errors.js";

/** GuardDuty model: list members such as FindingIds, AccountIds hold at most 50 items. */
export const MAX_IDS_PER_CALL = 50;
/** GuardDuty model: MaxResults 1-50 on list operations. */
export const MAX_RESULTS = 50;
/** GuardDuty model: shape MaxResults100 on GetFindingsStatistics. */
export const MAX_STATISTICS_RESULTS = 100;
/** GuardDuty model: AccountId is exactly 12 characters. */
export const ACCOUNT_ID_LENGTH = 12;

export function detectorIdLabel(value: string | undefined): string {
  if (!value || value.length > 300) throw invalidParameter("detectorId");
  return value;
}

/** maxResults arrives as a query string on GET operations and as a number in JSON bodies. */
export function maxResults(value: unknown, max: number, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  const number = typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== "number" || !Number.isInteger(number) || number < 1 || number > max) {
    throw badRequest(
      `The request is rejected because the parameter maxResults has an invalid value: it must be an integer from 1 to ${max}.`,
    );
  }
  return number;
}

export function optionalToken(value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") throw invalidParameter("nextToken");
  return value;
}

interface StringListRules {
  required: boolean;
  minItems: number;
  maxItems: number;
  minLength: number;
  maxLength: number;
}

export function stringList(
  body: Record<string, unknown>,
  name: string,
  rules: StringListRules,
): string[] {
  const value = body[name];
  if (value === undefined || value === null) {
    if (rules.required)
      throw badRequest(
        `The request is rejected because the required parameter ${name} is missing.`,
      );
    return [];
  }
  if (!Array.isArray(value)) throw invalidParameter(name);
  if (value.length < rules.minItems || value.length > rules.maxItems) {
    throw badRequest(
      `The request is rejected because the parameter ${name} has ${value.length} items; it takes ${rules.minItems} to ${rules.maxItems}.`,
    );
  }
  for (const item of value) {
    if (
      typeof item !== "string" ||
      item.length < rules.minLength ||
      item.length > rules.maxLength
    ) {
      throw badRequest(
        `The request is rejected because the parameter ${name} has an invalid value: ${JSON.stringify(item)}.`,
      );
    }
  }
  return value as string[];
}

/** FindingIds on Get/Archive/Unarchive/Feedback: required, 0-50 items of 1-300 characters. */
export function findingIds(body: Record<string, unknown>): string[] {
  return stringList(body, "findingIds", {
    required: true,
    minItems: 0,
    maxItems: MAX_IDS_PER_CALL,
    minLength: 1,
    maxLength: 300,
  });
}

/** AccountIds on GetMembers/GetRemainingFreeTrialDays: required, 1-50 ids of 12 characters. */
export function accountIds(body: Record<string, unknown>): string[] {
  return stringList(body, "accountIds", {
    required: true,
    minItems: 1,
    maxItems: MAX_IDS_PER_CALL,
    minLength: ACCOUNT_ID_LENGTH,
    maxLength: ACCOUNT_ID_LENGTH,
  });
}

export function requiredString(
  body: Record<string, unknown>,
  name: string,
  maxLength = 300,
): string {
  const value = body[name];
  if (value === undefined || value === null) {
    throw badRequest(`The request is rejected because the required parameter ${name} is missing.`);
  }
  if (typeof value !== "string" || value.length < 1 || value.length > maxLength) {
    throw invalidParameter(name);
  }
  return value;
}

export function enumValue<T extends string>(
  value: unknown,
  name: string,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || !allowed.includes(value as T)) {
    throw badRequest(
      `The request is rejected because the parameter ${name} has an invalid value ${JSON.stringify(value)}; expected one of ${allowed.join(", ")}.`,
    );
  }
  return value as T;
}
