import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Finding, GetFindingsCommand, GuardDutyClient } from "@aws-sdk/client-guardduty";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  FINDING_FAMILIES,
  FINDING_TYPES,
  type FindingFamily,
  findingTypeInfo,
  SEVERITY_BANDS,
  type SeverityBand,
  severityBand,
} from "../../src/sandbox/catalog.js";
import { makeFinding } from "../../src/sandbox/findings/finding.js";
import { createRng } from "../../src/sandbox/random.js";
import {
  createWorld,
  DEFAULT_SEED_OPTIONS,
  FINDING_WINDOW_DAYS,
  RELATIONSHIP_STATUSES,
  SEED_EPOCH,
  STANDALONE_FINDINGS_CAP,
} from "../../src/sandbox/seed.js";
import { freeTrialKey, type WireFinding, type World } from "../../src/sandbox/store.js";

type Json = Record<string, unknown>;

const ISO_WITH_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const HEX32 = /^[0-9a-f]{32}$/;
const DAY = 86_400_000;

/** A world as JSON, Maps included, so two worlds can be compared value for value. */
function worldJson(world: World): string {
  return JSON.stringify(world, (_key, value: unknown) =>
    value instanceof Map ? [...value.entries()] : value,
  );
}

/** Every finding once, even those stored in both an administrator's and a member's detector. */
function uniqueFindings(world: World): WireFinding[] {
  const seen = new Set<WireFinding>();
  for (const detector of world.detectors.values()) {
    for (const finding of detector.findings.values()) seen.add(finding);
  }
  return [...seen];
}

function detectorsOfRole(world: World, role: string) {
  const accounts = new Set(
    world.identities
      .filter((identity) => identity.role === role)
      .map((identity) => identity.accountId),
  );
  return [...world.detectors.values()].filter((detector) => accounts.has(detector.accountId));
}

function actionOf(finding: WireFinding): Json | undefined {
  return finding.service.action as Json | undefined;
}

function bandIndex(band: SeverityBand): number {
  return SEVERITY_BANDS.findIndex((range) => range.band === band);
}

describe("finding-type catalog", () => {
  it("lists all 199 types of the reference once, with the reference's family sizes", () => {
    expect(FINDING_TYPES).toHaveLength(199);
    expect(new Set(FINDING_TYPES.map((info) => info.type)).size).toBe(199);
    const sizes = Object.fromEntries(
      FINDING_FAMILIES.map((family) => [
        family,
        FINDING_TYPES.filter((info) => info.family === family).length,
      ]),
    );
    expect(sizes).toEqual({
      EC2: 40,
      IAM: 26,
      S3: 20,
      Kubernetes: 36,
      Runtime: 42,
      RDS: 9,
      Lambda: 7,
      Malware: 14,
      AttackSequence: 5,
    });
  });

  it("keeps the default band of variable types and looks types up by name", () => {
    expect(findingTypeInfo("UnauthorizedAccess:EC2/SSHBruteForce")).toMatchObject({
      severity: "Variable",
      defaultBand: "Low",
      family: "EC2",
      resourceType: "Instance",
    });
    expect(findingTypeInfo("Execution:EC2/MaliciousFile")?.severity).toBe("Variable");
    expect(findingTypeInfo("AttackSequence:IAM/CompromisedCredentials")?.defaultBand).toBe(
      "Critical",
    );
    expect(findingTypeInfo("S3Object:S3/MaliciousFile")?.resourceType).toBe("S3Object");
    expect(findingTypeInfo("Nope:EC2/Nothing")).toBeUndefined();
    for (const info of FINDING_TYPES) {
      if (info.severity !== "Variable") expect(info.defaultBand).toBe(info.severity);
    }
  });

  it("maps numeric severities to the documented bands", () => {
    expect([1.0, 3.9, 4.0, 6.9, 7.0, 8.9, 9.0, 10.0].map(severityBand)).toEqual([
      "Low",
      "Low",
      "Medium",
      "Medium",
      "High",
      "High",
      "Critical",
      "Critical",
    ]);
  });
});

describe("createWorld", () => {
  const world = createWorld(DEFAULT_SEED_OPTIONS);
  const findings = uniqueFindings(world);
  const administrator = world.identities.find((identity) => identity.role === "administrator");
  const members = world.identities.filter((identity) => identity.role === "member");

  it("is a pure function of its options: same seed, same world, whatever the clock says", () => {
    const options = { seed: 7, findingsPerDetector: 60, members: 10 };
    const random = vi.spyOn(Math, "random").mockImplementation(() => {
      throw new Error("createWorld must draw from its seeded generator, not Math.random");
    });
    let first: string;
    let second: string;
    try {
      vi.useFakeTimers({ now: Date.parse("2030-01-01T00:00:00.000Z") });
      first = worldJson(createWorld(options));
      vi.setSystemTime(Date.parse("2021-06-15T12:00:00.000Z"));
      second = worldJson(createWorld(options));
    } finally {
      vi.useRealTimers();
      random.mockRestore();
    }
    expect(second).toBe(first);
    expect(worldJson(createWorld({ ...options, seed: 8 }))).not.toBe(first);
  });

  it("creates an administrator, a standalone account and the requested members", () => {
    expect(world.identities).toHaveLength(DEFAULT_SEED_OPTIONS.members + 2);
    expect(administrator?.regions).toEqual(["us-east-1", "eu-west-1"]);
    expect(world.identities.find((i) => i.role === "standalone")?.regions).toEqual([
      "us-east-1",
      "us-west-2",
    ]);
    for (const member of members) expect(member.regions).toEqual(administrator?.regions);
    const accounts = world.identities.map((identity) => identity.accountId);
    const keys = world.identities.map((identity) => identity.accessKeyId);
    expect(new Set(accounts).size).toBe(accounts.length);
    expect(new Set(keys).size).toBe(keys.length);
    for (const identity of world.identities) {
      expect(identity.accountId).toMatch(/^[1-9]\d{11}$/);
      expect(identity.accessKeyId).toMatch(/^AKIA[A-Z0-9]{16}$/);
      expect(identity.secretAccessKey).toHaveLength(40);
      expect(identity.email).toBe(`security+${identity.accountId}@example.com`);
    }
  });

  it("gives every account one detector per region, with features and a service role", () => {
    const expected = world.identities.reduce((sum, identity) => sum + identity.regions.length, 0);
    expect(world.detectors.size).toBe(expected);
    for (const [id, detector] of world.detectors) {
      expect(id).toBe(detector.detectorId);
      expect(id).toMatch(HEX32);
      expect(detector.createdAt).toMatch(ISO_WITH_MS);
      expect(detector.updatedAt).toMatch(ISO_WITH_MS);
      expect(detector.serviceRole).toBe(
        `arn:aws:iam::${detector.accountId}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
      );
      const runtime = detector.features.find((feature) => feature.name === "RUNTIME_MONITORING");
      expect(runtime?.additionalConfiguration?.map((config) => config.name)).toEqual([
        "EKS_ADDON_MANAGEMENT",
        "ECS_FARGATE_AGENT_MANAGEMENT",
        "EC2_AGENT_MANAGEMENT",
      ]);
      for (const feature of detector.features) {
        // Timestamp members are epoch seconds, not milliseconds and not ISO strings.
        expect(Number.isInteger(feature.updatedAt)).toBe(true);
        expect(feature.updatedAt).toBeLessThan(SEED_EPOCH / 1000);
        expect(feature.updatedAt).toBeGreaterThan(SEED_EPOCH / 1000 - 4 * 365 * 86_400);
      }
    }
    const adminDetector = detectorsOfRole(world, "administrator")[0];
    expect(adminDetector?.tags).toMatchObject({ team: "secops" });
  });

  it("relates every member to the administrator in each region, in every status", () => {
    expect(world.relationships).toHaveLength(members.length * 2);
    const statuses = new Set(world.relationships.map((link) => link.relationshipStatus));
    for (const status of RELATIONSHIP_STATUSES) expect(statuses).toContain(status);
    const invited = new Set(
      world.relationships
        .filter((link) => link.relationshipStatus === "Invited")
        .map((link) => link.memberAccountId),
    );
    expect(invited.size).toBeGreaterThanOrEqual(2);
    const enabled = world.relationships.filter((link) => link.relationshipStatus === "Enabled");
    expect(enabled.length / world.relationships.length).toBeGreaterThan(0.3);
    expect(enabled.length / world.relationships.length).toBeLessThan(0.5);
    for (const link of world.relationships) {
      expect(link.administratorAccountId).toBe(administrator?.accountId);
      expect(link.updatedAt).toMatch(ISO_WITH_MS);
      if (link.relationshipStatus === "Created") {
        expect(link.invitationId).toBeUndefined();
        expect(link.invitedAt).toBeUndefined();
      } else {
        expect(link.invitationId).toMatch(HEX32);
        expect(link.invitedAt).toMatch(ISO_WITH_MS);
      }
    }
  });

  it("still shows every status with as few as eight members", () => {
    const small = createWorld({ seed: 3, findingsPerDetector: 5, members: 8 });
    const statuses = new Set(small.relationships.map((link) => link.relationshipStatus));
    expect([...statuses].sort()).toEqual([...RELATIONSHIP_STATUSES].sort());
    const invited = new Set(
      small.relationships
        .filter((link) => link.relationshipStatus === "Invited")
        .map((link) => link.memberAccountId),
    );
    expect(invited.size).toBeGreaterThanOrEqual(2);
  });

  it("fills administrator detectors exactly and shares member findings by identity", () => {
    const adminDetectors = detectorsOfRole(world, "administrator");
    expect(adminDetectors).toHaveLength(2);
    for (const detector of adminDetectors) {
      expect(detector.findings.size).toBe(DEFAULT_SEED_OPTIONS.findingsPerDetector);
      const own = [...detector.findings.values()].filter(
        (finding) => finding.accountId === detector.accountId,
      );
      const share = own.length / detector.findings.size;
      expect(share).toBeGreaterThan(0.5);
      expect(share).toBeLessThan(0.7);
      for (const finding of detector.findings.values()) {
        expect(finding.region).toBe(detector.region);
        const owner = [...world.detectors.values()].find(
          (candidate) =>
            candidate.accountId === finding.accountId && candidate.region === detector.region,
        );
        expect(finding.service.detectorId).toBe(owner?.detectorId);
        expect(finding.arn).toBe(
          `arn:aws:guardduty:${finding.region}:${finding.accountId}:detector/${owner?.detectorId}/finding/${finding.id}`,
        );
        // The same object, so an archive through either detector is seen by both.
        expect(owner?.findings.get(finding.id)).toBe(finding);
        if (finding.accountId !== detector.accountId) {
          const link = world.relationships.find(
            (candidate) =>
              candidate.memberAccountId === finding.accountId &&
              candidate.region === detector.region,
          );
          expect(link?.relationshipStatus).toBe("Enabled");
        }
      }
    }
    for (const detector of detectorsOfRole(world, "member")) {
      for (const finding of detector.findings.values()) {
        expect(finding.accountId).toBe(detector.accountId);
      }
    }
    for (const detector of detectorsOfRole(world, "standalone")) {
      expect(detector.findings.size).toBe(
        Math.min(DEFAULT_SEED_OPTIONS.findingsPerDetector, STANDALONE_FINDINGS_CAP),
      );
    }
    const few = createWorld({ seed: 2, findingsPerDetector: 50, members: 4 });
    for (const detector of detectorsOfRole(few, "standalone"))
      expect(detector.findings.size).toBe(50);
  });

  it("gives findings unique ids and keeps them in creation order inside the retention window", () => {
    const ids = findings.map((finding) => finding.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(HEX32);
    for (const detector of world.detectors.values()) {
      let previous = "";
      for (const finding of detector.findings.values()) {
        expect(finding.createdAt >= previous).toBe(true);
        previous = finding.createdAt;
      }
    }
    for (const finding of findings) {
      for (const stamp of [
        finding.createdAt,
        finding.updatedAt,
        finding.service.eventFirstSeen,
        finding.service.eventLastSeen,
      ]) {
        expect(stamp).toMatch(ISO_WITH_MS);
      }
      const created = Date.parse(finding.createdAt);
      expect(created).toBeGreaterThanOrEqual(SEED_EPOCH - FINDING_WINDOW_DAYS * DAY);
      expect(created).toBeLessThan(SEED_EPOCH);
      expect(Date.parse(finding.updatedAt)).toBeGreaterThanOrEqual(created);
      expect(Date.parse(finding.updatedAt)).toBeLessThanOrEqual(SEED_EPOCH);
      expect(finding.service.count).toBeGreaterThanOrEqual(1);
      expect(finding.schemaVersion).toBe("2.0");
      expect(finding.partition).toBe("aws");
      expect(finding.service.serviceName).toBe("guardduty");
    }
  });

  it("spreads findings over at least 40 types covering every family", () => {
    const types = new Set(findings.map((finding) => finding.type));
    expect(types.size).toBeGreaterThanOrEqual(40);
    const families = new Set<FindingFamily | undefined>(
      [...types].map((type) => findingTypeInfo(type)?.family),
    );
    for (const family of FINDING_FAMILIES) expect(families).toContain(family);
  });

  it("keeps every severity inside its type's band, mostly at the typical value", () => {
    let typical = 0;
    for (const finding of findings) {
      const info = findingTypeInfo(finding.type);
      if (!info) throw new Error(`unknown type ${finding.type}`);
      const band = severityBand(finding.severity);
      if (info.severity === "Variable") {
        expect(Math.abs(bandIndex(band) - bandIndex(info.defaultBand))).toBeLessThanOrEqual(1);
        expect(band).not.toBe("Critical");
      } else {
        expect(band).toBe(info.severity);
      }
      expect(finding.severity).toBeGreaterThanOrEqual(1);
      expect(finding.severity).toBeLessThanOrEqual(10);
      if (SEVERITY_BANDS.some((range) => range.typical === finding.severity)) typical++;
    }
    expect(typical / findings.length).toBeGreaterThan(0.6);
  });

  it("archives about a fifth of the findings and leaves feedback on a few", () => {
    const archived = findings.filter((finding) => finding.service.archived).length;
    expect(archived / findings.length).toBeGreaterThan(0.12);
    expect(archived / findings.length).toBeLessThan(0.28);
    expect(findings.some((finding) => !finding.service.archived)).toBe(true);
    const feedback = findings.filter((finding) => finding.service.userFeedback !== undefined);
    expect(feedback.length).toBeGreaterThan(0);
    expect(feedback.length / findings.length).toBeLessThan(0.1);
    for (const finding of feedback)
      expect(["USEFUL", "NOT_USEFUL"]).toContain(finding.service.userFeedback);
  });

  it("carries the nested structures each family implies", () => {
    const apiCalls = findings
      .map((finding) => actionOf(finding)?.awsApiCallAction as Json | undefined)
      .filter((call): call is Json => call !== undefined);
    const withAffected = apiCalls.filter((call) => call.affectedResources !== undefined);
    expect(withAffected.length / apiCalls.length).toBeGreaterThan(0.5);
    expect(withAffected.some((call) => "AWS::S3::Bucket" in (call.affectedResources as Json))).toBe(
      true,
    );

    const dns = findings
      .map((finding) => actionOf(finding)?.dnsRequestAction as Json | undefined)
      .filter((action): action is Json => action !== undefined);
    expect(dns.length).toBeGreaterThan(0);
    for (const action of dns) {
      expect(typeof action.blocked).toBe("boolean");
      expect(["UDP", "TCP"]).toContain(action.protocol);
      expect(typeof action.domainWithSuffix).toBe("string");
    }

    for (const finding of findings) {
      const info = finding.service.additionalInfo;
      expect(info?.type).toBe("default");
      expect(typeof JSON.parse(info?.value ?? "null")).toBe("object");
      const family = findingTypeInfo(finding.type)?.family;
      if (family === "IAM") expect(finding.resource.resourceType).toBe("AccessKey");
      if (family === "S3") expect(Array.isArray(finding.resource.s3BucketDetails)).toBe(true);
      if (family === "Kubernetes") {
        const call = actionOf(finding)?.kubernetesApiCallAction as Json;
        expect(Array.isArray(call.sourceIPs)).toBe(true);
        expect(typeof (finding.resource.eksClusterDetails as Json).createdAt).toBe("number");
      }
      if (family === "RDS") {
        const attempt = actionOf(finding)?.rdsLoginAttemptAction as Json;
        expect(Array.isArray(attempt.LoginAttributes)).toBe(true);
      }
    }
    const threatListed = findings.filter((finding) => finding.service.evidence !== undefined);
    expect(threatListed.length).toBeGreaterThan(0);
    expect(
      findings.some((finding) => {
        const details = finding.resource.instanceDetails as Json | undefined;
        return (details?.productCodes as Json[] | undefined)?.[0]?.productCodeId !== undefined;
      }),
    ).toBe(true);
  });

  it("records free-trial days for every account in every region it has a detector in", () => {
    const expected = world.identities.reduce((sum, identity) => sum + identity.regions.length, 0);
    expect(world.freeTrial.size).toBe(expected);
    for (const identity of world.identities) {
      for (const region of identity.regions) {
        const days = world.freeTrial.get(freeTrialKey(region, identity.accountId));
        expect(days?.accountId).toBe(identity.accountId);
        expect(days?.features).toHaveLength(12);
        for (const feature of days?.features ?? []) {
          expect(feature.freeTrialDaysRemaining).toBeGreaterThanOrEqual(0);
          expect(feature.freeTrialDaysRemaining).toBeLessThanOrEqual(30);
        }
        expect(days?.dataSources).toMatchObject({
          cloudTrail: { freeTrialDaysRemaining: expect.any(Number) },
          dnsLogs: { freeTrialDaysRemaining: expect.any(Number) },
          flowLogs: { freeTrialDaysRemaining: expect.any(Number) },
          s3Logs: { freeTrialDaysRemaining: expect.any(Number) },
          kubernetes: { auditLogs: { freeTrialDaysRemaining: expect.any(Number) } },
          malwareProtection: {
            scanEc2InstanceWithFindings: { freeTrialDaysRemaining: expect.any(Number) },
          },
        });
      }
    }
  });

  it("marks sample findings the way the console does", () => {
    const rng = createRng(11);
    for (const info of FINDING_TYPES) {
      const finding = makeFinding(rng, {
        accountId: "111122223333",
        region: "us-east-1",
        detectorId: "12abc34d567e8fa901bc2d34e0000000",
        type: info.type,
        id: "0".repeat(32),
        createdAt: "2026-10-03T11:22:33.456Z",
        updatedAt: "2026-10-03T11:22:33.456Z",
        sample: true,
      });
      expect(finding.title?.startsWith("[SAMPLE] ")).toBe(true);
      expect(JSON.parse(finding.service.additionalInfo?.value ?? "{}").sample).toBe(true);
      expect(finding.service.archived).toBe(false);
      expect(finding.service.count).toBeGreaterThanOrEqual(1);
    }
    const seeded = findings.filter((finding) => finding.title?.startsWith("[SAMPLE] "));
    expect(seeded.length).toBeGreaterThan(0);
    for (const finding of seeded) {
      expect(JSON.parse(finding.service.additionalInfo?.value ?? "{}").sample).toBe(true);
    }
  });

  // How long it takes is measured by `npm run bench:sandbox` (a timing is not a test).
  it("builds a large world", () => {
    const large = createWorld({ seed: 1, findingsPerDetector: 10_000, members: 32 });
    expect(detectorsOfRole(large, "administrator")[0]?.findings.size).toBe(10_000);
  });
});

// ---------------------------------------------------------------------------------------------
// The SDK as the judge of wire names: anything it does not know, it silently drops.
// ---------------------------------------------------------------------------------------------

/** Every non-null leaf value (a Date counts as one), with timestamps as epoch seconds. */
function leafValues(value: unknown, out: string[] = []): string[] {
  if (value === null || value === undefined) return out;
  if (value instanceof Date) {
    out.push(String(value.getTime() / 1000));
  } else if (Array.isArray(value)) {
    for (const item of value) leafValues(item, out);
  } else if (typeof value === "object") {
    for (const item of Object.values(value)) leafValues(item, out);
  } else {
    out.push(String(value));
  }
  return out;
}

describe("findings through @aws-sdk/client-guardduty", () => {
  let server: Server;
  let client: GuardDutyClient;
  let body = "";

  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      request.on("end", () => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    client = new GuardDutyClient({
      region: "us-east-1",
      endpoint: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "x" },
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function roundTrip(findings: readonly unknown[]): Promise<Finding[]> {
    body = JSON.stringify({ findings });
    const output = await client.send(
      new GetFindingsCommand({ DetectorId: "d", FindingIds: ["x"] }),
    );
    return output.Findings ?? [];
  }

  /** Findings whose leaves did not all survive deserialization, with what was lost. */
  async function droppedLeaves(findings: readonly WireFinding[]): Promise<string[]> {
    const problems: string[] = [];
    for (let start = 0; start < findings.length; start += 50) {
      const batch = findings.slice(start, start + 50);
      const parsed = await roundTrip(batch);
      batch.forEach((finding, index) => {
        const raw = leafValues(JSON.parse(JSON.stringify(finding))).sort();
        const sdk = leafValues(parsed[index]).sort();
        if (raw.join("\n") !== sdk.join("\n")) {
          const kept = new Set(sdk);
          problems.push(
            `${finding.type}: lost ${raw.filter((leaf) => !kept.has(leaf)).join(", ")}`,
          );
        }
      });
    }
    return problems;
  }

  it("notices a key the SDK does not know", async () => {
    const finding = createWorld({ seed: 5, findingsPerDetector: 1, members: 0 })
      .detectors.values()
      .next()
      .value?.findings.values()
      .next().value;
    if (!finding) throw new Error("no finding");
    const tampered = { ...finding, resource: { ...finding.resource, bogusWireName: "x" } };
    expect(await droppedLeaves([tampered])).toHaveLength(1);
  });

  it("keeps every key of every catalog type and of a few hundred seeded findings", async () => {
    const rng = createRng(99);
    const catalog = FINDING_TYPES.map((info, index) =>
      makeFinding(rng, {
        accountId: "111122223333",
        region: index % 2 === 0 ? "us-east-1" : "eu-west-1",
        detectorId: "12abc34d567e8fa901bc2d34e0000000",
        type: info.type,
        id: rng.hex(32),
        createdAt: "2026-10-03T11:22:33.456Z",
        updatedAt: "2026-10-05T08:00:00.001Z",
        sample: index % 5 === 0,
      }),
    );
    const world = createWorld({ seed: 4, findingsPerDetector: 200, members: 12 });
    const seeded = uniqueFindings(world).slice(0, 400);
    expect(await droppedLeaves([...catalog, ...seeded])).toEqual([]);
  });

  it("parses Timestamp members into Dates and leaves String timestamps as strings", async () => {
    const rng = createRng(1);
    const make = (type: string) =>
      makeFinding(rng, {
        accountId: "111122223333",
        region: "us-east-1",
        detectorId: "12abc34d567e8fa901bc2d34e0000000",
        type,
        id: rng.hex(32),
        createdAt: "2026-10-03T11:22:33.456Z",
        updatedAt: "2026-10-03T11:22:33.456Z",
      });
    const [s3, eks] = await roundTrip([
      make("Discovery:S3/AnomalousBehavior"),
      make("Discovery:Kubernetes/TorIPCaller"),
    ]);
    expect(s3?.Resource?.S3BucketDetails?.[0]?.CreatedAt).toBeInstanceOf(Date);
    expect(eks?.Resource?.EksClusterDetails?.CreatedAt).toBeInstanceOf(Date);
    expect(typeof s3?.CreatedAt).toBe("string");
    expect(s3?.Service?.Action?.AwsApiCallAction).toMatchObject({
      AffectedResources: { "AWS::S3::Bucket": expect.any(String) },
    });
  });
});
