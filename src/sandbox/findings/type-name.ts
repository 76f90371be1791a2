/** Type name anatomy: ThreatPurpose:ResourceTypeAffected/ThreatFamilyName.DetectionMechanism!Artifact */

import {
  FINDING_TYPES,
  type FindingFamily,
  type FindingTypeInfo,
  findingTypeInfo,
} from "../catalog.js";

export function threatFamilyName(type: string): string {
  const name = type.slice(type.indexOf("/") + 1);
  const end = name.search(/[.!]/);
  return end === -1 ? name : name.slice(0, end);
}

export function threatPurpose(type: string): string {
  return type.slice(0, type.indexOf(":"));
}

export const THREAT_LIST_PATTERN =
  /MaliciousIPCaller|TorIPCaller|TorClient|TorRelay|C&CActivity|BitcoinTool|BlackholeTraffic|DropPoint|DGADomainRequest|DriveBySourceTraffic|PhishingDomainRequest|MaliciousDomainRequest|Spambot/;
export const DNS_PATTERN = /!DNS|DomainRequest|DNSDataExfiltration|MetadataDNSRebind/;
export const RUNTIME_NETWORK_PATTERN =
  /C&CActivity|BitcoinTool|BlackholeTraffic|DropPoint|TorClient|TorRelay/;

const AFFECTED_FAMILY: Record<string, FindingFamily> = {
  EC2: "EC2",
  IAMUser: "IAM",
  S3: "S3",
  Kubernetes: "Kubernetes",
  Runtime: "Runtime",
  RDS: "RDS",
  Lambda: "Lambda",
};

/** Types outside the catalog (callers may pass any string) borrow the shape of their family. */
export function resolveTypeInfo(type: string): FindingTypeInfo {
  const known = findingTypeInfo(type);
  if (known) return known;
  const affected = type.slice(type.indexOf(":") + 1, type.indexOf("/"));
  const family = AFFECTED_FAMILY[affected] ?? "EC2";
  const template = FINDING_TYPES.find((info) => info.family === family) ?? FINDING_TYPES[0];
  if (!template) throw new Error("the finding-type catalog is empty");
  return { ...template, type, severity: "Medium", defaultBand: "Medium" };
}

/** The resource kinds attack sequences are reported on. */
export type SequenceKind = "EC2" | "ECS" | "EKS" | "IAM" | "S3";

/** `AttackSequence:EKS/CompromisedCluster` → EKS. */
export function sequenceKind(type: string): SequenceKind {
  const affected = type.slice(type.indexOf(":") + 1, type.indexOf("/"));
  return affected === "EC2" || affected === "ECS" || affected === "EKS" || affected === "S3"
    ? affected
    : "IAM";
}
