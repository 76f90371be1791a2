import { describe, expect, it } from "vitest";
import { SandboxError } from "../../src/sandbox/errors.js";
import {
  computeStatistics,
  type GroupBy,
  type GroupedStatisticsRequest,
  parseStatisticsRequest,
} from "../../src/sandbox/statistics.js";
import type { WireFinding } from "../../src/sandbox/store.js";

interface FindingOverrides {
  id: string;
  severity: number;
  updatedAt: string;
  accountId?: string;
  type?: string;
  resource?: WireFinding["resource"];
}

function finding(overrides: FindingOverrides): WireFinding {
  const accountId = overrides.accountId ?? "111122223333";
  return {
    accountId,
    arn: `arn:aws:guardduty:us-east-1:${accountId}:detector/d1/finding/${overrides.id}`,
    createdAt: "2024-01-01T00:00:00.000Z",
    id: overrides.id,
    partition: "aws",
    region: "us-east-1",
    resource: overrides.resource ?? {
      resourceType: "AccessKey",
      accessKeyDetails: { accessKeyId: "AKIA1" },
    },
    schemaVersion: "2.0",
    service: {
      archived: false,
      count: 1,
      detectorId: "d1",
      eventFirstSeen: "2024-01-01T00:00:00.000Z",
      eventLastSeen: "2024-01-01T00:00:00.000Z",
      resourceRole: "TARGET",
      serviceName: "guardduty",
    },
    severity: overrides.severity,
    type: overrides.type ?? "Recon:IAMUser/TorIPCaller",
    updatedAt: overrides.updatedAt,
  };
}

const seconds = (iso: string) => Date.parse(iso) / 1000;
const ACCOUNT_A = "111122223333";
const ACCOUNT_B = "444455556666";
const ACCOUNT_C = "777788889999";

const findings: WireFinding[] = [
  finding({
    id: "f1",
    severity: 8,
    updatedAt: "2024-03-01T10:00:00.000Z",
    type: "Backdoor:EC2/C&CActivity.B",
    resource: { resourceType: "Instance", instanceDetails: { instanceId: "i-1" } },
  }),
  finding({
    id: "f2",
    severity: 8,
    updatedAt: "2024-03-01T23:59:59.999Z",
    type: "Backdoor:EC2/C&CActivity.B",
    resource: { resourceType: "Instance", instanceDetails: { instanceId: "i-1" } },
  }),
  finding({
    id: "f3",
    severity: 2,
    updatedAt: "2024-03-02T00:00:00.000Z",
    accountId: ACCOUNT_B,
    type: "Policy:S3/BucketBlockPublicAccessDisabled",
    resource: {
      resourceType: "S3Bucket",
      s3BucketDetails: [{ name: "logs" }, { name: "other" }],
    },
  }),
  finding({
    id: "f4",
    severity: 5.5,
    updatedAt: "2024-03-01T05:00:00.000Z",
    accountId: ACCOUNT_B,
  }),
  finding({
    id: "f5",
    severity: 8,
    updatedAt: "2024-03-03T12:00:00.000Z",
    accountId: ACCOUNT_C,
    type: "CryptoCurrency:EC2/BitcoinTool.B",
    // No instanceId: cannot be grouped by resource.
    resource: { resourceType: "Instance", instanceDetails: {} },
  }),
  finding({
    id: "f6",
    severity: 2,
    updatedAt: "2024-03-02T06:00:00.000Z",
    accountId: ACCOUNT_B,
    type: "Policy:S3/BucketBlockPublicAccessDisabled",
    resource: { resourceType: "S3Object", s3BucketDetails: [{ name: "logs" }] },
  }),
];

function rejection(run: () => unknown): SandboxError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SandboxError);
    return error as SandboxError;
  }
  throw new Error("expected a rejection");
}

function expectRejected(body: Record<string, unknown>, ...fragments: string[]): void {
  const error = rejection(() => parseStatisticsRequest(body));
  expect(error.status).toBe(400);
  expect(error.errorType).toBe("BadRequestException");
  for (const fragment of fragments) expect(error.message).toContain(fragment);
}

function grouped(
  groupBy: GroupBy,
  options: Partial<Pick<GroupedStatisticsRequest, "orderBy" | "maxResults">> = {},
  input: readonly WireFinding[] = findings,
): Record<string, unknown> {
  return computeStatistics(input, {
    mode: "groupBy",
    groupBy,
    orderBy: options.orderBy ?? "DESC",
    maxResults: options.maxResults ?? 25,
    criteria: [],
  });
}

describe("parseStatisticsRequest", () => {
  it("parses groupBy with the defaults DESC and 25", () => {
    expect(parseStatisticsRequest({ groupBy: "SEVERITY" })).toEqual({
      mode: "groupBy",
      groupBy: "SEVERITY",
      orderBy: "DESC",
      maxResults: 25,
      criteria: [],
    });
  });

  it("parses every groupBy value with orderBy, maxResults and criteria", () => {
    for (const groupBy of ["ACCOUNT", "DATE", "FINDING_TYPE", "RESOURCE", "SEVERITY"]) {
      expect(
        parseStatisticsRequest({
          groupBy,
          orderBy: "ASC",
          maxResults: 100,
          findingCriteria: { criterion: { severity: { gte: 7 } } },
        }),
      ).toEqual({
        mode: "groupBy",
        groupBy,
        orderBy: "ASC",
        maxResults: 100,
        criteria: [
          { attribute: "severity", operations: [{ operator: "greaterThanOrEqual", value: 7 }] },
        ],
      });
    }
  });

  it("parses the deprecated findingStatisticTypes form", () => {
    expect(parseStatisticsRequest({ findingStatisticTypes: ["COUNT_BY_SEVERITY"] })).toEqual({
      mode: "countBySeverity",
      criteria: [],
    });
    expect(
      parseStatisticsRequest({ findingStatisticTypes: Array(10).fill("COUNT_BY_SEVERITY") }).mode,
    ).toBe("countBySeverity");
  });

  it("lets an empty findingStatisticTypes stand next to groupBy", () => {
    expect(parseStatisticsRequest({ findingStatisticTypes: [], groupBy: "ACCOUNT" }).mode).toBe(
      "groupBy",
    );
  });

  it("rejects both forms together", () => {
    expectRejected(
      { findingStatisticTypes: ["COUNT_BY_SEVERITY"], groupBy: "ACCOUNT" },
      "both findingStatisticTypes and groupBy",
    );
  });

  it("rejects neither form, naming the members to provide", () => {
    for (const body of [{}, { findingStatisticTypes: [] }, { orderBy: "ASC", maxResults: 5 }]) {
      expectRejected(body, "neither groupBy nor findingStatisticTypes", "Provide groupBy");
    }
  });

  it("rejects invalid findingStatisticTypes", () => {
    expectRejected({ findingStatisticTypes: "COUNT_BY_SEVERITY" }, "findingStatisticTypes");
    expectRejected(
      { findingStatisticTypes: ["COUNT_BY_TYPE"] },
      "findingStatisticTypes",
      "COUNT_BY_SEVERITY",
    );
    expectRejected(
      { findingStatisticTypes: Array(11).fill("COUNT_BY_SEVERITY") },
      "findingStatisticTypes",
      "At most 10",
    );
  });

  it("rejects invalid groupBy and orderBy values", () => {
    expectRejected(
      { groupBy: "REGION" },
      "parameter groupBy has an invalid value",
      "ACCOUNT, DATE",
    );
    expectRejected({ groupBy: "account" }, "groupBy");
    expectRejected(
      { groupBy: "ACCOUNT", orderBy: "desc" },
      "parameter orderBy has an invalid value",
    );
  });

  it("rejects maxResults outside 1..100 or not an integer", () => {
    for (const maxResults of [0, 101, 2.5, "ten", true, -1]) {
      expectRejected(
        { groupBy: "ACCOUNT", maxResults },
        "parameter maxResults has an invalid value",
        "1 to 100",
      );
    }
  });

  it("rejects invalid criteria", () => {
    expectRejected(
      { groupBy: "ACCOUNT", findingCriteria: { criterion: { type: { matches: ["x"] } } } },
      "findingCriteria.criterion.type.matches",
    );
  });
});

describe("computeStatistics: countBySeverity", () => {
  it("counts per severity rendered like the real service", () => {
    const statistics = computeStatistics(findings, { mode: "countBySeverity", criteria: [] });
    expect(statistics).toEqual({ countBySeverity: { "8.0": 3, "5.5": 1, "2.0": 2 } });
    expect(Object.keys(statistics.countBySeverity as object)).toEqual(["8.0", "5.5", "2.0"]);
  });

  it("is an empty map without findings", () => {
    expect(computeStatistics([], { mode: "countBySeverity", criteria: [] })).toEqual({
      countBySeverity: {},
    });
  });
});

describe("computeStatistics: groupBy", () => {
  it("groups by account, most findings first, lastGeneratedAt in epoch seconds", () => {
    expect(grouped("ACCOUNT")).toEqual({
      groupedByAccount: [
        {
          accountId: ACCOUNT_B,
          lastGeneratedAt: seconds("2024-03-02T06:00:00.000Z"),
          totalFindings: 3,
        },
        {
          accountId: ACCOUNT_A,
          lastGeneratedAt: seconds("2024-03-01T23:59:59.999Z"),
          totalFindings: 2,
        },
        {
          accountId: ACCOUNT_C,
          lastGeneratedAt: seconds("2024-03-03T12:00:00.000Z"),
          totalFindings: 1,
        },
      ],
    });
  });

  it("orders ASC and truncates to maxResults", () => {
    const statistics = grouped("ACCOUNT", { orderBy: "ASC", maxResults: 2 });
    expect(statistics.groupedByAccount).toEqual([
      expect.objectContaining({ accountId: ACCOUNT_C, totalFindings: 1 }),
      expect.objectContaining({ accountId: ACCOUNT_A, totalFindings: 2 }),
    ]);
  });

  it("groups by UTC day and severity", () => {
    expect(grouped("DATE")).toEqual({
      groupedByDate: [
        {
          date: seconds("2024-03-01T00:00:00Z"),
          lastGeneratedAt: seconds("2024-03-01T23:59:59.999Z"),
          severity: 8,
          totalFindings: 2,
        },
        {
          date: seconds("2024-03-02T00:00:00Z"),
          lastGeneratedAt: seconds("2024-03-02T06:00:00.000Z"),
          severity: 2,
          totalFindings: 2,
        },
        {
          date: seconds("2024-03-01T00:00:00Z"),
          lastGeneratedAt: seconds("2024-03-01T05:00:00.000Z"),
          severity: 5.5,
          totalFindings: 1,
        },
        {
          date: seconds("2024-03-03T00:00:00Z"),
          lastGeneratedAt: seconds("2024-03-03T12:00:00.000Z"),
          severity: 8,
          totalFindings: 1,
        },
      ],
    });
  });

  it("breaks DATE ties by date then severity in ASC order too", () => {
    const statistics = grouped("DATE", { orderBy: "ASC", maxResults: 3 });
    expect(statistics.groupedByDate).toEqual([
      expect.objectContaining({ date: seconds("2024-03-01T00:00:00Z"), severity: 5.5 }),
      expect.objectContaining({ date: seconds("2024-03-03T00:00:00Z"), severity: 8 }),
      expect.objectContaining({ date: seconds("2024-03-01T00:00:00Z"), severity: 8 }),
    ]);
  });

  it("groups by finding type", () => {
    expect(grouped("FINDING_TYPE")).toEqual({
      groupedByFindingType: [
        {
          findingType: "Backdoor:EC2/C&CActivity.B",
          lastGeneratedAt: seconds("2024-03-01T23:59:59.999Z"),
          totalFindings: 2,
        },
        {
          findingType: "Policy:S3/BucketBlockPublicAccessDisabled",
          lastGeneratedAt: seconds("2024-03-02T06:00:00.000Z"),
          totalFindings: 2,
        },
        {
          findingType: "CryptoCurrency:EC2/BitcoinTool.B",
          lastGeneratedAt: seconds("2024-03-03T12:00:00.000Z"),
          totalFindings: 1,
        },
        {
          findingType: "Recon:IAMUser/TorIPCaller",
          lastGeneratedAt: seconds("2024-03-01T05:00:00.000Z"),
          totalFindings: 1,
        },
      ],
    });
    expect(
      (
        grouped("FINDING_TYPE", { orderBy: "ASC", maxResults: 1 }).groupedByFindingType as unknown[]
      )[0],
    ).toEqual(expect.objectContaining({ findingType: "CryptoCurrency:EC2/BitcoinTool.B" }));
  });

  it("groups by resource id per resource type and leaves out findings without one", () => {
    expect(grouped("RESOURCE")).toEqual({
      groupedByResource: [
        {
          accountId: ACCOUNT_A,
          lastGeneratedAt: seconds("2024-03-01T23:59:59.999Z"),
          resourceId: "i-1",
          resourceType: "Instance",
          totalFindings: 2,
        },
        {
          accountId: ACCOUNT_B,
          lastGeneratedAt: seconds("2024-03-01T05:00:00.000Z"),
          resourceId: "AKIA1",
          resourceType: "AccessKey",
          totalFindings: 1,
        },
        {
          accountId: ACCOUNT_B,
          lastGeneratedAt: seconds("2024-03-02T00:00:00.000Z"),
          resourceId: "logs",
          resourceType: "S3Bucket",
          totalFindings: 1,
        },
        {
          accountId: ACCOUNT_B,
          lastGeneratedAt: seconds("2024-03-02T06:00:00.000Z"),
          resourceId: "logs",
          resourceType: "S3Object",
          totalFindings: 1,
        },
      ],
    });
  });

  it("maps the resource id of every documented resource type", () => {
    const resources: [WireFinding["resource"], string][] = [
      [{ resourceType: "AccessKey", accessKeyDetails: { accessKeyId: "ak" } }, "ak"],
      [{ resourceType: "Container", containerDetails: { id: "ctr" } }, "ctr"],
      [{ resourceType: "ECSCluster", ecsClusterDetails: { name: "ecs" } }, "ecs"],
      [{ resourceType: "EKSCluster", eksClusterDetails: { name: "eks" } }, "eks"],
      [{ resourceType: "Instance", instanceDetails: { instanceId: "i-9" } }, "i-9"],
      [
        {
          resourceType: "KubernetesCluster",
          kubernetesDetails: { kubernetesWorkloadDetails: { name: "wl" } },
        },
        "wl",
      ],
      [{ resourceType: "Lambda", lambdaDetails: { functionName: "fn" } }, "fn"],
      [
        { resourceType: "RDSDBInstance", rdsDbInstanceDetails: { dbInstanceIdentifier: "db" } },
        "db",
      ],
      [{ resourceType: "S3Bucket", s3BucketDetails: [{ name: "b1" }] }, "b1"],
      [{ resourceType: "S3Object", s3BucketDetails: [{ name: "b2" }] }, "b2"],
    ];
    const input = resources.map(([resource], index) =>
      finding({ id: `r${index}`, severity: 5, updatedAt: "2024-03-01T00:00:00Z", resource }),
    );
    const statistics = grouped("RESOURCE", { orderBy: "ASC", maxResults: 100 }, input);
    const ids = (
      statistics.groupedByResource as { resourceId: string; resourceType: string }[]
    ).map((group) => `${group.resourceType}:${group.resourceId}`);
    expect(ids.sort()).toEqual(
      resources.map(([resource, id]) => `${resource.resourceType}:${id}`).sort(),
    );
  });

  it("leaves out unmapped resource types and empty ids", () => {
    const input = [
      finding({
        id: "x1",
        severity: 5,
        updatedAt: "2024-03-01T00:00:00Z",
        resource: { resourceType: "RDSLimitlessDB" },
      }),
      finding({
        id: "x3",
        severity: 5,
        updatedAt: "2024-03-01T00:00:00Z",
        resource: { resourceType: "constructor" },
      }),
      finding({
        id: "x2",
        severity: 5,
        updatedAt: "2024-03-01T00:00:00Z",
        resource: { resourceType: "Lambda", lambdaDetails: { functionName: "" } },
      }),
    ];
    expect(grouped("RESOURCE", {}, input)).toEqual({ groupedByResource: [] });
  });

  it("groups by severity", () => {
    expect(grouped("SEVERITY")).toEqual({
      groupedBySeverity: [
        {
          lastGeneratedAt: seconds("2024-03-03T12:00:00.000Z"),
          severity: 8,
          totalFindings: 3,
        },
        {
          lastGeneratedAt: seconds("2024-03-02T06:00:00.000Z"),
          severity: 2,
          totalFindings: 2,
        },
        {
          lastGeneratedAt: seconds("2024-03-01T05:00:00.000Z"),
          severity: 5.5,
          totalFindings: 1,
        },
      ],
    });
    expect(grouped("SEVERITY", { orderBy: "ASC", maxResults: 2 }).groupedBySeverity).toEqual([
      expect.objectContaining({ severity: 5.5, totalFindings: 1 }),
      expect.objectContaining({ severity: 2, totalFindings: 2 }),
    ]);
  });

  it("emits every timestamp as an epoch-seconds number", () => {
    for (const groupBy of ["ACCOUNT", "DATE", "FINDING_TYPE", "RESOURCE", "SEVERITY"] as const) {
      const [entries] = Object.values(grouped(groupBy)) as Record<string, unknown>[][];
      for (const entry of entries ?? []) {
        expect(typeof entry.lastGeneratedAt).toBe("number");
        if ("date" in entry) expect(typeof entry.date).toBe("number");
      }
    }
  });

  it("returns an empty list without findings", () => {
    expect(grouped("ACCOUNT", {}, [])).toEqual({ groupedByAccount: [] });
  });
});
