import { GraphQLError, Kind } from "graphql";
import { quote } from "../../errors.js";
import { builder } from "../builder.js";

/**
 * GuardDuty mixes ISO-8601 strings (finding/member times) and epoch-based Date objects
 * (statistics, feature times); both leave the gateway as ISO-8601 UTC with milliseconds.
 */
function serializeDateTime(value: unknown): string {
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
