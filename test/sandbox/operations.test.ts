/**
 * Every sandbox operation's happy path, through the real @aws-sdk/client-guardduty over HTTP.
 * Expected results are computed from `kit.sandbox.world` (the raw wire findings and
 * relationships) with predicates written here, independently of the sandbox's own matcher.
 */
import {
  AcceptAdministratorInvitationCommand,
  AcceptInvitationCommand,
  ArchiveFindingsCommand,
  type Condition,
  CreateSampleFindingsCommand,
  DisassociateFromAdministratorAccountCommand,
  DisassociateFromMasterAccountCommand,
  GetAdministratorAccountCommand,
  GetDetectorCommand,
  GetFindingsCommand,
  GetFindingsStatisticsCommand,
  GetMasterAccountCommand,
  GetMembersCommand,
  GetRemainingFreeTrialDaysCommand,
  type GroupByType,
  type GuardDutyClient,
  ListDetectorsCommand,
  ListFindingsCommand,
  ListInvitationsCommand,
  ListMembersCommand,
  type Member,
  paginateListFindings,
  paginateListMembers,
  type SortCriteria,
  UnarchiveFindingsCommand,
  UpdateFindingsFeedbackCommand,
} from "@aws-sdk/client-guardduty";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PublicIdentity } from "../../src/sandbox/sandbox.js";
import type { Detector, Relationship, WireFinding } from "../../src/sandbox/store.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";
import { expectBadRequest, rejection } from "../kit/sdk.js";

const US = "us-east-1";
const EU = "eu-west-1";
const NOT_OWNED = "not owned by the current account";

let kit: SandboxKit;
let admin: GuardDutyClient;
let adminDetectorId: string;

beforeAll(async () => {
  kit = await startSandbox();
  admin = kit.client(kit.administrator, US);
  adminDetectorId = detectorIdOf(kit.administrator, US);
});

afterAll(async () => {
  await kit?.close();
});

// ---------------------------------------------------------------------------------------------
// Helpers

function detectorIdOf(identity: PublicIdentity, region: string): string {
  const id = identity.detectorIds[region];
  if (!id) throw new Error(`${identity.accountId} has no detector in ${region}`);
  return id;
}

function worldDetector(detectorId: string): Detector {
  const detector = kit.sandbox.world.detectors.get(detectorId);
  if (!detector) throw new Error(`no detector ${detectorId} in the world`);
  return detector;
}

function worldFindings(detectorId = adminDetectorId): WireFinding[] {
  return [...worldDetector(detectorId).findings.values()];
}

function worldFinding(id: string, detectorId = adminDetectorId): WireFinding {
  const finding = worldDetector(detectorId).findings.get(id);
  if (!finding) throw new Error(`no finding ${id}`);
  return finding;
}

function relationshipsIn(region: string): Relationship[] {
  return kit.sandbox.world.relationships.filter(
    (r) => r.region === region && r.administratorAccountId === kit.administrator.accountId,
  );
}

function memberWithStatus(status: string, region = US, skip = 0): PublicIdentity {
  const accounts = relationshipsIn(region)
    .filter((r) => r.relationshipStatus === status)
    .map((r) => r.memberAccountId);
  const accountId = accounts[skip];
  const identity = kit.members.find((m) => m.accountId === accountId);
  if (!identity) throw new Error(`no member #${skip} with status ${status} in ${region}`);
  return identity;
}

async function listAllFindingIds(
  client: GuardDutyClient,
  detectorId: string,
  criterion?: Record<string, Condition>,
  sort?: SortCriteria,
): Promise<string[]> {
  const ids: string[] = [];
  const pages = paginateListFindings(
    { client, pageSize: 50 },
    {
      DetectorId: detectorId,
      ...(criterion ? { FindingCriteria: { Criterion: criterion } } : {}),
      ...(sort ? { SortCriteria: sort } : {}),
    },
  );
  for await (const page of pages) ids.push(...(page.FindingIds ?? []));
  return ids;
}

async function resetSandbox(): Promise<void> {
  const reset = await kit.control("POST", "/_sandbox/reset");
  expect(reset.status).toBe(200);
}

function sorted(values: Iterable<string>): string[] {
  return [...values].sort();
}

function rawAuthorization(identity: PublicIdentity, region = US): string {
  return `AWS4-HMAC-SHA256 Credential=${identity.accessKeyId}/20261128/${region}/guardduty/aws4_request, SignedHeaders=host, Signature=0`;
}

// ---------------------------------------------------------------------------------------------

describe("ListDetectors and GetDetector", () => {
  it("lists exactly one detector per region, different per region", async () => {
    const us = await admin.send(new ListDetectorsCommand({}));
    const eu = await kit.client(kit.administrator, EU).send(new ListDetectorsCommand({}));
    expect(us.DetectorIds).toEqual([detectorIdOf(kit.administrator, US)]);
    expect(eu.DetectorIds).toEqual([detectorIdOf(kit.administrator, EU)]);
    expect(us.DetectorIds?.[0]).not.toBe(eu.DetectorIds?.[0]);
    expect(us.NextToken).toBeUndefined();
  });

  it("lists the standalone account's own detector, not the administrator's", async () => {
    const out = await kit.client(kit.standalone, US).send(new ListDetectorsCommand({}));
    expect(out.DetectorIds).toEqual([detectorIdOf(kit.standalone, US)]);
  });

  it("gets a detector's status, role, features with Date updatedAt, tags and dataSources", async () => {
    const detector = worldDetector(adminDetectorId);
    const out = await admin.send(new GetDetectorCommand({ DetectorId: adminDetectorId }));
    expect(out.Status).toBe(detector.status);
    expect(out.Status).toBe("ENABLED");
    expect(out.ServiceRole).toBe(
      `arn:aws:iam::${kit.administrator.accountId}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
    );
    expect(out.CreatedAt).toBe(detector.createdAt);
    expect(out.UpdatedAt).toBe(detector.updatedAt);
    expect(out.FindingPublishingFrequency).toBe(detector.findingPublishingFrequency);
    expect(out.Tags).toEqual({ team: "secops", environment: "production" });

    expect(out.Features?.map((f) => f.Name)).toEqual(detector.features.map((f) => f.name));
    for (const [index, feature] of (out.Features ?? []).entries()) {
      const expected = detector.features[index];
      expect(feature.Status).toBe(expected?.status);
      expect(feature.UpdatedAt).toBeInstanceOf(Date);
      expect(feature.UpdatedAt?.getTime()).toBe((expected?.updatedAt ?? 0) * 1000);
      for (const [i, extra] of (feature.AdditionalConfiguration ?? []).entries()) {
        expect(extra.UpdatedAt).toBeInstanceOf(Date);
        expect(extra.Name).toBe(expected?.additionalConfiguration?.[i]?.name);
      }
    }
    const runtime = out.Features?.find((f) => f.Name === "RUNTIME_MONITORING");
    expect(runtime?.AdditionalConfiguration?.map((c) => c.Name)).toEqual([
      "EKS_ADDON_MANAGEMENT",
      "ECS_FARGATE_AGENT_MANAGEMENT",
      "EC2_AGENT_MANAGEMENT",
    ]);

    const status = (name: string) => detector.features.find((f) => f.name === name)?.status;
    expect(out.DataSources?.CloudTrail?.Status).toBe(status("CLOUD_TRAIL"));
    expect(out.DataSources?.DNSLogs?.Status).toBe(status("DNS_LOGS"));
    expect(out.DataSources?.FlowLogs?.Status).toBe(status("FLOW_LOGS"));
    expect(out.DataSources?.S3Logs?.Status).toBe(status("S3_DATA_EVENTS"));
    expect(out.DataSources?.Kubernetes?.AuditLogs?.Status).toBe(status("EKS_AUDIT_LOGS"));
    expect(
      out.DataSources?.MalwareProtection?.ScanEc2InstanceWithFindings?.EbsVolumes?.Status,
    ).toBe(status("EBS_MALWARE_PROTECTION"));
  });
});

describe("ListFindings paging", () => {
  it("pages to the end with maxResults 7: distinct ids, fresh tokens, no token at the end", async () => {
    const ids: string[] = [];
    const tokens: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await admin.send(
        new ListFindingsCommand({
          DetectorId: adminDetectorId,
          MaxResults: 7,
          NextToken: nextToken,
        }),
      );
      pages += 1;
      expect(page.FindingIds?.length).toBeLessThanOrEqual(7);
      ids.push(...(page.FindingIds ?? []));
      nextToken = page.NextToken;
      if (nextToken) {
        expect(page.FindingIds).toHaveLength(7);
        tokens.push(nextToken);
      }
      expect(pages).toBeLessThan(200);
    } while (nextToken);
    const total = worldFindings().length;
    expect(total).toBe(500);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    expect(sorted(ids)).toEqual(sorted(worldDetector(adminDetectorId).findings.keys()));
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(pages).toBe(Math.ceil(total / 7));
  });

  it("pages with the SDK's paginateListFindings", async () => {
    const ids: string[] = [];
    let pages = 0;
    for await (const page of paginateListFindings(
      { client: admin, pageSize: 7 },
      { DetectorId: adminDetectorId },
    )) {
      pages += 1;
      ids.push(...(page.FindingIds ?? []));
    }
    expect(pages).toBe(Math.ceil(worldFindings().length / 7));
    expect(sorted(ids)).toEqual(sorted(worldDetector(adminDetectorId).findings.keys()));
  });
});

describe("ListFindings criteria", () => {
  const instanceGroupIds = (f: WireFinding): string[] => {
    const details = f.resource.instanceDetails as
      | { networkInterfaces?: { securityGroups?: { groupId?: string }[] }[] }
      | undefined;
    return (details?.networkInterfaces ?? []).flatMap((ni) =>
      (ni.securityGroups ?? []).map((sg) => sg.groupId ?? ""),
    );
  };

  function mostCommon(values: string[], rank = 0): string {
    const counts = new Map<string, number>();
    for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
    const ordered = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const entry = ordered[rank];
    if (!entry) throw new Error("not enough distinct values");
    return entry[0];
  }

  interface Case {
    name: string;
    criterion: () => Record<string, Condition>;
    expected: (f: WireFinding) => boolean;
  }

  const typeA = () =>
    mostCommon(
      worldFindings().map((f) => f.type),
      0,
    );
  const typeB = () =>
    mostCommon(
      worldFindings().map((f) => f.type),
      1,
    );
  const times = () =>
    worldFindings()
      .map((f) => Date.parse(f.updatedAt))
      .sort((a, b) => a - b);
  const windowStart = () => times()[100] as number;
  const windowEnd = () => times()[300] as number;
  const groupId = () => mostCommon(worldFindings().flatMap(instanceGroupIds), 3);

  const cases: Case[] = [
    {
      name: "severity greaterThanOrEqual 7",
      criterion: () => ({ severity: { GreaterThanOrEqual: 7 } }),
      expected: (f) => f.severity >= 7,
    },
    {
      name: "severity greaterThan 7",
      criterion: () => ({ severity: { GreaterThan: 7 } }),
      expected: (f) => f.severity > 7,
    },
    {
      name: "severity lessThan 4",
      criterion: () => ({ severity: { LessThan: 4 } }),
      expected: (f) => f.severity < 4,
    },
    {
      name: "severity lessThanOrEqual 2",
      criterion: () => ({ severity: { LessThanOrEqual: 2 } }),
      expected: (f) => f.severity <= 2,
    },
    {
      name: "type equals two types",
      criterion: () => ({ type: { Equals: [typeA(), typeB()] } }),
      expected: (f) => f.type === typeA() || f.type === typeB(),
    },
    {
      name: "type notEquals",
      criterion: () => ({ type: { NotEquals: [typeA()] } }),
      expected: (f) => f.type !== typeA(),
    },
    {
      name: 'service.archived equals "true"',
      criterion: () => ({ "service.archived": { Equals: ["true"] } }),
      expected: (f) => f.service.archived === true,
    },
    {
      name: 'service.archived equals "false"',
      criterion: () => ({ "service.archived": { Equals: ["false"] } }),
      expected: (f) => f.service.archived === false,
    },
    {
      name: "updatedAt window in epoch milliseconds",
      criterion: () => ({
        updatedAt: { GreaterThanOrEqual: windowStart(), LessThan: windowEnd() },
      }),
      expected: (f) =>
        Date.parse(f.updatedAt) >= windowStart() && Date.parse(f.updatedAt) < windowEnd(),
    },
    {
      name: "accountId notEquals the administrator (member findings)",
      criterion: () => ({ accountId: { NotEquals: [kit.administrator.accountId] } }),
      expected: (f) => f.accountId !== kit.administrator.accountId,
    },
    {
      name: "fan-out over networkInterfaces and securityGroups",
      criterion: () => ({
        "resource.instanceDetails.networkInterfaces.securityGroups.groupId": {
          Equals: [groupId()],
        },
      }),
      expected: (f) => instanceGroupIds(f).includes(groupId()),
    },
    {
      name: "deprecated eq",
      criterion: () => ({ type: { Eq: [typeB()] } }),
      expected: (f) => f.type === typeB(),
    },
    {
      name: "deprecated neq",
      criterion: () => ({ accountId: { Neq: [kit.administrator.accountId] } }),
      expected: (f) => f.accountId !== kit.administrator.accountId,
    },
    {
      name: "deprecated gt",
      criterion: () => ({ severity: { Gt: 5 } }),
      expected: (f) => f.severity > 5,
    },
    {
      name: "deprecated gte",
      criterion: () => ({ severity: { Gte: 7 } }),
      expected: (f) => f.severity >= 7,
    },
    {
      name: "deprecated lt",
      criterion: () => ({ severity: { Lt: 3 } }),
      expected: (f) => f.severity < 3,
    },
    {
      name: "deprecated lte",
      criterion: () => ({ severity: { Lte: 5 } }),
      expected: (f) => f.severity <= 5,
    },
    {
      name: "several criteria are ANDed",
      criterion: () => ({
        severity: { Gte: 4, LessThan: 7 },
        "service.archived": { Equals: ["false"] },
        "resource.resourceType": { Equals: ["Instance", "AccessKey"] },
      }),
      expected: (f) =>
        f.severity >= 4 &&
        f.severity < 7 &&
        !f.service.archived &&
        ["Instance", "AccessKey"].includes(f.resource.resourceType),
    },
  ];

  for (const testCase of cases) {
    it(`matches ${testCase.name}`, async () => {
      const all = worldFindings();
      const expected = all.filter(testCase.expected).map((f) => f.id);
      // A criterion that matches nothing or everything would not prove the filter works.
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(all.length);
      const ids = await listAllFindingIds(admin, adminDetectorId, testCase.criterion());
      expect(ids).toHaveLength(expected.length);
      expect(sorted(ids)).toEqual(sorted(expected));
    });
  }
});

describe("ListFindings sortCriteria", () => {
  const orders = [
    { attribute: "severity", order: "ASC", key: (f: WireFinding) => f.severity },
    { attribute: "severity", order: "DESC", key: (f: WireFinding) => f.severity },
    { attribute: "updatedAt", order: "ASC", key: (f: WireFinding) => Date.parse(f.updatedAt) },
    { attribute: "updatedAt", order: "DESC", key: (f: WireFinding) => Date.parse(f.updatedAt) },
  ] as const;

  for (const { attribute, order, key } of orders) {
    it(`orders by ${attribute} ${order} across pages`, async () => {
      const ids = await listAllFindingIds(admin, adminDetectorId, undefined, {
        AttributeName: attribute,
        OrderBy: order,
      });
      expect(sorted(ids)).toEqual(sorted(worldDetector(adminDetectorId).findings.keys()));
      const keys = ids.map((id) => key(worldFinding(id)));
      for (let i = 1; i < keys.length; i++) {
        const [previous, current] = [keys[i - 1] as number, keys[i] as number];
        if (order === "ASC") expect(current).toBeGreaterThanOrEqual(previous);
        else expect(current).toBeLessThanOrEqual(previous);
      }
      const all = worldFindings().map(key);
      expect(keys[0]).toBe(order === "ASC" ? Math.min(...all) : Math.max(...all));
    });
  }

  it("sorts only the findings that match the criteria", async () => {
    const ids = await listAllFindingIds(
      admin,
      adminDetectorId,
      { severity: { GreaterThanOrEqual: 7 } },
      { AttributeName: "updatedAt", OrderBy: "DESC" },
    );
    const expected = worldFindings().filter((f) => f.severity >= 7);
    expect(ids).toHaveLength(expected.length);
    const times = ids.map((id) => Date.parse(worldFinding(id).updatedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });
});

describe("GetFindings", () => {
  it("returns 50 findings in one call with the stored values", async () => {
    const ids = worldFindings()
      .slice(0, 50)
      .map((f) => f.id);
    const out = await admin.send(
      new GetFindingsCommand({ DetectorId: adminDetectorId, FindingIds: ids }),
    );
    expect(out.Findings).toHaveLength(50);
    expect(out.Findings?.map((f) => f.Id)).toEqual(ids);
    for (const finding of out.Findings ?? []) {
      const stored = worldFinding(finding.Id ?? "");
      expect(finding.AccountId).toBe(stored.accountId);
      expect(finding.Arn).toBe(stored.arn);
      expect(finding.Type).toBe(stored.type);
      expect(finding.Severity).toBe(stored.severity);
      expect(finding.CreatedAt).toBe(stored.createdAt);
      expect(finding.UpdatedAt).toBe(stored.updatedAt);
      expect(finding.Resource?.ResourceType).toBe(stored.resource.resourceType);
      expect(finding.Service?.Archived).toBe(stored.service.archived);
      expect(finding.Service?.DetectorId).toBe(stored.service.detectorId);
    }
  });

  it("omits unknown ids", async () => {
    const known = worldFindings()
      .slice(100, 148)
      .map((f) => f.id);
    const unknown = ["0".repeat(32), "f".repeat(32)];
    const out = await admin.send(
      new GetFindingsCommand({
        DetectorId: adminDetectorId,
        FindingIds: [unknown[0] as string, ...known, unknown[1] as string],
      }),
    );
    expect(out.Findings?.map((f) => f.Id)).toEqual(known);
  });

  it("honours sortCriteria", async () => {
    const ids = worldFindings()
      .slice(200, 250)
      .map((f) => f.id);
    const out = await admin.send(
      new GetFindingsCommand({
        DetectorId: adminDetectorId,
        FindingIds: ids,
        SortCriteria: { AttributeName: "severity", OrderBy: "DESC" },
      }),
    );
    const severities = out.Findings?.map((f) => f.Severity ?? -1) ?? [];
    expect(severities).toHaveLength(50);
    expect(severities).toEqual([...severities].sort((a, b) => b - a));
    expect(severities[0]).toBeGreaterThan(severities[49] as number);
  });
});

describe("GetFindingsStatistics", () => {
  const RESOURCE_ID_PATH: Record<string, string[]> = {
    AccessKey: ["accessKeyDetails", "accessKeyId"],
    Container: ["containerDetails", "id"],
    ECSCluster: ["ecsClusterDetails", "name"],
    EKSCluster: ["eksClusterDetails", "name"],
    Instance: ["instanceDetails", "instanceId"],
    KubernetesCluster: ["kubernetesDetails", "kubernetesWorkloadDetails", "name"],
    Lambda: ["lambdaDetails", "functionName"],
    RDSDBInstance: ["rdsDbInstanceDetails", "dbInstanceIdentifier"],
    S3Bucket: ["s3BucketDetails", "0", "name"],
    S3Object: ["s3BucketDetails", "0", "name"],
  };

  function resourceId(f: WireFinding): string | undefined {
    const path = RESOURCE_ID_PATH[f.resource.resourceType];
    if (!path) return undefined;
    let node: unknown = f.resource;
    for (const segment of path) node = (node as Record<string, unknown> | undefined)?.[segment];
    return typeof node === "string" && node !== "" ? node : undefined;
  }

  const day = (f: WireFinding) => new Date(f.updatedAt).toISOString().slice(0, 10);

  interface GroupCase {
    groupBy: GroupByType;
    criterion?: Record<string, Condition>;
    matches: (f: WireFinding) => boolean;
    /** The group a finding counts in; undefined = left out. */
    keyOf: (f: WireFinding) => string | undefined;
    /** The same key, read back from an SDK group. */
    keyOfGroup: (group: Record<string, unknown>) => string;
    member: string;
  }

  const since = Date.parse("2026-10-01T00:00:00.000Z");
  const NON_INSTANCE_TYPES = [
    "S3Bucket",
    "S3Object",
    "Lambda",
    "RDSDBInstance",
    "Container",
    "ECSCluster",
    "RecoveryPoint",
    "EC2Image",
    "EBSSnapshot",
  ];
  const groupCases: GroupCase[] = [
    {
      groupBy: "ACCOUNT",
      matches: () => true,
      keyOf: (f) => f.accountId,
      keyOfGroup: (g) => String(g.AccountId),
      member: "GroupedByAccount",
    },
    {
      groupBy: "SEVERITY",
      matches: () => true,
      keyOf: (f) => String(f.severity),
      keyOfGroup: (g) => String(g.Severity),
      member: "GroupedBySeverity",
    },
    {
      groupBy: "FINDING_TYPE",
      criterion: { "resource.resourceType": { Equals: ["Instance"] } },
      matches: (f) => f.resource.resourceType === "Instance",
      keyOf: (f) => f.type,
      keyOfGroup: (g) => String(g.FindingType),
      member: "GroupedByFindingType",
    },
    {
      groupBy: "RESOURCE",
      // Includes resource types without a resource id (RecoveryPoint, EC2Image...): left out.
      criterion: { "resource.resourceType": { Equals: [...NON_INSTANCE_TYPES] } },
      matches: (f) => NON_INSTANCE_TYPES.includes(f.resource.resourceType),
      keyOf: (f) => {
        const id = resourceId(f);
        return id === undefined ? undefined : `${f.resource.resourceType}|${id}|${f.accountId}`;
      },
      keyOfGroup: (g) => `${g.ResourceType}|${g.ResourceId}|${g.AccountId}`,
      member: "GroupedByResource",
    },
    {
      groupBy: "DATE",
      criterion: { severity: { GreaterThanOrEqual: 7 }, updatedAt: { GreaterThanOrEqual: since } },
      matches: (f) => f.severity >= 7 && Date.parse(f.updatedAt) >= since,
      keyOf: (f) => `${day(f)}|${f.severity}`,
      keyOfGroup: (g) => `${(g.Date as Date).toISOString().slice(0, 10)}|${g.Severity}`,
      member: "GroupedByDate",
    },
  ];

  for (const testCase of groupCases) {
    it(`groups by ${testCase.groupBy}: counts and lastGeneratedAt match the findings`, async () => {
      const matching = worldFindings().filter(testCase.matches);
      expect(matching.length).toBeGreaterThan(0);
      const expected = new Map<string, { count: number; last: number }>();
      for (const f of matching) {
        const key = testCase.keyOf(f);
        if (key === undefined) continue;
        const group = expected.get(key) ?? { count: 0, last: 0 };
        group.count += 1;
        group.last = Math.max(group.last, Date.parse(f.updatedAt));
        expected.set(key, group);
      }
      // Fewer groups than maxResults, so nothing is cut off and the totals must add up.
      expect(expected.size).toBeLessThan(100);

      const out = await admin.send(
        new GetFindingsStatisticsCommand({
          DetectorId: adminDetectorId,
          GroupBy: testCase.groupBy,
          MaxResults: 100,
          ...(testCase.criterion ? { FindingCriteria: { Criterion: testCase.criterion } } : {}),
        }),
      );
      const stats = out.FindingStatistics as Record<string, unknown> | undefined;
      const groups = (stats?.[testCase.member] ?? []) as Record<string, unknown>[];
      expect(groups).toHaveLength(expected.size);
      const total = groups.reduce((sum, g) => sum + Number(g.TotalFindings), 0);
      const countable = matching.filter((f) => testCase.keyOf(f) !== undefined).length;
      expect(total).toBe(countable);
      if (testCase.groupBy !== "RESOURCE") expect(total).toBe(matching.length);
      else expect(countable).toBeLessThan(matching.length);

      for (const group of groups) {
        const want = expected.get(testCase.keyOfGroup(group));
        expect(want, testCase.keyOfGroup(group)).toBeDefined();
        expect(group.TotalFindings).toBe(want?.count);
        expect(group.LastGeneratedAt).toBeInstanceOf(Date);
        expect((group.LastGeneratedAt as Date).getTime()).toBe(want?.last);
        if (testCase.groupBy === "DATE") expect(group.Date).toBeInstanceOf(Date);
      }
      const totals = groups.map((g) => Number(g.TotalFindings));
      expect(totals).toEqual([...totals].sort((a, b) => b - a));
    });
  }

  it("orders ASC and cuts off at maxResults", async () => {
    const out = await admin.send(
      new GetFindingsStatisticsCommand({
        DetectorId: adminDetectorId,
        GroupBy: "ACCOUNT",
        OrderBy: "ASC",
        MaxResults: 3,
      }),
    );
    const totals = out.FindingStatistics?.GroupedByAccount?.map((g) => g.TotalFindings ?? 0) ?? [];
    expect(totals).toHaveLength(3);
    const perAccount = new Map<string, number>();
    for (const f of worldFindings())
      perAccount.set(f.accountId, (perAccount.get(f.accountId) ?? 0) + 1);
    const smallest = [...perAccount.values()].sort((a, b) => a - b).slice(0, 3);
    expect(totals).toEqual(smallest);
  });

  it("counts by severity with the deprecated COUNT_BY_SEVERITY", async () => {
    const out = await admin.send(
      new GetFindingsStatisticsCommand({
        DetectorId: adminDetectorId,
        FindingStatisticTypes: ["COUNT_BY_SEVERITY"],
        FindingCriteria: { Criterion: { "service.archived": { Equals: ["false"] } } },
      }),
    );
    const counts = out.FindingStatistics?.CountBySeverity ?? {};
    const active = worldFindings().filter((f) => !f.service.archived);
    const expected = new Map<number, number>();
    for (const f of active) expected.set(f.severity, (expected.get(f.severity) ?? 0) + 1);
    expect(Object.keys(counts)).toHaveLength(expected.size);
    for (const [key, count] of Object.entries(counts)) {
      expect(key).toMatch(/^\d+\.\d+$/);
      expect(count).toBe(expected.get(Number(key)));
    }
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(active.length);
  });
});

describe("members, invitations and free-trial days (read-only)", () => {
  async function listMembers(onlyAssociated: string): Promise<Member[]> {
    const members: Member[] = [];
    for await (const page of paginateListMembers(
      { client: admin, pageSize: 10 },
      { DetectorId: adminDetectorId, OnlyAssociated: onlyAssociated },
    )) {
      members.push(...(page.Members ?? []));
    }
    return members;
  }

  it("ListMembers onlyAssociated=true lists only Enabled and Disabled members", async () => {
    const members = await listMembers("true");
    const expected = relationshipsIn(US).filter((r) =>
      ["Enabled", "Disabled"].includes(r.relationshipStatus),
    );
    expect(sorted(members.map((m) => m.AccountId ?? ""))).toEqual(
      sorted(expected.map((r) => r.memberAccountId)),
    );
    for (const member of members) {
      expect(["Enabled", "Disabled"]).toContain(member.RelationshipStatus);
      expect(member.AdministratorId).toBe(kit.administrator.accountId);
      expect(member.MasterId).toBe(kit.administrator.accountId);
      expect(member.DetectorId).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  it("ListMembers onlyAssociated=false lists every member in every status", async () => {
    const members = await listMembers("false");
    const expected = relationshipsIn(US);
    expect(members).toHaveLength(expected.length);
    expect(new Set(members.map((m) => m.RelationshipStatus))).toEqual(
      new Set(expected.map((r) => r.relationshipStatus)),
    );
    const invited = members.find((m) => m.RelationshipStatus === "Invited");
    expect(invited?.DetectorId).toBeUndefined();
    expect(invited?.InvitedAt).toMatch(/Z$/);
  });

  it("GetMembers returns known members and puts unknown accounts in UnprocessedAccounts", async () => {
    const known = relationshipsIn(US).slice(0, 2);
    const stranger = "123456789012";
    expect(kit.identities.some((i) => i.accountId === stranger)).toBe(false);
    const out = await admin.send(
      new GetMembersCommand({
        DetectorId: adminDetectorId,
        AccountIds: [...known.map((r) => r.memberAccountId), stranger, kit.standalone.accountId],
      }),
    );
    expect(out.Members?.map((m) => m.AccountId)).toEqual(known.map((r) => r.memberAccountId));
    expect(out.Members?.map((m) => m.RelationshipStatus)).toEqual(
      known.map((r) => r.relationshipStatus),
    );
    expect(out.Members?.[0]?.Email).toBe(known[0]?.email);
    expect(out.UnprocessedAccounts?.map((u) => u.AccountId)).toEqual([
      stranger,
      kit.standalone.accountId,
    ]);
    for (const unprocessed of out.UnprocessedAccounts ?? []) {
      expect(unprocessed.Result).toBeTruthy();
    }
  });

  it("GetRemainingFreeTrialDays: the administrator for itself and its members, not a stranger", async () => {
    const members = relationshipsIn(US)
      .slice(0, 2)
      .map((r) => r.memberAccountId);
    const asked = [kit.administrator.accountId, ...members, kit.standalone.accountId];
    const out = await admin.send(
      new GetRemainingFreeTrialDaysCommand({ DetectorId: adminDetectorId, AccountIds: asked }),
    );
    expect(out.Accounts?.map((a) => a.AccountId)).toEqual([
      kit.administrator.accountId,
      ...members,
    ]);
    expect(out.UnprocessedAccounts?.map((u) => u.AccountId)).toEqual([kit.standalone.accountId]);
    for (const account of out.Accounts ?? []) {
      const stored = kit.sandbox.world.freeTrial.get(`${US}/${account.AccountId}`);
      expect(account.Features?.map((f) => f.Name)).toEqual(stored?.features.map((f) => f.name));
      expect(account.Features?.map((f) => f.FreeTrialDaysRemaining)).toEqual(
        stored?.features.map((f) => f.freeTrialDaysRemaining),
      );
      const cloudTrail = stored?.features.find((f) => f.name === "CLOUD_TRAIL");
      expect(account.DataSources?.CloudTrail?.FreeTrialDaysRemaining).toBe(
        cloudTrail?.freeTrialDaysRemaining,
      );
      expect(account.DataSources?.DnsLogs?.FreeTrialDaysRemaining).toBeTypeOf("number");
      expect(account.DataSources?.Kubernetes?.AuditLogs?.FreeTrialDaysRemaining).toBeTypeOf(
        "number",
      );
    }
  });

  it("ListInvitations shows an Invited member its pending invitation", async () => {
    const invited = memberWithStatus("Invited");
    const relationship = relationshipsIn(US).find((r) => r.memberAccountId === invited.accountId);
    const out = await kit.client(invited, US).send(new ListInvitationsCommand({}));
    expect(out.Invitations).toEqual([
      {
        AccountId: kit.administrator.accountId,
        InvitationId: relationship?.invitationId,
        RelationshipStatus: "Invited",
        InvitedAt: relationship?.invitedAt,
      },
    ]);
  });

  it("an Enabled member sees its administrator; standalone and administrator see none", async () => {
    const enabled = memberWithStatus("Enabled");
    const member = await kit
      .client(enabled, US)
      .send(new GetAdministratorAccountCommand({ DetectorId: detectorIdOf(enabled, US) }));
    expect(member.Administrator?.AccountId).toBe(kit.administrator.accountId);
    expect(member.Administrator?.RelationshipStatus).toBe("Enabled");

    const standalone = await kit
      .client(kit.standalone, US)
      .send(new GetAdministratorAccountCommand({ DetectorId: detectorIdOf(kit.standalone, US) }));
    expect(standalone.Administrator).toBeUndefined();
    const itself = await admin.send(
      new GetAdministratorAccountCommand({ DetectorId: adminDetectorId }),
    );
    expect(itself.Administrator).toBeUndefined();
  });
});

describe("CreateSampleFindings, archive, feedback (state-changing)", () => {
  const changed = { samples: [] as string[], feedback: [] as string[] };
  beforeAll(resetSandbox);
  afterAll(resetSandbox);

  it("creates one [SAMPLE] finding per requested type", async () => {
    const types = ["Backdoor:EC2/C&CActivity.B", "Recon:IAMUser/TorIPCaller"];
    const before = new Set(worldDetector(adminDetectorId).findings.keys());
    await admin.send(
      new CreateSampleFindingsCommand({ DetectorId: adminDetectorId, FindingTypes: types }),
    );
    const after = await listAllFindingIds(admin, adminDetectorId);
    const created = after.filter((id) => !before.has(id));
    expect(after).toHaveLength(before.size + 2);
    expect(created).toHaveLength(2);
    changed.samples = created;
    const out = await admin.send(
      new GetFindingsCommand({ DetectorId: adminDetectorId, FindingIds: created }),
    );
    expect(sorted((out.Findings ?? []).map((f) => f.Type ?? ""))).toEqual(sorted(types));
    for (const finding of out.Findings ?? []) {
      expect(finding.Title).toMatch(/^\[SAMPLE\]/);
      expect(finding.Id).toMatch(/^[0-9a-f]{32}$/);
      expect(finding.Service?.Archived).toBe(false);
      expect(JSON.parse(finding.Service?.AdditionalInfo?.Value ?? "{}").sample).toBe(true);
      expect(finding.AccountId).toBe(kit.administrator.accountId);
    }
  });

  it("gives sample findings of different detectors different ids", async () => {
    const type = "UnauthorizedAccess:EC2/TorClient";
    const created: string[] = [];
    for (const region of [US, EU]) {
      const detectorId = detectorIdOf(kit.administrator, region);
      const client = kit.client(kit.administrator, region);
      const criterion = { type: { Equals: [type] } };
      const before = new Set(await listAllFindingIds(client, detectorId, criterion));
      await client.send(
        new CreateSampleFindingsCommand({ DetectorId: detectorId, FindingTypes: [type] }),
      );
      const after = await listAllFindingIds(client, detectorId, criterion);
      const fresh = after.filter((id) => !before.has(id));
      expect(fresh).toHaveLength(1);
      created.push(...fresh);
    }
    expect(new Set(created).size).toBe(2);
  });

  it("archives and unarchives findings, visible through GetFindings and criteria", async () => {
    const targets = worldFindings()
      .filter((f) => !f.service.archived)
      .slice(0, 3)
      .map((f) => f.id);
    await admin.send(
      new ArchiveFindingsCommand({ DetectorId: adminDetectorId, FindingIds: targets }),
    );
    const archived = await admin.send(
      new GetFindingsCommand({ DetectorId: adminDetectorId, FindingIds: targets }),
    );
    expect(archived.Findings?.map((f) => f.Service?.Archived)).toEqual([true, true, true]);
    const listed = await listAllFindingIds(admin, adminDetectorId, {
      "service.archived": { Equals: ["true"] },
    });
    expect(listed).toEqual(expect.arrayContaining(targets));

    await admin.send(
      new UnarchiveFindingsCommand({ DetectorId: adminDetectorId, FindingIds: targets }),
    );
    const restored = await admin.send(
      new GetFindingsCommand({ DetectorId: adminDetectorId, FindingIds: targets }),
    );
    expect(restored.Findings?.map((f) => f.Service?.Archived)).toEqual([false, false, false]);
  });

  it("a member with an Enabled relationship may not archive its own findings", async () => {
    const enabled = relationshipsIn(US)
      .filter((r) => r.relationshipStatus === "Enabled")
      .map((r) => kit.members.find((m) => m.accountId === r.memberAccountId) as PublicIdentity)
      .find((m) => worldDetector(detectorIdOf(m, US)).findings.size > 0);
    if (!enabled) throw new Error("no Enabled member with findings");
    const memberDetector = detectorIdOf(enabled, US);
    const [own] = worldFindings(memberDetector);
    const client = kit.client(enabled, US);
    await expectBadRequest(
      client.send(
        new ArchiveFindingsCommand({ DetectorId: memberDetector, FindingIds: [own?.id ?? ""] }),
      ),
      "administrator",
    );
    await expectBadRequest(
      client.send(
        new UnarchiveFindingsCommand({ DetectorId: memberDetector, FindingIds: [own?.id ?? ""] }),
      ),
      "administrator",
    );
    expect(worldFinding(own?.id ?? "", memberDetector).service.archived).toBe(
      own?.service.archived,
    );
  });

  it("sets userFeedback with UpdateFindingsFeedback", async () => {
    const targets = worldFindings()
      .filter((f) => f.service.userFeedback === undefined)
      .slice(0, 2)
      .map((f) => f.id);
    changed.feedback = targets;
    await admin.send(
      new UpdateFindingsFeedbackCommand({
        DetectorId: adminDetectorId,
        FindingIds: targets,
        Feedback: "NOT_USEFUL",
        Comments: "noise from the build farm",
      }),
    );
    const out = await admin.send(
      new GetFindingsCommand({ DetectorId: adminDetectorId, FindingIds: targets }),
    );
    expect(out.Findings?.map((f) => f.Service?.UserFeedback)).toEqual(["NOT_USEFUL", "NOT_USEFUL"]);
    await admin.send(
      new UpdateFindingsFeedbackCommand({
        DetectorId: adminDetectorId,
        FindingIds: targets.slice(0, 1),
        Feedback: "USEFUL",
      }),
    );
    const again = await admin.send(
      new GetFindingsCommand({ DetectorId: adminDetectorId, FindingIds: targets }),
    );
    expect(again.Findings?.map((f) => f.Service?.UserFeedback)).toEqual(["USEFUL", "NOT_USEFUL"]);
  });

  it("POST /_sandbox/reset restores the seeded state", async () => {
    expect(changed.samples).toHaveLength(2);
    expect(changed.feedback).toHaveLength(2);
    await resetSandbox();
    const ids = await listAllFindingIds(admin, adminDetectorId);
    expect(ids).toHaveLength(500);
    const samples = await admin.send(
      new GetFindingsCommand({ DetectorId: adminDetectorId, FindingIds: changed.samples }),
    );
    expect(samples.Findings).toEqual([]);
    const feedback = await admin.send(
      new GetFindingsCommand({ DetectorId: adminDetectorId, FindingIds: changed.feedback }),
    );
    expect(feedback.Findings?.map((f) => f.Service?.UserFeedback)).toEqual([undefined, undefined]);
  });
});

describe("administrator relationship state machine", () => {
  beforeAll(resetSandbox);
  afterAll(resetSandbox);

  async function adminViewOf(accountId: string): Promise<Member | undefined> {
    const out = await admin.send(
      new GetMembersCommand({ DetectorId: adminDetectorId, AccountIds: [accountId] }),
    );
    return out.Members?.[0];
  }

  it("accepts with AcceptAdministratorInvitation, then disassociates", async () => {
    const member = memberWithStatus("Invited", US, 0);
    const client = kit.client(member, US);
    const detectorId = detectorIdOf(member, US);

    const before = await client.send(
      new GetAdministratorAccountCommand({ DetectorId: detectorId }),
    );
    expect(before.Administrator).toBeUndefined();
    const invitations = await client.send(new ListInvitationsCommand({}));
    const invitation = invitations.Invitations?.[0];
    expect(invitation?.AccountId).toBe(kit.administrator.accountId);
    expect(invitation?.RelationshipStatus).toBe("Invited");
    const invitationId = invitation?.InvitationId ?? "";
    expect(invitationId).toMatch(/^[0-9a-f]{32}$/);
    expect((await adminViewOf(member.accountId))?.RelationshipStatus).toBe("Invited");

    await expectBadRequest(
      client.send(
        new AcceptAdministratorInvitationCommand({
          DetectorId: detectorId,
          AdministratorId: kit.administrator.accountId,
          InvitationId: "0".repeat(32),
        }),
      ),
      "invitation",
    );
    await expectBadRequest(
      client.send(
        new AcceptAdministratorInvitationCommand({
          DetectorId: detectorId,
          AdministratorId: kit.standalone.accountId,
          InvitationId: invitationId,
        }),
      ),
      "administratorId",
    );
    expect((await adminViewOf(member.accountId))?.RelationshipStatus).toBe("Invited");

    await client.send(
      new AcceptAdministratorInvitationCommand({
        DetectorId: detectorId,
        AdministratorId: kit.administrator.accountId,
        InvitationId: invitationId,
      }),
    );
    const accepted = await client.send(
      new GetAdministratorAccountCommand({ DetectorId: detectorId }),
    );
    expect(accepted.Administrator).toMatchObject({
      AccountId: kit.administrator.accountId,
      InvitationId: invitationId,
      RelationshipStatus: "Enabled",
    });
    expect((await client.send(new ListInvitationsCommand({}))).Invitations ?? []).toEqual([]);
    const enabled = await adminViewOf(member.accountId);
    expect(enabled?.RelationshipStatus).toBe("Enabled");
    expect(enabled?.DetectorId).toBe(detectorId);
    const listed = await admin.send(
      new ListMembersCommand({ DetectorId: adminDetectorId, OnlyAssociated: "true" }),
    );
    expect(listed.Members?.find((m) => m.AccountId === member.accountId)?.RelationshipStatus).toBe(
      "Enabled",
    );
    // The other region's relationship is separate and unchanged.
    const eu = await kit
      .client(member, EU)
      .send(new GetAdministratorAccountCommand({ DetectorId: detectorIdOf(member, EU) }));
    expect(eu.Administrator?.RelationshipStatus).not.toBe("Enabled");

    await client.send(new DisassociateFromAdministratorAccountCommand({ DetectorId: detectorId }));
    const left = await client.send(new GetAdministratorAccountCommand({ DetectorId: detectorId }));
    expect(left.Administrator).toBeUndefined();
    expect((await adminViewOf(member.accountId))?.RelationshipStatus).toBe("Resigned");
    const associated = await admin.send(
      new ListMembersCommand({ DetectorId: adminDetectorId, OnlyAssociated: "true" }),
    );
    expect(associated.Members?.some((m) => m.AccountId === member.accountId)).toBe(false);
    await expectBadRequest(
      client.send(new DisassociateFromAdministratorAccountCommand({ DetectorId: detectorId })),
      "not associated",
    );
  });

  it("does the same with the deprecated master operations", async () => {
    const member = memberWithStatus("Invited", US, 1);
    const client = kit.client(member, US);
    const detectorId = detectorIdOf(member, US);
    const before = await client.send(new GetMasterAccountCommand({ DetectorId: detectorId }));
    expect(before.Master).toBeUndefined();
    const invitation = (await client.send(new ListInvitationsCommand({}))).Invitations?.[0];
    const invitationId = invitation?.InvitationId ?? "";
    expect(invitationId).not.toBe("");

    await expectBadRequest(
      client.send(
        new AcceptInvitationCommand({
          DetectorId: detectorId,
          MasterId: kit.administrator.accountId,
          InvitationId: "1".repeat(32),
        }),
      ),
      "masterId",
    );
    await expectBadRequest(
      client.send(
        new AcceptInvitationCommand({
          DetectorId: detectorId,
          MasterId: member.accountId,
          InvitationId: invitationId,
        }),
      ),
      "masterId",
    );

    await client.send(
      new AcceptInvitationCommand({
        DetectorId: detectorId,
        MasterId: kit.administrator.accountId,
        InvitationId: invitationId,
      }),
    );
    const master = await client.send(new GetMasterAccountCommand({ DetectorId: detectorId }));
    expect(master.Master).toMatchObject({
      AccountId: kit.administrator.accountId,
      InvitationId: invitationId,
      RelationshipStatus: "Enabled",
    });
    // Both API generations read the same state.
    const administrator = await client.send(
      new GetAdministratorAccountCommand({ DetectorId: detectorId }),
    );
    expect(administrator.Administrator?.RelationshipStatus).toBe("Enabled");
    const enabled = await adminViewOf(member.accountId);
    expect(enabled?.RelationshipStatus).toBe("Enabled");
    expect(enabled?.DetectorId).toBe(detectorId);

    await client.send(new DisassociateFromMasterAccountCommand({ DetectorId: detectorId }));
    const left = await client.send(new GetMasterAccountCommand({ DetectorId: detectorId }));
    expect(left.Master).toBeUndefined();
    expect((await adminViewOf(member.accountId))?.RelationshipStatus).toBe("Resigned");
  });

  it("a standalone account has no administrator and nothing to disassociate from", async () => {
    const client = kit.client(kit.standalone, US);
    const detectorId = detectorIdOf(kit.standalone, US);
    const out = await client.send(new GetAdministratorAccountCommand({ DetectorId: detectorId }));
    expect(out.Administrator).toBeUndefined();
    expect((await client.send(new ListInvitationsCommand({}))).Invitations ?? []).toEqual([]);
    await expectBadRequest(
      client.send(new DisassociateFromAdministratorAccountCommand({ DetectorId: detectorId })),
      "not associated",
    );
  });
});

describe("identity and region isolation", () => {
  it("another account's detector id is not owned by the current account", async () => {
    const client = kit.client(kit.standalone, US);
    await expectBadRequest(
      client.send(new GetDetectorCommand({ DetectorId: adminDetectorId })),
      NOT_OWNED,
    );
    await expectBadRequest(
      client.send(new ListFindingsCommand({ DetectorId: adminDetectorId })),
      NOT_OWNED,
    );
    const someId = worldFindings()[0]?.id ?? "";
    await expectBadRequest(
      client.send(new GetFindingsCommand({ DetectorId: adminDetectorId, FindingIds: [someId] })),
      NOT_OWNED,
    );
  });

  it("a detector id from us-east-1 is not owned in eu-west-1", async () => {
    const client = kit.client(kit.administrator, EU);
    await expectBadRequest(
      client.send(new GetDetectorCommand({ DetectorId: adminDetectorId })),
      NOT_OWNED,
    );
    await expectBadRequest(
      client.send(new ListMembersCommand({ DetectorId: adminDetectorId })),
      NOT_OWNED,
    );
  });

  it("an unknown access key gets 403 UnrecognizedClientException", async () => {
    const client = kit.client({ ...kit.administrator, accessKeyId: "AKIAUNKNOWNUNKNOWN22" }, US);
    const error = await rejection(client.send(new ListDetectorsCommand({})));
    expect(error.name).toBe("UnrecognizedClientException");
    expect(error.$metadata.httpStatusCode).toBe(403);
  });

  it("a member's findings stay out of the standalone account's lists", async () => {
    const ids = await listAllFindingIds(
      kit.client(kit.standalone, US),
      detectorIdOf(kit.standalone, US),
    );
    expect(ids).toHaveLength(worldFindings(detectorIdOf(kit.standalone, US)).length);
    const admins = new Set(worldDetector(adminDetectorId).findings.keys());
    expect(ids.some((id) => admins.has(id))).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// No field silently dropped

/**
 * The SDK member a wire key deserializes into. Generally the key with its first letter upper-cased;
 * the exceptions are the model's jsonName bindings (guardduty-wire.md §5), some of which depend on
 * the enclosing structure.
 */
function sdkMemberName(
  parentKey: string | undefined,
  key: string,
  renames: Record<string, string>,
): string {
  const renamed = renames[`${parentKey}.${key}`];
  if (renamed) return renamed;
  if (key === "productCodeId") return "Code";
  if (key === "productCodeType") return "ProductType";
  if (key === "sourceIPs") return "SourceIps";
  if (key === "createdAt" && parentKey === "taskDetails") return "TaskCreatedAt";
  if (key === "type" && parentKey === "kubernetesWorkload") return "KubernetesResourcesTypes";
  if (key === "lat" && parentKey === "location") return "Latitude";
  if (key === "lon" && parentKey === "location") return "Longitude";
  if (key === "account" && parentKey === "account") return "Name";
  return key.charAt(0).toUpperCase() + key.slice(1);
}

/**
 * Wire members that are maps: their keys are data, kept as-is by the SDK. (`tags` is a map on
 * GetDetector; in findings it is a list of {key, value}, which the walk treats as a list.)
 */
const MAP_MEMBERS = new Set(["affectedResources", "tags"]);

interface LeafReport {
  rawLeaves: number;
  missing: string[];
  mismatched: string[];
  dates: number;
}

/** `renames`: further `${parentKey}.${key}` -> member bindings of one operation's output. */
function compareLeaves(
  raw: unknown,
  sdk: unknown,
  renames: Record<string, string> = {},
): LeafReport {
  const report: LeafReport = { rawLeaves: 0, missing: [], mismatched: [], dates: 0 };
  const walk = (wire: unknown, out: unknown, path: string, parentKey?: string, isMap = false) => {
    if (wire === null || wire === undefined) return;
    if (Array.isArray(wire)) {
      wire.forEach((item, i) => {
        walk(item, Array.isArray(out) ? out[i] : undefined, `${path}[${i}]`, parentKey);
      });
      return;
    }
    if (typeof wire === "object") {
      for (const [key, value] of Object.entries(wire as Record<string, unknown>)) {
        const member = isMap ? key : sdkMemberName(parentKey, key, renames);
        const child =
          out !== null && typeof out === "object"
            ? (out as Record<string, unknown>)[member]
            : undefined;
        walk(value, child, `${path}.${key}`, key, MAP_MEMBERS.has(key));
      }
      return;
    }
    report.rawLeaves += 1;
    if (out === undefined || out === null) {
      report.missing.push(path);
    } else if (out instanceof Date) {
      report.dates += 1;
      if (typeof wire !== "number" || out.getTime() !== wire * 1000) report.mismatched.push(path);
    } else if (out !== wire) {
      report.mismatched.push(`${path}: ${JSON.stringify(wire)} -> ${JSON.stringify(out)}`);
    }
  };
  walk(raw, sdk, "");
  return report;
}

function countSdkLeaves(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (value instanceof Date || typeof value !== "object") return 1;
  if (Array.isArray(value))
    return value.reduce((sum: number, item) => sum + countSdkLeaves(item), 0);
  return Object.values(value as Record<string, unknown>).reduce(
    (sum: number, item) => sum + countSdkLeaves(item),
    0,
  );
}

function leafPaths(value: unknown, prefix = "", out = new Set<string>()): Set<string> {
  if (value === null || value === undefined) return out;
  if (Array.isArray(value)) {
    for (const item of value) leafPaths(item, prefix, out);
  } else if (typeof value === "object") {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      leafPaths(child, `${prefix}.${key}`, out);
    }
  } else out.add(prefix);
  return out;
}

describe("no field silently dropped by the SDK", () => {
  async function rawGetFindings(
    identity: PublicIdentity,
    detectorId: string,
    ids: string[],
    region = US,
  ) {
    const response = await fetch(`${kit.url}/detector/${detectorId}/findings/get`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: rawAuthorization(identity, region),
      },
      body: JSON.stringify({ findingIds: ids }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { findings: unknown[] };
  }

  /** 50 findings chosen to cover as many distinct wire paths as possible. */
  function diverseFindings(findings: WireFinding[]): string[] {
    const chosen: string[] = [];
    const covered = new Set<string>();
    const candidates = findings.map((f) => ({ id: f.id, paths: leafPaths(f) }));
    while (chosen.length < 50 && candidates.length > 0) {
      let best = 0;
      let bestGain = -1;
      candidates.forEach((candidate, index) => {
        let gain = 0;
        for (const path of candidate.paths) if (!covered.has(path)) gain += 1;
        if (gain > bestGain) [best, bestGain] = [index, gain];
      });
      const [pick] = candidates.splice(best, 1);
      if (!pick) break;
      chosen.push(pick.id);
      for (const path of pick.paths) covered.add(path);
    }
    return chosen;
  }

  it("every leaf of 50 raw GetFindings findings has a value at the same place in the SDK output", async () => {
    const all = worldFindings();
    const ids = diverseFindings(all);
    expect(ids).toHaveLength(50);
    const raw = await rawGetFindings(kit.administrator, adminDetectorId, ids);
    const sdk = await admin.send(
      new GetFindingsCommand({ DetectorId: adminDetectorId, FindingIds: ids }),
    );
    expect(raw.findings).toHaveLength(50);
    expect(sdk.Findings).toHaveLength(50);

    const report = compareLeaves(raw.findings, sdk.Findings);
    expect(report.missing).toEqual([]);
    expect(report.mismatched).toEqual([]);
    expect(report.rawLeaves).toBeGreaterThan(50 * 40);
    expect(countSdkLeaves(sdk.Findings)).toBe(report.rawLeaves);
    // Timestamp members came back as Dates (epoch seconds on the wire)...
    expect(report.dates).toBeGreaterThan(0);
    // ...and the renamed members were exercised, so the mapping above was really tested.
    const rawText = JSON.stringify(raw.findings);
    for (const key of ["productCodeId", "sourceIPs", "affectedResources", "LoginAttributes"]) {
      expect(rawText, key).toContain(`"${key}"`);
    }
  });

  it("no leaf is dropped for any seeded finding of any detector", async () => {
    const detectors = [
      { identity: kit.administrator, region: US },
      { identity: kit.administrator, region: EU },
      { identity: kit.standalone, region: US },
    ];
    for (const { identity, region } of detectors) {
      const detectorId = detectorIdOf(identity, region);
      const client = kit.client(identity, region);
      const ids = worldFindings(detectorId).map((f) => f.id);
      for (let start = 0; start < ids.length; start += 50) {
        const batch = ids.slice(start, start + 50);
        const raw = await rawGetFindings(identity, detectorId, batch, region);
        const sdk = await client.send(
          new GetFindingsCommand({ DetectorId: detectorId, FindingIds: batch }),
        );
        const report = compareLeaves(raw.findings, sdk.Findings);
        expect(report.missing, `${region} batch ${start}`).toEqual([]);
        expect(report.mismatched, `${region} batch ${start}`).toEqual([]);
        expect(countSdkLeaves(sdk.Findings)).toBe(report.rawLeaves);
      }
    }
  });

  it("GetDetector and GetRemainingFreeTrialDays lose no leaf either", async () => {
    const detectorResponse = await fetch(`${kit.url}/detector/${adminDetectorId}`, {
      headers: { authorization: rawAuthorization(kit.administrator) },
    });
    const rawDetector = await detectorResponse.json();
    const { $metadata: _detectorMetadata, ...sdkDetector } = await admin.send(
      new GetDetectorCommand({ DetectorId: adminDetectorId }),
    );
    // DataSourceConfigurationsResult binds DNSLogs to `dnsLogs`; the free-trial shape uses DnsLogs.
    const detectorReport = compareLeaves(rawDetector, sdkDetector, {
      "dataSources.dnsLogs": "DNSLogs",
    });
    expect(detectorReport.missing).toEqual([]);
    expect(detectorReport.mismatched).toEqual([]);
    expect(countSdkLeaves(sdkDetector)).toBe(detectorReport.rawLeaves);

    const accountIds = [kit.administrator.accountId, relationshipsIn(US)[0]?.memberAccountId ?? ""];
    const trialResponse = await fetch(
      `${kit.url}/detector/${adminDetectorId}/freeTrial/daysRemaining`,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: rawAuthorization(kit.administrator),
        },
        body: JSON.stringify({ accountIds }),
      },
    );
    const rawTrial = await trialResponse.json();
    const { $metadata: _trialMetadata, ...sdkTrial } = await admin.send(
      new GetRemainingFreeTrialDaysCommand({ DetectorId: adminDetectorId, AccountIds: accountIds }),
    );
    const trialReport = compareLeaves(rawTrial, sdkTrial);
    expect(trialReport.missing).toEqual([]);
    expect(trialReport.mismatched).toEqual([]);
    expect(countSdkLeaves(sdkTrial)).toBe(trialReport.rawLeaves);
  });
});
