/**
 * Per-attribute indexes over one detector's findings, so a ListFindings or GetFindingsStatistics
 * with a criterion never seen before does not walk every finding's JSON again.
 *
 * An attribute's column holds, for each finding position (insertion order), a code into a
 * dictionary of the distinct values found at the attribute: code 0 for no value, a negative code
 * for a finding with several values (paths that cross a list). A criterion's value tests then run
 * once per distinct value instead of once per finding, and a criterion is applied by looking its
 * answer up per position. The values are read and tested by the same functions the matcher in
 * criteria.ts uses, so an indexed answer is the scan's answer (test/sandbox/indexes.test.ts
 * compares them).
 *
 * Columns are built lazily, one per attribute a query names, and live in the operations' memo: they
 * are dropped with every other memoized result when state changes, and count against its bounds.
 */
import {
  attributeReader,
  type CompiledOperation,
  type Criterion,
  compileOperations,
  type Operation,
  type RangeOperator,
  rangeKeyReader,
  type Scalar,
} from "./criteria.js";
import type { WireFinding } from "./store.js";

export interface AttributeColumn {
  /** Distinct values; index 0 stands for "no value" and matches no value test. */
  dictionary: (Scalar | undefined)[];
  /** Per position: the code of its one value, or -(k + 1) for `lists[k]`. */
  codes: Int32Array;
  /** Codes of findings with more than one value at the attribute. */
  lists: Int32Array[];
  /** Per code: findings whose only value it is. */
  frequency: Int32Array;
  /** The codes in the order of their range keys, built by the first range criterion needing it. */
  ranges?: RangeOrder | null;
}

/** Codes with a range key, ordered by it; null when some value has no exact key. */
interface RangeOrder {
  keys: Float64Array;
  codes: Int32Array;
}

/** Positions in ascending order; undefined stands for every finding. */
export type Positions = Int32Array | undefined;

export function buildColumn(findings: readonly WireFinding[], attribute: string): AttributeColumn {
  const read = attributeReader(attribute);
  const dictionary: (Scalar | undefined)[] = [undefined];
  // A Map keeps 5 and "5" (and true and "true") apart, as the value tests do.
  const codeOf = new Map<Scalar, number>();
  const intern = (value: Scalar): number => {
    let code = codeOf.get(value);
    if (code === undefined) {
      code = dictionary.length;
      dictionary.push(value);
      codeOf.set(value, code);
    }
    return code;
  };
  const codes = new Int32Array(findings.length);
  const lists: Int32Array[] = [];
  for (let position = 0; position < findings.length; position++) {
    const value = read(findings[position] as WireFinding);
    if (value === undefined) continue;
    if (!Array.isArray(value)) {
      codes[position] = intern(value);
    } else if (value.length === 1) {
      // One collected value tests exactly like a single value, and none like a missing one.
      codes[position] = intern(value[0] as Scalar);
    } else if (value.length > 1) {
      lists.push(Int32Array.from(value, intern));
      codes[position] = -lists.length;
    }
  }
  flattenStrings(dictionary);
  const frequency = new Int32Array(dictionary.length);
  for (const code of codes) if (code >= 0) frequency[code] = (frequency[code] as number) + 1;
  return { dictionary, codes, lists, frequency };
}

/**
 * Replaces the dictionary's strings with equal, freshly parsed ones. Strings built piece by piece
 * may be held by V8 as ropes (concatenations), which every comparison walks again; a time range
 * over 50,000 such timestamps measured tens of milliseconds, over parsed copies about one.
 */
function flattenStrings(dictionary: (Scalar | undefined)[]): void {
  const at: number[] = [];
  const texts: string[] = [];
  dictionary.forEach((value, code) => {
    if (typeof value === "string") {
      at.push(code);
      texts.push(value);
    }
  });
  const copies = JSON.parse(JSON.stringify(texts)) as string[];
  at.forEach((code, index) => {
    dictionary[code] = copies[index];
  });
}

/** What a column costs in the memo's bounds: one item per finding. */
export function columnWeight(column: AttributeColumn): number {
  return column.codes.length;
}

function rangeOrder(column: AttributeColumn, attribute: string): RangeOrder | null {
  if (column.ranges !== undefined) return column.ranges;
  const keyOf = rangeKeyReader(attribute);
  const keyed: number[] = [];
  const keys: number[] = [];
  let exact = true;
  column.dictionary.forEach((value, code) => {
    if (value === undefined || !exact) return;
    const key = keyOf(value);
    if (key === undefined) exact = false;
    else if (!Number.isNaN(key)) {
      keyed.push(code);
      keys.push(key);
    }
  });
  const order = keyed
    .map((_, index) => index)
    .sort((a, b) => (keys[a] as number) - (keys[b] as number));
  column.ranges = exact
    ? {
        keys: Float64Array.from(order, (index) => keys[index] as number),
        codes: Int32Array.from(order, (index) => keyed[index] as number),
      }
    : null;
  return column.ranges;
}

/** The first index in ascending `keys` whose key is past `bound` (or at it, when `inclusive`). */
function lowerIndex(keys: Float64Array, bound: number, inclusive: boolean): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const key = keys[middle] as number;
    if (inclusive ? key < bound : key <= bound) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The slice [from, to) of a range order that every range operation holds for. */
function rangeSlice(keys: Float64Array, operations: readonly Operation[]): [number, number] {
  let from = 0;
  let to = keys.length;
  for (const operation of operations) {
    const { value } = operation as { operator: RangeOperator; value: number };
    switch (operation.operator) {
      case "greaterThan":
        from = Math.max(from, lowerIndex(keys, value, false));
        break;
      case "greaterThanOrEqual":
        from = Math.max(from, lowerIndex(keys, value, true));
        break;
      case "lessThan":
        to = Math.min(to, lowerIndex(keys, value, true));
        break;
      case "lessThanOrEqual":
        to = Math.min(to, lowerIndex(keys, value, false));
        break;
    }
  }
  return [from, Math.max(from, to)];
}

function isRange(operation: Operation): boolean {
  return operation.operator !== "equals" && operation.operator !== "notEquals";
}

/** Dictionaries up to this size are tested in full up front, which also estimates selectivity. */
const FULL_TABLE_LIMIT = 4096;

const UNKNOWN = 0;
const HOLDS = 1;
const FAILS = 2;

/** One criterion bound to its column, with its answers per code filled in as they are needed. */
class CriterionPlan {
  /** Per code: UNKNOWN, HOLDS or FAILS for a finding with that code as its only value. */
  private readonly answers: Uint8Array;
  /** Findings it may keep: exact for single values, every multi-valued finding counted. */
  readonly estimate: number;
  private readonly operations: readonly CompiledOperation[];
  /** Whether `answers` holds every code's answer (a full table, or a searched range). */
  private readonly complete: boolean;

  constructor(
    readonly column: AttributeColumn,
    criterion: Criterion,
    fullTableLimit: number,
  ) {
    this.operations = compileOperations(criterion);
    this.answers = new Uint8Array(column.dictionary.length);
    if (column.dictionary.length > fullTableLimit) {
      const estimate = this.answerRanges(criterion);
      this.complete = estimate !== undefined;
      this.estimate = estimate ?? column.codes.length;
      return;
    }
    this.complete = true;
    let estimate = column.lists.length;
    for (let code = 0; code < column.dictionary.length; code++) {
      if (this.holdsFor(code)) estimate += column.frequency[code] as number;
    }
    this.estimate = estimate;
  }

  /**
   * Ranges over a large dictionary (timestamps): the codes that hold are one slice of the
   * column's range order, found by binary search instead of testing every value. Returns the
   * estimate, or undefined when the criterion or the column does not allow it.
   */
  private answerRanges(criterion: Criterion): number | undefined {
    if (!criterion.operations.every(isRange)) return undefined;
    const order = rangeOrder(this.column, criterion.attribute);
    if (!order) return undefined;
    const [from, to] = rangeSlice(order.keys, criterion.operations);
    // Findings with several values are still tested value by value (holdsForList).
    this.answers.fill(FAILS);
    let estimate = this.column.lists.length;
    for (let index = from; index < to; index++) {
      const code = order.codes[index] as number;
      this.answers[code] = HOLDS;
      estimate += this.column.frequency[code] as number;
    }
    return estimate;
  }

  /** The answers per code, when all are known and no finding has several values. */
  completeTable(): Uint8Array | undefined {
    return this.complete && this.column.lists.length === 0 ? this.answers : undefined;
  }

  holdsAt(position: number): boolean {
    const code = this.column.codes[position] as number;
    return code >= 0 ? this.holdsFor(code) : this.holdsForList(-code - 1);
  }

  private holdsFor(code: number): boolean {
    let answer = this.answers[code];
    if (answer === UNKNOWN) {
      answer = this.test(code) ? HOLDS : FAILS;
      this.answers[code] = answer;
    }
    return answer === HOLDS;
  }

  /** Every operation holds for the one value (or no value): notEquals holds for no value. */
  private test(code: number): boolean {
    const value = this.column.dictionary[code];
    for (const { test, negate } of this.operations) {
      if ((value !== undefined && test(value)) === negate) return false;
    }
    return true;
  }

  /** Each operation over all values: equals holds if any value is listed, notEquals if none is. */
  private holdsForList(index: number): boolean {
    const list = this.column.lists[index] as Int32Array;
    const { dictionary } = this.column;
    for (const { test, negate } of this.operations) {
      let any = false;
      for (const code of list) {
        if (test(dictionary[code] as Scalar)) {
          any = true;
          break;
        }
      }
      if (any === negate) return false;
    }
    return true;
  }
}

function keep(plan: CriterionPlan, candidates: Positions, count: number): Int32Array {
  const kept = new Int32Array(candidates ? candidates.length : count);
  let next = 0;
  const table = plan.completeTable();
  if (table) {
    // Every answer is known and every finding has one code: a plain lookup per position.
    const { codes } = plan.column;
    if (candidates) {
      for (let i = 0; i < candidates.length; i++) {
        const position = candidates[i] as number;
        if (table[codes[position] as number] === HOLDS) kept[next++] = position;
      }
    } else {
      for (let position = 0; position < count; position++) {
        if (table[codes[position] as number] === HOLDS) kept[next++] = position;
      }
    }
    return kept.slice(0, next);
  }
  if (candidates) {
    for (const position of candidates) if (plan.holdsAt(position)) kept[next++] = position;
  } else {
    for (let position = 0; position < count; position++) {
      if (plan.holdsAt(position)) kept[next++] = position;
    }
  }
  return kept.slice(0, next);
}

/** Criteria whose answers are all known, applied together in one pass over the positions. */
function keepAll(plans: readonly CriterionPlan[], tables: readonly Uint8Array[], count: number) {
  const codes = plans.map((plan) => plan.column.codes);
  const kept = new Int32Array(count);
  let next = 0;
  positions: for (let position = 0; position < count; position++) {
    for (let k = 0; k < tables.length; k++) {
      const code = (codes[k] as Int32Array)[position] as number;
      if ((tables[k] as Uint8Array)[code] !== HOLDS) continue positions;
    }
    kept[next++] = position;
  }
  return kept.slice(0, next);
}

/**
 * Positions of the findings matching every criterion, out of `count`. The most selective
 * criteria go first, so the rest are asked only about the findings still in.
 */
export function matchPositions(
  criteria: readonly Criterion[],
  count: number,
  columnOf: (attribute: string) => AttributeColumn,
  fullTableLimit = FULL_TABLE_LIMIT,
): Positions {
  const plans = criteria
    .map((criterion) => new CriterionPlan(columnOf(criterion.attribute), criterion, fullTableLimit))
    .sort((a, b) => a.estimate - b.estimate);
  const tables = plans.map((plan) => plan.completeTable());
  if (plans.length > 1 && tables.every((table) => table !== undefined)) {
    return keepAll(plans, tables as Uint8Array[], count);
  }
  let candidates: Positions;
  for (const plan of plans) {
    candidates = keep(plan, candidates, count);
    if (candidates.length === 0) break;
  }
  return candidates;
}

/**
 * The findings of `positions` in the order of `order` (every position, sorted): a stable sort of
 * the whole detector cut down to the matches is the stable sort of the matches themselves.
 */
export function inOrder(positions: Positions, order: Int32Array): Int32Array {
  if (!positions) return order;
  const selected = new Uint8Array(order.length);
  for (const position of positions) selected[position] = 1;
  const result = new Int32Array(positions.length);
  let next = 0;
  for (const position of order) if (selected[position] === 1) result[next++] = position;
  return result;
}
