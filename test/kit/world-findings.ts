import {
  type Finding,
  GetFindingsCommand,
  type GuardDutyClient,
  paginateListFindings,
} from "@aws-sdk/client-guardduty";
import type { PublicIdentity } from "../../src/sandbox/sandbox.js";
import type { SandboxKit } from "./sandbox.js";

/** GuardDuty model: GetFindings FindingIds max 50. */
const GET_FINDINGS_MAX_IDS = 50;

/** Every finding of one detector, read the way a client would: ListFindings, then GetFindings. */
export async function detectorFindings(
  client: GuardDutyClient,
  detectorId: string,
): Promise<Finding[]> {
  const ids: string[] = [];
  for await (const page of paginateListFindings(
    { client },
    { DetectorId: detectorId, MaxResults: 50 },
  )) {
    ids.push(...(page.FindingIds ?? []));
  }
  const findings: Finding[] = [];
  for (let start = 0; start < ids.length; start += GET_FINDINGS_MAX_IDS) {
    const output = await client.send(
      new GetFindingsCommand({
        DetectorId: detectorId,
        FindingIds: ids.slice(start, start + GET_FINDINGS_MAX_IDS),
      }),
    );
    findings.push(...(output.Findings ?? []));
  }
  return findings;
}

/**
 * Every finding of the world once, through the SDK: the administrator's detectors hold its own
 * findings and its Enabled members', the standalone account's hold the rest.
 */
export async function worldFindings(kit: SandboxKit): Promise<Finding[]> {
  const byId = new Map<string, Finding>();
  const owners: PublicIdentity[] = [kit.administrator, kit.standalone];
  for (const identity of owners) {
    for (const region of identity.regions) {
      const detectorId = identity.detectorIds[region];
      if (!detectorId) continue;
      const client = kit.client(identity, region);
      for (const finding of await detectorFindings(client, detectorId)) {
        if (finding.Id) byId.set(finding.Id, finding);
      }
    }
  }
  return [...byId.values()];
}
