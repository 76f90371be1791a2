/**
 * Compiled execution: graphql-jit turns an operation into a function once, instead of graphql's
 * interpreter walking the document for every field of every request (a page of 50 findings with
 * full details resolves several thousand fields). Answers are the same, data and errors alike
 * (test/graphql/compiled-execution.test.ts compares both paths on every example operation).
 *
 * Yoga's own executor still runs what graphql-jit cannot run the same way:
 * - operations carrying any directive but @include/@skip: @defer and @stream change the shape of
 *   the response (incremental delivery), which graphql-jit does not implement;
 * - subscriptions (graphql-jit's subscribe path is not used here);
 * - federation's `_entities` (routers' lookups): graphql-jit coerces its `_Any` representations
 *   differently, and routers' documents are few and varied;
 * - a document graphql-jit fails to compile.
 * A request graphql-jit rejects before running anything (variables that do not coerce) is answered
 * by Yoga's executor too, so that error reads and sets the HTTP status exactly as it always has.
 * A document is compiled on its second execution, not its first: compiling costs several
 * executions' worth of CPU, so a query sent once (or a stream of distinct queries from a hostile
 * client) never pays more than the interpreter would.
 * https://github.com/zalando-incubator/graphql-jit
 */
import {
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  Kind,
  locatedError,
  type OperationDefinitionNode,
  type SelectionSetNode,
  visit,
} from "graphql";
import { type CompiledQuery, compileQuery, isCompiledQuery } from "graphql-jit";
import type { Plugin } from "graphql-yoga";

/** Directives graphql-jit evaluates as graphql-js does. */
const JIT_DIRECTIVES = new Set(["include", "skip"]);
/** Fields left to Yoga's executor (see the module comment). */
const INTERPRETED_FIELDS = new Set(["_entities"]);

/** Executions of an operation before it is compiled (see the module comment). */
const COMPILE_FROM_EXECUTION = 2;

function runsAsCompiled(document: DocumentNode): boolean {
  let supported = true;
  visit(document, {
    Directive(node) {
      if (!JIT_DIRECTIVES.has(node.name.value)) supported = false;
    },
    Field(node) {
      if (INTERPRETED_FIELDS.has(node.name.value)) supported = false;
    },
  });
  return supported;
}

function operationOf(args: ExecutionArgs): OperationDefinitionNode | undefined {
  const operations = args.document.definitions.filter(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (args.operationName) {
    return operations.find((operation) => operation.name?.value === args.operationName);
  }
  return operations.length === 1 ? operations[0] : undefined;
}

/** Whether graphql-jit runs this operation as Yoga's executor does (see the module comment). */
export function isCompilable(args: ExecutionArgs): boolean {
  const operation = operationOf(args);
  if (!operation || operation.operation === "subscription") return false;
  return runsAsCompiled(args.document);
}

type Compiled = CompiledQuery | "interpreted";

function compile(args: ExecutionArgs): Compiled {
  if (!isCompilable(args)) return "interpreted";
  try {
    const compiled = compileQuery(args.schema, args.document, args.operationName ?? undefined, {
      // Field errors carry no stack trace: responses never show one, the log shows the
      // resolver's own error, and capturing one per error costs CPU.
      disablingCapturingStackErrors: true,
    });
    return isCompiledQuery(compiled) ? compiled : "interpreted";
  } catch {
    return "interpreted";
  }
}

interface Entry {
  executions: number;
  compiled?: Compiled;
}

/** The compiled operation for these arguments, or undefined to run Yoga's executor. */
function compiledFor(
  cache: WeakMap<DocumentNode, Map<string, Entry>>,
  args: ExecutionArgs,
): CompiledQuery | undefined {
  // An operation name the document does not define gets graphql's own error, and no entry:
  // names sent by a client must not grow the cache.
  if (!operationOf(args)) return undefined;
  let operations = cache.get(args.document);
  if (!operations) {
    operations = new Map();
    cache.set(args.document, operations);
  }
  const name = args.operationName ?? "";
  let entry = operations.get(name);
  if (!entry) {
    entry = { executions: 0 };
    operations.set(name, entry);
  }
  if (entry.compiled === undefined) {
    entry.executions += 1;
    if (entry.executions < COMPILE_FROM_EXECUTION) return undefined;
    entry.compiled = compile(args);
  }
  return entry.compiled === "interpreted" ? undefined : entry.compiled;
}

/** The fields named `key` (response key) in `sets`, through fragments. */
function fieldsWithKey(
  sets: readonly SelectionSetNode[],
  key: string,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): FieldNode[] {
  const found: FieldNode[] = [];
  const visited = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if ((selection.alias ?? selection.name).value === key) found.push(selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
      } else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  for (const set of sets) walk(set);
  return found;
}

/** The field nodes an error's response path ends at. */
function nodesAt(args: ExecutionArgs, path: readonly (string | number)[]): FieldNode[] {
  const operation = operationOf(args);
  if (!operation) return [];
  const fragments = new Map(
    args.document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  let sets: SelectionSetNode[] = [operation.selectionSet];
  let nodes: FieldNode[] = [];
  for (const key of path) {
    if (typeof key === "number") continue;
    nodes = fieldsWithKey(sets, key, fragments);
    sets = nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  }
  return nodes;
}

/**
 * graphql-jit's errors name their locations but not their AST nodes, and Yoga rebuilds every
 * error from its nodes before answering (dropping the locations). Each becomes the error
 * graphql's executor makes: `locatedError` of what the resolver threw, at the same nodes.
 */
function asGraphQLErrors(args: ExecutionArgs, errors: readonly GraphQLError[]): GraphQLError[] {
  return errors.map((error) => {
    if (error.nodes) return error;
    const path = error.path ?? [];
    return locatedError(error.originalError ?? error, nodesAt(args, path), path);
  });
}

/** A result with no data at all: the request failed before execution (variables). */
function failedBeforeExecution(result: ExecutionResult): boolean {
  return result.data === undefined;
}

/**
 * Runs operations through graphql-jit where it can (see the module comment). Documents are
 * keyed by identity: Yoga's parse cache hands out the same DocumentNode for the same query text,
 * and a WeakMap lets a compiled operation go when its document leaves that cache.
 */
export function useCompiledExecution(): Plugin {
  const cache = new WeakMap<DocumentNode, Map<string, Entry>>();
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const compiled = compiledFor(cache, args);
      if (!compiled) return;
      setExecuteFn(async (execution) => {
        const result = (await compiled.query(
          execution.rootValue,
          execution.contextValue,
          execution.variableValues,
        )) as ExecutionResult;
        if (failedBeforeExecution(result)) return executeFn(execution);
        if (result.errors?.length) {
          return { ...result, errors: asGraphQLErrors(execution, result.errors) };
        }
        return result;
      });
    },
  };
}
