import {
  type FindingCriteria,
  type GuardDutyClient,
  ListFindingsCommand,
} from "@aws-sdk/client-guardduty";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type GatewayKit, type GraphQLResponse, gatewayFor, operations } from "../kit/gateway.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

let kit: SandboxKit;
let gateway: GatewayKit;
let sdk: GuardDutyClient;
let detectorId: string;

beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 300 });
  gateway = gatewayFor(kit, kit.administrator, { regions: ["us-east-1"] });
  sdk = kit.client(kit.administrator, "us-east-1");
  detectorId = kit.administrator.detectorIds["us-east-1"] as string;
});
afterAll(async () => {
  gateway.close();
  await kit.close();
});
beforeEach(() => kit.clearCalls());

interface Page {
  detector: {
    findings: {
      edges: {
        cursor: string;
        node: { findingId: string; severity: number; updatedAt: string; type: string };
      }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
}

const PAGE = `query($id: String!, $filter: FindingFilter, $orderBy: FindingOrder, $first: Int, $after: String) {
  detector(detectorId: $id, region: "us-east-1") {
    findings(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      edges { cursor node { findingId severity updatedAt type } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

async function allThroughGateway(filter?: unknown, orderBy?: unknown, first = 50) {
  const nodes: Page["detector"]["findings"]["edges"][number]["node"][] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 100; guard += 1) {
    const result: GraphQLResponse<Page> = await gateway.execute<Page>(PAGE, {
      id: detectorId,
      filter,
      orderBy,
      first,
      after,
    });
    expect(result.errors).toBeUndefined();
    const connection: Page["detector"]["findings"] | undefined = result.data?.detector.findings;
    if (!connection) throw new Error("no connection");
    nodes.push(...connection.edges.map((edge) => edge.node));
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  return nodes;
}

async function allThroughSdk(criteria?: FindingCriteria) {
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await sdk.send(
      new ListFindingsCommand({
        DetectorId: detectorId,
        FindingCriteria: criteria,
        MaxResults: 50,
        NextToken: token,
      }),
    );
    ids.push(...(page.FindingIds ?? []));
    token = page.NextToken;
  } while (token);
  return ids;
}

const total = () => kit.sandbox.world.detectors.get(detectorId)?.findings.size ?? 0;

describe("findings connection", () => {
  it("pages to the end with every finding exactly once and hasNextPage false at the end", async () => {
    const nodes = await allThroughGateway(undefined, undefined, 50);
    const ids = nodes.map((n) => n.findingId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(total());
  });

  it("resumes from any edge's cursor, not only from page ends", async () => {
    const first = await gateway.execute<Page>(PAGE, { id: detectorId, first: 10 });
    const edges = first.data?.detector.findings.edges ?? [];
    const resumed = await gateway.execute<Page>(PAGE, {
      id: detectorId,
      first: 5,
      after: edges[3]?.cursor,
    });
    expect(resumed.data?.detector.findings.edges.map((e) => e.node.findingId)).toEqual(
      edges.slice(4, 9).map((e) => e.node.findingId),
    );
  });

  it("defaults to the most recently updated first and sorts both ways on request", async () => {
    const byDefault = await allThroughGateway();
    const times = byDefault.map((n) => Date.parse(n.updatedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const ascending = await allThroughGateway(undefined, { field: "SEVERITY", direction: "ASC" });
    const severities = ascending.map((n) => n.severity);
    expect(severities).toEqual([...severities].sort((a, b) => a - b));
    const descending = await allThroughGateway(undefined, { field: "SEVERITY", direction: "DESC" });
    expect(descending.map((n) => n.severity)).toEqual([...severities].sort((a, b) => b - a));
  });

  const world = () => [...(kit.sandbox.world.detectors.get(detectorId)?.findings.values() ?? [])];
  const cases: {
    name: string;
    filter: () => Record<string, unknown>;
    criteria: () => FindingCriteria;
  }[] = [
    {
      name: "severity range",
      filter: () => ({ severity: { min: 4, max: 6.9 } }),
      criteria: () => ({
        Criterion: { severity: { GreaterThanOrEqual: 4, LessThanOrEqual: 6.9 } },
      }),
    },
    {
      name: "severity levels",
      filter: () => ({ severityLevels: ["HIGH", "CRITICAL"] }),
      criteria: () => ({ Criterion: { severity: { GreaterThanOrEqual: 7 } } }),
    },
    {
      name: "types",
      filter: () => ({ types: ["Recon:EC2/Portscan", "UnauthorizedAccess:EC2/SSHBruteForce"] }),
      criteria: () => ({
        Criterion: {
          type: { Equals: ["Recon:EC2/Portscan", "UnauthorizedAccess:EC2/SSHBruteForce"] },
        },
      }),
    },
    {
      name: "resource types",
      filter: () => ({ resourceTypes: ["AccessKey"] }),
      criteria: () => ({ Criterion: { "resource.resourceType": { Equals: ["AccessKey"] } } }),
    },
    {
      name: "account ids",
      filter: () => ({ accountIds: [kit.administrator.accountId] }),
      criteria: () => ({ Criterion: { accountId: { Equals: [kit.administrator.accountId] } } }),
    },
    {
      name: "archived",
      filter: () => ({ archived: true }),
      criteria: () => ({ Criterion: { "service.archived": { Equals: ["true"] } } }),
    },
    {
      name: "updated window",
      filter: () => ({
        updatedAfter: "2026-10-01T00:00:00Z",
        updatedBefore: "2026-10-20T00:00:00Z",
      }),
      criteria: () => ({
        Criterion: {
          updatedAt: {
            GreaterThanOrEqual: Date.parse("2026-10-01T00:00:00Z"),
            LessThan: Date.parse("2026-10-20T00:00:00Z"),
          },
        },
      }),
    },
    {
      name: "created window",
      filter: () => ({ createdAfter: "2026-09-01T00:00:00Z" }),
      criteria: () => ({
        Criterion: { createdAt: { GreaterThanOrEqual: Date.parse("2026-09-01T00:00:00Z") } },
      }),
    },
    {
      name: "instance ids",
      filter: () => ({
        instanceIds: world()
          .map(
            (f) =>
              (f.resource as { instanceDetails?: { instanceId?: string } }).instanceDetails
                ?.instanceId,
          )
          .filter(Boolean)
          .slice(0, 3),
      }),
      criteria: () => ({
        Criterion: {
          "resource.instanceDetails.instanceId": {
            Equals: world()
              .map(
                (f) =>
                  (f.resource as { instanceDetails?: { instanceId?: string } }).instanceDetails
                    ?.instanceId,
              )
              .filter((id): id is string => Boolean(id))
              .slice(0, 3),
          },
        },
      }),
    },
    {
      name: "attribute conditions",
      filter: () => ({
        conditions: [
          { attribute: "service.action.actionType", equals: ["NETWORK_CONNECTION", "DNS_REQUEST"] },
          { attribute: "service.resourceRole", notEquals: ["ACTOR"] },
        ],
      }),
      criteria: () => ({
        Criterion: {
          "service.action.actionType": { Equals: ["NETWORK_CONNECTION", "DNS_REQUEST"] },
          "service.resourceRole": { NotEquals: ["ACTOR"] },
        },
      }),
    },
  ];

  for (const testCase of cases) {
    it(`filters by ${testCase.name} exactly as GuardDuty does for the same criteria`, async () => {
      const expected = await allThroughSdk(testCase.criteria());
      await kit.clearCalls();
      const actual = (await allThroughGateway(testCase.filter())).map((n) => n.findingId);
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(total());
      expect(new Set(actual)).toEqual(new Set(expected));
      // Pushed down: the gateway never lists more ids than the filter matches.
      const listed = (await kit.calls()).filter((c) => c.operation === "GetFindings");
      expect(listed.reduce((sum, c) => sum + c.itemCount, 0)).toBe(expected.length);
    });
  }

  it("combines filter fields with AND", async () => {
    const both = await allThroughGateway({ severityLevels: ["HIGH"], archived: false });
    const expected = await allThroughSdk({
      Criterion: {
        severity: { GreaterThanOrEqual: 7, LessThan: 9 },
        "service.archived": { Equals: ["false"] },
      },
    });
    expect(new Set(both.map((n) => n.findingId))).toEqual(new Set(expected));
  });

  it("answers a finding by ARN through the caller's detector", async () => {
    const finding = world()[0];
    const result = await gateway.execute<{ finding: { findingId: string; arn: string } }>(
      `query($arn: String!) { finding(arn: $arn) { findingId arn } }`,
      { arn: finding?.arn },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.finding).toEqual({ findingId: finding?.id, arn: finding?.arn });
  });

  it("returns statistics grouped by GuardDuty, with the filter pushed down", async () => {
    const result = await gateway.execute<{
      detector: {
        statistics: {
          groups: { findingType: string; totalFindings: number; lastGeneratedAt: string }[];
        };
      };
    }>(
      `query($id: String!) { detector(detectorId: $id, region: "us-east-1") {
        statistics(groupBy: FINDING_TYPE, filter: { archived: false }, first: 100) { groups { findingType totalFindings lastGeneratedAt } } } }`,
      { id: detectorId },
    );
    expect(result.errors).toBeUndefined();
    const groups = result.data?.detector.statistics.groups ?? [];
    const active = world().filter((f) => !f.service.archived);
    const expected = new Map<string, number>();
    for (const f of active) expected.set(f.type, (expected.get(f.type) ?? 0) + 1);
    expect(groups.length).toBe(Math.min(100, expected.size));
    for (const group of groups) expect(group.totalFindings).toBe(expected.get(group.findingType));
    const totals = groups.map((g) => g.totalFindings);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    expect(await operations(kit)).toEqual(["GetFindingsStatistics"]);
  });
});
