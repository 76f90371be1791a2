import { CreateSampleFindingsCommand } from "@aws-sdk/client-guardduty";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FindingTypeParts, parseFindingType } from "../../src/aws/finding-type.js";
import { FINDING_TYPES } from "../../src/sandbox/catalog.js";
import { type GatewayKit, type GraphQLResponse, gatewayFor } from "../kit/gateway.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

/** The type name put back together from its parts. */
function compose(parts: FindingTypeParts): string {
  return [
    `${parts.threatPurpose}:${parts.resourceTypeAffected}/${parts.threatFamilyName}`,
    parts.detectionMechanism ? `.${parts.detectionMechanism}` : "",
    parts.artifact ? `!${parts.artifact}` : "",
  ].join("");
}

describe("parseFindingType", () => {
  it("splits every finding type of the catalog into parts that compose it again", () => {
    expect(FINDING_TYPES.length).toBeGreaterThan(150);
    for (const { type } of FINDING_TYPES) {
      const parts = parseFindingType(type);
      expect(parts, type).toBeDefined();
      expect(compose(parts as FindingTypeParts), type).toBe(type);
      for (const part of Object.values(parts as FindingTypeParts)) {
        expect(part, type).toMatch(/^[^:/.!]+$/);
      }
    }
  });

  it("names each part as GuardDuty's finding format does", () => {
    expect(parseFindingType("Backdoor:EC2/C&CActivity.B!DNS")).toEqual({
      threatPurpose: "Backdoor",
      resourceTypeAffected: "EC2",
      threatFamilyName: "C&CActivity",
      detectionMechanism: "B",
      artifact: "DNS",
    });
    expect(parseFindingType("Recon:EC2/PortProbeUnprotectedPort")).toEqual({
      threatPurpose: "Recon",
      resourceTypeAffected: "EC2",
      threatFamilyName: "PortProbeUnprotectedPort",
    });
    expect(parseFindingType("Execution:EC2/MaliciousFile!Snapshot")).toEqual({
      threatPurpose: "Execution",
      resourceTypeAffected: "EC2",
      threatFamilyName: "MaliciousFile",
      artifact: "Snapshot",
    });
    expect(
      parseFindingType("UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS"),
    ).toMatchObject({ resourceTypeAffected: "IAMUser", detectionMechanism: "OutsideAWS" });
  });

  it("rejects names outside the format", () => {
    for (const type of ["", "Recon", "Recon:EC2", "Recon:EC2/", ":EC2/Probe", "Recon:/Probe"]) {
      expect(parseFindingType(type), type).toBeUndefined();
    }
  });
});

describe("Finding.typeInfo", () => {
  let kit: SandboxKit;
  let gateway: GatewayKit;
  let detectorId: string;

  beforeAll(async () => {
    kit = await startSandbox({ findingsPerDetector: 20, members: 2 });
    gateway = gatewayFor(kit, kit.standalone);
    detectorId = kit.standalone.detectorIds["us-east-1"] as string;
    // One sample finding of every type GuardDuty lists, as the console's "Generate sample findings".
    await kit
      .client(kit.standalone)
      .send(new CreateSampleFindingsCommand({ DetectorId: detectorId }));
  });
  afterAll(async () => {
    gateway.close();
    await kit.close();
  });

  interface Node {
    type: string;
    typeInfo: FindingTypeParts & { detectionMechanism: string | null; artifact: string | null };
  }

  interface Page {
    detector: {
      findings: {
        edges: { node: Node }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
  }

  it("answers the parts of every catalog type through the gateway", async () => {
    const seen = new Set<string>();
    let after: string | null = null;
    do {
      const result: GraphQLResponse<Page> = await gateway.execute<Page>(
        `query($detectorId: String!, $after: String) {
          detector(detectorId: $detectorId, region: "us-east-1") {
            findings(first: 50, after: $after) {
              edges { node { type typeInfo { threatPurpose resourceTypeAffected threatFamilyName detectionMechanism artifact } } }
              pageInfo { hasNextPage endCursor }
            }
          }
        }`,
        { detectorId, after },
      );
      expect(result.errors).toBeUndefined();
      const page: Page["detector"]["findings"] | undefined = result.data?.detector.findings;
      for (const { node } of page?.edges ?? []) {
        const parts = parseFindingType(node.type) as FindingTypeParts;
        expect(node.typeInfo, node.type).toEqual({
          detectionMechanism: null,
          artifact: null,
          ...parts,
        });
        seen.add(node.type);
      }
      after = page?.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(FINDING_TYPES.filter(({ type }) => !seen.has(type))).toEqual([]);
  });
});
