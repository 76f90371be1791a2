/**
 * A real router over the GuardDuty subgraph and the example inventory subgraph: composed with
 * @theguild/federation-composition, run by Hive Gateway's runtime, every subgraph over HTTP on
 * loopback. Queries cross in both directions; GuardDuty calls are counted in the sandbox's log.
 */
import { readFile } from "node:fs/promises";
import { Kind, parse } from "graphql";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createInventory,
  type Instance,
  loadInstances,
} from "../../examples/supergraph/inventory.js";
import {
  composeSupergraph,
  createRouter,
  type Served,
  serve,
} from "../../examples/supergraph/supergraph.js";
import { countBy, operations } from "../kit/gateway.js";
import { type ServedGateway, serveGateway } from "../kit/http.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

let kit: SandboxKit;
let guardduty: ServedGateway;
let inventory: Served;
let router: Served;
let routerRuntime: ReturnType<typeof createRouter>;
let instances: Instance[];
let supergraph: string;

beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 80 });
  guardduty = await serveGateway(kit, kit.administrator);
  instances = await loadInstances(`${guardduty.origin}/graphql`);
  inventory = await serve(createInventory(instances));
  supergraph = await composeSupergraph([
    { name: "guardduty", url: `${guardduty.origin}/graphql` },
    { name: "inventory", url: `${inventory.origin}/graphql` },
  ]);
  routerRuntime = createRouter(supergraph);
  router = await serve(routerRuntime);
}, 60_000);
afterAll(async () => {
  await router?.close();
  await routerRuntime?.dispose();
  await inventory?.close();
  await guardduty?.close();
  await kit?.close();
});
beforeEach(() => kit.clearCalls());

interface Answer<T> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

async function query<T>(text: string, variables: Record<string, unknown> = {}): Promise<Answer<T>> {
  const response = await fetch(`${router.origin}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query: text, variables }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Answer<T>;
}

describe("the supergraph", () => {
  it("composes with the @cost and @listSize of both subgraphs and the shared PageInfo", () => {
    expect(instances.length).toBeGreaterThan(2);
    expect(supergraph).toMatch(/@listSize\(slicingArguments: \["first"\]/);
    expect(supergraph).toMatch(/@cost\(weight: 2\)/);
    expect(supergraph).toContain('join__type(graph: GUARDDUTY, key: "arn")');
    expect(supergraph).toContain('join__type(graph: INVENTORY, key: "accountId")');
  });

  it("inventory -> findings -> severity: one GetFindings batch for every instance's ARNs", async () => {
    const answer = await query<{
      instances: {
        edges: {
          node: {
            instanceId: string;
            findings: {
              arn: string;
              severityLevel: string;
              resource: { instanceDetails: { instanceId: string } };
            }[];
          };
        }[];
      };
    }>(`{ instances(first: 5) { edges { node {
          instanceId
          findings { arn severityLevel resource { instanceDetails { instanceId } } }
        } } } }`);
    expect(answer.errors).toBeUndefined();
    const nodes = answer.data?.instances.edges.map((edge) => edge.node) ?? [];
    expect(nodes).toHaveLength(Math.min(5, instances.length));
    for (const node of nodes) {
      const expected = instances.find((instance) => instance.instanceId === node.instanceId);
      expect(node.findings.map((finding) => finding.arn)).toEqual(expected?.findingArns);
      for (const finding of node.findings) {
        expect(finding.severityLevel).toMatch(/^(LOW|MEDIUM|HIGH|CRITICAL)$/);
        // GuardDuty's own record of the finding names the instance the inventory holds it for.
        expect(finding.resource.instanceDetails.instanceId).toBe(node.instanceId);
      }
    }
    const arns = nodes.flatMap((node) => node.findings);
    const regions = new Set(
      nodes.map((node) => instances.find((i) => i.instanceId === node.instanceId)?.region),
    );
    // One ListDetectors per region the ARNs name, and GetFindings in chunks of 50 there.
    expect(arns.length).toBeLessThanOrEqual(50);
    expect(countBy(await operations(kit))).toEqual({
      ListDetectors: regions.size,
      GetFindings: regions.size,
    });
  });

  it("our findings -> the instance that owns the resource", async () => {
    const answer = await query<{
      detectors: {
        region: string;
        findings: {
          edges: {
            node: {
              arn: string;
              resource: { instanceDetails: { instanceId: string } };
              instance: { instanceId: string; name: string; owner: { accountId: string } } | null;
            };
          }[];
        };
      }[];
    }>(`{ detectors { region findings(first: 10, filter: { resourceTypes: ["Instance"] }) {
          edges { node { arn resource { instanceDetails { instanceId } }
                         instance { instanceId name owner { accountId } } } } } } }`);
    expect(answer.errors).toBeUndefined();
    const nodes = answer.data?.detectors.flatMap((d) => d.findings.edges.map((e) => e.node)) ?? [];
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      expect(node.instance?.instanceId).toBe(node.resource.instanceDetails.instanceId);
      expect(node.instance?.name).toMatch(/^web-/);
    }
    const regions = kit.administrator.regions.length;
    expect(countBy(await operations(kit))).toEqual({
      ListDetectors: regions,
      ListFindings: regions,
      GetFindings: regions,
      // The router's plan also selects each Detector's key (`id`), whose account part is read
      // from GetDetector: one per detector, not per finding.
      GetDetector: regions,
    });
  });

  it("account -> findings: the account is pushed down to GuardDuty", async () => {
    const accountId = (instances[0] as Instance).accountId;
    const region = (instances[0] as Instance).region;
    const answer = await query<{
      account: {
        name: string;
        instances: { edges: { node: { instanceId: string } }[] };
        findings: { edges: { node: { accountId: string; severity: number } }[] };
      };
    }>(
      `query($accountId: String!, $region: String) { account(accountId: $accountId) {
          name instances(first: 3) { edges { node { instanceId } } }
          findings(region: $region, first: 5) { edges { node { accountId severity } } } } }`,
      { accountId, region },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.account.name).toContain(accountId.slice(-4));
    const findings = answer.data?.account.findings.edges ?? [];
    expect(findings.length).toBeGreaterThan(0);
    for (const edge of findings) expect(edge.node.accountId).toBe(accountId);
    const calls = await kit.calls();
    expect(countBy(calls.map((call) => call.operation))).toEqual({
      ListDetectors: 1,
      ListFindings: 1,
      GetFindings: 1,
    });
    const listed = calls.find((call) => call.operation === "ListFindings");
    expect(listed?.findingCriteria?.criterion?.accountId).toEqual({ equals: [accountId] });
  });

  it("passes the subgraph's coded errors through the router", async () => {
    const answer = await query<{ account: { findings: unknown } }>(
      `{ account(accountId: "${(instances[0] as Instance).accountId}") { findings(region: "mars-north-1") { edges { cursor } } } }`,
    );
    expect(answer.errors?.[0]?.extensions?.code).toMatch(/BAD_USER_INPUT|NOT_FOUND/);
    expect(await kit.calls()).toEqual([]);
  });

  it("answers every operation of examples/supergraph/operations.graphql", async () => {
    const text = await readFile("examples/supergraph/operations.graphql", "utf8");
    const names = parse(text).definitions.flatMap((definition) =>
      definition.kind === Kind.OPERATION_DEFINITION && definition.name
        ? [definition.name.value]
        : [],
    );
    expect(names.length).toBeGreaterThanOrEqual(3);
    for (const operationName of names) {
      const response = await fetch(`${router.origin}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({
          query: text,
          operationName,
          variables: { accountId: (instances[0] as Instance).accountId },
        }),
      });
      const answer = (await response.json()) as Answer<Record<string, unknown>>;
      expect(answer.errors, operationName).toBeUndefined();
      expect(answer.data, operationName).toBeTruthy();
    }
  });
});
