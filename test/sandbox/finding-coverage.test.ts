/**
 * The seed world against the SDK's own model of a Finding: every leaf member is populated
 * somewhere, judged on what the real SDK's GetFindings deserializer returns (a key it does not
 * know is dropped, so it does not count), and the parts that tie the world together hold.
 */
import {
  CreateSampleFindingsCommand,
  type Finding,
  GetFindingsCommand,
  type GuardDutyClient,
  ListMembersCommand,
} from "@aws-sdk/client-guardduty";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FINDING_TYPES, findingTypeInfo } from "../../src/sandbox/catalog.js";
import { findingLeaves, populatedPaths } from "../kit/finding-model.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";
import { detectorFindings, worldFindings } from "../kit/world-findings.js";

/**
 * Leaf members the world may leave empty, each with the reason. Expected to stay empty: the
 * sandbox fills every member of the model.
 */
const NOT_POPULATED: readonly string[] = [];

let kit: SandboxKit;
let findings: Finding[];

beforeAll(async () => {
  // The default world, the one `npm run sandbox` serves.
  kit = await startSandbox();
  findings = await worldFindings(kit);
});
afterAll(() => kit.close());

const familyOf = (finding: Finding) => findingTypeInfo(finding.Type ?? "")?.family;

describe("the seed world against the SDK's Finding model", () => {
  it("populates every leaf member of Finding somewhere, as the SDK reads it", () => {
    const leaves = findingLeaves().map((leaf) => leaf.path);
    expect(leaves.length).toBeGreaterThan(590);
    const populated = populatedPaths(findings);
    const missing = leaves.filter((path) => !populated.has(path) && !NOT_POPULATED.includes(path));
    expect(missing).toEqual([]);
  });

  it("notices a member nobody fills", () => {
    const populated = populatedPaths(findings.filter((finding) => familyOf(finding) === "EC2"));
    expect(populated.has("resource.instanceDetails.instanceId")).toBe(true);
    expect(populated.has("service.runtimeDetails.process.lineage[].uuid")).toBe(false);
  });

  it("shows every finding type of the catalog", () => {
    const types = new Set(findings.map((finding) => finding.Type));
    expect(FINDING_TYPES.filter((info) => !types.has(info.type))).toEqual([]);
  });

  it("gives each family the structures of its kind", () => {
    for (const finding of findings) {
      const family = familyOf(finding);
      const service = finding.Service;
      if (family === "Runtime") {
        const process = service?.RuntimeDetails?.Process;
        expect(process?.ExecutablePath).toMatch(/^\//);
        expect(process?.Lineage?.[0]?.Uuid).toBe(process?.ParentUuid);
      }
      if (family === "Malware") {
        expect(service?.MalwareScanDetails ?? service?.EbsVolumeScanDetails).toBeDefined();
      }
      if (family === "Kubernetes") {
        expect(service?.Action?.KubernetesApiCallAction?.Verb).toBeTruthy();
      }
      if (family === "AttackSequence") {
        expect(finding.Severity).toBeGreaterThanOrEqual(9);
        expect(service?.Detection?.Sequence?.Signals?.length).toBeGreaterThan(0);
        expect(service?.Action).toBeUndefined();
      }
      if (finding.Resource?.ResourceType === "RDSLimitlessDB") {
        expect(finding.Resource.RdsLimitlessDbDetails?.DbShardGroupArn).toContain(":shard-group:");
      }
      // Timestamp members arrive as Dates, String "timestamps" as ISO text.
      expect(typeof finding.CreatedAt).toBe("string");
      for (const signal of service?.Detection?.Sequence?.Signals ?? []) {
        expect(signal.FirstSeenAt).toBeInstanceOf(Date);
      }
    }
  });
});

describe("attack sequences", () => {
  it("correlate findings GetFindings returns, which point back at the sequence", async () => {
    const administrator = kit.client(kit.administrator, "us-east-1");
    const detectorId = kit.administrator.detectorIds["us-east-1"] as string;
    const all = await detectorFindings(administrator, detectorId);
    const sequences = all.filter((finding) => familyOf(finding) === "AttackSequence");
    expect(sequences.length).toBeGreaterThan(4);
    let linked = 0;
    for (const sequence of sequences) {
      const signals = sequence.Service?.Detection?.Sequence?.Signals ?? [];
      const findingSignals = signals.filter((signal) => signal.Type === "FINDING");
      if (findingSignals.length === 0) continue;
      linked++;
      const ids = findingSignals.map((signal) => (signal.Uid ?? "").split("/").pop() ?? "");
      const output = await administrator.send(
        new GetFindingsCommand({ DetectorId: detectorId, FindingIds: ids }),
      );
      expect(output.Findings).toHaveLength(ids.length);
      const resourceUids = new Set(
        sequence.Service?.Detection?.Sequence?.Resources?.map((resource) => resource.Uid),
      );
      for (const signal of findingSignals) {
        const found = output.Findings?.find((finding) => finding.Arn === signal.Uid);
        expect(found?.AssociatedAttackSequenceArn).toBe(sequence.Arn);
        expect(found?.AccountId).toBe(sequence.AccountId);
        expect(found?.Type).toBe(signal.Name);
        for (const uid of signal.ResourceUids ?? []) expect(resourceUids).toContain(uid);
      }
    }
    expect(linked / sequences.length).toBeGreaterThan(0.5);
    const associated = all.filter((finding) => finding.AssociatedAttackSequenceArn);
    const sequenceArns = new Set(sequences.map((sequence) => sequence.Arn));
    for (const finding of associated) {
      expect(sequenceArns).toContain(finding.AssociatedAttackSequenceArn);
    }
  });
});

describe("members", () => {
  it("include the statuses GuardDuty reports for suspended, Region-disabled and unverified accounts", async () => {
    const administrator = kit.client(kit.administrator, "us-east-1");
    const statuses = new Set<string>();
    for (const region of kit.administrator.regions) {
      const client: GuardDutyClient =
        region === "us-east-1" ? administrator : kit.client(kit.administrator, region);
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListMembersCommand({
            DetectorId: kit.administrator.detectorIds[region] as string,
            OnlyAssociated: "false",
            NextToken: token,
          }),
        );
        for (const member of page.Members ?? []) {
          statuses.add(member.RelationshipStatus ?? "");
          if (member.RelationshipStatus === "RegionDisabled")
            expect(member.DetectorId).toBeUndefined();
        }
        token = page.NextToken;
      } while (token);
    }
    for (const status of ["RegionDisabled", "AccountSuspended", "EmailVerificationInProgress"]) {
      expect(statuses).toContain(status);
    }
  });
});

describe("sample findings", () => {
  it("look like GuardDuty's own: [SAMPLE] titles, sample: true, placeholder resources", async () => {
    const client = kit.client(kit.standalone, "us-west-2");
    const detectorId = kit.standalone.detectorIds["us-west-2"] as string;
    const before = new Set(
      (await detectorFindings(client, detectorId)).map((finding) => finding.Id),
    );
    await client.send(new CreateSampleFindingsCommand({ DetectorId: detectorId }));
    const samples = (await detectorFindings(client, detectorId)).filter(
      (finding) => !before.has(finding.Id),
    );
    expect(samples).toHaveLength(FINDING_TYPES.length);
    for (const sample of samples) {
      expect(sample.Title?.startsWith("[SAMPLE] ")).toBe(true);
      expect(JSON.parse(sample.Service?.AdditionalInfo?.Value ?? "{}").sample).toBe(true);
      const resource = sample.Resource;
      if (resource?.InstanceDetails) {
        expect(resource.InstanceDetails.InstanceId).toBe("i-99999999");
        expect(resource.InstanceDetails.ImageId).toBe("ami-99999999");
      }
      if (resource?.AccessKeyDetails) {
        expect(resource.AccessKeyDetails.AccessKeyId).toBe("GeneratedFindingAccessKeyId");
        expect(resource.AccessKeyDetails.UserName).toBe("GeneratedFindingUserName");
      }
      for (const bucket of resource?.S3BucketDetails ?? []) expect(bucket.Name).toBe("bucketName");
      if (resource?.EksClusterDetails) {
        expect(resource.EksClusterDetails.Name).toMatch(/^GeneratedFinding/);
      }
    }
    // Sample attack sequences correlate the sample findings created with them.
    const sampleArns = new Set(samples.map((sample) => sample.Arn));
    const sequences = samples.filter((sample) => familyOf(sample) === "AttackSequence");
    expect(sequences).toHaveLength(5);
    for (const sequence of sequences) {
      const findingSignals = (sequence.Service?.Detection?.Sequence?.Signals ?? []).filter(
        (signal) => signal.Type === "FINDING",
      );
      expect(findingSignals.length).toBeGreaterThan(0);
      for (const signal of findingSignals) expect(sampleArns).toContain(signal.Uid);
    }
  });
});
