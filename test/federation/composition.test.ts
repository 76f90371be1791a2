/**
 * The printed subgraph composes with other Relay-style subgraphs (each defining its own Node
 * and PageInfo) and declares demand-control costs a router can read before the query runs.
 */
import { readFile } from "node:fs/promises";
import { composeServices } from "@theguild/federation-composition";
import {
  type FieldDefinitionNode,
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type ObjectTypeDefinitionNode,
  parse,
} from "graphql";
import { describe, expect, it } from "vitest";
import { schema } from "../../src/graphql/index.js";

const sdl = await readFile("schema/schema.graphql", "utf8");

/** A ticketing service's subgraph, Relay-style like ours. */
const ticketing = (pageInfoDirectives: string) =>
  parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable", "@listSize"])
  interface Node { id: ID! }
  type PageInfo ${pageInfoDirectives} {
    endCursor: String
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
  }
  type Ticket implements Node @key(fields: "id") { id: ID! title: String! finding: Finding }
  type TicketEdge { cursor: String! node: Ticket! }
  type TicketConnection { edges: [TicketEdge!]! pageInfo: PageInfo! }
  type Finding @key(fields: "arn") { arn: String! tickets(first: Int = 10): TicketConnection! }
  type AwsAccount @key(fields: "accountId") { accountId: String! openTickets: Int! }
  type Query {
    tickets(first: Int = 10, after: String): TicketConnection!
      @listSize(slicingArguments: ["first"], sizedFields: ["edges"])
    ticketNode(id: ID!): Node
  }
`);

function compose(second: ReturnType<typeof parse>) {
  return composeServices([
    { name: "guardduty", typeDefs: parse(sdl), url: "http://guardduty.local/graphql" },
    { name: "ticketing", typeDefs: second, url: "http://ticketing.local/graphql" },
  ]);
}

describe("composition with another Relay subgraph", () => {
  it("composes cleanly when both mark PageInfo @shareable", () => {
    const result = compose(ticketing("@shareable"));
    expect(result.errors ?? []).toEqual([]);
    const supergraph = result.supergraphSdl ?? "";
    // Node merges as an interface of both; PageInfo is resolved by either.
    expect(supergraph).toMatch(
      /interface Node @join__type\(graph: GUARDDUTY\) @join__type\(graph: TICKETING\)/,
    );
    expect(supergraph).toMatch(
      /type PageInfo @join__type\(graph: GUARDDUTY\) @join__type\(graph: TICKETING\)/,
    );
    // Both key Finding by ARN; both contribute to AwsAccount.
    expect(supergraph).toContain('@join__type(graph: GUARDDUTY, key: "arn")');
    expect(supergraph).toContain('@join__type(graph: TICKETING, key: "arn")');
    expect(supergraph).toMatch(/openTickets: Int! @join__field\(graph: TICKETING\)/);
  });

  it("fails to compose when the other subgraph's PageInfo is not @shareable", () => {
    const result = compose(ticketing(""));
    expect(result.errors?.map((error) => error.message).join("\n")).toMatch(
      /Non-shareable field "PageInfo\.hasNextPage" is resolved from multiple subgraphs/,
    );
  });
});

describe("demand control", () => {
  it("imports @cost and @listSize from federation v2.9 in the printed SDL", () => {
    expect(sdl).toMatch(
      /@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.9", import: \[[^\]]*"@cost"[^\]]*"@listSize"/,
    );
  });

  it("sizes every list field: connections by `first`, plain lists by an assumed size", () => {
    const document = parse(sdl);
    const fields = new Map<string, FieldDefinitionNode>();
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
      for (const field of (definition as ObjectTypeDefinitionNode).fields ?? []) {
        fields.set(`${definition.name.value}.${field.name.value}`, field);
      }
    }
    const unsized: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith("_")) continue;
      for (const field of Object.values(type.getFields())) {
        if (field.name.startsWith("_")) continue;
        const named = getNamedType(field.type);
        const unwrapped = isNonNullType(field.type) ? field.type.ofType : field.type;
        const connection =
          isObjectType(named) && "edges" in named.getFields() && "pageInfo" in named.getFields();
        // Lists of fields that call GuardDuty (the rest are parts of one record already loaded).
        const callsUpstream = field.extensions.upstream !== undefined;
        if (!connection && !(isListType(unwrapped) && callsUpstream)) continue;
        const directive = fields
          .get(`${type.name}.${field.name}`)
          ?.directives?.find((d) => d.name.value === "listSize");
        if (!directive) unsized.push(`${type.name}.${field.name}`);
        if (connection && directive) {
          const slicing = directive.arguments?.find((a) => a.name.value === "slicingArguments");
          expect(slicing, `${type.name}.${field.name}`).toBeDefined();
        }
      }
    }
    expect(unsized).toEqual([]);
  });

  it("keeps @cost and @listSize through composition", () => {
    const supergraph = compose(ticketing("@shareable")).supergraphSdl ?? "";
    expect(supergraph).toMatch(
      /findings\([^)]*\): FindingConnection @join__field\(graph: GUARDDUTY\) @cost\(weight: 2\) @listSize\(slicingArguments: \["first"\], sizedFields: \["edges"\]\)/s,
    );
  });
});
