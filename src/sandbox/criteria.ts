/**
 * FindingCriteria and SortCriteria of ListFindings / GetFindingsStatistics (the API reference's
 * FindingCriteria and Condition shapes): validation of the wire values, a compiled matcher over
 * wire-shaped findings, and the sort. Criteria accept the attributes GuardDuty documents for
 * finding criteria and nothing else; they are dotted JSON paths resolved on WireFinding (see
 * `attributeTarget` for the few that are not spelled as on the wire).
 */
import { isFindingCriteriaAttribute, isTimeCriteriaAttribute } from "../aws/finding-attributes.js";
import { badRequest } from "./errors.js";
import type { WireFinding } from "./store.js";
import { wirePathOfAttribute } from "./wire.js";

export type ListOperator = "equals" | "notEquals";
export type RangeOperator = "greaterThan" | "greaterThanOrEqual" | "lessThan" | "lessThanOrEqual";

/** One operator of a Condition; the deprecated spellings (eq, gte, …) are folded into these. */
export type Operation =
  | { operator: ListOperator; values: string[] }
  | { operator: RangeOperator; value: number };

/** One entry of `findingCriteria.criterion`. */
export interface Criterion {
  /** The dotted wire path as sent, e.g. `service.archived`. */
  attribute: string;
  /** Every operation must hold: the wire ANDs the operators of one Condition. */
  operations: Operation[];
}

export type SortOrder = "ASC" | "DESC";

export interface SortCriteria {
  attributeName: string;
  orderBy: SortOrder;
}

export type Scalar = string | number | boolean;

const MAX_ATTRIBUTE_LENGTH = 300;
const MAX_LIST_VALUES = 50;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_LIMIT = 2 ** 63;

// Maps, not object literals: operator keys come from the request ("constructor", "__proto__").
const LIST_OPERATORS = new Map<string, ListOperator>([
  ["equals", "equals"],
  ["notEquals", "notEquals"],
  ["eq", "equals"],
  ["neq", "notEquals"],
]);

const LONG_OPERATORS = new Map<string, RangeOperator>([
  ["greaterThan", "greaterThan"],
  ["greaterThanOrEqual", "greaterThanOrEqual"],
  ["lessThan", "lessThan"],
  ["lessThanOrEqual", "lessThanOrEqual"],
]);

/** The deprecated operators are modeled as 32-bit Integer, the current ones as 64-bit Long. */
const INT_OPERATORS = new Map<string, RangeOperator>([
  ["gt", "greaterThan"],
  ["gte", "greaterThanOrEqual"],
  ["lt", "lessThan"],
  ["lte", "lessThanOrEqual"],
]);

/** Modeled on Condition but only accepted by CreateFilter/UpdateFilter. */
const FILTER_ONLY_OPERATORS = new Set(["matches", "notMatches"]);

// ---------------------------------------------------------------------------------------------
// Validation

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The real service's wording, followed by what exactly is wrong. */
function invalidValue(parameter: string, reason: string) {
  return badRequest(
    `The request is rejected because the parameter ${parameter} has an invalid value. ${reason}`,
  );
}

/** JSON null members are treated as absent, as restJson1 servers do. */
function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

export function parseFindingCriteria(input: unknown): Criterion[] {
  if (isAbsent(input)) return [];
  if (!isPlainObject(input)) {
    throw invalidValue("findingCriteria", "Expected an object with a criterion map.");
  }
  const criterion = input.criterion;
  if (isAbsent(criterion)) return [];
  if (!isPlainObject(criterion)) {
    throw invalidValue(
      "findingCriteria.criterion",
      "Expected a map of attribute names to conditions.",
    );
  }
  return Object.entries(criterion).map(([attribute, condition]) =>
    parseCriterion(attribute, condition),
  );
}

function parseCriterion(attribute: string, condition: unknown): Criterion {
  validateAttributeName(attribute, "findingCriteria.criterion");
  if (!isFindingCriteriaAttribute(attribute)) {
    throw invalidValue(
      "findingCriteria.criterion",
      `${attribute} is not a finding attribute that criteria can name.`,
    );
  }
  const parameter = `findingCriteria.criterion.${attribute}`;
  if (!isPlainObject(condition)) {
    throw invalidValue(parameter, "Expected a condition object.");
  }
  const operations: Operation[] = [];
  for (const [key, value] of Object.entries(condition)) {
    if (isAbsent(value)) continue;
    operations.push(parseOperation(`${parameter}.${key}`, key, value));
  }
  if (operations.length === 0) {
    throw badRequest(
      `The request is rejected because the condition ${parameter} has no operator. Provide at least one of equals, notEquals, greaterThan, greaterThanOrEqual, lessThan, lessThanOrEqual.`,
    );
  }
  return { attribute, operations };
}

function validateAttributeName(name: string, where: string): void {
  if (name.length === 0) {
    throw badRequest(`The request is rejected because ${where} contains an empty attribute name.`);
  }
  if (name.length > MAX_ATTRIBUTE_LENGTH) {
    throw badRequest(
      `The request is rejected because the attribute name "${name.slice(0, 40)}…" in ${where} is longer than ${MAX_ATTRIBUTE_LENGTH} characters.`,
    );
  }
}

function parseOperation(parameter: string, key: string, value: unknown): Operation {
  const listOperator = LIST_OPERATORS.get(key);
  if (listOperator) return { operator: listOperator, values: parseStringList(parameter, value) };
  const longOperator = LONG_OPERATORS.get(key);
  if (longOperator) return { operator: longOperator, value: parseLong(parameter, value) };
  const intOperator = INT_OPERATORS.get(key);
  if (intOperator) return { operator: intOperator, value: parseInt32(parameter, value) };
  if (FILTER_ONLY_OPERATORS.has(key)) {
    throw badRequest(
      `The request is rejected because the operator ${parameter} is only supported by finding filters (CreateFilter, UpdateFilter), not by this operation.`,
    );
  }
  throw badRequest(
    `The request is rejected because ${parameter} is not a known condition operator.`,
  );
}

function parseStringList(parameter: string, value: unknown): string[] {
  // Numbers and booleans must be sent stringified: the model types these lists as strings.
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    throw invalidValue(parameter, "Expected a list of strings.");
  }
  if (value.length > MAX_LIST_VALUES) {
    throw invalidValue(parameter, `At most ${MAX_LIST_VALUES} values are allowed.`);
  }
  return value;
}

function parseLong(parameter: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw invalidValue(parameter, "Expected a number.");
  }
  if (value < -INT64_LIMIT || value >= INT64_LIMIT) {
    throw invalidValue(parameter, "The value is outside the 64-bit integer range.");
  }
  return value;
}

function parseInt32(parameter: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw invalidValue(parameter, "Expected an integer.");
  }
  if (value < INT32_MIN || value > INT32_MAX) {
    throw invalidValue(
      parameter,
      "The value is outside the 32-bit integer range (epoch-millisecond times need greaterThan, greaterThanOrEqual, lessThan or lessThanOrEqual).",
    );
  }
  return value;
}

export function parseSortCriteria(input: unknown): SortCriteria | undefined {
  if (isAbsent(input)) return undefined;
  if (!isPlainObject(input)) {
    throw invalidValue("sortCriteria", "Expected an object with attributeName and orderBy.");
  }
  const { attributeName, orderBy } = input;
  if (isAbsent(attributeName)) {
    throw badRequest(
      "The request is rejected because the parameter sortCriteria.attributeName is required when sortCriteria is given.",
    );
  }
  if (typeof attributeName !== "string") {
    throw invalidValue("sortCriteria.attributeName", "Expected a string.");
  }
  validateAttributeName(attributeName, "sortCriteria.attributeName");
  if (isAbsent(orderBy)) return { attributeName, orderBy: "ASC" };
  if (orderBy !== "ASC" && orderBy !== "DESC") {
    throw invalidValue("sortCriteria.orderBy", "Expected ASC or DESC.");
  }
  return { attributeName, orderBy };
}

// ---------------------------------------------------------------------------------------------
// Path resolution

export function splitPath(attribute: string): readonly string[] {
  return attribute.split(".");
}

/** Where an attribute's values are found in a wire-shaped finding. */
interface AttributeTarget {
  /** The finding itself, or the document its `service.additionalInfo.value` string holds. */
  root(finding: WireFinding): unknown;
  segments: readonly string[];
}

const ADDITIONAL_INFO = "service.additionalInfo.";
const ADDITIONAL_INFO_MEMBERS = new Set(["value", "type"]);

const additionalInfoDocuments = new WeakMap<object, unknown>();

/**
 * `service.additionalInfo.value` parsed, once per finding: GetFindings returns GuardDuty's
 * additional information as a JSON string, criteria address the members inside it.
 */
function additionalInfoDocument(finding: WireFinding): unknown {
  const info = finding.service.additionalInfo;
  if (!info) return undefined;
  if (!additionalInfoDocuments.has(info)) {
    let document: unknown;
    try {
      document = JSON.parse(info.value);
    } catch {
      document = undefined;
    }
    additionalInfoDocuments.set(info, document);
  }
  return additionalInfoDocuments.get(info);
}

function findingItself(finding: WireFinding): unknown {
  return finding;
}

function attributeTarget(attribute: string): AttributeTarget {
  if (attribute.startsWith(ADDITIONAL_INFO)) {
    const inner = splitPath(attribute.slice(ADDITIONAL_INFO.length));
    if (!ADDITIONAL_INFO_MEMBERS.has(inner[0] as string)) {
      return { root: additionalInfoDocument, segments: inner };
    }
  }
  return { root: findingItself, segments: splitPath(wirePathOfAttribute(attribute)) };
}

function isScalar(value: unknown): value is Scalar {
  const type = typeof value;
  return type === "string" || type === "number" || type === "boolean";
}

/** Returned by `scalarAt` when the path crosses a list and has to be collected. */
const FAN_OUT: unique symbol = Symbol("fan-out");

/** The value at a path that crosses no list: the common case, walked without allocating. */
function scalarAt(node: unknown, segments: readonly string[]): Scalar | undefined | typeof FAN_OUT {
  let current = node;
  for (let i = 0; i < segments.length; i++) {
    if (typeof current !== "object" || current === null) return undefined;
    if (Array.isArray(current)) return FAN_OUT;
    current = (current as Record<string, unknown>)[segments[i] as string];
  }
  if (Array.isArray(current)) return FAN_OUT;
  return isScalar(current) ? current : undefined;
}

/** Scalars found at a path; reused across findings so matching allocates nothing. */
interface Sink {
  values: Scalar[];
  count: number;
}

function addLeaf(value: unknown, sink: Sink): void {
  if (isScalar(value)) sink.values[sink.count++] = value;
}

/**
 * Collects every scalar at `segments`, fanning out over lists met on the way (the wire lists
 * `s3BucketDetails`, `networkInterfaces`, `securityGroups`, `tags` are addressed without an index)
 * and over a list found at the end (`ipv6Addresses`).
 */
function collect(node: unknown, segments: readonly string[], depth: number, sink: Sink): void {
  let current = node;
  for (let i = depth; i < segments.length; i++) {
    if (Array.isArray(current)) {
      for (const element of current) collect(element, segments, i, sink);
      return;
    }
    if (typeof current !== "object" || current === null) return;
    current = (current as Record<string, unknown>)[segments[i] as string];
  }
  if (Array.isArray(current)) {
    for (const element of current) addLeaf(element, sink);
    return;
  }
  addLeaf(current, sink);
}

/** The first scalar at `segments` in document order, with the same list fan-out as matching. */
export function firstValueAt(
  node: unknown,
  segments: readonly string[],
  depth = 0,
): Scalar | undefined {
  let current = node;
  for (let i = depth; i <= segments.length; i++) {
    if (Array.isArray(current)) {
      for (const element of current) {
        const found = firstValueAt(element, segments, i);
        if (found !== undefined) return found;
      }
      return undefined;
    }
    if (i === segments.length) break;
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[segments[i] as string];
  }
  return isScalar(current) ? current : undefined;
}

// ---------------------------------------------------------------------------------------------
// Time values

/** 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the years toISOString writes in 4 digits. */
const FIRST_CANONICAL_MS = -62_167_219_200_000;
const LAST_CANONICAL_MS = 253_402_300_799_999;

/**
 * `YYYY-MM-DDTHH:MM:SS.sssZ`, what toISOString writes and the store keeps. Its text order is its
 * time order, so such timestamps are compared as text: Date.parse on every finding would cost
 * more than the rest of a 10,000-finding ListFindings together.
 */
function isCanonicalTimestamp(text: string): boolean {
  return (
    text.length === 24 &&
    text.charCodeAt(23) === 90 /* Z */ &&
    text.charCodeAt(19) === 46 /* . */ &&
    text.charCodeAt(10) === 84 /* T */
  );
}

function canonicalFromMs(epochMs: number): string | undefined {
  const representable =
    Number.isInteger(epochMs) && epochMs >= FIRST_CANONICAL_MS && epochMs <= LAST_CANONICAL_MS;
  return representable ? new Date(epochMs).toISOString() : undefined;
}

/** The `YYYY-MM-DDTHH:MM:SS.sssZ` form of an ISO-8601 timestamp; undefined when unparsable. */
export function canonicalTimestamp(text: string): string | undefined {
  return isCanonicalTimestamp(text) ? text : canonicalFromMs(Date.parse(text));
}

// ---------------------------------------------------------------------------------------------
// Matching

export type ValueTest = (value: Scalar) => boolean;

const NUMERIC_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A listed string read as a number; Number() alone would turn "" or "0x1f" into numbers. */
function numericValue(text: string): number | undefined {
  const trimmed = text.trim();
  return NUMERIC_TEXT.test(trimmed) ? Number(trimmed) : undefined;
}

/** Listed values of a time attribute may be epoch milliseconds or ISO strings. */
function timeValue(text: string): number | undefined {
  const numeric = numericValue(text);
  if (numeric !== undefined) return numeric;
  const parsed = Date.parse(text.trim());
  return Number.isNaN(parsed) ? undefined : parsed;
}

function compileEqualityTest(values: readonly string[]): ValueTest {
  const strings = new Set(values);
  const numbers = new Set<number>();
  for (const text of values) {
    const number = numericValue(text);
    if (number !== undefined) numbers.add(number);
  }
  // service.archived and other booleans arrive as "true"/"false" in any case (SDKs send strings).
  const lowered = values.map((text) => text.trim().toLowerCase());
  const matchesTrue = lowered.includes("true");
  const matchesFalse = lowered.includes("false");
  return (value) => {
    if (typeof value === "string") return strings.has(value);
    if (typeof value === "number") return numbers.has(value);
    return value ? matchesTrue : matchesFalse;
  };
}

function compileTimeEqualityTest(values: readonly string[]): ValueTest {
  const instants = new Set<number>();
  const texts = new Set<string>();
  for (const text of values) {
    const epochMs = timeValue(text);
    if (epochMs === undefined) continue;
    instants.add(epochMs);
    const canonical = canonicalFromMs(epochMs);
    if (canonical !== undefined) texts.add(canonical);
  }
  return (value) => {
    if (typeof value === "number") return instants.has(value * 1000);
    if (typeof value !== "string") return false;
    return isCanonicalTimestamp(value) ? texts.has(value) : instants.has(Date.parse(value));
  };
}

type NumberTest = (value: number) => boolean;

function compileNumberTest(operator: RangeOperator, bound: number): NumberTest {
  switch (operator) {
    case "greaterThan":
      return (value) => value > bound;
    case "greaterThanOrEqual":
      return (value) => value >= bound;
    case "lessThan":
      return (value) => value < bound;
    case "lessThanOrEqual":
      return (value) => value <= bound;
  }
}

/** Severity and counts: one closure per operator keeps the hot call shallow. */
function compileRangeTest(operator: RangeOperator, bound: number): ValueTest {
  switch (operator) {
    case "greaterThan":
      return (value) => typeof value === "number" && value > bound;
    case "greaterThanOrEqual":
      return (value) => typeof value === "number" && value >= bound;
    case "lessThan":
      return (value) => typeof value === "number" && value < bound;
    case "lessThanOrEqual":
      return (value) => typeof value === "number" && value <= bound;
  }
}

/** The same range as an inclusive bound in whole milliseconds, the resolution of timestamps. */
function inclusiveMillisecondBound(operator: RangeOperator, bound: number): number {
  switch (operator) {
    case "greaterThan":
      return Math.floor(bound) + 1;
    case "greaterThanOrEqual":
      return Math.ceil(bound);
    case "lessThan":
      return Math.ceil(bound) - 1;
    case "lessThanOrEqual":
      return Math.floor(bound);
  }
}

function compileTimeRangeTest(operator: RangeOperator, bound: number): ValueTest {
  const test = compileNumberTest(operator, bound);
  const isLowerBound = operator === "greaterThan" || operator === "greaterThanOrEqual";
  const boundText = canonicalFromMs(inclusiveMillisecondBound(operator, bound));
  return (value) => {
    // Timestamp members are epoch seconds on the wire; criteria bounds are milliseconds.
    if (typeof value === "number") return test(value * 1000);
    if (typeof value !== "string") return false;
    if (boundText !== undefined && isCanonicalTimestamp(value)) {
      return isLowerBound ? value >= boundText : value <= boundText;
    }
    return test(Date.parse(value));
  };
}

/**
 * The number the range operators compare for `value` of `attribute`: NaN when none can hold, and
 * undefined when no number says it (a string shaped like a canonical timestamp that is not one
 * is compared as text). Mirrors compileRangeTest and compileTimeRangeTest, so that an index may
 * answer a range by searching these numbers; test/sandbox/indexes.test.ts holds the two together.
 */
export function rangeKeyReader(attribute: string): (value: Scalar) => number | undefined {
  if (!isTimeCriteriaAttribute(attribute)) {
    return (value) => (typeof value === "number" ? value : Number.NaN);
  }
  return (value) => {
    // Timestamp members are epoch seconds on the wire; criteria bounds are milliseconds.
    if (typeof value === "number") return value * 1000;
    if (typeof value !== "string") return Number.NaN;
    const epochMs = Date.parse(value);
    if (isCanonicalTimestamp(value) && canonicalFromMs(epochMs) !== value) return undefined;
    return epochMs;
  };
}

export interface CompiledOperation {
  test: ValueTest;
  /** notEquals holds when no value passes `test`, so a missing attribute satisfies it. */
  negate: boolean;
}

function compileOperation(operation: Operation, isTime: boolean): CompiledOperation {
  switch (operation.operator) {
    case "equals":
    case "notEquals": {
      const test = isTime
        ? compileTimeEqualityTest(operation.values)
        : compileEqualityTest(operation.values);
      return { test, negate: operation.operator === "notEquals" };
    }
    default: {
      const test = isTime
        ? compileTimeRangeTest(operation.operator, operation.value)
        : compileRangeTest(operation.operator, operation.value);
      return { test, negate: false };
    }
  }
}

function anyValue(sink: Sink, test: ValueTest): boolean {
  const { values, count } = sink;
  for (let i = 0; i < count; i++) {
    if (test(values[i] as Scalar)) return true;
  }
  return false;
}

type FindingTest = (finding: WireFinding) => boolean;

/** Whether every operation holds for the one value (or no value) found at the path. */
function holdsForValue(
  operations: readonly CompiledOperation[],
  value: Scalar | undefined,
): boolean {
  for (let i = 0; i < operations.length; i++) {
    const { test, negate } = operations[i] as CompiledOperation;
    if ((value !== undefined && test(value)) === negate) return false;
  }
  return true;
}

function holdsForCollected(operations: readonly CompiledOperation[], sink: Sink): boolean {
  for (let i = 0; i < operations.length; i++) {
    const { test, negate } = operations[i] as CompiledOperation;
    if (anyValue(sink, test) === negate) return false;
  }
  return true;
}

/** A criterion's operations as value tests: the same tests the matcher applies. */
export function compileOperations(criterion: Criterion): CompiledOperation[] {
  const isTime = isTimeCriteriaAttribute(criterion.attribute);
  return criterion.operations.map((operation) => compileOperation(operation, isTime));
}

/**
 * Reads the values matching looks at for `attribute`: the one scalar (or undefined) at a path that
 * crosses no list, else a new array of every scalar collected over the lists.
 */
export function attributeReader(
  attribute: string,
): (finding: WireFinding) => Scalar | undefined | Scalar[] {
  const { root, segments } = attributeTarget(attribute);
  const sink: Sink = { values: [], count: 0 };
  return (finding) => {
    const node = root(finding);
    const value = scalarAt(node, segments);
    if (value !== FAN_OUT) return value;
    sink.count = 0;
    collect(node, segments, 0, sink);
    return sink.values.slice(0, sink.count);
  };
}

function compileCriterion(criterion: Criterion): FindingTest {
  const { root, segments } = attributeTarget(criterion.attribute);
  const operations = compileOperations(criterion);
  const sink: Sink = { values: [], count: 0 };
  const onCollected = (node: unknown): boolean => {
    sink.count = 0;
    collect(node, segments, 0, sink);
    return holdsForCollected(operations, sink);
  };
  const [only] = operations;
  if (operations.length === 1 && only) {
    // The usual one-operator condition, without the loop.
    const { test, negate } = only;
    return (finding) => {
      const node = root(finding);
      const value = scalarAt(node, segments);
      if (value === FAN_OUT) return onCollected(node);
      return (value !== undefined && test(value)) !== negate;
    };
  }
  return (finding) => {
    const node = root(finding);
    const value = scalarAt(node, segments);
    return value === FAN_OUT ? onCollected(node) : holdsForValue(operations, value);
  };
}

/**
 * A predicate for findings matching every criterion. The returned function reuses internal
 * buffers: call it synchronously (it is not reentrant), which is how filtering uses it.
 */
export function compileCriteria(criteria: Criterion[]): (finding: WireFinding) => boolean {
  // AND is order-free: shallow paths (severity, updatedAt) are cheap and reject most findings
  // before deep ones that may fan out over lists are walked.
  const byDepth = [...criteria].sort(
    (a, b) => splitPath(a.attribute).length - splitPath(b.attribute).length,
  );
  const tests = byDepth.map(compileCriterion);
  if (tests.length === 0) return () => true;
  return (finding) => {
    for (let i = 0; i < tests.length; i++) {
      if (!(tests[i] as FindingTest)(finding)) return false;
    }
    return true;
  };
}

// ---------------------------------------------------------------------------------------------
// Sorting

const TYPE_RANK = { boolean: 0, number: 1, string: 2 } as const;

function compareScalars(a: Scalar, b: Scalar): number {
  const typeA = typeof a as keyof typeof TYPE_RANK;
  const typeB = typeof b as keyof typeof TYPE_RANK;
  if (typeA !== typeB) return TYPE_RANK[typeA] - TYPE_RANK[typeB];
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

function sortKey(finding: WireFinding, target: AttributeTarget, isTime: boolean) {
  const value = firstValueAt(target.root(finding), target.segments);
  // Timestamps without milliseconds would sort after ones with them as plain text.
  if (isTime && typeof value === "string") return canonicalTimestamp(value) ?? value;
  return value;
}

type IndexComparator = (a: number, b: number) => number;

/** Compares positions in `keys`; equal keys keep position order, whatever the direction. */
function keyComparator(keys: readonly Scalar[], direction: 1 | -1): IndexComparator {
  // Monomorphic comparators for the usual all-number / all-text keys sort several times faster.
  if (keys.every((key) => typeof key === "number")) {
    const numbers = keys as readonly number[];
    return (a, b) => direction * ((numbers[a] as number) - (numbers[b] as number)) || a - b;
  }
  if (keys.every((key) => typeof key === "string")) {
    const texts = keys as readonly string[];
    return (a, b) => {
      const left = texts[a] as string;
      const right = texts[b] as string;
      if (left === right) return a - b;
      return left < right ? -direction : direction;
    };
  }
  return (a, b) => direction * compareScalars(keys[a] as Scalar, keys[b] as Scalar) || a - b;
}

/**
 * Positions in `findings` ordered by the first value at `sort.attributeName`. Findings without a
 * value go last in both orders, and equal keys keep their input order.
 */
export function sortedPositions(findings: readonly WireFinding[], sort: SortCriteria): Int32Array {
  const target = attributeTarget(sort.attributeName);
  const isTime = isTimeCriteriaAttribute(sort.attributeName);
  const present: number[] = [];
  const keys: Scalar[] = [];
  const missing: number[] = [];
  for (let position = 0; position < findings.length; position++) {
    const key = sortKey(findings[position] as WireFinding, target, isTime);
    if (key === undefined) {
      missing.push(position);
    } else {
      present.push(position);
      keys.push(key);
    }
  }
  const order = keys.map((_, index) => index);
  order.sort(keyComparator(keys, sort.orderBy === "DESC" ? -1 : 1));
  const sorted = new Int32Array(findings.length);
  let next = 0;
  for (const index of order) sorted[next++] = present[index] as number;
  for (const position of missing) sorted[next++] = position;
  return sorted;
}

/**
 * A new array ordered by the first value at `sort.attributeName`. Findings without a value go
 * last in both orders, and equal keys keep their input order.
 */
export function sortFindings(
  findings: readonly WireFinding[],
  sort: SortCriteria | undefined,
): WireFinding[] {
  if (!sort) return [...findings];
  return Array.from(
    sortedPositions(findings, sort),
    (position) => findings[position] as WireFinding,
  );
}
