/**
 * The GuardDuty finding-type catalog: all 199 types of guardduty-wire.md §9 with their default
 * severity, the family that decides which nested structures a finding of the type carries, and
 * the `resource.resourceType` the type is usually reported on.
 */

export type SeverityBand = "Low" | "Medium" | "High" | "Critical";

/** "Variable" types move within or across bands by context (a `*` or "Varies" in the user guide). */
export type SeverityRating = SeverityBand | "Variable";

export type FindingFamily =
  | "EC2"
  | "IAM"
  | "S3"
  | "Kubernetes"
  | "Runtime"
  | "RDS"
  | "Lambda"
  | "Malware"
  | "AttackSequence";

/** Where GuardDuty sees the activity; drives `service.featureName` and the action shape. */
export type DataSource =
  | "FLOW_LOGS"
  | "DNS_LOGS"
  | "CLOUD_TRAIL"
  | "S3_DATA_EVENTS"
  | "EKS_AUDIT_LOGS"
  | "RUNTIME_MONITORING"
  | "RDS_LOGIN_EVENTS"
  | "LAMBDA_NETWORK_LOGS"
  | "EBS_MALWARE_PROTECTION"
  | "BACKUP_MALWARE_PROTECTION"
  | "S3_MALWARE_PROTECTION"
  | "CORRELATED_SIGNALS";

export interface FindingTypeInfo {
  type: string;
  severity: SeverityRating;
  /** The band a finding of this type usually lands in; equals `severity` unless that is "Variable". */
  defaultBand: SeverityBand;
  family: FindingFamily;
  /** The usual `resource.resourceType` wire value. */
  resourceType: string;
  dataSource: DataSource;
}

export interface SeverityBandRange {
  band: SeverityBand;
  min: number;
  max: number;
  /** The value real and sample findings carry most often (`countBySeverity` keys "2.0", "5.0", "8.0"). */
  typical: number;
}

/** guardduty-wire.md §8. Ordered from least to most severe. */
export const SEVERITY_BANDS: readonly SeverityBandRange[] = [
  { band: "Low", min: 1.0, max: 3.9, typical: 2.0 },
  { band: "Medium", min: 4.0, max: 6.9, typical: 5.0 },
  { band: "High", min: 7.0, max: 8.9, typical: 8.0 },
  { band: "Critical", min: 9.0, max: 10.0, typical: 9.0 },
];

export function severityBandRange(band: SeverityBand): SeverityBandRange {
  const range = SEVERITY_BANDS.find((candidate) => candidate.band === band);
  if (!range) throw new RangeError(`unknown severity band ${band}`);
  return range;
}

/**
 * The band of a numeric severity. Values below 1.0 count as Low because older findings used the
 * 0.1–8.9 scale; bands are contiguous, so a value between 3.9 and 4.0 belongs to Medium's floor.
 */
export function severityBand(severity: number): SeverityBand {
  if (severity >= 9.0) return "Critical";
  if (severity >= 7.0) return "High";
  if (severity >= 4.0) return "Medium";
  return "Low";
}

/**
 * `[type, default severity, data source]`. A trailing `*` marks a variable type and names its
 * default band. Types the user guide lists as plain "Variable" or "Varies by detected threat" have
 * no published default: Medium is assumed for them, except malicious-file malware (High).
 */
type Row = readonly [type: string, severity: `${SeverityBand}` | `${SeverityBand}*`, DataSource];

const EC2_ROWS: readonly Row[] = [
  ["Backdoor:EC2/C&CActivity.B", "High", "FLOW_LOGS"],
  ["Backdoor:EC2/C&CActivity.B!DNS", "High", "DNS_LOGS"],
  ["Backdoor:EC2/DenialOfService.Dns", "High", "FLOW_LOGS"],
  ["Backdoor:EC2/DenialOfService.Tcp", "High", "FLOW_LOGS"],
  ["Backdoor:EC2/DenialOfService.Udp", "High", "FLOW_LOGS"],
  ["Backdoor:EC2/DenialOfService.UdpOnTcpPorts", "High", "FLOW_LOGS"],
  ["Backdoor:EC2/DenialOfService.UnusualProtocol", "High", "FLOW_LOGS"],
  ["Backdoor:EC2/Spambot", "Medium", "FLOW_LOGS"],
  ["Behavior:EC2/NetworkPortUnusual", "Medium", "FLOW_LOGS"],
  ["Behavior:EC2/TrafficVolumeUnusual", "Medium", "FLOW_LOGS"],
  ["CryptoCurrency:EC2/BitcoinTool.B", "High", "FLOW_LOGS"],
  ["CryptoCurrency:EC2/BitcoinTool.B!DNS", "High", "DNS_LOGS"],
  ["DefenseEvasion:EC2/UnusualDNSResolver", "Medium", "FLOW_LOGS"],
  ["DefenseEvasion:EC2/UnusualDoHActivity", "Medium", "FLOW_LOGS"],
  ["DefenseEvasion:EC2/UnusualDoTActivity", "Medium", "FLOW_LOGS"],
  ["Impact:EC2/AbusedDomainRequest.Reputation", "Medium", "DNS_LOGS"],
  ["Impact:EC2/BitcoinDomainRequest.Reputation", "High", "DNS_LOGS"],
  ["Impact:EC2/MaliciousDomainRequest.Custom", "Medium", "DNS_LOGS"],
  ["Impact:EC2/MaliciousDomainRequest.Reputation", "High", "DNS_LOGS"],
  ["Impact:EC2/PortSweep", "High", "FLOW_LOGS"],
  ["Impact:EC2/SuspiciousDomainRequest.Reputation", "Low", "DNS_LOGS"],
  ["Impact:EC2/WinRMBruteForce", "Low*", "FLOW_LOGS"],
  ["Recon:EC2/PortProbeEMRUnprotectedPort", "High", "FLOW_LOGS"],
  ["Recon:EC2/PortProbeUnprotectedPort", "Low*", "FLOW_LOGS"],
  ["Recon:EC2/Portscan", "Medium", "FLOW_LOGS"],
  ["Trojan:EC2/BlackholeTraffic", "Medium", "FLOW_LOGS"],
  ["Trojan:EC2/BlackholeTraffic!DNS", "Medium", "DNS_LOGS"],
  ["Trojan:EC2/DGADomainRequest.B", "High", "DNS_LOGS"],
  ["Trojan:EC2/DGADomainRequest.C!DNS", "High", "DNS_LOGS"],
  ["Trojan:EC2/DNSDataExfiltration", "High", "DNS_LOGS"],
  ["Trojan:EC2/DriveBySourceTraffic!DNS", "High", "DNS_LOGS"],
  ["Trojan:EC2/DropPoint", "Medium", "FLOW_LOGS"],
  ["Trojan:EC2/DropPoint!DNS", "Medium", "DNS_LOGS"],
  ["Trojan:EC2/PhishingDomainRequest!DNS", "High", "DNS_LOGS"],
  ["UnauthorizedAccess:EC2/MaliciousIPCaller.Custom", "Medium", "FLOW_LOGS"],
  ["UnauthorizedAccess:EC2/MetadataDNSRebind", "High", "DNS_LOGS"],
  ["UnauthorizedAccess:EC2/RDPBruteForce", "Low*", "FLOW_LOGS"],
  ["UnauthorizedAccess:EC2/SSHBruteForce", "Low*", "FLOW_LOGS"],
  ["UnauthorizedAccess:EC2/TorClient", "High", "FLOW_LOGS"],
  ["UnauthorizedAccess:EC2/TorRelay", "High", "FLOW_LOGS"],
];

const IAM_ROWS: readonly Row[] = [
  ["CredentialAccess:IAMUser/AnomalousBehavior", "Medium", "CLOUD_TRAIL"],
  ["DefenseEvasion:IAMUser/AnomalousBehavior", "Medium", "CLOUD_TRAIL"],
  ["DefenseEvasion:IAMUser/BedrockLoggingDisabled", "Medium", "CLOUD_TRAIL"],
  ["Discovery:IAMUser/AnomalousBehavior", "Low", "CLOUD_TRAIL"],
  ["Exfiltration:IAMUser/AnomalousBehavior", "High", "CLOUD_TRAIL"],
  ["Impact:IAMUser/AnomalousBehavior", "High", "CLOUD_TRAIL"],
  ["InitialAccess:IAMUser/AnomalousBehavior", "Medium", "CLOUD_TRAIL"],
  ["PenTest:IAMUser/KaliLinux", "Medium", "CLOUD_TRAIL"],
  ["PenTest:IAMUser/ParrotLinux", "Medium", "CLOUD_TRAIL"],
  ["PenTest:IAMUser/PentooLinux", "Medium", "CLOUD_TRAIL"],
  ["Persistence:IAMUser/AnomalousBehavior", "Medium", "CLOUD_TRAIL"],
  ["Policy:IAMUser/RootCredentialUsage", "Low", "CLOUD_TRAIL"],
  ["Policy:IAMUser/ShortTermRootCredentialUsage", "Low", "CLOUD_TRAIL"],
  ["PrivilegeEscalation:IAMUser/AnomalousBehavior", "Medium", "CLOUD_TRAIL"],
  ["Recon:IAMUser/MaliciousIPCaller", "Medium", "CLOUD_TRAIL"],
  ["Recon:IAMUser/MaliciousIPCaller.Custom", "Medium", "CLOUD_TRAIL"],
  ["Recon:IAMUser/TorIPCaller", "Medium", "CLOUD_TRAIL"],
  ["Stealth:IAMUser/CloudTrailLoggingDisabled", "Low", "CLOUD_TRAIL"],
  ["Stealth:IAMUser/PasswordPolicyChange", "Low*", "CLOUD_TRAIL"],
  ["UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B", "Medium", "CLOUD_TRAIL"],
  ["UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS", "High*", "CLOUD_TRAIL"],
  ["UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS", "High", "CLOUD_TRAIL"],
  ["UnauthorizedAccess:IAMUser/MaliciousIPCaller", "Medium", "CLOUD_TRAIL"],
  ["UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom", "Medium", "CLOUD_TRAIL"],
  ["UnauthorizedAccess:IAMUser/ResourceCredentialExfiltration.OutsideAWS", "High", "CLOUD_TRAIL"],
  ["UnauthorizedAccess:IAMUser/TorIPCaller", "Medium", "CLOUD_TRAIL"],
];

const S3_ROWS: readonly Row[] = [
  ["Discovery:S3/AnomalousBehavior", "Low", "S3_DATA_EVENTS"],
  ["Discovery:S3/MaliciousIPCaller", "High", "S3_DATA_EVENTS"],
  ["Discovery:S3/MaliciousIPCaller.Custom", "High", "S3_DATA_EVENTS"],
  ["Discovery:S3/TorIPCaller", "Medium", "S3_DATA_EVENTS"],
  ["Exfiltration:S3/AnomalousBehavior", "High", "S3_DATA_EVENTS"],
  ["Exfiltration:S3/MaliciousIPCaller", "High", "S3_DATA_EVENTS"],
  ["Impact:S3/AnomalousBehavior.Delete", "High", "S3_DATA_EVENTS"],
  ["Impact:S3/AnomalousBehavior.Permission", "High", "S3_DATA_EVENTS"],
  ["Impact:S3/AnomalousBehavior.Write", "Medium", "S3_DATA_EVENTS"],
  ["Impact:S3/MaliciousIPCaller", "High", "S3_DATA_EVENTS"],
  ["PenTest:S3/KaliLinux", "Medium", "S3_DATA_EVENTS"],
  ["PenTest:S3/ParrotLinux", "Medium", "S3_DATA_EVENTS"],
  ["PenTest:S3/PentooLinux", "Medium", "S3_DATA_EVENTS"],
  ["Policy:S3/AccountBlockPublicAccessDisabled", "Low", "CLOUD_TRAIL"],
  ["Policy:S3/BucketAnonymousAccessGranted", "High", "CLOUD_TRAIL"],
  ["Policy:S3/BucketBlockPublicAccessDisabled", "Low", "CLOUD_TRAIL"],
  ["Policy:S3/BucketPublicAccessGranted", "High", "CLOUD_TRAIL"],
  ["Stealth:S3/ServerAccessLoggingDisabled", "Low", "CLOUD_TRAIL"],
  ["UnauthorizedAccess:S3/MaliciousIPCaller.Custom", "High", "S3_DATA_EVENTS"],
  ["UnauthorizedAccess:S3/TorIPCaller", "High", "S3_DATA_EVENTS"],
];

const KUBERNETES_ROWS: readonly Row[] = [
  ["CredentialAccess:Kubernetes/AnomalousBehavior.SecretsAccessed", "Medium", "EKS_AUDIT_LOGS"],
  ["CredentialAccess:Kubernetes/MaliciousIPCaller", "High", "EKS_AUDIT_LOGS"],
  ["CredentialAccess:Kubernetes/MaliciousIPCaller.Custom", "High", "EKS_AUDIT_LOGS"],
  ["CredentialAccess:Kubernetes/SuccessfulAnonymousAccess", "High", "EKS_AUDIT_LOGS"],
  ["CredentialAccess:Kubernetes/TorIPCaller", "High", "EKS_AUDIT_LOGS"],
  ["DefenseEvasion:Kubernetes/MaliciousIPCaller", "High", "EKS_AUDIT_LOGS"],
  ["DefenseEvasion:Kubernetes/MaliciousIPCaller.Custom", "High", "EKS_AUDIT_LOGS"],
  ["DefenseEvasion:Kubernetes/SuccessfulAnonymousAccess", "High", "EKS_AUDIT_LOGS"],
  ["DefenseEvasion:Kubernetes/TorIPCaller", "High", "EKS_AUDIT_LOGS"],
  ["Discovery:Kubernetes/AnomalousBehavior.PermissionChecked", "Low", "EKS_AUDIT_LOGS"],
  ["Discovery:Kubernetes/MaliciousIPCaller", "Medium", "EKS_AUDIT_LOGS"],
  ["Discovery:Kubernetes/MaliciousIPCaller.Custom", "Medium", "EKS_AUDIT_LOGS"],
  ["Discovery:Kubernetes/SuccessfulAnonymousAccess", "Medium", "EKS_AUDIT_LOGS"],
  ["Discovery:Kubernetes/TorIPCaller", "Medium", "EKS_AUDIT_LOGS"],
  ["Execution:Kubernetes/AnomalousBehavior.ExecInPod", "Medium", "EKS_AUDIT_LOGS"],
  ["Execution:Kubernetes/AnomalousBehavior.WorkloadDeployed", "Low*", "EKS_AUDIT_LOGS"],
  ["Execution:Kubernetes/ExecInKubeSystemPod", "Medium", "EKS_AUDIT_LOGS"],
  ["Impact:Kubernetes/MaliciousIPCaller", "High", "EKS_AUDIT_LOGS"],
  ["Impact:Kubernetes/MaliciousIPCaller.Custom", "High", "EKS_AUDIT_LOGS"],
  ["Impact:Kubernetes/SuccessfulAnonymousAccess", "High", "EKS_AUDIT_LOGS"],
  ["Impact:Kubernetes/TorIPCaller", "High", "EKS_AUDIT_LOGS"],
  [
    "Persistence:Kubernetes/AnomalousBehavior.WorkloadDeployed!ContainerWithSensitiveMount",
    "High",
    "EKS_AUDIT_LOGS",
  ],
  ["Persistence:Kubernetes/ContainerWithSensitiveMount", "Medium", "EKS_AUDIT_LOGS"],
  ["Persistence:Kubernetes/MaliciousIPCaller", "Medium", "EKS_AUDIT_LOGS"],
  ["Persistence:Kubernetes/MaliciousIPCaller.Custom", "Medium", "EKS_AUDIT_LOGS"],
  ["Persistence:Kubernetes/SuccessfulAnonymousAccess", "High", "EKS_AUDIT_LOGS"],
  ["Persistence:Kubernetes/TorIPCaller", "Medium", "EKS_AUDIT_LOGS"],
  ["Policy:Kubernetes/AdminAccessToDefaultServiceAccount", "High", "EKS_AUDIT_LOGS"],
  ["Policy:Kubernetes/AnonymousAccessGranted", "High", "EKS_AUDIT_LOGS"],
  ["Policy:Kubernetes/ExposedDashboard", "Medium", "EKS_AUDIT_LOGS"],
  ["Policy:Kubernetes/KubeflowDashboardExposed", "Medium", "EKS_AUDIT_LOGS"],
  [
    "PrivilegeEscalation:Kubernetes/AnomalousBehavior.RoleBindingCreated",
    "Medium*",
    "EKS_AUDIT_LOGS",
  ],
  ["PrivilegeEscalation:Kubernetes/AnomalousBehavior.RoleCreated", "Low", "EKS_AUDIT_LOGS"],
  [
    "PrivilegeEscalation:Kubernetes/AnomalousBehavior.WorkloadDeployed!ContainerWithSensitiveMount",
    "High",
    "EKS_AUDIT_LOGS",
  ],
  [
    "PrivilegeEscalation:Kubernetes/AnomalousBehavior.WorkloadDeployed!PrivilegedContainer",
    "High",
    "EKS_AUDIT_LOGS",
  ],
  ["PrivilegeEscalation:Kubernetes/PrivilegedContainer", "Medium", "EKS_AUDIT_LOGS"],
];

const RUNTIME_ROWS: readonly Row[] = [
  ["Backdoor:Runtime/C&CActivity.B", "High", "RUNTIME_MONITORING"],
  ["Backdoor:Runtime/C&CActivity.B!DNS", "High", "RUNTIME_MONITORING"],
  ["CryptoCurrency:Runtime/BitcoinTool.B", "High", "RUNTIME_MONITORING"],
  ["CryptoCurrency:Runtime/BitcoinTool.B!DNS", "High", "RUNTIME_MONITORING"],
  ["DefenseEvasion:Runtime/FilelessExecution", "Medium", "RUNTIME_MONITORING"],
  ["DefenseEvasion:Runtime/KernelModuleLoaded", "High", "RUNTIME_MONITORING"],
  ["DefenseEvasion:Runtime/ProcessInjection.Proc", "High", "RUNTIME_MONITORING"],
  ["DefenseEvasion:Runtime/ProcessInjection.Ptrace", "Medium", "RUNTIME_MONITORING"],
  ["DefenseEvasion:Runtime/ProcessInjection.VirtualMemoryWrite", "High", "RUNTIME_MONITORING"],
  ["DefenseEvasion:Runtime/PtraceAntiDebugging", "Low", "RUNTIME_MONITORING"],
  ["DefenseEvasion:Runtime/SuspiciousCommand", "Medium*", "RUNTIME_MONITORING"],
  ["Discovery:Runtime/SuspiciousCommand", "Low", "RUNTIME_MONITORING"],
  ["Execution:Runtime/MaliciousFileExecuted", "High", "RUNTIME_MONITORING"],
  ["Execution:Runtime/NewBinaryExecuted", "Medium", "RUNTIME_MONITORING"],
  ["Execution:Runtime/NewLibraryLoaded", "Medium", "RUNTIME_MONITORING"],
  ["Execution:Runtime/ReverseShell", "High", "RUNTIME_MONITORING"],
  ["Execution:Runtime/SuspiciousCommand", "Medium*", "RUNTIME_MONITORING"],
  ["Execution:Runtime/SuspiciousShellCreated", "Low", "RUNTIME_MONITORING"],
  ["Execution:Runtime/SuspiciousTool", "Medium*", "RUNTIME_MONITORING"],
  ["Impact:Runtime/AbusedDomainRequest.Reputation", "Medium", "RUNTIME_MONITORING"],
  ["Impact:Runtime/BitcoinDomainRequest.Reputation", "High", "RUNTIME_MONITORING"],
  ["Impact:Runtime/CryptoMinerExecuted", "High", "RUNTIME_MONITORING"],
  ["Impact:Runtime/MaliciousDomainRequest.Reputation", "High", "RUNTIME_MONITORING"],
  ["Impact:Runtime/SuspiciousDomainRequest.Reputation", "Low", "RUNTIME_MONITORING"],
  ["Persistence:Runtime/SuspiciousCommand", "Medium", "RUNTIME_MONITORING"],
  ["PrivilegeEscalation:Runtime/CGroupsReleaseAgentModified", "High", "RUNTIME_MONITORING"],
  ["PrivilegeEscalation:Runtime/ContainerMountsHostDirectory", "Medium", "RUNTIME_MONITORING"],
  ["PrivilegeEscalation:Runtime/DockerSocketAccessed", "Medium", "RUNTIME_MONITORING"],
  ["PrivilegeEscalation:Runtime/ElevationToRoot", "Medium", "RUNTIME_MONITORING"],
  ["PrivilegeEscalation:Runtime/RuncContainerEscape", "High", "RUNTIME_MONITORING"],
  ["PrivilegeEscalation:Runtime/SuspiciousCommand", "Medium", "RUNTIME_MONITORING"],
  ["PrivilegeEscalation:Runtime/UserfaultfdUsage", "Medium", "RUNTIME_MONITORING"],
  ["Trojan:Runtime/BlackholeTraffic", "Medium", "RUNTIME_MONITORING"],
  ["Trojan:Runtime/BlackholeTraffic!DNS", "Medium", "RUNTIME_MONITORING"],
  ["Trojan:Runtime/DGADomainRequest.C!DNS", "High", "RUNTIME_MONITORING"],
  ["Trojan:Runtime/DriveBySourceTraffic!DNS", "High", "RUNTIME_MONITORING"],
  ["Trojan:Runtime/DropPoint", "Medium", "RUNTIME_MONITORING"],
  ["Trojan:Runtime/DropPoint!DNS", "Medium", "RUNTIME_MONITORING"],
  ["Trojan:Runtime/PhishingDomainRequest!DNS", "High", "RUNTIME_MONITORING"],
  ["UnauthorizedAccess:Runtime/MetadataDNSRebind", "High", "RUNTIME_MONITORING"],
  ["UnauthorizedAccess:Runtime/TorClient", "High", "RUNTIME_MONITORING"],
  ["UnauthorizedAccess:Runtime/TorRelay", "High", "RUNTIME_MONITORING"],
];

const LAMBDA_ROWS: readonly Row[] = [
  ["Backdoor:Lambda/C&CActivity.B", "High", "LAMBDA_NETWORK_LOGS"],
  ["CryptoCurrency:Lambda/BitcoinTool.B", "High", "LAMBDA_NETWORK_LOGS"],
  ["Trojan:Lambda/BlackholeTraffic", "Medium", "LAMBDA_NETWORK_LOGS"],
  ["Trojan:Lambda/DropPoint", "Medium", "LAMBDA_NETWORK_LOGS"],
  ["UnauthorizedAccess:Lambda/MaliciousIPCaller.Custom", "Medium", "LAMBDA_NETWORK_LOGS"],
  ["UnauthorizedAccess:Lambda/TorClient", "High", "LAMBDA_NETWORK_LOGS"],
  ["UnauthorizedAccess:Lambda/TorRelay", "High", "LAMBDA_NETWORK_LOGS"],
];

const RDS_ROWS: readonly Row[] = [
  ["CredentialAccess:RDS/AnomalousBehavior.FailedLogin", "Low", "RDS_LOGIN_EVENTS"],
  ["CredentialAccess:RDS/AnomalousBehavior.SuccessfulBruteForce", "High", "RDS_LOGIN_EVENTS"],
  ["CredentialAccess:RDS/AnomalousBehavior.SuccessfulLogin", "Medium*", "RDS_LOGIN_EVENTS"],
  ["CredentialAccess:RDS/MaliciousIPCaller.FailedLogin", "Medium", "RDS_LOGIN_EVENTS"],
  ["CredentialAccess:RDS/MaliciousIPCaller.SuccessfulLogin", "High", "RDS_LOGIN_EVENTS"],
  ["CredentialAccess:RDS/TorIPCaller.FailedLogin", "Medium", "RDS_LOGIN_EVENTS"],
  ["CredentialAccess:RDS/TorIPCaller.SuccessfulLogin", "High", "RDS_LOGIN_EVENTS"],
  ["Discovery:RDS/MaliciousIPCaller", "Medium", "RDS_LOGIN_EVENTS"],
  ["Discovery:RDS/TorIPCaller", "Medium", "RDS_LOGIN_EVENTS"],
];

const MALWARE_ROWS: readonly Row[] = [
  ["Execution:Container/MaliciousFile", "High*", "EBS_MALWARE_PROTECTION"],
  ["Execution:Container/SuspiciousFile", "Medium*", "EBS_MALWARE_PROTECTION"],
  ["Execution:EC2/MaliciousFile", "High*", "EBS_MALWARE_PROTECTION"],
  ["Execution:EC2/MaliciousFile!AMI", "High*", "BACKUP_MALWARE_PROTECTION"],
  ["Execution:EC2/MaliciousFile!RecoveryPoint", "High*", "BACKUP_MALWARE_PROTECTION"],
  ["Execution:EC2/MaliciousFile!Snapshot", "High*", "BACKUP_MALWARE_PROTECTION"],
  ["Execution:EC2/SuspiciousFile", "Medium*", "EBS_MALWARE_PROTECTION"],
  ["Execution:ECS/MaliciousFile", "High*", "EBS_MALWARE_PROTECTION"],
  ["Execution:ECS/SuspiciousFile", "Medium*", "EBS_MALWARE_PROTECTION"],
  ["Execution:Kubernetes/MaliciousFile", "High*", "EBS_MALWARE_PROTECTION"],
  ["Execution:Kubernetes/SuspiciousFile", "Medium*", "EBS_MALWARE_PROTECTION"],
  ["Execution:S3/MaliciousFile!RecoveryPoint", "High*", "BACKUP_MALWARE_PROTECTION"],
  ["Object:S3/MaliciousFile", "High", "S3_MALWARE_PROTECTION"],
  ["S3Object:S3/MaliciousFile", "High", "S3_MALWARE_PROTECTION"],
];

const ATTACKSEQUENCE_ROWS: readonly Row[] = [
  ["AttackSequence:EC2/CompromisedInstanceGroup", "Critical", "CORRELATED_SIGNALS"],
  ["AttackSequence:ECS/CompromisedCluster", "Critical", "CORRELATED_SIGNALS"],
  ["AttackSequence:EKS/CompromisedCluster", "Critical", "CORRELATED_SIGNALS"],
  ["AttackSequence:IAM/CompromisedCredentials", "Critical", "CORRELATED_SIGNALS"],
  ["AttackSequence:S3/CompromisedData", "Critical", "CORRELATED_SIGNALS"],
];

function malwareResourceType(type: string): string {
  // Backup scans report on the backup artifact, not on the instance it came from.
  if (type.endsWith("!Snapshot")) return "EBSSnapshot";
  if (type.endsWith("!AMI")) return "EC2Image";
  if (type.endsWith("!RecoveryPoint")) return "RecoveryPoint";
  const affected = type.slice(type.indexOf(":") + 1, type.indexOf("/"));
  const byAffected: Record<string, string> = {
    Container: "Container",
    EC2: "Instance",
    ECS: "ECSCluster",
    Kubernetes: "EKSCluster",
    S3: "S3Object",
  };
  return byAffected[affected] ?? "Instance";
}

function attackSequenceResourceType(type: string): string {
  const affected = type.slice(type.indexOf(":") + 1, type.indexOf("/"));
  const byAffected: Record<string, string> = {
    EC2: "Instance",
    ECS: "ECSCluster",
    EKS: "EKSCluster",
    IAM: "AccessKey",
    S3: "S3Bucket",
  };
  return byAffected[affected] ?? "AccessKey";
}

const FAMILY_RESOURCE_TYPE: Record<FindingFamily, (type: string) => string> = {
  EC2: () => "Instance",
  IAM: () => "AccessKey",
  S3: () => "S3Bucket",
  Kubernetes: () => "EKSCluster",
  // Runtime findings follow the agent: the factory may move them onto an EKS or ECS cluster.
  Runtime: () => "Instance",
  RDS: () => "RDSDBInstance",
  Lambda: () => "Lambda",
  Malware: malwareResourceType,
  AttackSequence: attackSequenceResourceType,
};

function toInfo(family: FindingFamily, [type, severity, dataSource]: Row): FindingTypeInfo {
  const variable = severity.endsWith("*");
  const defaultBand = (variable ? severity.slice(0, -1) : severity) as SeverityBand;
  return {
    type,
    severity: variable ? "Variable" : defaultBand,
    defaultBand,
    family,
    resourceType: FAMILY_RESOURCE_TYPE[family](type),
    dataSource,
  };
}

const ROWS_BY_FAMILY: Record<FindingFamily, readonly Row[]> = {
  EC2: EC2_ROWS,
  IAM: IAM_ROWS,
  S3: S3_ROWS,
  Kubernetes: KUBERNETES_ROWS,
  Runtime: RUNTIME_ROWS,
  RDS: RDS_ROWS,
  Lambda: LAMBDA_ROWS,
  Malware: MALWARE_ROWS,
  AttackSequence: ATTACKSEQUENCE_ROWS,
};

export const FINDING_FAMILIES: readonly FindingFamily[] = Object.keys(
  ROWS_BY_FAMILY,
) as FindingFamily[];

export const FINDING_TYPES: readonly FindingTypeInfo[] = FINDING_FAMILIES.flatMap((family) =>
  ROWS_BY_FAMILY[family].map((row) => toInfo(family, row)),
);

const BY_TYPE = new Map(FINDING_TYPES.map((info) => [info.type, info]));

export function findingTypeInfo(type: string): FindingTypeInfo | undefined {
  return BY_TYPE.get(type);
}

export function findingTypesOf(family: FindingFamily): readonly FindingTypeInfo[] {
  return FINDING_TYPES.filter((info) => info.family === family);
}
