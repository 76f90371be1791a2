import { describe, expect, it } from "vitest";
import {
  canonicalTimestamp,
  compileCriteria,
  parseFindingCriteria,
  parseSortCriteria,
  sortFindings,
} from "../../src/sandbox/criteria.js";
import { SandboxError } from "../../src/sandbox/errors.js";
import type { WireFinding } from "../../src/sandbox/store.js";

interface FindingOverrides {
  id: string;
  severity?: number;
  type?: string;
  accountId?: string;
  updatedAt?: string;
  createdAt?: string;
  archived?: boolean;
  resource?: WireFinding["resource"];
  service?: Record<string, unknown>;
  extra?: Record<string, unknown>;
}

function finding(overrides: FindingOverrides): WireFinding {
  const accountId = overrides.accountId ?? "111122223333";
  return {
    accountId,
    arn: `arn:aws:guardduty:us-east-1:${accountId}:detector/d1/finding/${overrides.id}`,
    createdAt: overrides.createdAt ?? "2024-03-01T10:00:00.000Z",
    id: overrides.id,
    partition: "aws",
    region: "us-east-1",
    resource: overrides.resource ?? { resourceType: "AccessKey" },
    schemaVersion: "2.0",
    service: {
      archived: overrides.archived ?? false,
      count: 1,
      detectorId: "d1",
      eventFirstSeen: "2024-03-01T09:00:00.000Z",
      eventLastSeen: "2024-03-01T10:00:00.000Z",
      resourceRole: "TARGET",
      serviceName: "guardduty",
      ...overrides.service,
    },
    severity: overrides.severity ?? 5,
    type: overrides.type ?? "Recon:IAMUser/TorIPCaller",
    updatedAt: overrides.updatedAt ?? "2024-03-01T10:00:00.000Z",
    ...overrides.extra,
  };
}

const instance = finding({
  id: "instance",
  severity: 8,
  type: "Backdoor:EC2/C&CActivity.B",
  updatedAt: "2024-03-05T12:00:00.000Z",
  resource: {
    resourceType: "Instance",
    instanceDetails: {
      instanceId: "i-0abc",
      launchTime: "2024-01-01T00:00:00.000Z",
      networkInterfaces: [
        {
          ipv6Addresses: ["2001:db8::1", "2001:db8::2"],
          publicIp: "198.51.100.1",
          securityGroups: [
            { groupId: "sg-1", groupName: "web" },
            { groupId: "sg-2", groupName: "ssh" },
          ],
        },
        { publicIp: "198.51.100.2", securityGroups: [{ groupId: "sg-3", groupName: "db" }] },
      ],
      tags: [{ key: "env", value: "prod" }],
    },
  },
  service: {
    action: {
      actionType: "NETWORK_CONNECTION",
      networkConnectionAction: { blocked: true, localPortDetails: { port: 22 } },
    },
  },
});

const bucket = finding({
  id: "bucket",
  severity: 2,
  type: "Policy:S3/BucketBlockPublicAccessDisabled",
  updatedAt: "2024-03-02T08:30:00Z",
  archived: true,
  resource: {
    resourceType: "S3Bucket",
    s3BucketDetails: [{ name: "logs-bucket" }, { name: "data-bucket" }],
  },
});

const accessKey = finding({
  id: "key",
  severity: 5.5,
  accountId: "444455556666",
  updatedAt: "2024-03-03T00:00:00.000Z",
  resource: { resourceType: "AccessKey", accessKeyDetails: { userName: "alice" } },
  extra: { confidence: 7 },
});

const all = [instance, bucket, accessKey];

function idsMatching(criterion: unknown, findings: readonly WireFinding[] = all): string[] {
  const matches = compileCriteria(parseFindingCriteria({ criterion }));
  return findings.filter(matches).map((f) => f.id);
}

function rejection(run: () => unknown): SandboxError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SandboxError);
    return error as SandboxError;
  }
  throw new Error("expected a rejection");
}

function expectRejected(run: () => unknown, ...fragments: string[]): void {
  const error = rejection(run);
  expect(error.status).toBe(400);
  expect(error.errorType).toBe("BadRequestException");
  for (const fragment of fragments) expect(error.message).toContain(fragment);
}

const ms = (iso: string) => Date.parse(iso);

describe("parseFindingCriteria", () => {
  it("treats an absent value, {} and an absent criterion as no criteria", () => {
    expect(parseFindingCriteria(undefined)).toEqual([]);
    expect(parseFindingCriteria(null)).toEqual([]);
    expect(parseFindingCriteria({})).toEqual([]);
    expect(parseFindingCriteria({ criterion: {} })).toEqual([]);
  });

  it("folds deprecated operators into the current ones", () => {
    const parsed = parseFindingCriteria({
      criterion: {
        severity: { gte: 4, lt: 9, greaterThan: 1 },
        type: { eq: ["a"], neq: ["b"] },
        updatedAt: { lte: 5, lessThanOrEqual: 1_700_000_000_000 },
      },
    });
    expect(parsed).toEqual([
      {
        attribute: "severity",
        operations: [
          { operator: "greaterThanOrEqual", value: 4 },
          { operator: "lessThan", value: 9 },
          { operator: "greaterThan", value: 1 },
        ],
      },
      {
        attribute: "type",
        operations: [
          { operator: "equals", values: ["a"] },
          { operator: "notEquals", values: ["b"] },
        ],
      },
      {
        attribute: "updatedAt",
        operations: [
          { operator: "lessThanOrEqual", value: 5 },
          { operator: "lessThanOrEqual", value: 1_700_000_000_000 },
        ],
      },
    ]);
  });

  it("accepts documented attribute paths and ignores null operators next to real ones", () => {
    const attribute = "service.runtimeDetails.process.executablePath";
    expect(
      parseFindingCriteria({ criterion: { [attribute]: { equals: ["/tmp/x"], notEquals: null } } }),
    ).toEqual([{ attribute, operations: [{ operator: "equals", values: ["/tmp/x"] }] }]);
  });

  it("accepts 50 values and the longest documented attribute names", () => {
    const values = Array.from({ length: 50 }, (_, i) => `v${i}`);
    const attribute =
      "resource.s3BucketDetails.publicAccess.permissionConfiguration.bucketLevelPermissions.accessControlList.allowsPublicWriteAccess";
    expect(parseFindingCriteria({ criterion: { [attribute]: { equals: values } } })).toHaveLength(
      1,
    );
  });

  it("rejects attributes GuardDuty does not document for finding criteria", () => {
    for (const attribute of ["x.y.z", "a", "service.action", "resource", "a".repeat(300)]) {
      expectRejected(
        () => parseFindingCriteria({ criterion: { [attribute]: { equals: ["x"] } } }),
        "findingCriteria.criterion has an invalid value",
        `${attribute} is not a finding attribute`,
      );
    }
    // The wire spelling of a renamed member is not the documented attribute.
    expectRejected(
      () =>
        parseFindingCriteria({
          criterion: { "service.action.rdsLoginAttemptAction.LoginAttributes.user": { eq: ["x"] } },
        }),
      "LoginAttributes.user is not a finding attribute",
    );
  });

  it("rejects a findingCriteria or criterion that is not an object", () => {
    expectRejected(() => parseFindingCriteria("severity"), "findingCriteria");
    expectRejected(() => parseFindingCriteria([]), "findingCriteria");
    expectRejected(() => parseFindingCriteria({ criterion: [] }), "findingCriteria.criterion");
    expectRejected(() => parseFindingCriteria({ criterion: 3 }), "findingCriteria.criterion");
  });

  it("rejects a condition that is not an object", () => {
    expectRejected(
      () => parseFindingCriteria({ criterion: { severity: 5 } }),
      "findingCriteria.criterion.severity",
      "condition object",
    );
    expectRejected(
      () => parseFindingCriteria({ criterion: { severity: null } }),
      "findingCriteria.criterion.severity",
    );
  });

  it("rejects empty and over-long attribute names", () => {
    expectRejected(
      () => parseFindingCriteria({ criterion: { "": { equals: ["x"] } } }),
      "empty attribute name",
    );
    expectRejected(
      () => parseFindingCriteria({ criterion: { ["a".repeat(301)]: { equals: ["x"] } } }),
      "longer than 300 characters",
    );
  });

  it("rejects a condition without an operator", () => {
    expectRejected(
      () => parseFindingCriteria({ criterion: { severity: {} } }),
      "findingCriteria.criterion.severity has no operator",
    );
    expectRejected(
      () => parseFindingCriteria({ criterion: { severity: { equals: null } } }),
      "has no operator",
    );
  });

  it("rejects unknown operators", () => {
    expectRejected(
      () => parseFindingCriteria({ criterion: { severity: { gte: 4, between: [1, 2] } } }),
      "findingCriteria.criterion.severity.between is not a known condition operator",
    );
  });

  it("rejects operator names inherited from Object.prototype", () => {
    for (const operator of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      const input = JSON.parse(`{"criterion":{"severity":{"${operator}":["1"]}}}`);
      expectRejected(
        () => parseFindingCriteria(input),
        `findingCriteria.criterion.severity.${operator} is not a known condition operator`,
      );
    }
  });

  it("rejects matches and notMatches, which only filters accept", () => {
    for (const operator of ["matches", "notMatches"]) {
      expectRejected(
        () => parseFindingCriteria({ criterion: { type: { [operator]: ["Recon*"] } } }),
        `findingCriteria.criterion.type.${operator}`,
        "CreateFilter",
      );
    }
  });

  it("rejects list operators that are not lists of strings", () => {
    for (const operator of ["equals", "notEquals", "eq", "neq"]) {
      for (const value of ["false", [false], [5], [null], { 0: "a" }]) {
        expectRejected(
          () => parseFindingCriteria({ criterion: { "service.archived": { [operator]: value } } }),
          `findingCriteria.criterion.service.archived.${operator} has an invalid value`,
          "list of strings",
        );
      }
    }
  });

  it("rejects more than 50 values", () => {
    const values = Array.from({ length: 51 }, (_, i) => `v${i}`);
    expectRejected(
      () => parseFindingCriteria({ criterion: { id: { equals: values } } }),
      "findingCriteria.criterion.id.equals",
      "At most 50 values",
    );
  });

  it("rejects non-numeric values of the current range operators", () => {
    for (const operator of ["greaterThan", "greaterThanOrEqual", "lessThan", "lessThanOrEqual"]) {
      for (const value of ["7", true, [7], Number.NaN, Number.POSITIVE_INFINITY]) {
        expectRejected(
          () => parseFindingCriteria({ criterion: { severity: { [operator]: value } } }),
          `findingCriteria.criterion.severity.${operator} has an invalid value`,
          "Expected a number",
        );
      }
    }
  });

  it("rejects current range values outside the 64-bit range", () => {
    expectRejected(
      () => parseFindingCriteria({ criterion: { updatedAt: { greaterThan: 2 ** 64 } } }),
      "findingCriteria.criterion.updatedAt.greaterThan",
      "64-bit",
    );
  });

  it("rejects deprecated range values that are not 32-bit integers", () => {
    for (const operator of ["gt", "gte", "lt", "lte"]) {
      expectRejected(
        () => parseFindingCriteria({ criterion: { severity: { [operator]: 6.5 } } }),
        `findingCriteria.criterion.severity.${operator} has an invalid value`,
        "Expected an integer",
      );
      expectRejected(
        () => parseFindingCriteria({ criterion: { severity: { [operator]: "7" } } }),
        `findingCriteria.criterion.severity.${operator}`,
      );
      expectRejected(
        () => parseFindingCriteria({ criterion: { updatedAt: { [operator]: 1_486_685_375_000 } } }),
        `findingCriteria.criterion.updatedAt.${operator}`,
        "32-bit",
      );
    }
    expect(
      parseFindingCriteria({ criterion: { confidence: { gte: 2 ** 31 - 1, lte: -(2 ** 31) } } }),
    ).toHaveLength(1);
    expectRejected(
      () => parseFindingCriteria({ criterion: { confidence: { gte: 2 ** 31 } } }),
      "confidence.gte",
    );
  });

  it("uses the real service's wording", () => {
    expect(
      rejection(() => parseFindingCriteria({ criterion: { severity: { gte: 1.5 } } })).message,
    ).toMatch(
      /^The request is rejected because the parameter findingCriteria\.criterion\.severity\.gte has an invalid value\./,
    );
  });
});

describe("compileCriteria: list operators", () => {
  it("matches everything without criteria", () => {
    expect(all.filter(compileCriteria([]))).toHaveLength(3);
  });

  it("equals and eq match any listed value", () => {
    expect(idsMatching({ type: { equals: ["Backdoor:EC2/C&CActivity.B", "nope"] } })).toEqual([
      "instance",
    ]);
    expect(idsMatching({ accountId: { eq: ["444455556666", "111122223333"] } })).toEqual([
      "instance",
      "bucket",
      "key",
    ]);
  });

  it("compares strings case-sensitively", () => {
    expect(idsMatching({ "resource.resourceType": { equals: ["instance"] } })).toEqual([]);
  });

  it("notEquals and neq match when no value is listed", () => {
    expect(idsMatching({ "resource.resourceType": { notEquals: ["Instance"] } })).toEqual([
      "bucket",
      "key",
    ]);
    expect(idsMatching({ "resource.resourceType": { neq: ["Instance", "S3Bucket"] } })).toEqual([
      "key",
    ]);
  });

  it("an empty equals list matches nothing, an empty notEquals list everything", () => {
    expect(idsMatching({ type: { equals: [] } })).toEqual([]);
    expect(idsMatching({ type: { notEquals: [] } })).toHaveLength(3);
  });

  it("compares numbers numerically", () => {
    expect(idsMatching({ severity: { equals: ["8"] } })).toEqual(["instance"]);
    expect(idsMatching({ severity: { equals: ["8.0", "2.00"] } })).toEqual(["instance", "bucket"]);
    expect(idsMatching({ severity: { eq: ["5.5"] } })).toEqual(["key"]);
    expect(idsMatching({ severity: { notEquals: ["2", "5.5"] } })).toEqual(["instance"]);
    expect(idsMatching({ severity: { equals: ["", "eight"] } })).toEqual([]);
  });

  it("matches archived sent as 'true'/'false' in any case against JSON booleans", () => {
    expect(idsMatching({ "service.archived": { equals: ["false"] } })).toEqual(["instance", "key"]);
    expect(idsMatching({ "service.archived": { equals: ["TRUE"] } })).toEqual(["bucket"]);
    expect(idsMatching({ "service.archived": { eq: ["True"] } })).toEqual(["bucket"]);
    expect(idsMatching({ "service.archived": { notEquals: ["False"] } })).toEqual(["bucket"]);
    expect(idsMatching({ "service.archived": { equals: ["true", "false"] } })).toHaveLength(3);
    expect(
      idsMatching({ "service.action.networkConnectionAction.blocked": { equals: ["true"] } }),
    ).toEqual(["instance"]);
  });

  it("compares time attributes in equals as epoch milliseconds", () => {
    expect(idsMatching({ updatedAt: { equals: [String(ms("2024-03-02T08:30:00Z"))] } })).toEqual([
      "bucket",
    ]);
    expect(idsMatching({ updatedAt: { equals: ["2024-03-05T12:00:00.000Z"] } })).toEqual([
      "instance",
    ]);
    expect(
      idsMatching({ updatedAt: { notEquals: [String(ms("2024-03-05T12:00:00.000Z"))] } }),
    ).toEqual(["bucket", "key"]);
  });

  it("treats a missing attribute as matching notEquals only", () => {
    expect(idsMatching({ confidence: { equals: ["7"] } })).toEqual(["key"]);
    expect(idsMatching({ confidence: { notEquals: ["7"] } })).toEqual(["instance", "bucket"]);
    expect(idsMatching({ "resource.accessKeyDetails.userName": { neq: ["bob"] } })).toEqual([
      "instance",
      "bucket",
      "key",
    ]);
    expect(idsMatching({ "resource.lambdaDetails.functionName": { equals: ["x"] } })).toEqual([]);
  });

  it("does not match on objects found at the path", () => {
    const odd = finding({
      id: "odd",
      resource: { resourceType: "Lambda", lambdaDetails: { functionName: { name: "f" } } },
    });
    const ids = (criterion: unknown) => idsMatching(criterion, [odd]);
    expect(ids({ "resource.lambdaDetails.functionName": { equals: ["[object Object]"] } })).toEqual(
      [],
    );
    expect(ids({ "resource.lambdaDetails.functionName": { notEquals: ["x"] } })).toEqual(["odd"]);
  });
});

describe("compileCriteria: array fan-out", () => {
  it("collects values through nested lists", () => {
    const path = "resource.instanceDetails.networkInterfaces.securityGroups.groupId";
    expect(idsMatching({ [path]: { equals: ["sg-3"] } })).toEqual(["instance"]);
    expect(idsMatching({ [path]: { equals: ["sg-9"] } })).toEqual([]);
    // notEquals fails when any collected value is listed.
    expect(idsMatching({ [path]: { notEquals: ["sg-2"] } })).toEqual(["bucket", "key"]);
  });

  it("addresses list members without an index", () => {
    expect(idsMatching({ "resource.s3BucketDetails.name": { equals: ["data-bucket"] } })).toEqual([
      "bucket",
    ]);
    expect(
      idsMatching({
        "resource.instanceDetails.networkInterfaces.publicIp": { eq: ["198.51.100.2"] },
      }),
    ).toEqual(["instance"]);
    expect(idsMatching({ "resource.instanceDetails.tags.value": { equals: ["prod"] } })).toEqual([
      "instance",
    ]);
  });

  it("matches a list of strings at the end of the path", () => {
    expect(
      idsMatching({
        "resource.instanceDetails.networkInterfaces.ipv6Addresses": { equals: ["2001:db8::2"] },
      }),
    ).toEqual(["instance"]);
  });

  it("applies range operators to any collected number", () => {
    const probe = (port: number) => ({ localPortDetails: { port, portName: "Unknown" } });
    const withPorts = finding({
      id: "ports",
      service: {
        action: {
          actionType: "PORT_PROBE",
          portProbeAction: { blocked: false, portProbeDetails: [probe(22), probe(8080)] },
        },
      },
    });
    const ids = (criterion: unknown) => idsMatching(criterion, [withPorts]);
    const port = "service.action.portProbeAction.portProbeDetails.localPortDetails.port";
    expect(ids({ [port]: { greaterThan: 8000 } })).toEqual(["ports"]);
    expect(ids({ [port]: { lessThan: 23 } })).toEqual(["ports"]);
    expect(ids({ [port]: { greaterThan: 9000 } })).toEqual([]);
    // Each operator needs its own value: 22 satisfies lt, 8080 satisfies gt.
    expect(ids({ [port]: { gt: 100, lt: 23 } })).toEqual(["ports"]);
  });
});

describe("compileCriteria: range operators", () => {
  it("filters severity bands with the current operators", () => {
    expect(idsMatching({ severity: { greaterThanOrEqual: 7 } })).toEqual(["instance"]);
    expect(idsMatching({ severity: { greaterThan: 5 } })).toEqual(["instance", "key"]);
    expect(idsMatching({ severity: { lessThan: 5.5 } })).toEqual(["bucket"]);
    expect(idsMatching({ severity: { lessThanOrEqual: 5.5 } })).toEqual(["bucket", "key"]);
  });

  it("filters severity bands with the deprecated operators", () => {
    expect(idsMatching({ severity: { gte: 8 } })).toEqual(["instance"]);
    expect(idsMatching({ severity: { gt: 2 } })).toEqual(["instance", "key"]);
    expect(idsMatching({ severity: { lt: 8 } })).toEqual(["bucket", "key"]);
    expect(idsMatching({ severity: { lte: 2 } })).toEqual(["bucket"]);
  });

  it("ANDs the operators of one condition, also mixing deprecated and current", () => {
    expect(idsMatching({ severity: { gte: 4, lessThan: 7 } })).toEqual(["key"]);
    expect(idsMatching({ severity: { gte: 4, greaterThanOrEqual: 7 } })).toEqual(["instance"]);
    expect(idsMatching({ severity: { greaterThan: 1, equals: ["2"] } })).toEqual(["bucket"]);
    expect(idsMatching({ severity: { gte: 4, lt: 4 } })).toEqual([]);
  });

  it("ANDs conditions on several attributes", () => {
    expect(
      idsMatching({
        severity: { gte: 4 },
        "service.archived": { equals: ["false"] },
        updatedAt: { greaterThan: ms("2024-03-04T00:00:00Z") },
      }),
    ).toEqual(["instance"]);
  });

  it("compares updatedAt and createdAt as epoch milliseconds", () => {
    const from = ms("2024-03-02T08:30:00Z");
    expect(idsMatching({ updatedAt: { greaterThanOrEqual: from } })).toEqual([
      "instance",
      "bucket",
      "key",
    ]);
    expect(idsMatching({ updatedAt: { greaterThan: from } })).toEqual(["instance", "key"]);
    expect(
      idsMatching({
        updatedAt: { greaterThan: from, lessThan: ms("2024-03-05T12:00:00.000Z") },
      }),
    ).toEqual(["key"]);
    expect(idsMatching({ updatedAt: { lessThanOrEqual: from - 1 } })).toEqual([]);
    expect(idsMatching({ createdAt: { lessThan: ms("2024-03-01T10:00:00.001Z") } })).toHaveLength(
      3,
    );
  });

  it("compares timestamps with and without milliseconds or offsets alike", () => {
    const mixed = [
      finding({ id: "canonical", updatedAt: "2024-03-02T08:30:00.000Z" }),
      finding({ id: "seconds", updatedAt: "2024-03-02T08:30:00Z" }),
      finding({ id: "offset", updatedAt: "2024-03-02T09:30:00+01:00" }),
    ];
    const at = ms("2024-03-02T08:30:00Z");
    const ids = (criterion: unknown) => idsMatching(criterion, mixed);
    expect(ids({ updatedAt: { greaterThanOrEqual: at, lessThanOrEqual: at } })).toHaveLength(3);
    expect(ids({ updatedAt: { greaterThan: at } })).toEqual([]);
    expect(ids({ updatedAt: { lessThan: at } })).toEqual([]);
    expect(ids({ updatedAt: { equals: [String(at)] } })).toHaveLength(3);
    expect(ids({ updatedAt: { notEquals: [String(at)] } })).toEqual([]);
  });

  it("handles fractional and out-of-calendar millisecond bounds", () => {
    const at = ms("2024-03-02T08:30:00Z");
    expect(idsMatching({ updatedAt: { greaterThan: at - 0.5 } })).toEqual([
      "instance",
      "bucket",
      "key",
    ]);
    expect(idsMatching({ updatedAt: { lessThan: at + 0.5 } })).toEqual(["bucket"]);
    expect(idsMatching({ updatedAt: { greaterThanOrEqual: at + 0.5 } })).toEqual([
      "instance",
      "key",
    ]);
    expect(idsMatching({ updatedAt: { lessThanOrEqual: at - 0.5 } })).toEqual([]);
    expect(idsMatching({ updatedAt: { greaterThan: -(2 ** 62) } })).toHaveLength(3);
    expect(idsMatching({ updatedAt: { lessThan: 2 ** 62 } })).toHaveLength(3);
    expect(idsMatching({ updatedAt: { greaterThan: 2 ** 62 } })).toEqual([]);
  });

  it("compares the other ISO time attributes as epoch milliseconds", () => {
    expect(
      idsMatching({ "service.eventLastSeen": { greaterThan: ms("2024-03-01T09:59:59Z") } }),
    ).toHaveLength(3);
    expect(
      idsMatching({ "service.eventFirstSeen": { lessThan: ms("2024-03-01T09:00:00Z") } }),
    ).toEqual([]);
    expect(
      idsMatching({
        "resource.instanceDetails.launchTime": { lessThan: ms("2024-01-02T00:00:00Z") },
      }),
    ).toEqual(["instance"]);
  });

  it("never matches a range on a missing or non-numeric attribute", () => {
    expect(idsMatching({ confidence: { greaterThan: 0 } })).toEqual(["key"]);
    expect(idsMatching({ type: { greaterThan: 0 } })).toEqual([]);
    expect(idsMatching({ "service.archived": { gte: 0 } })).toEqual([]);
    expect(idsMatching({ "resource.lambdaDetails.lastModifiedAt": { lessThan: 1 } })).toEqual([]);
  });
});

describe("compileCriteria: attributes not spelled as on the wire", () => {
  const rich = finding({
    id: "rich",
    resource: {
      resourceType: "EKSCluster",
      // A Timestamp member: epoch seconds on the wire.
      eksClusterDetails: { name: "prod", createdAt: ms("2024-02-01T00:00:00Z") / 1000 },
      kubernetesDetails: {
        kubernetesWorkloadDetails: { name: "w", hostIPC: true, hostPID: false },
      },
    },
    service: {
      additionalInfo: {
        value: JSON.stringify({
          threatListName: "ProofPoint",
          unusual: { port: 6667 },
          inBytes: "12",
        }),
        type: "default",
      },
      action: {
        actionType: "RDS_LOGIN_ATTEMPT",
        rdsLoginAttemptAction: {
          LoginAttributes: [{ user: "admin", failedLoginAttempts: 40, successfulLoginAttempts: 1 }],
        },
      },
    },
  });
  const plain = finding({ id: "plain" });
  const ids = (criterion: unknown) => idsMatching(criterion, [rich, plain]);

  it("reads service.additionalInfo.* inside the additionalInfo.value document", () => {
    const threatList = "service.additionalInfo.threatListName";
    expect(ids({ [threatList]: { equals: ["ProofPoint"] } })).toEqual(["rich"]);
    expect(ids({ [threatList]: { notEquals: ["ProofPoint"] } })).toEqual(["plain"]);
    expect(ids({ "service.additionalInfo.unusual.port": { equals: ["6667"] } })).toEqual(["rich"]);
    expect(ids({ "service.additionalInfo.inBytes": { greaterThan: 5 } })).toEqual([]);
    expect(ids({ "service.additionalInfo.inBytes": { equals: ["12"] } })).toEqual(["rich"]);
  });

  it("maps the documented lower-camel spellings to the wire's", () => {
    expect(
      ids({ "service.action.rdsLoginAttemptAction.loginAttributes.user": { equals: ["admin"] } }),
    ).toEqual(["rich"]);
    expect(
      ids({
        "service.action.rdsLoginAttemptAction.loginAttributes.failedLoginAttempts": {
          greaterThanOrEqual: 40,
        },
      }),
    ).toEqual(["rich"]);
    const workload = "resource.kubernetesDetails.kubernetesWorkloadDetails";
    expect(ids({ [`${workload}.hostIpc`]: { equals: ["true"] } })).toEqual(["rich"]);
    expect(ids({ [`${workload}.hostPid`]: { equals: ["false"] } })).toEqual(["rich"]);
  });

  it("compares epoch-second Timestamp members in epoch milliseconds", () => {
    const created = "resource.eksClusterDetails.createdAt";
    const at = ms("2024-02-01T00:00:00Z");
    expect(ids({ [created]: { equals: [String(at)] } })).toEqual(["rich"]);
    expect(ids({ [created]: { greaterThanOrEqual: at, lessThanOrEqual: at } })).toEqual(["rich"]);
    expect(ids({ [created]: { greaterThan: at } })).toEqual([]);
    expect(ids({ [created]: { lessThan: at / 1000 + 1 } })).toEqual([]);
  });

  it("sorts by a member of the additionalInfo document", () => {
    const low = finding({
      id: "low",
      service: { additionalInfo: { value: JSON.stringify({ inBytes: 1 }), type: "default" } },
    });
    const high = finding({
      id: "high",
      service: { additionalInfo: { value: JSON.stringify({ inBytes: 9 }), type: "default" } },
    });
    const sorted = sortFindings([low, plain, high], {
      attributeName: "service.additionalInfo.inBytes",
      orderBy: "DESC",
    });
    expect(sorted.map((f) => f.id)).toEqual(["high", "low", "plain"]);
  });
});

describe("canonicalTimestamp", () => {
  it("keeps toISOString text and normalizes other ISO forms", () => {
    expect(canonicalTimestamp("2024-03-01T10:00:00.000Z")).toBe("2024-03-01T10:00:00.000Z");
    expect(canonicalTimestamp("2024-03-01T10:00:00Z")).toBe("2024-03-01T10:00:00.000Z");
    expect(canonicalTimestamp("2020-05-26T22:02:24.5+02:00")).toBe("2020-05-26T20:02:24.500Z");
    expect(canonicalTimestamp("not a time")).toBeUndefined();
    expect(canonicalTimestamp("2024-13-01T00:00:00Z")).toBeUndefined();
  });
});

describe("parseSortCriteria", () => {
  it("is undefined when absent", () => {
    expect(parseSortCriteria(undefined)).toBeUndefined();
    expect(parseSortCriteria(null)).toBeUndefined();
  });

  it("defaults orderBy to ASC", () => {
    expect(parseSortCriteria({ attributeName: "severity" })).toEqual({
      attributeName: "severity",
      orderBy: "ASC",
    });
    expect(parseSortCriteria({ attributeName: "updatedAt", orderBy: "DESC" })).toEqual({
      attributeName: "updatedAt",
      orderBy: "DESC",
    });
  });

  it("rejects invalid sort criteria", () => {
    expectRejected(() => parseSortCriteria("severity"), "sortCriteria");
    expectRejected(() => parseSortCriteria({}), "sortCriteria.attributeName is required");
    expectRejected(() => parseSortCriteria({ orderBy: "ASC" }), "sortCriteria.attributeName");
    expectRejected(() => parseSortCriteria({ attributeName: 5 }), "sortCriteria.attributeName");
    expectRejected(() => parseSortCriteria({ attributeName: "" }), "sortCriteria.attributeName");
    expectRejected(
      () => parseSortCriteria({ attributeName: "a".repeat(301) }),
      "sortCriteria.attributeName",
      "300",
    );
    for (const orderBy of ["asc", "DOWN", 1]) {
      expectRejected(
        () => parseSortCriteria({ attributeName: "severity", orderBy }),
        "sortCriteria.orderBy has an invalid value",
      );
    }
  });
});

describe("sortFindings", () => {
  const a = finding({ id: "a", severity: 5, updatedAt: "2024-03-01T00:00:00.500Z" });
  const b = finding({ id: "b", severity: 8, updatedAt: "2024-03-01T00:00:00Z" });
  const c = finding({ id: "c", severity: 5, updatedAt: "2024-02-01T00:00:00.000Z" });
  const d = finding({ id: "d", severity: 2, updatedAt: "2024-04-01T00:00:00.000Z" });
  const e = finding({ id: "e", severity: 5, updatedAt: "2024-01-01T00:00:00.000Z" });
  const input = [a, b, c, d, e];
  const sorted = (attributeName: string, orderBy: "ASC" | "DESC") =>
    sortFindings(input, { attributeName, orderBy }).map((f) => f.id);

  it("returns a copy in input order without sort criteria", () => {
    const result = sortFindings(input, undefined);
    expect(result).toEqual(input);
    expect(result).not.toBe(input);
  });

  it("sorts numbers numerically and keeps ties in input order both ways", () => {
    expect(sorted("severity", "ASC")).toEqual(["d", "a", "c", "e", "b"]);
    expect(sorted("severity", "DESC")).toEqual(["b", "a", "c", "e", "d"]);
  });

  it("sorts timestamps chronologically even when milliseconds are omitted", () => {
    expect(sorted("updatedAt", "ASC")).toEqual(["e", "c", "b", "a", "d"]);
    expect(sorted("updatedAt", "DESC")).toEqual(["d", "a", "b", "c", "e"]);
  });

  it("sorts strings and booleans", () => {
    const x = finding({ id: "x", type: "b", archived: true });
    const y = finding({ id: "y", type: "B", archived: false });
    const z = finding({ id: "z", type: "a", archived: true });
    const ids = (attributeName: string, orderBy: "ASC" | "DESC") =>
      sortFindings([x, y, z], { attributeName, orderBy }).map((f) => f.id);
    expect(ids("type", "ASC")).toEqual(["y", "z", "x"]);
    expect(ids("type", "DESC")).toEqual(["x", "z", "y"]);
    expect(ids("service.archived", "ASC")).toEqual(["y", "x", "z"]);
    expect(ids("service.archived", "DESC")).toEqual(["x", "z", "y"]);
  });

  it("puts findings missing the attribute last in both orders, in input order", () => {
    const noConfidence1 = finding({ id: "n1" });
    const low = finding({ id: "low", extra: { confidence: 1 } });
    const noConfidence2 = finding({ id: "n2" });
    const high = finding({ id: "high", extra: { confidence: 9 } });
    const list = [noConfidence1, low, noConfidence2, high];
    const ids = (orderBy: "ASC" | "DESC") =>
      sortFindings(list, { attributeName: "confidence", orderBy }).map((f) => f.id);
    expect(ids("ASC")).toEqual(["low", "high", "n1", "n2"]);
    expect(ids("DESC")).toEqual(["high", "low", "n1", "n2"]);
  });

  it("sorts on the first value of a list path", () => {
    const first = finding({
      id: "first",
      resource: {
        resourceType: "S3Bucket",
        s3BucketDetails: [{ name: "zeta" }, { name: "alpha" }],
      },
    });
    const second = finding({
      id: "second",
      resource: { resourceType: "S3Bucket", s3BucketDetails: [{}, { name: "beta" }] },
    });
    expect(
      sortFindings([first, second, accessKey], {
        attributeName: "resource.s3BucketDetails.name",
        orderBy: "ASC",
      }).map((f) => f.id),
    ).toEqual(["second", "first", "key"]);
  });

  it("does not modify its input", () => {
    const before = [...input];
    sortFindings(input, { attributeName: "severity", orderBy: "DESC" });
    expect(input).toEqual(before);
  });
});
