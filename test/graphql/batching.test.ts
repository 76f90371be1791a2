import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { countBy, type GatewayKit, gatewayFor, operations } from "../kit/gateway.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

let kit: SandboxKit;
let gateway: GatewayKit;
let usEast: string;

beforeAll(async () => {
  kit = await startSandbox();
  gateway = gatewayFor(kit, kit.administrator);
  usEast = kit.administrator.detectorIds["us-east-1"] as string;
});
afterAll(async () => {
  gateway.close();
  await kit.close();
});
beforeEach(() => kit.clearCalls());

const FULL_FINDING = `
  findingId arn accountId region type title severity severityLevel createdAt updatedAt archived
  resource { resourceType instanceDetails { instanceId networkInterfaces { publicIp securityGroups { groupId } } tags { key value } productCodes { code productType } }
    accessKeyDetails { userName } s3BucketDetails { name publicAccess { effectivePermission } } eksClusterDetails { name } }
  service { count archived eventFirstSeen eventLastSeen resourceRole userFeedback additionalInfo { value type }
    evidence { threatIntelligenceDetails { threatListName threatNames } }
    action { __typename
      ... on AwsApiCallAction { api affectedResources { type id } remoteIpDetails { ipAddressV4 city { cityName } country { countryName } geoLocation { lat lon } organization { asn asnOrg } } }
      ... on DnsRequestAction { domain blocked protocol }
      ... on NetworkConnectionAction { connectionDirection remotePortDetails { port } }
      ... on PortProbeAction { portProbeDetails { localPortDetails { port } } }
      ... on KubernetesApiCallAction { verb requestUri sourceIps }
    } }`;

describe("batching upstream calls", () => {
  it("reads a page of 50 fully detailed findings with one ListFindings and one GetFindings", async () => {
    const result = await gateway.execute<{ detector: { findings: { edges: unknown[] } } }>(
      `query($id: String!) { detector(detectorId: $id, region: "us-east-1") { findings(first: 50) { edges { node { ${FULL_FINDING} } } } } }`,
      { id: usEast },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.detector.findings.edges).toHaveLength(50);
    const calls = await kit.calls();
    expect(countBy(calls.map((c) => c.operation))).toEqual({
      ListFindings: 1,
      GetFindings: 1,
    });
    expect(calls.find((c) => c.operation === "GetFindings")?.itemCount).toBe(50);
  });

  it("batches 120 aliased finding(id:) lookups on one detector into 3 GetFindings calls", async () => {
    const ids = [...(kit.sandbox.world.detectors.get(usEast)?.findings.keys() ?? [])].slice(0, 120);
    expect(ids).toHaveLength(120);
    const fields = ids.map((id, i) => `f${i}: finding(id: "${id}") { findingId type }`).join("\n");
    const result = await gateway.execute<{ detector: Record<string, { findingId: string }> }>(
      `query($id: String!) { detector(detectorId: $id, region: "us-east-1") { ${fields} } }`,
      { id: usEast },
    );
    expect(result.errors).toBeUndefined();
    expect(ids.map((_, i) => result.data?.detector[`f${i}`]?.findingId)).toEqual(ids);
    const calls = (await kit.calls()).filter((c) => c.operation === "GetFindings");
    expect(calls.map((c) => c.itemCount).sort()).toEqual([20, 50, 50]);
  });

  it("asks free-trial days of 50 listed members in one GetRemainingFreeTrialDays call, without GetMembers", async () => {
    const result = await gateway.execute<{
      detector: {
        members: {
          edges: { node: { accountId: string; email: string; freeTrial: { accountId: string } } }[];
        };
      };
    }>(
      `query($id: String!) { detector(detectorId: $id, region: "us-east-1") {
        members(first: 50, onlyAssociated: false) { edges { node { accountId email relationshipStatus freeTrial { accountId features { name freeTrialDaysRemaining } } } } } } }`,
      { id: usEast },
    );
    expect(result.errors).toBeUndefined();
    const edges = result.data?.detector.members.edges ?? [];
    expect(edges.length).toBeGreaterThanOrEqual(30);
    for (const edge of edges) expect(edge.node.freeTrial.accountId).toBe(edge.node.accountId);
    const calls = await kit.calls();
    expect(countBy(calls.map((c) => c.operation))).toEqual({
      ListMembers: 1,
      GetRemainingFreeTrialDays: 1,
    });
  });

  it("queries every region concurrently, one set of calls per region", async () => {
    const result = await gateway.execute<{
      detectors: { region: string; findings: { edges: unknown[] } }[];
    }>(`{ detectors { region findings(first: 5) { edges { node { findingId severity } } } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data?.detectors.map((d) => d.region).sort()).toEqual(["eu-west-1", "us-east-1"]);
    const calls = await kit.calls();
    for (const region of ["us-east-1", "eu-west-1"]) {
      expect(countBy(calls.filter((c) => c.region === region).map((c) => c.operation))).toEqual({
        ListDetectors: 1,
        ListFindings: 1,
        GetFindings: 1,
      });
    }
    // Concurrency: both regions' ListDetectors go out before either region's ListFindings.
    const order = await operations(kit);
    expect(order.slice(0, 2)).toEqual(["ListDetectors", "ListDetectors"]);
  });

  it("lists each region's detectors once per request however many fields need them", async () => {
    const arns = [...(kit.sandbox.world.detectors.get(usEast)?.findings.values() ?? [])]
      .slice(0, 3)
      .map((finding) => finding.arn);
    const result = await gateway.execute(
      `query($a: String!, $b: String!, $c: String!) {
        a: finding(arn: $a) { findingId } b: finding(arn: $b) { findingId } c: finding(arn: $c) { findingId }
        detectors { region } }`,
      { a: arns[0], b: arns[1], c: arns[2] },
    );
    expect(result.errors).toBeUndefined();
    const calls = await kit.calls();
    expect(countBy(calls.filter((c) => c.region === "us-east-1").map((c) => c.operation))).toEqual({
      ListDetectors: 1,
      GetFindings: 1,
    });
  });

  it("batches aliased member(accountId:) lookups into one GetMembers call; an unknown account is a NOT_FOUND item", async () => {
    const accounts = kit.sandbox.world.relationships
      .filter((r) => r.region === "us-east-1")
      .map((r) => r.memberAccountId);
    expect(accounts.length).toBeGreaterThanOrEqual(30);
    const fields = [...accounts, "999999999999"]
      .map(
        (account, i) => `m${i}: member(accountId: "${account}") { accountId relationshipStatus }`,
      )
      .join("\n");
    const result = await gateway.execute<{
      detector: Record<string, { accountId: string } | null>;
    }>(`query($id: String!) { detector(detectorId: $id, region: "us-east-1") { ${fields} } }`, {
      id: usEast,
    });
    expect(accounts.map((_, i) => result.data?.detector[`m${i}`]?.accountId)).toEqual(accounts);
    expect(result.data?.detector[`m${accounts.length}`]).toBeNull();
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(["NOT_FOUND"]);
    const calls = (await kit.calls()).filter((c) => c.operation === "GetMembers");
    expect(calls.map((c) => c.itemCount)).toEqual([accounts.length + 1]);
  });
});
