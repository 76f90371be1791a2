/**
 * Estimates the GuardDuty calls an operation will make, before it runs, from the costs its
 * fields declare (upstream-cost.ts) and the arguments it passes (inline or as variables).
 *
 * The walk follows execution rather than the document: fields are collected per response key
 * the way graphql-js collects them (fragments and inline fragments merged, each fragment spread
 * once per selection set, @skip/@include applied), arguments are coerced the way execution
 * coerces them, and each field is visited once with the number of times it will resolve (the
 * product of the list sizes above it). A document visitor cannot know those multiplicities.
 *
 * Batching is modelled as DataLoader does it: lookups of one kind asked for together (sibling
 * aliases, the items of one page) share calls, in chunks of the batch size, per detector. Lookups
 * that can only start after a field's own call (the findings of a page) are counted per
 * resolution. Where the shape cannot be known (a page GuardDuty answers empty but with a token),
 * the estimate counts the ordinary case; the budget still stops the calls at run time.
 */
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  GraphQLIncludeDirective,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  GraphQLSkipDirective,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getVariableValues,
  isAbstractType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  typeFromAST,
} from "graphql";
import { ErrorCode } from "../errors.js";
import { entitiesUpstream } from "./node-cost.js";
import {
  BATCH_SIZES,
  type CostScope,
  type FieldUpstream,
  fieldUpstream,
  getDetectorOnce,
  listLength,
  type UpstreamCost,
} from "./upstream-cost.js";

/** Field visits before the estimate gives up and calls the operation too large. */
export const MAX_ESTIMATE_STEPS = 10_000;

/** Fields a plugin adds, which carry no extensions of ours. */
const FIELDS_DEFINED_ELSEWHERE: Readonly<Record<string, FieldUpstream>> = {
  "Query._entities": entitiesUpstream,
  // The relay plugin defines the id field; its account part needs GetDetector unless the
  // detector was reached by a global id, which carries it.
  "Detector.id": {
    cost: ({ scope }) =>
      scope.accountKnown ? {} : { once: getDetectorOnce(scope.id, scope.instances) },
  },
};

export interface EstimateInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null | undefined;
  variableValues?: Readonly<Record<string, unknown>> | null | undefined;
  regions: readonly string[];
}

export interface Estimate {
  /** GuardDuty calls the operation is expected to make; Infinity when too large to walk. */
  calls: number;
}

interface Group {
  id: string;
  instances: number;
}

/** Where a field sits: how often it resolves, and what its lookups are batched with. */
interface Position {
  total: number;
  scope: CostScope;
  group: Group;
  perGroup: number;
  path: string;
  shape: string;
  /** The coerced arguments of the field whose selection this is. */
  parentArgs: Record<string, unknown>;
}

class TooLarge extends Error {}

/** The calls counted so far: direct ones, shared ones (by name) and batches (by bucket). */
class Tally {
  private calls = 0;
  private readonly once = new Map<string, number>();
  private readonly batches = new Map<string, { size: number; instances: number; keys: number }>();

  add(cost: UpstreamCost, at: Position): void {
    const own = cost.calls ?? 0;
    this.calls += at.total * own;
    for (const [name, calls] of Object.entries(cost.once ?? {})) {
      this.once.set(name, Math.max(this.once.get(name) ?? 0, calls));
    }
    for (const lookup of cost.lookups ?? []) {
      const size = BATCH_SIZES[lookup.operation];
      if (own > 0) {
        // Sent after the field's own call answers: a batch of its own each time.
        this.calls += at.total * Math.ceil(lookup.keys / size);
      } else if (lookup.scope && lookup.shared) {
        this.batch(`${lookup.operation}@${lookup.scope}`, size, 1, at.total * lookup.keys);
      } else if (lookup.scope) {
        this.batch(`${lookup.operation}@${at.shape}@${lookup.scope}`, size, at.total, lookup.keys);
      } else {
        this.batch(
          `${lookup.operation}@${at.group.id}`,
          size,
          at.group.instances,
          at.perGroup * lookup.keys,
        );
      }
    }
  }

  total(): number {
    let total = this.calls;
    for (const calls of this.once.values()) total += calls;
    for (const batch of this.batches.values()) {
      total += batch.instances * Math.ceil(batch.keys / batch.size);
    }
    return total;
  }

  private batch(bucket: string, size: number, instances: number, keys: number): void {
    const batch = this.batches.get(bucket) ?? { size, instances: 0, keys: 0 };
    batch.instances = Math.max(batch.instances, instances);
    batch.keys += keys;
    this.batches.set(bucket, batch);
  }
}

function operationOf(
  document: DocumentNode,
  name: string | null | undefined,
): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (name) return operations.find((operation) => operation.name?.value === name);
  return operations.length === 1 ? operations[0] : undefined;
}

function listBoundError(
  field: string,
  node: FieldNode,
  argument: string,
  max: number,
  got: number,
) {
  return new GraphQLError(`${field}(${argument}:) takes at most ${max} items; got ${got}`, {
    nodes: node,
    extensions: { code: ErrorCode.BAD_USER_INPUT, argumentName: argument, maxItems: max },
  });
}

/** The possible object types a selection on `type` runs against. */
function runtimeTypes(schema: GraphQLSchema, type: GraphQLNamedType): readonly GraphQLObjectType[] {
  if (isAbstractType(type)) return schema.getPossibleTypes(type);
  return isObjectType(type) ? [type] : [];
}

class Walk {
  private steps = 0;
  readonly tally = new Tally();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown>,
    private readonly regions: readonly string[],
  ) {}

  selection(type: GraphQLObjectType, sets: readonly SelectionSetNode[], at: Position): void {
    const fields = new Map<string, FieldNode[]>();
    const spread = new Set<string>();
    for (const set of sets) this.collect(type, set, fields, spread);
    for (const [key, nodes] of fields) {
      const name = (nodes[0] as FieldNode).name.value;
      this.field(type, nodes, {
        ...at,
        path: at.path ? `${at.path}.${key}` : key,
        shape: at.shape ? `${at.shape}.${name}` : name,
      });
    }
  }

  /** graphql-js's CollectFields: response key -> field nodes, for one runtime type. */
  private collect(
    type: GraphQLObjectType,
    set: SelectionSetNode,
    fields: Map<string, FieldNode[]>,
    spread: Set<string>,
  ): void {
    for (const selection of set.selections) {
      if (!this.included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        fields.set(key, [...(fields.get(key) ?? []), selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (this.applies(selection.typeCondition, type)) {
          this.collect(type, selection.selectionSet, fields, spread);
        }
      } else {
        const name = selection.name.value;
        if (spread.has(name)) continue;
        spread.add(name);
        const fragment = this.fragments.get(name);
        if (fragment && this.applies(fragment.typeCondition, type)) {
          this.collect(type, fragment.selectionSet, fields, spread);
        }
      }
    }
  }

  private included(node: Parameters<typeof getDirectiveValues>[1]): boolean {
    if (getDirectiveValues(GraphQLSkipDirective, node, this.variables)?.if === true) return false;
    return getDirectiveValues(GraphQLIncludeDirective, node, this.variables)?.if !== false;
  }

  private applies(
    condition: Parameters<typeof typeFromAST>[1] | undefined,
    type: GraphQLObjectType,
  ): boolean {
    if (!condition) return true;
    const conditionType = typeFromAST(this.schema, condition);
    if (conditionType === type) return true;
    return (
      conditionType !== undefined &&
      isAbstractType(conditionType) &&
      this.schema.isSubType(conditionType, type)
    );
  }

  private field(parent: GraphQLObjectType, nodes: readonly FieldNode[], at: Position): void {
    this.steps += 1;
    if (this.steps > MAX_ESTIMATE_STEPS) throw new TooLarge();
    const node = nodes[0] as FieldNode;
    const name = node.name.value;
    // Introspection and __typename never reach GuardDuty.
    if (name.startsWith("__")) return;
    const definition = parent.getFields()[name];
    if (!definition) return;
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(definition, node, this.variables);
    } catch {
      // Execution refuses this field's arguments before its resolver runs: nothing below runs.
      return;
    }
    const declared =
      fieldUpstream(definition.extensions) ?? FIELDS_DEFINED_ELSEWHERE[`${parent.name}.${name}`];
    for (const [argument, max] of Object.entries(declared?.bounds ?? {})) {
      const got = listLength(args[argument]);
      if (got > max) throw listBoundError(name, node, argument, max, got);
    }
    const cost =
      declared?.cost?.({
        args,
        regions: this.regions,
        scope: at.scope,
        path: at.path,
        shape: at.shape,
        parentArgs: at.parentArgs,
      }) ?? {};
    this.tally.add(cost, at);
    const sets = nodes.flatMap((field) => (field.selectionSet ? [field.selectionSet] : []));
    if (sets.length === 0) return;
    if (cost.byType) {
      for (const [typename, part] of Object.entries(cost.byType)) {
        const type = this.schema.getType(typename);
        if (isObjectType(type)) {
          this.selection(type, sets, {
            ...below(at, cost, part.items, part.scope, `:${typename}`),
            parentArgs: args,
          });
        }
      }
      return;
    }
    for (const type of runtimeTypes(this.schema, getNamedType(definition.type))) {
      this.selection(type, sets, {
        ...below(at, cost, cost.items ?? 1, cost.scope, ""),
        parentArgs: args,
      });
    }
  }
}

/**
 * The position of a field's selection: `items` more resolutions each time; a new batching group
 * when the field waits for calls of its own (its results arrive in their own tick), or when it
 * names the detectors below it.
 */
function below(
  at: Position,
  cost: UpstreamCost,
  items: number,
  scope: CostScope | undefined,
  suffix: string,
): Position {
  const total = at.total * items;
  const nextScope = scope
    ? { ...scope, instances: scope.shared ? scope.instances : at.total * scope.instances }
    : at.scope;
  // Per detector of a shared scope: what every resolution above hands it.
  const each = scope ? (scope.shared ? at.total * scope.each : scope.each) : items;
  const waits = (cost.calls ?? 0) > 0 || (cost.lookups?.length ?? 0) > 0;
  if (waits) {
    return {
      ...at,
      total,
      scope: nextScope,
      group: { id: `${at.path}${suffix}`, instances: scope ? nextScope.instances : at.total },
      perGroup: each,
    };
  }
  if (scope) {
    return {
      ...at,
      total,
      scope: nextScope,
      group: { id: nextScope.id, instances: nextScope.instances },
      perGroup: each,
    };
  }
  return { ...at, total, perGroup: at.perGroup * items };
}

/**
 * The estimate, or undefined when execution will refuse the operation before anything runs
 * (no such operation, variables that do not coerce). Throws a BAD_USER_INPUT GraphQLError when
 * a list argument is over its bound.
 */
export function estimateUpstreamCalls(input: EstimateInput): Estimate | undefined {
  const operation = operationOf(input.document, input.operationName);
  if (!operation) return undefined;
  const root = input.schema.getRootType(operation.operation);
  if (!root) return undefined;
  const variables = getVariableValues(
    input.schema,
    operation.variableDefinitions ?? [],
    input.variableValues ?? {},
    { maxErrors: 1 },
  );
  if (variables.errors) return undefined;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of input.document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition);
    }
  }
  const walk = new Walk(input.schema, fragments, variables.coerced, input.regions);
  const request: CostScope = { id: "request", instances: 1, each: 1 };
  try {
    walk.selection(root, [operation.selectionSet], {
      total: 1,
      scope: request,
      group: { id: "request", instances: 1 },
      perGroup: 1,
      path: "",
      shape: "",
      parentArgs: {},
    });
  } catch (error) {
    if (error instanceof TooLarge) return { calls: Number.POSITIVE_INFINITY };
    throw error;
  }
  return { calls: walk.tally.total() };
}
