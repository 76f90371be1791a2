/**
 * Every finding-criteria attribute GuardDuty documents, end to end: a GraphQL `findings` filter
 * through the gateway, ListFindings through the SDK, the sandbox's matcher, against a seeded
 * finding that carries a value there (read independently, through the SDK and the model).
 */
import type { Finding } from "@aws-sdk/client-guardduty";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  FINDING_CRITERIA_ATTRIBUTES,
  isTimeCriteriaAttribute,
} from "../../src/aws/finding-attributes.js";
import { modelValuesAt } from "../kit/finding-model.js";
import { type GatewayKit, gatewayFor } from "../kit/gateway.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";
import { detectorFindings } from "../kit/world-findings.js";

/**
 * Documented for finding criteria, but no member of the SDK's Finding holds them, so no finding
 * GetFindings returns can show a match: the CloudTrail identity behind an access key, the RDS
 * instance's network settings, and an instance profile id on the attack-sequence resource
 * (IamInstanceProfileV2 carries only instance ids). Both sides still accept them.
 */
const NOT_IN_THE_MODEL = [
  "resource.accessKeyDetails.userIdentity.accessKeyId",
  "resource.accessKeyDetails.userIdentity.accountId",
  "resource.accessKeyDetails.userIdentity.arn",
  "resource.accessKeyDetails.userIdentity.principalId",
  "resource.accessKeyDetails.userIdentity.sessionContext.attributes.mfaAuthenticated",
  "resource.accessKeyDetails.userIdentity.sessionContext.ec2RoleDelivery",
  "resource.accessKeyDetails.userIdentity.sessionContext.invokedBy",
  "resource.accessKeyDetails.userIdentity.sessionContext.sessionIssuer.accountId",
  "resource.accessKeyDetails.userIdentity.sessionContext.sessionIssuer.arn",
  "resource.accessKeyDetails.userIdentity.sessionContext.sessionIssuer.principalId",
  "resource.accessKeyDetails.userIdentity.sessionContext.sessionIssuer.type",
  "resource.accessKeyDetails.userIdentity.sessionContext.sessionIssuer.userName",
  "resource.accessKeyDetails.userIdentity.sessionContext.sourceIdentity",
  "resource.accessKeyDetails.userIdentity.sessionContext.webIdFederationData.attributes",
  "resource.accessKeyDetails.userIdentity.sessionContext.webIdFederationData.federatedProvider",
  "resource.accessKeyDetails.userIdentity.type",
  "resource.accessKeyDetails.userIdentity.userName",
  "resource.rdsDbInstanceDetails.dbSecurityGroups.name",
  "resource.rdsDbInstanceDetails.dbSecurityGroups.status",
  "resource.rdsDbInstanceDetails.iamDatabaseAuthenticationEnabled",
  "resource.rdsDbInstanceDetails.publiclyAccessible",
  "resource.rdsDbInstanceDetails.vpcId",
  "resource.rdsDbInstanceDetails.vpcSecurityGroups.status",
  "resource.rdsDbInstanceDetails.vpcSecurityGroups.vpcSecurityGroupId",
  "service.detection.sequence.resources.data.iamInstanceProfile.id",
];

const ADDITIONAL_INFO = "service.additionalInfo.";

/** Values in the JSON document GetFindings returns as `additionalInfo.value`. */
function additionalInfoValues(finding: Finding, path: string): unknown[] {
  let nodes: unknown[] = [JSON.parse(finding.Service?.AdditionalInfo?.Value ?? "{}")];
  for (const segment of path.split(".")) {
    nodes = nodes
      .flatMap((node) => (Array.isArray(node) ? node : [node]))
      .map((node) =>
        typeof node === "object" && node !== null
          ? (node as Record<string, unknown>)[segment]
          : undefined,
      )
      .filter((node) => node !== undefined && node !== null);
  }
  return nodes.flatMap((node) => (Array.isArray(node) ? node : [node]));
}

/** `value` and `type` are members of ServiceAdditionalInfo; anything else is in the document. */
const ADDITIONAL_INFO_MEMBERS = new Set(["value", "type"]);

function valuesAt(finding: Finding, attribute: string): unknown[] {
  const inner = attribute.slice(ADDITIONAL_INFO.length);
  if (attribute.startsWith(ADDITIONAL_INFO) && !ADDITIONAL_INFO_MEMBERS.has(inner)) {
    return additionalInfoValues(finding, attribute.slice(ADDITIONAL_INFO.length));
  }
  return modelValuesAt(finding, attribute) ?? [];
}

function isScalar(value: unknown): value is string | number | boolean {
  return ["string", "number", "boolean"].includes(typeof value) && value !== "";
}

interface Condition {
  attribute: string;
  equals?: string[];
  notEquals?: string[];
  greaterThan?: number;
  greaterThanOrEqual?: number;
  lessThanOrEqual?: number;
}

function epochMs(value: unknown): number {
  return typeof value === "number" ? value : Date.parse(String(value));
}

/**
 * A condition the finding meets, and one it fails, on the same attribute. A finding may hold
 * several values at a path that crosses lists; a condition holds when any of them satisfies it.
 */
function conditionsFor(attribute: string, value: string | number | boolean, all: unknown[]) {
  if (isTimeCriteriaAttribute(attribute)) {
    const ms = epochMs(value);
    return {
      hit: { attribute, greaterThanOrEqual: ms, lessThanOrEqual: ms },
      miss: { attribute, greaterThan: Math.max(...all.map(epochMs)) },
    };
  }
  return {
    hit: { attribute, equals: [String(value)] },
    miss: { attribute, notEquals: [String(value)] },
  };
}

const QUERY = `query($id: String!, $region: String!, $hit: FindingFilter, $miss: FindingFilter) {
  detector(detectorId: $id, region: $region) {
    hit: findings(filter: $hit, first: 5) { edges { node { findingId } } }
    miss: findings(filter: $miss, first: 5) { edges { node { findingId } } }
  }
}`;

interface Answer {
  detector: {
    hit: { edges: { node: { findingId: string } }[] };
    miss: { edges: { node: { findingId: string } }[] };
  };
}

interface Seeded {
  region: string;
  detectorId: string;
  findings: Finding[];
}

let kit: SandboxKit;
let gateway: GatewayKit;
let seeded: Seeded[];

beforeAll(async () => {
  kit = await startSandbox();
  const regions = kit.administrator.regions;
  gateway = gatewayFor(kit, kit.administrator, { regions });
  seeded = [];
  for (const region of regions) {
    const detectorId = kit.administrator.detectorIds[region] as string;
    const findings = await detectorFindings(kit.client(kit.administrator, region), detectorId);
    seeded.push({ region, detectorId, findings });
  }
});
afterAll(async () => {
  gateway.close();
  await kit.close();
});

/** The first seeded finding with a value at `attribute`, and that value. */
function example(attribute: string) {
  for (const { region, detectorId, findings } of seeded) {
    for (const finding of findings) {
      const values = valuesAt(finding, attribute);
      const value = values.find(isScalar);
      if (value !== undefined) return { region, detectorId, finding, value, values };
    }
  }
  return undefined;
}

async function check(attribute: string): Promise<string | undefined> {
  const found = example(attribute);
  if (!found) return `${attribute}: no seeded finding has a value`;
  const id = found.finding.Id as string;
  const { hit, miss } = conditionsFor(attribute, found.value, found.values);
  const byId: Condition[] = attribute === "id" ? [] : [{ attribute: "id", equals: [id] }];
  const result = await gateway.execute<Answer>(QUERY, {
    id: found.detectorId,
    region: found.region,
    hit: { conditions: [hit, ...byId] },
    miss: { conditions: [miss, ...byId] },
  });
  if (result.errors) return `${attribute}: ${result.errors.map((e) => e.message).join("; ")}`;
  const hits = result.data?.detector.hit.edges.map((edge) => edge.node.findingId) ?? [];
  const misses = result.data?.detector.miss.edges.map((edge) => edge.node.findingId) ?? [];
  if (!hits.includes(id)) return `${attribute}: ${JSON.stringify(hit)} did not return ${id}`;
  if (misses.includes(id)) return `${attribute}: ${JSON.stringify(miss)} returned ${id}`;
  return undefined;
}

describe("every documented finding-criteria attribute, gateway to sandbox", () => {
  const testable = FINDING_CRITERIA_ATTRIBUTES.filter((name) => !NOT_IN_THE_MODEL.includes(name));

  it("leaves out only attributes no member of the SDK's Finding holds", () => {
    const sample = seeded[0]?.findings[0] as Finding;
    for (const attribute of NOT_IN_THE_MODEL) {
      expect(FINDING_CRITERIA_ATTRIBUTES).toContain(attribute);
      expect(modelValuesAt(sample, attribute), attribute).toBeUndefined();
    }
    expect(testable.length).toBeGreaterThan(590);
  });

  it("matches a seeded finding on each attribute, and not when the condition is negated", async () => {
    const failures: string[] = [];
    // A few requests at a time: the gateway and the sandbox share the test process.
    for (let start = 0; start < testable.length; start += 6) {
      const batch = testable.slice(start, start + 6);
      for (const failure of await Promise.all(batch.map(check))) {
        if (failure) failures.push(failure);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it("refuses an undocumented attribute before calling ListFindings", async () => {
    await kit.clearCalls();
    const undocumented = {
      conditions: [{ attribute: "resource.s3BucketDetails.nickname", equals: ["x"] }],
    };
    const result = await gateway.execute(QUERY, {
      id: seeded[0]?.detectorId,
      region: seeded[0]?.region,
      hit: undocumented,
      miss: undocumented,
    });
    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    // The detector is read to resolve the field; no finding call is made.
    const operations = (await kit.calls()).map((call) => call.operation);
    expect(operations.filter((operation) => operation.includes("Finding"))).toEqual([]);
  });
});
