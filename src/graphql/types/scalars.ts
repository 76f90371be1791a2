import { GraphQLError, Kind } from "graphql";
import { quote } from "../../errors.js";
import { builder } from "../builder.js";

// "2026-11-01T12:30:00.000Z": what Date's toISOString prints for years 0 to 9999.
const CANONICAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{3}Z$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether `value` is already what `new Date(value).toISOString()` returns: canonical form and
 * every part in range (Date rolls "2026-02-30" over to March 2, so that one is not).
 */
export function isCanonicalDateTime(value: string): boolean {
  const parts = CANONICAL.exec(value);
  if (!parts) return false;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(parts[i]));
  if (year === undefined || month === undefined || day === undefined) return false;
  if (hour === undefined || minute === undefined || second === undefined) return false;
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  return day >= 1 && day <= days;
}

/**
 * GuardDuty mixes ISO-8601 strings (finding/member times) and epoch-based Date objects
 * (statistics, feature times); both leave the gateway as ISO-8601 UTC with milliseconds.
 * GuardDuty's strings are mostly canonical already and pass through without a Date.
 */
export function serializeDateTime(value: unknown): string {
  if (typeof value === "string" && isCanonicalDateTime(value)) return value;
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime()))
    throw new GraphQLError(`Invalid DateTime value ${quote(String(value))}`);
  return date.toISOString();
}

// An ISO-8601 date-time with an explicit zone: "2026-11-01T00:00:00Z" or with an offset.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A client's value as an error may show it: strings quoted short, other kinds only named. */
function describeInput(value: unknown): string {
  if (typeof value === "string") return quote(value);
  return Array.isArray(value) ? "a list" : `a ${value === null ? "null" : typeof value}`;
}

function parseDateTime(value: unknown): Date {
  if (typeof value !== "string" || !ISO_DATE_TIME.test(value)) {
    throw new GraphQLError(
      `DateTime must be an ISO-8601 string with a time zone, e.g. "2026-11-01T00:00:00Z"; got ${describeInput(value)}`,
      { extensions: { code: "BAD_USER_INPUT" } },
    );
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new GraphQLError(`DateTime ${quote(value)} is not a real date`, {
      extensions: { code: "BAD_USER_INPUT" },
    });
  }
  return date;
}

export const DateTime = builder.scalarType("DateTime", {
  description: "An instant as an ISO-8601 string in UTC, e.g. 2026-11-01T12:30:00.000Z.",
  serialize: serializeDateTime,
  parseValue: parseDateTime,
  parseLiteral: (ast) =>
    parseDateTime(ast.kind === Kind.STRING ? ast.value : (ast as { value?: unknown }).value),
});
