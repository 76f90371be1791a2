/**
 * What the SDK's model cannot say about the GraphQL schema, in one place. The generator
 * (generate.ts) reads these tables to write src/graphql/types/generated/, and the coverage and
 * round-trip tests read them to map a model path to its GraphQL path. Every key names a shape or
 * a member of the installed SDK's model: the generator fails on a key the model does not have,
 * so an SDK upgrade that renames something shows up at `npm run codegen`.
 *
 * Keys are "Shape" or "Shape.Member" in the SDK's names (the PascalCase of its types).
 */

/** A structure whose members become fields of a hand-written type that holds it in `data`. */
export interface RecordRoot {
  shape: string;
  /** Name of the generated function that returns the fields, e.g. `findingModelFields`. */
  fieldsFunction: string;
}

export interface GeneratedModule {
  /** Path from the repository root. */
  file: string;
  /** Structures read through a record (`{ key, data }`): their members become a fields function. */
  records: RecordRoot[];
  /** Structures that become GraphQL object types of their own, with all they reach. */
  objects: string[];
}

export const GENERATED_MODULES: readonly GeneratedModule[] = [
  {
    file: "src/graphql/types/generated/finding.ts",
    records: [{ shape: "Finding", fieldsFunction: "findingModelFields" }],
    objects: [],
  },
  {
    file: "src/graphql/types/generated/account.ts",
    records: [
      { shape: "GetDetectorResponse", fieldsFunction: "detectorModelFields" },
      { shape: "Member", fieldsFunction: "memberModelFields" },
      { shape: "Invitation", fieldsFunction: "invitationModelFields" },
      { shape: "AccountFreeTrialInfo", fieldsFunction: "freeTrialModelFields" },
    ],
    objects: ["Administrator"],
  },
];

/**
 * The GraphQL type each model output shape is read through, for the coverage test. Statistics
 * are hand-written: one group type serves every grouping.
 */
export const GRAPHQL_ROOTS: Readonly<Record<string, string>> = {
  Finding: "Finding",
  GetDetectorResponse: "Detector",
  Member: "Member",
  Administrator: "Administrator",
  Invitation: "Invitation",
  AccountFreeTrialInfo: "AccountFreeTrial",
  FindingStatistics: "FindingStatistics",
};

/**
 * GraphQL type names that differ from the shape name: the names the released schema already
 * uses (two shapes with identical members may share one type), and names too generic to be
 * unambiguous in a federated supergraph (User, Account, Signal, Threat, S3Bucket, ...).
 */
export const TYPE_NAMES: Readonly<Record<string, string>> = {
  // Released names.
  Resource: "FindingResource",
  Service: "FindingService",
  City: "IpCity",
  Country: "IpCountry",
  GeoLocation: "IpGeoLocation",
  Organization: "IpOrganization",
  LocalPortDetails: "NetworkPortDetails",
  RemotePortDetails: "NetworkPortDetails",
  DomainDetails: "ApiCallDomainDetails",
  NetworkInterface: "InstanceNetworkInterface",
  ProductCode: "InstanceProductCode",
  Owner: "S3BucketOwner",
  DefaultServerSideEncryption: "S3DefaultServerSideEncryption",
  AccessControlList: "S3PublicReadWriteAccess",
  BucketPolicy: "S3PublicReadWriteAccess",
  BlockPublicAccess: "S3BlockPublicAccess",
  BucketLevelPermissions: "S3BucketLevelPermissions",
  AccountLevelPermissions: "S3AccountLevelPermissions",
  PermissionConfiguration: "S3PermissionConfiguration",
  PublicAccess: "S3PublicAccess",
  HostPath: "VolumeHostPath",
  Volume: "WorkloadVolume",
  VolumeMount: "ContainerVolumeMount",
  SecurityContext: "ContainerSecurityContext",
  Container: "ContainerDetails",
  ImpersonatedUser: "KubernetesImpersonatedUser",
  VpcConfig: "LambdaVpcConfig",
  VolumeDetail: "EbsVolumeDetail",
  LoginAttribute: "RdsLoginAttribute",
  Evidence: "FindingEvidence",
  ServiceAdditionalInfo: "FindingAdditionalInfo",
  DataSourceConfigurationsResult: "DetectorDataSources",
  DetectorFeatureConfigurationResult: "DetectorFeature",
  DetectorAdditionalConfigurationResult: "DetectorAdditionalConfiguration",
  DataSourcesFreeTrial: "FreeTrialDataSources",
  FreeTrialFeatureConfigurationResult: "FreeTrialFeature",
  // `FindingAction` is the union of the main action kinds; this is the whole structure.
  Action: "FindingActionDetails",
  // Generic names, scoped by where they occur.
  Detection: "FindingDetection",
  Anomaly: "DetectionAnomaly",
  Observations: "AnomalyObservations",
  Sequence: "DetectionSequence",
  Signal: "SequenceSignal",
  Indicator: "SequenceIndicator",
  Activity: "SignalActivity",
  ApiCall: "SignalApiCall",
  Actor: "SequenceActor",
  User: "SequenceActorUser",
  Account: "SequenceActorAccount",
  Session: "SequenceActorSession",
  ResourceV2: "SequenceResource",
  ResourceData: "SequenceResourceData",
  S3Bucket: "SequenceS3Bucket",
  S3Object: "SequenceS3Object",
  Ec2Instance: "SequenceEc2Instance",
  Ec2NetworkInterface: "SequenceEc2NetworkInterface",
  AccessKey: "SequenceAccessKey",
  EksCluster: "SequenceEksCluster",
  KubernetesWorkload: "SequenceKubernetesWorkload",
  EcsCluster: "SequenceEcsCluster",
  EcsTask: "SequenceEcsTask",
  AutoscalingAutoScalingGroup: "SequenceAutoScalingGroup",
  Ec2LaunchTemplate: "SequenceEc2LaunchTemplate",
  Ec2Vpc: "SequenceEc2Vpc",
  Ec2Image: "SequenceEc2Image",
  CloudformationStack: "SequenceCloudFormationStack",
  NetworkEndpoint: "SequenceNetworkEndpoint",
  NetworkConnection: "EndpointNetworkConnection",
  ModelDetail: "AiModelDetail",
  ProcessDetails: "RuntimeProcessDetails",
  LineageObject: "RuntimeProcessLineage",
  Threat: "MalwareThreat",
  ItemPath: "MalwareItemPath",
  ItemDetails: "MalwareItemDetails",
  AdditionalInfo: "MalwareItemAdditionalInfo",
};

/** Fields named otherwise than by the naming rule, because the rule's name is taken. */
export const FIELD_NAMES: Readonly<Record<string, string>> = {
  // `action` is the union of the main kind (kept from the released schema).
  "Service.Action": "actionDetails",
};

/** How a hand-written field exposes a member the generator leaves out. */
export interface HandWritten {
  /** The GraphQL field. */
  field: string;
  /** For a structure shown as one value: the member path inside it that the field answers. */
  via?: string;
  /** For a map shown as a list of entries: the entry's key and value field names. */
  entry?: { key: string; value: string };
}

/**
 * Members exposed by the hand-written overlay modules instead of the generator: values that come
 * from elsewhere (the loader key), enums, maps shown as released, structures the released
 * schema flattened into one field, and statistics (one group type for every grouping).
 */
export const HAND_WRITTEN: Readonly<Record<string, HandWritten>> = {
  // types/finding.ts: the id and region also come from the loader key.
  "Finding.Id": { field: "findingId" },
  "Finding.Region": { field: "region" },
  // types/finding-service.ts
  "AwsApiCallAction.AffectedResources": {
    field: "affectedResources",
    entry: { key: "type", value: "id" },
  },
  // types/detector.ts
  "GetDetectorResponse.Status": { field: "status" },
  "GetDetectorResponse.FindingPublishingFrequency": { field: "findingPublishingFrequency" },
  "GetDetectorResponse.Tags": { field: "tags", entry: { key: "key", value: "value" } },
  "DataSourceConfigurationsResult.CloudTrail": { field: "cloudTrail", via: "Status" },
  "DataSourceConfigurationsResult.DNSLogs": { field: "dnsLogs", via: "Status" },
  "DataSourceConfigurationsResult.FlowLogs": { field: "flowLogs", via: "Status" },
  "DataSourceConfigurationsResult.S3Logs": { field: "s3Logs", via: "Status" },
  "DataSourceConfigurationsResult.Kubernetes": {
    field: "kubernetesAuditLogs",
    via: "AuditLogs.Status",
  },
  "DetectorFeatureConfigurationResult.Status": { field: "status" },
  "DetectorAdditionalConfigurationResult.Status": { field: "status" },
  // types/member.ts
  "Member.AccountId": { field: "accountId" },
  "Member.AdministratorId": { field: "administratorId" },
  "Member.MasterId": { field: "masterId" },
  // types/free-trial.ts
  "AccountFreeTrialInfo.AccountId": { field: "accountId" },
  "DataSourcesFreeTrial.CloudTrail": { field: "cloudTrail", via: "FreeTrialDaysRemaining" },
  "DataSourcesFreeTrial.DnsLogs": { field: "dnsLogs", via: "FreeTrialDaysRemaining" },
  "DataSourcesFreeTrial.FlowLogs": { field: "flowLogs", via: "FreeTrialDaysRemaining" },
  "DataSourcesFreeTrial.S3Logs": { field: "s3Logs", via: "FreeTrialDaysRemaining" },
  "DataSourcesFreeTrial.Kubernetes": {
    field: "kubernetesAuditLogs",
    via: "AuditLogs.FreeTrialDaysRemaining",
  },
  "DataSourcesFreeTrial.MalwareProtection": {
    field: "malwareProtection",
    via: "ScanEc2InstanceWithFindings.FreeTrialDaysRemaining",
  },
  // types/statistics.ts: every grouping answers in `groups`.
  "FindingStatistics.GroupedByAccount": { field: "groups" },
  "FindingStatistics.GroupedByDate": { field: "groups" },
  "FindingStatistics.GroupedByFindingType": { field: "groups" },
  "FindingStatistics.GroupedByResource": { field: "groups" },
  "FindingStatistics.GroupedBySeverity": { field: "groups" },
};

/**
 * String members that hold instants. The model types them as strings (GuardDuty sends ISO-8601
 * text, e.g. a finding's `createdAt`), so only their documentation says they are times; they
 * are `DateTime` in GraphQL like the model's own timestamps.
 */
export const STRING_TIMES: ReadonlySet<string> = new Set([
  "Finding.CreatedAt",
  "Finding.UpdatedAt",
  "Service.EventFirstSeen",
  "Service.EventLastSeen",
  "InstanceDetails.LaunchTime",
  "GetDetectorResponse.CreatedAt",
  "GetDetectorResponse.UpdatedAt",
  "Member.InvitedAt",
  "Member.UpdatedAt",
  "Invitation.InvitedAt",
  "Administrator.InvitedAt",
]);

/**
 * Numeric members that are `Integer` in GuardDuty's API Reference (its data-type pages say
 * "Type: Integer"). The SDK's run-time schemas have one numeric kind for Integer, Long and
 * Double, so every other number is `Float`: that is right for Double, and for Long (e.g.
 * `Threat.count`) it avoids GraphQL Int's 32-bit limit.
 */
export const INTEGERS: ReadonlySet<string> = new Set([
  "Service.Count",
  "LocalPortDetails.Port",
  "RemotePortDetails.Port",
  "KubernetesApiCallAction.StatusCode",
  "LoginAttribute.FailedLoginAttempts",
  "LoginAttribute.SuccessfulLoginAttempts",
  "VolumeDetail.VolumeSizeInGB",
  "EcsClusterDetails.ActiveServicesCount",
  "EcsClusterDetails.RegisteredContainerInstancesCount",
  "EcsClusterDetails.RunningTasksCount",
  "ScannedItemCount.TotalGb",
  "ScannedItemCount.Files",
  "ScannedItemCount.Volumes",
  "ThreatsDetectedItemCount.Files",
  "HighestSeverityThreatDetails.Count",
  "ThreatDetectedByName.ItemCount",
  "ThreatDetectedByName.UniqueThreatNameCount",
  "ScanThreatName.ItemCount",
  "ProcessDetails.NamespacePid",
  "ProcessDetails.Pid",
  "ProcessDetails.UserId",
  "ProcessDetails.Euid",
  "LineageObject.NamespacePid",
  "LineageObject.Pid",
  "LineageObject.UserId",
  "LineageObject.Euid",
  "RuntimeContext.IanaProtocolNumber",
  "Signal.Count",
  "NetworkEndpoint.Port",
  "AutonomousSystem.Number",
  "MalwareScanDetails.UniqueThreatCount",
  "DataSourceFreeTrial.FreeTrialDaysRemaining",
  "FreeTrialFeatureConfigurationResult.FreeTrialDaysRemaining",
]);

/**
 * Descriptions written here because the SDK's text says less than a reader needs (or names the
 * wrong thing); everything else is the SDK's own documentation.
 */
export const DESCRIPTIONS: Readonly<Record<string, string>> = {
  Service: "What GuardDuty observed for a finding, how often and when.",
  Resource:
    "The AWS resource involved in a finding. Only the detail block matching resourceType is set.",
  Action:
    "Every kind of activity GuardDuty recorded for the finding. Usually one is set; Kubernetes RBAC findings carry the API call together with the role, role binding or permission check it involved.",
  "Service.Action":
    "The observed activity with every kind GuardDuty recorded (`action` picks the main one).",
  "Finding.Severity": "Severity from 1.0 to 10.0.",
  "Finding.Type":
    "Finding type, ThreatPurpose:ResourceTypeAffected/ThreatFamilyName.DetectionMechanism!Artifact, e.g. Recon:EC2/PortProbeUnprotectedPort (see typeInfo).",
  "Service.AdditionalInfo": "Type-specific extra data, as JSON text.",
  "ServiceAdditionalInfo.Value":
    "The additional information as JSON text; its keys vary by finding type.",
  "Organization.Asn": "Autonomous System Number (a string in the model).",
  "Service.ResourceRole":
    "TARGET if the resource was attacked, ACTOR if it did the suspicious thing.",
};
