/**
 * FindingConnection.totalCount against the sandbox through the real SDK: it equals what paging
 * through the connection yields (filters and a caller's account restriction included), it is
 * asked only when selected and once per detector and filter, and the budget's estimate counts
 * exactly the calls made.
 */
import { parse } from "graphql";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Caller } from "../../src/auth/caller.js";
import { SCOPES } from "../../src/auth/caller.js";
import { schema } from "../../src/graphql/index.js";
import { estimateUpstreamCalls } from "../../src/graphql/upstream-estimate.js";
import { type GatewayKit, type GraphQLResponse, gatewayFor, operations } from "../kit/gateway.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

const US = "us-east-1";
const EU = "eu-west-1";

let kit: SandboxKit;
let open: GatewayKit;
let detector: string;
const gateways: GatewayKit[] = [];

beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 60 });
  open = gatewayFor(kit, kit.administrator, { regions: [US, EU] });
  detector = kit.administrator.detectorIds[US] as string;
});
afterAll(async () => {
  open.close();
  for (const gateway of gateways) gateway.close();
  await kit.close();
});
beforeEach(() => kit.clearCalls());

const PAGE = `query Page($d: String!, $filter: FindingFilter, $after: String) {
  detector(detectorId: $d, region: "${US}") {
    findings(first: 50, filter: $filter, after: $after) {
      totalCount
      edges { node { findingId accountId } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

interface Page {
  detector: {
    findings: {
      totalCount: number;
      edges: { node: { findingId: string; accountId: string } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
}

/** Every finding the connection pages through, and the totalCount each page reported. */
async function pageThrough(gateway: GatewayKit, filter?: Record<string, unknown>) {
  const ids: string[] = [];
  const accounts = new Set<string>();
  const counts = new Set<number>();
  let after: string | null = null;
  for (let pages = 0; pages < 100; pages += 1) {
    const answer: GraphQLResponse<Page> = await gateway.execute<Page>(PAGE, {
      d: detector,
      filter,
      after,
    });
    expect(answer.errors).toBeUndefined();
    const findings: Page["detector"]["findings"] | undefined = answer.data?.detector.findings;
    if (!findings) throw new Error("no page");
    counts.add(findings.totalCount);
    for (const edge of findings.edges) {
      ids.push(edge.node.findingId);
      accounts.add(edge.node.accountId);
    }
    if (!findings.pageInfo.hasNextPage) break;
    after = findings.pageInfo.endCursor;
  }
  return { ids, accounts, counts: [...counts] };
}

/**
 * What selecting totalCount adds to the estimate: the estimate of `query` less that of the same
 * query without its totalCount fields. (Pages that select no nodes are estimated with their
 * GetFindings batch all the same, so whole estimates of these queries are upper bounds.)
 */
function extraEstimated(query: string, variables: Record<string, unknown>): number {
  const without = query.replaceAll("totalCount", "pageInfo { hasNextPage }");
  return (estimate(query, variables) as number) - (estimate(without, variables) as number);
}

/** The estimate the budget plugin makes for `query` with `variables`. */
function estimate(query: string, variables: Record<string, unknown>, regions = [US, EU]) {
  return estimateUpstreamCalls({
    schema,
    document: parse(query),
    variableValues: variables,
    regions,
  })?.calls;
}

describe("totalCount counts what the pages yield", () => {
  it.each([
    ["no filter", undefined],
    ["HIGH severity", { severityLevels: ["HIGH"] }],
    [
      "active only, two types",
      {
        archived: false,
        types: ["Recon:EC2/PortProbeUnprotectedPort", "UnauthorizedAccess:EC2/SSHBruteForce"],
      },
    ],
  ])("%s", async (_name, filter) => {
    const { ids, counts } = await pageThrough(open, filter);
    expect(new Set(ids).size).toBe(ids.length);
    // Every page reports the same total, and it is the number of findings paged through.
    expect(counts).toEqual([ids.length]);
  });

  it("the administrator's total covers its members' findings", async () => {
    const { ids, accounts } = await pageThrough(open);
    expect(accounts.size).toBeGreaterThan(1);
    expect(ids.length).toBeGreaterThan(50);
  });
});

describe("calls", () => {
  it("none when totalCount is not selected", async () => {
    const query = `query($d: String!) { detector(detectorId: $d, region: "${US}") {
      findings(first: 5) { edges { node { findingId } } } } }`;
    const answer = await open.execute(query, { d: detector });
    expect(answer.errors).toBeUndefined();
    const calls = await operations(kit);
    expect(calls).not.toContain("GetFindingsStatistics");
    expect(calls).toHaveLength(estimate(query, { d: detector }) as number);
  });

  it("one per detector and filter: aliases and other page sizes share it", async () => {
    const query = `query($d: String!) { detector(detectorId: $d, region: "${US}") {
      a: findings(first: 5, filter: { severityLevels: [HIGH], archived: false }) { totalCount }
      b: findings(first: 10, filter: { archived: false, severityLevels: [HIGH] }) { totalCount }
      c: findings(first: 5) { totalCount }
    } }`;
    const answer = await open.execute<{
      detector: Record<string, { totalCount: number }>;
    }>(query, { d: detector });
    expect(answer.errors).toBeUndefined();
    const counts = answer.data?.detector ?? {};
    expect(counts.a?.totalCount).toBe(counts.b?.totalCount);
    expect(counts.c?.totalCount).toBeGreaterThan(counts.a?.totalCount ?? 0);
    const calls = await operations(kit);
    const statistics = calls.filter((call) => call === "GetFindingsStatistics");
    expect(statistics).toHaveLength(2);
    expect(extraEstimated(query, { d: detector })).toBe(statistics.length);
  });

  it("one per covered region for `detectors`, asked in parallel", async () => {
    const query = "{ detectors { region findings(first: 1) { totalCount } } }";
    const answer = await open.execute<{
      detectors: { region: string; findings: { totalCount: number } }[];
    }>(query);
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.detectors.map((d) => d.region).sort()).toEqual([EU, US]);
    for (const d of answer.data?.detectors ?? []) expect(d.findings.totalCount).toBeGreaterThan(0);
    const calls = await operations(kit);
    const statistics = calls.filter((call) => call === "GetFindingsStatistics");
    expect(statistics).toHaveLength(2);
    expect(extraEstimated(query, {})).toBe(statistics.length);
  });

  it("a whole page with its count: the estimate is the exact number of calls", async () => {
    const answer = await open.execute<Page>(PAGE, { d: detector });
    expect(answer.errors).toBeUndefined();
    const calls = await operations(kit);
    expect([...calls].sort()).toEqual(["GetFindings", "GetFindingsStatistics", "ListFindings"]);
    expect(estimate(PAGE, { d: detector })).toBe(3);
  });

  it("a GuardDuty failure nulls totalCount only, with its code", async () => {
    await kit.control("PUT", "/_sandbox/faults", [
      {
        operation: "GetFindingsStatistics",
        probability: 1,
        status: 500,
        code: "InternalServerErrorException",
      },
    ]);
    try {
      const answer = await open.execute<Page>(PAGE, { d: detector });
      expect(answer.data?.detector.findings.totalCount).toBeNull();
      expect(answer.data?.detector.findings.edges.length).toBe(50);
      expect(answer.errors?.[0]?.path).toEqual(["detector", "findings", "totalCount"]);
      expect(answer.errors?.[0]?.extensions?.code).toBe("UPSTREAM_UNAVAILABLE");
    } finally {
      await kit.control("PUT", "/_sandbox/faults", []);
    }
  });
});

describe("a caller restricted to some accounts", () => {
  function restricted(accounts: string[]): GatewayKit {
    const caller: Caller = { name: "restricted", scopes: new Set(SCOPES), accounts };
    const gateway = gatewayFor(kit, kit.administrator, { regions: [US], caller });
    gateways.push(gateway);
    return gateway;
  }

  it("counts that account's findings only, exactly what its pages yield", async () => {
    const everything = await pageThrough(open);
    const member = [...everything.accounts].find(
      (account) => account !== kit.administrator.accountId,
    ) as string;
    const gateway = restricted([member]);
    await kit.clearCalls();
    const { ids, accounts, counts } = await pageThrough(gateway);
    expect([...accounts]).toEqual([member]);
    expect(counts).toEqual([ids.length]);
    expect(ids.length).toBeLessThan(everything.ids.length);
    const statistics = (await kit.calls()).filter(
      (call) => call.operation === "GetFindingsStatistics",
    );
    expect(statistics.length).toBeGreaterThan(0);
    for (const call of statistics) {
      expect(call.findingCriteria?.criterion?.accountId).toEqual({ equals: [member] });
    }
  });

  it("naming only accounts it may not see counts 0 without asking GuardDuty", async () => {
    const gateway = restricted(["111111111111"]);
    await kit.clearCalls();
    const answer = await gateway.execute<Page>(PAGE, {
      d: detector,
      filter: { accountIds: ["222222222222"] },
    });
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.detector.findings.totalCount).toBe(0);
    expect(await operations(kit)).toEqual([]);
  });
});
