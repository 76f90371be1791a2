/**
 * A small inventory subgraph to compose with the GuardDuty gateway: it owns EC2 instances and the
 * AwsAccount type, and points at GuardDuty findings by ARN (what an inventory service learns
 * from EventBridge or Security Hub). Its data is derived at startup from the findings the
 * GuardDuty gateway serves, so every ARN it holds names a finding that exists.
 */
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import { parse } from "graphql";
import { createYoga } from "graphql-yoga";

export interface Instance {
  instanceId: string;
  accountId: string;
  region: string;
  findingArns: string[];
}

export const INVENTORY_SDL = /* GraphQL */ `
  extend schema
    @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable", "@listSize"])

  "Every Relay-style subgraph defines Node; interfaces merge across subgraphs."
  interface Node {
    id: ID!
  }

  "The same PageInfo as the GuardDuty subgraph's, shared (both mark it @shareable)."
  type PageInfo @shareable {
    endCursor: String
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
  }

  type Ec2Instance implements Node @key(fields: "instanceId") {
    id: ID!
    instanceId: String!
    region: String!
    "A name from the inventory."
    name: String!
    owner: AwsAccount!
    "GuardDuty findings about this instance, referenced by ARN."
    findings: [Finding!]! @listSize(assumedSize: 50)
  }

  type Ec2InstanceEdge {
    cursor: String!
    node: Ec2Instance!
  }

  type Ec2InstanceConnection {
    edges: [Ec2InstanceEdge!]!
    pageInfo: PageInfo!
  }

  "A GuardDuty finding, known here by its ARN: the inventory adds the instance it is about."
  type Finding @key(fields: "arn") {
    arn: String!
    instance: Ec2Instance
  }

  "The inventory owns accounts; GuardDuty contributes its view of them."
  type AwsAccount @key(fields: "accountId") {
    accountId: String!
    name: String!
    instances(first: Int = 10, after: String): Ec2InstanceConnection!
      @listSize(slicingArguments: ["first"], sizedFields: ["edges"])
  }

  type Query {
    instances(first: Int = 10, after: String): Ec2InstanceConnection!
      @listSize(slicingArguments: ["first"], sizedFields: ["edges"])
    instance(instanceId: String!): Ec2Instance
    account(accountId: String!): AwsAccount
  }
`;

const MAX_PAGE = 50;

function page(items: readonly Instance[], first: number | null | undefined, after?: string | null) {
  const size = Math.min(Math.max(first ?? 10, 1), MAX_PAGE);
  const start = after ? Number(Buffer.from(after, "base64url").toString()) + 1 : 0;
  const slice = items.slice(start, start + size);
  const edges = slice.map((node, index) => ({
    cursor: Buffer.from(String(start + index)).toString("base64url"),
    node,
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage: start + size < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** The inventory's resolvers over a fixed list of instances. */
function resolvers(instances: readonly Instance[]): GraphQLResolverMap<unknown> {
  const byId = new Map(instances.map((instance) => [instance.instanceId, instance]));
  const byArn = new Map(
    instances.flatMap((instance) => instance.findingArns.map((arn) => [arn, instance] as const)),
  );
  const accounts = new Set(instances.map((instance) => instance.accountId));
  const account = (accountId: string) =>
    accounts.has(accountId) ? { accountId, name: `account ${accountId.slice(-4)}` } : null;
  return {
    Query: {
      instances: (_root, args: { first?: number; after?: string }) =>
        page(instances, args.first, args.after),
      instance: (_root, args: { instanceId: string }) => byId.get(args.instanceId) ?? null,
      account: (_root, args: { accountId: string }) => account(args.accountId),
    },
    Ec2Instance: {
      __resolveReference: (reference: { instanceId: string }) =>
        byId.get(reference.instanceId) ?? null,
      id: (instance: Instance) =>
        Buffer.from(`Ec2Instance:${instance.instanceId}`).toString("base64"),
      name: (instance: Instance) => `web-${instance.instanceId.slice(-6)}`,
      owner: (instance: Instance) => account(instance.accountId),
      findings: (instance: Instance) => instance.findingArns.map((arn) => ({ arn })),
    },
    Finding: {
      __resolveReference: (reference: { arn: string }) => reference,
      instance: (finding: { arn: string }) => byArn.get(finding.arn) ?? null,
    },
    AwsAccount: {
      __resolveReference: (reference: { accountId: string }) => account(reference.accountId),
      instances: (parent: { accountId: string }, args: { first?: number; after?: string }) =>
        page(
          instances.filter((instance) => instance.accountId === parent.accountId),
          args.first,
          args.after,
        ),
    },
  } as GraphQLResolverMap<unknown>;
}

/** The inventory subgraph as a Yoga instance (serve it with node:http). */
export function createInventory(instances: readonly Instance[]) {
  return createYoga({
    schema: buildSubgraphSchema({
      typeDefs: parse(INVENTORY_SDL),
      resolvers: resolvers(instances),
    }),
    graphqlEndpoint: "/graphql",
    logging: false,
  });
}

const SEED_QUERY = /* GraphQL */ `
  query InventorySeed {
    detectors {
      region
      findings(first: 50, filter: { resourceTypes: ["Instance"] }) {
        edges { node { arn accountId resource { instanceDetails { instanceId } } } }
      }
    }
  }
`;

interface SeedAnswer {
  data?: {
    detectors: ({
      region: string;
      findings: {
        edges: {
          node: {
            arn: string | null;
            accountId: string | null;
            resource: { instanceDetails: { instanceId: string | null } | null } | null;
          };
        }[];
      } | null;
    } | null)[];
  };
  errors?: { message: string }[];
}

/**
 * The instances behind the GuardDuty gateway's latest EC2 findings (50 per region), with the
 * ARNs of their findings: asked of the gateway itself, so the data matches whatever world it
 * serves (the sandbox's generated one, or a real account's).
 */
export async function loadInstances(guardDutyUrl: string): Promise<Instance[]> {
  const response = await fetch(guardDutyUrl, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query: SEED_QUERY }),
  });
  const answer = (await response.json()) as SeedAnswer;
  if (!answer.data)
    throw new Error(`The gateway refused the seed query: ${answer.errors?.[0]?.message}`);
  const instances = new Map<string, Instance>();
  for (const detector of answer.data.detectors) {
    for (const { node } of detector?.findings?.edges ?? []) {
      const instanceId = node.resource?.instanceDetails?.instanceId;
      if (!instanceId || !node.arn || !node.accountId) continue;
      const instance = instances.get(instanceId) ?? {
        instanceId,
        accountId: node.accountId,
        region: detector?.region ?? "",
        findingArns: [],
      };
      instance.findingArns.push(node.arn);
      instances.set(instanceId, instance);
    }
  }
  return [...instances.values()];
}
