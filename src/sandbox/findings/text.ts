/** Titles and descriptions, in the wording of GuardDuty's own findings. */

import { type FindingTypeInfo, findingTypeInfo } from "../catalog.js";
import type { Parts } from "./scene.js";
import { DNS_PATTERN, threatFamilyName } from "./type-name.js";

const TITLE_BY_FAMILY_NAME: Record<string, string> = {
  "C&CActivity": "{subject} is communicating with a known command and control server {peer}.",
  BitcoinTool: "{subject} is communicating with a Bitcoin mining pool {peer}.",
  DenialOfService:
    "{subject} is behaving in a manner that may indicate it is being used to perform a Denial of Service attack against {peer}.",
  Spambot: "{subject} is behaving in a manner indicating it is being used to send spam to {peer}.",
  NetworkPortUnusual: "{subject} is communicating with {peer} on an unusual port.",
  TrafficVolumeUnusual: "{subject} is generating unusually large network traffic to {peer}.",
  SSHBruteForce: "{subject} is involved in SSH brute force attacks with {peer}.",
  RDPBruteForce: "{subject} is involved in RDP brute force attacks with {peer}.",
  WinRMBruteForce: "{subject} is involved in WinRM brute force attacks with {peer}.",
  PortProbeUnprotectedPort: "Unprotected port on {subject} is being probed by {peer}.",
  PortProbeEMRUnprotectedPort:
    "Unprotected EMR-related port on {subject} is being probed by {peer}.",
  Portscan: "{subject} is performing outbound port scans against {peer}.",
  PortSweep: "{subject} is probing a port on a large number of IP addresses.",
  TorClient: "{subject} is communicating with a Tor entry node {peer}.",
  TorRelay: "{subject} is acting as a Tor relay with {peer}.",
  TorIPCaller: "API calls were invoked from the Tor exit node {peer} for {subject}.",
  MaliciousIPCaller:
    "{subject} was involved in activity with the known malicious IP address {peer}.",
  AnomalousBehavior: "Anomalous activity was observed for {subject}.",
  RootCredentialUsage: "API calls were made using the root credentials of the account.",
  ShortTermRootCredentialUsage: "Short-term root credentials were used to invoke API calls.",
  CloudTrailLoggingDisabled: "AWS CloudTrail logging was disabled by {subject}.",
  PasswordPolicyChange: "The account password policy was weakened by {subject}.",
  ConsoleLoginSuccess: "Unusual console login was seen for {subject} from {peer}.",
  InstanceCredentialExfiltration:
    "Credentials created for an EC2 instance were used by {subject} from {peer}.",
  ResourceCredentialExfiltration:
    "Credentials of {subject} were used from an external address {peer}.",
  KaliLinux: "API calls were invoked from a Kali Linux computer for {subject}.",
  ParrotLinux: "API calls were invoked from a Parrot Security Linux computer for {subject}.",
  PentooLinux: "API calls were invoked from a Pentoo Linux computer for {subject}.",
  SuccessfulAnonymousAccess: "An anonymous user successfully called an API on {subject}.",
  PrivilegedContainer: "A privileged container was launched on {subject}.",
  ContainerWithSensitiveMount:
    "A container with a sensitive host path mount was launched on {subject}.",
  MaliciousFile: "Malware was detected on {subject}.",
  SuspiciousFile: "A suspicious file was detected on {subject}.",
  CryptoMinerExecuted: "A cryptocurrency miner was executed on {subject}.",
  ReverseShell: "A process on {subject} opened a reverse shell.",
  CompromisedCredentials:
    "Potential credential compromise of {subject} indicated by a sequence of actions.",
  CompromisedData: "Potential data compromise of {subject} indicated by a sequence of actions.",
  CompromisedCluster: "Potential compromise of {subject} indicated by a sequence of actions.",
  CompromisedInstanceGroup: "Potential compromise of a group of instances including {subject}.",
};

/** `SSHBruteForce` → `SSH brute force`: the fallback wording for types without a template. */
function humanize(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .replace(/\b(ec2|dns|ip|s3|iam|rds|tor|rdp|ssh|doh|dot|dga|c&c)\b/g, (word) =>
      word.toUpperCase(),
    );
}

const titleTemplates = new Map<string, string>();

function titleTemplate(type: string): string {
  let template = titleTemplates.get(type);
  if (template === undefined) {
    const familyName = threatFamilyName(type);
    template =
      TITLE_BY_FAMILY_NAME[familyName] ??
      (DNS_PATTERN.test(type)
        ? `{subject} is querying a domain name {peer} associated with ${humanize(familyName)}.`
        : `${humanize(familyName).replace(/^./, (c) => c.toUpperCase())} was detected on {subject}.`);
    // Unknown types come from callers (CreateSampleFindings); only catalog types are cached.
    if (findingTypeInfo(type)) titleTemplates.set(type, template);
  }
  return template;
}

export function titleFor(info: FindingTypeInfo, parts: Parts): string {
  return titleTemplate(info.type)
    .split("{subject}")
    .join(parts.subject)
    .split("{peer}")
    .join(parts.peer ?? "an unknown party");
}

export const SOURCE_SENTENCE: Record<FindingTypeInfo["dataSource"], string> = {
  FLOW_LOGS: "GuardDuty observed this in VPC flow logs.",
  DNS_LOGS: "GuardDuty observed this in DNS query logs.",
  CLOUD_TRAIL: "GuardDuty observed this in CloudTrail management events.",
  S3_DATA_EVENTS: "GuardDuty observed this in CloudTrail S3 data events.",
  EKS_AUDIT_LOGS: "GuardDuty observed this in the EKS audit logs.",
  RUNTIME_MONITORING: "GuardDuty's runtime agent observed this on the host.",
  RDS_LOGIN_EVENTS: "GuardDuty observed this in RDS login activity.",
  LAMBDA_NETWORK_LOGS: "GuardDuty observed this in Lambda network activity.",
  EBS_MALWARE_PROTECTION: "A GuardDuty malware scan of the attached EBS volumes found it.",
  BACKUP_MALWARE_PROTECTION: "A GuardDuty malware scan of the backup found it.",
  S3_MALWARE_PROTECTION: "A GuardDuty malware scan of the uploaded object found it.",
  CORRELATED_SIGNALS:
    "GuardDuty Extended Threat Detection correlated several signals into this sequence.",
};

/** `service.featureName` values (not enumerated by the model; these follow the console's feature names). */
export const FEATURE_NAME: Record<FindingTypeInfo["dataSource"], string> = {
  FLOW_LOGS: "FlowLogs",
  DNS_LOGS: "DnsLogs",
  CLOUD_TRAIL: "CloudTrail",
  S3_DATA_EVENTS: "S3DataEvents",
  EKS_AUDIT_LOGS: "EksAuditLogs",
  RUNTIME_MONITORING: "RuntimeMonitoring",
  RDS_LOGIN_EVENTS: "RdsLoginEvents",
  LAMBDA_NETWORK_LOGS: "LambdaNetworkLogs",
  EBS_MALWARE_PROTECTION: "EbsMalwareProtection",
  BACKUP_MALWARE_PROTECTION: "MalwareProtectionForBackup",
  S3_MALWARE_PROTECTION: "MalwareProtectionForS3",
  CORRELATED_SIGNALS: "ExtendedThreatDetection",
};
