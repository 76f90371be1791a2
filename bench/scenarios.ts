/**
 * What the benchmark asks the gateway: every query in schema/operations, the findings-page
 * scenarios, and the trivial query that shows the server's own ceiling. Each carries the fewest
 * GuardDuty calls it can cost (README, "Batching"), which the run compares with the calls the
 * sandbox's call log records.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  buildSchema,
  type GraphQLField,
  type GraphQLNamedType,
  getNamedType,
  isLeafType,
  isObjectType,
  isUnionType,
  Kind,
  type OperationDefinitionNode,
  parse,
} from "graphql";
import { findingTypesOf } from "../src/sandbox/catalog.js";
import type { PublicIdentity } from "../src/sandbox/sandbox.js";
import { ROOT } from "./processes.js";

export interface Scenario {
  name: string;
  query: string;
  operationName?: string;
  variables: Record<string, unknown>;
  /** The fewest GuardDuty calls one request can make; a range when the data decides. */
  minimumCalls: { min: number; max: number } | undefined;
  /** Compared with the direct-SDK and plain-fetch clients making the same calls. */
  main?: boolean;
}

/** Fields that lead to other findings or detectors rather than into this finding. */
const LINK_TYPES = new Set(["Finding", "Detector"]);

/**
 * Every field below `type` (union members spelled out), without arguments, deprecated aliases
 * or links: the whole finding as GetFindings returns it.
 */
export function fullSelection(type: GraphQLNamedType, levels = Number.POSITIVE_INFINITY): string {
  if (isUnionType(type)) {
    const members = type.getTypes().flatMap((member) => {
      const inner = fullSelection(member, levels);
      return inner ? [`... on ${member.name} ${inner}`] : [];
    });
    return `{ __typename ${members.join(" ")} }`;
  }
  if (!isObjectType(type) || levels < 1) return "";
  const fields = Object.values(type.getFields())
    .filter(selectable)
    .flatMap((field) => {
      const named = getNamedType(field.type);
      if (isLeafType(named)) return [field.name];
      // An object with nothing left to select cannot be asked for at all.
      const inner = fullSelection(named, levels - 1);
      return inner ? [`${field.name} ${inner}`] : [];
    });
  return fields.length > 0 ? `{ ${fields.join(" ")} }` : "";
}

function selectable(field: GraphQLField<unknown, unknown>): boolean {
  return (
    field.args.length === 0 &&
    !field.deprecationReason &&
    !LINK_TYPES.has(getNamedType(field.type).name)
  );
}

/**
 * The finding to `levels` levels of objects (all of it by default), read from the committed SDL
 * (schema/schema.graphql).
 */
export function fullFindingSelection(levels = Number.POSITIVE_INFINITY): string {
  const sdl = readFileSync(join(ROOT, "schema/schema.graphql"), "utf8");
  // The subgraph SDL uses federation directives it does not define.
  const schema = buildSchema(sdl, { assumeValidSDL: true });
  const finding = schema.getType("Finding");
  if (!finding) throw new Error("schema/schema.graphql has no Finding type");
  return fullSelection(finding, levels);
}

/** README "Batching": the calls of the example operations as the administrator. */
const EXAMPLE_MINIMUM_CALLS: Record<string, { min: number; max: number }> = {
  RecentFindings: { min: 8, max: 8 },
  DetectorMembers: { min: 3, max: 3 },
  FindingsBySeverity: { min: 1, max: 1 },
  PendingInvitations: { min: 2, max: 2 },
  RuntimeFindings: { min: 2, max: 2 },
  AttackSequences: { min: 2, max: 3 },
};

/** GuardDuty's criteria take at most 50 values per condition. */
const typesOf = (family: "Runtime" | "AttackSequence") =>
  findingTypesOf(family)
    .map((info) => info.type)
    .slice(0, 50);

function exampleVariables(name: string, detectorId: string, region: string) {
  const detector = { detectorId, region };
  switch (name) {
    case "RecentFindings":
    case "PendingInvitations":
      return {};
    case "RuntimeFindings":
      return { ...detector, types: typesOf("Runtime") };
    case "AttackSequences":
      return { ...detector, types: typesOf("AttackSequence") };
    default:
      return detector;
  }
}

/**
 * The queries of schema/operations, one scenario each. Mutations change the world they run
 * against, so a load of them measures nothing repeatable: they are left out.
 */
export function exampleOperations(detectorId: string, region: string): Scenario[] {
  const folder = join(ROOT, "schema/operations");
  const scenarios: Scenario[] = [];
  for (const file of readdirSync(folder).sort()) {
    if (!file.endsWith(".graphql")) continue;
    const source = readFileSync(join(folder, file), "utf8");
    const operations = parse(source).definitions.filter(
      (definition): definition is OperationDefinitionNode =>
        definition.kind === Kind.OPERATION_DEFINITION && definition.operation === "query",
    );
    for (const operation of operations) {
      const name = operation.name?.value;
      if (!name) continue;
      scenarios.push({
        name,
        query: source,
        operationName: name,
        variables: exampleVariables(name, detectorId, region),
        minimumCalls: EXAMPLE_MINIMUM_CALLS[name],
      });
    }
  }
  return scenarios;
}

export const MAIN_PAGE_SIZE = 50;

/** How much of each finding a page selects: all of it, or `levels` levels of objects. */
export interface FindingSelection {
  levels: number;
  text: string;
}

export const detailOf = (selection: FindingSelection) =>
  Number.isFinite(selection.levels) ? `finding to ${selection.levels} levels` : "full detail";

/** The main scenario: a 50-finding page with every detail, as a front end's detail view asks. */
export function findingsPage(
  detectorId: string,
  region: string,
  selection: FindingSelection,
): Scenario {
  return {
    name: `FindingsPage (${MAIN_PAGE_SIZE}, ${detailOf(selection)})`,
    query: `query FindingsPage($detectorId: String!, $region: String) {
  detector(detectorId: $detectorId, region: $region) {
    findings(first: ${MAIN_PAGE_SIZE}) { edges { node ${selection.text} } }
  }
}`,
    variables: { detectorId, region },
    minimumCalls: { min: 2, max: 2 },
    main: true,
  };
}

export function findingsPageByNode(
  detectorGlobalId: string,
  selection: FindingSelection,
): Scenario {
  return {
    name: `FindingsPage via node(id:) (${MAIN_PAGE_SIZE}, ${detailOf(selection)})`,
    query: `query FindingsPageByNode($id: ID!) {
  node(id: $id) {
    ... on Detector { findings(first: ${MAIN_PAGE_SIZE}) { edges { node ${selection.text} } } }
  }
}`,
    variables: { id: detectorGlobalId },
    minimumCalls: { min: 2, max: 2 },
  };
}

export function detectorStatistics(identity: PublicIdentity): Scenario {
  const regions = identity.regions.length;
  return {
    name: `detectors { statistics } (${regions} regions)`,
    query: `query DetectorStatistics {
  detectors {
    region
    statistics(groupBy: SEVERITY) { groups { severity severityLevel totalFindings lastGeneratedAt } }
  }
}`,
    variables: {},
    // One ListDetectors and one GetFindingsStatistics per region.
    minimumCalls: { min: 2 * regions, max: 2 * regions },
  };
}

export const TRIVIAL: Scenario = {
  name: "{ __typename } (ceiling)",
  query: "{ __typename }",
  variables: {},
  minimumCalls: { min: 0, max: 0 },
};
