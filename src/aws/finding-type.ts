/**
 * The parts of a finding type name. GuardDuty names every finding type
 * `ThreatPurpose:ResourceTypeAffected/ThreatFamilyName.DetectionMechanism!Artifact`, the last two
 * parts optional ("GuardDuty finding format", Amazon GuardDuty User Guide:
 * https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-format.html).
 */
export interface FindingTypeParts {
  /** The primary purpose of the threat or stage of an attack, e.g. Backdoor, Recon. */
  threatPurpose: string;
  /** The kind of resource affected, e.g. EC2, IAMUser, S3, Kubernetes, Runtime. */
  resourceTypeAffected: string;
  /** The threat or activity detected, e.g. C&CActivity, PortProbeUnprotectedPort. */
  threatFamilyName: string;
  /** How GuardDuty detected it, e.g. B, Custom, Reputation, OutsideAWS. */
  detectionMechanism?: string;
  /** The resource the malicious tool owned, e.g. DNS, Snapshot. */
  artifact?: string;
}

// The family name ends at the first "." (the mechanism) or "!" (the artifact); the mechanism
// runs to the "!". Family names themselves contain neither (C&CActivity, DGADomainRequest).
const FINDING_TYPE = /^([^:/]+):([^/]+)\/([^.!]+)(?:\.([^!]+))?(?:!(.+))?$/;

/** The parts of `type`, or undefined when it does not follow GuardDuty's format. */
export function parseFindingType(type: string): FindingTypeParts | undefined {
  const match = FINDING_TYPE.exec(type);
  if (!match) return undefined;
  const [, threatPurpose, resourceTypeAffected, threatFamilyName, detectionMechanism, artifact] =
    match as unknown as [string, string, string, string, string | undefined, string | undefined];
  return {
    threatPurpose,
    resourceTypeAffected,
    threatFamilyName,
    ...(detectionMechanism ? { detectionMechanism } : {}),
    ...(artifact ? { artifact } : {}),
  };
}
