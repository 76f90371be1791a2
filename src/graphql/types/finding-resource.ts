import type {
  AccessControlList,
  AccessKeyDetails,
  AccountLevelPermissions,
  BlockPublicAccess,
  BucketLevelPermissions,
  Container,
  DefaultServerSideEncryption,
  EbsVolumeDetails,
  EcsClusterDetails,
  EcsTaskDetails,
  EksClusterDetails,
  HostPath,
  IamInstanceProfile,
  ImpersonatedUser,
  InstanceDetails,
  KubernetesDetails,
  KubernetesUserDetails,
  KubernetesWorkloadDetails,
  LambdaDetails,
  NetworkInterface,
  Owner,
  PermissionConfiguration,
  PrivateIpAddressDetails,
  ProductCode,
  PublicAccess,
  RdsDbInstanceDetails,
  RdsDbUserDetails,
  Resource,
  S3BucketDetail,
  S3ObjectDetail,
  SecurityGroup as SdkSecurityGroup,
  Tag as SdkTag,
  SecurityContext,
  Volume,
  VolumeDetail,
  VolumeMount,
  VpcConfig,
} from "@aws-sdk/client-guardduty";
import { builder } from "../builder.js";
import {
  type Fields,
  objectList,
  optionalBoolean,
  optionalDateTime,
  optionalInt,
  optionalObject,
  optionalString,
  stringList,
} from "./expose.js";

/**
 * A finding's `resource`: the AWS resource GuardDuty saw being attacked or misused. Which detail
 * block is filled depends on `resourceType` (Instance, AccessKey, S3Bucket, EKSCluster,
 * ECSCluster, Container, RDSDBInstance, Lambda, ...); the others are null or empty.
 *
 * Field names are the SDK member names in lower camel case. Types that other parts of the schema
 * could plausibly want under the same name carry a prefix (S3…, Instance…, Container…).
 */
export const FindingResource = builder.objectRef<Resource>("FindingResource");

/** The one key/value tag type, shared by every resource kind that carries tags. */
export const Tag = builder.objectRef<SdkTag>("Tag");

Tag.implement({
  description: "A resource tag as it was when GuardDuty generated the finding.",
  fields: (t) => ({
    key: optionalString(t, "Tag key.", (tag) => tag.Key),
    value: optionalString(t, "Tag value.", (tag) => tag.Value),
  }),
});

function tags<P extends { Tags?: SdkTag[] | undefined }>(t: Fields<P>, owner: string) {
  return objectList(t, Tag, `Tags on the ${owner}.`, (parent) => parent.Tags);
}

// --- IAM access key -------------------------------------------------------------------------

const AccessKeyDetailsRef = builder.objectRef<AccessKeyDetails>("AccessKeyDetails");

AccessKeyDetailsRef.implement({
  description: "The IAM identity whose credentials were used in the activity.",
  fields: (t) => ({
    accessKeyId: optionalString(t, "The access key ID used.", (k) => k.AccessKeyId),
    principalId: optionalString(t, "The principal ID of the identity.", (k) => k.PrincipalId),
    userName: optionalString(t, "The IAM user or role session name.", (k) => k.UserName),
    userType: optionalString(
      t,
      "The identity type, e.g. IAMUser, AssumedRole or Root (Root activity deserves attention).",
      (k) => k.UserType,
    ),
  }),
});

// --- EC2 instance ---------------------------------------------------------------------------

/** Shared by instance network interfaces and Lambda VPC configurations. */
const SecurityGroupRef = builder.objectRef<SdkSecurityGroup>("SecurityGroup");

SecurityGroupRef.implement({
  description: "A VPC security group attached to the resource.",
  fields: (t) => ({
    groupId: optionalString(t, "Security group ID (sg-...).", (g) => g.GroupId),
    groupName: optionalString(t, "Security group name.", (g) => g.GroupName),
  }),
});

const IamInstanceProfileRef = builder.objectRef<IamInstanceProfile>("IamInstanceProfile");

IamInstanceProfileRef.implement({
  description: "The instance profile whose role credentials the instance can use.",
  fields: (t) => ({
    arn: optionalString(t, "Instance profile ARN.", (p) => p.Arn),
    id: optionalString(t, "Instance profile ID.", (p) => p.Id),
  }),
});

const PrivateIpAddressRef = builder.objectRef<PrivateIpAddressDetails>("PrivateIpAddressDetails");

PrivateIpAddressRef.implement({
  description: "One private address of a network interface.",
  fields: (t) => ({
    privateDnsName: optionalString(t, "Private DNS name.", (a) => a.PrivateDnsName),
    privateIpAddress: optionalString(t, "Private IPv4 address.", (a) => a.PrivateIpAddress),
  }),
});

const NetworkInterfaceRef = builder.objectRef<NetworkInterface>("InstanceNetworkInterface");

NetworkInterfaceRef.implement({
  description: "An elastic network interface of the instance: where its traffic enters and leaves.",
  fields: (t) => ({
    ipv6Addresses: stringList(t, "IPv6 addresses of the interface.", (n) => n.Ipv6Addresses),
    networkInterfaceId: optionalString(t, "ENI ID (eni-...).", (n) => n.NetworkInterfaceId),
    privateDnsName: optionalString(t, "Primary private DNS name.", (n) => n.PrivateDnsName),
    privateIpAddress: optionalString(t, "Primary private IPv4 address.", (n) => n.PrivateIpAddress),
    privateIpAddresses: objectList(
      t,
      PrivateIpAddressRef,
      "All private addresses of the interface.",
      (n) => n.PrivateIpAddresses,
    ),
    publicDnsName: optionalString(t, "Public DNS name, if any.", (n) => n.PublicDnsName),
    publicIp: optionalString(
      t,
      "Public IPv4 address; set means the instance is reachable from the internet.",
      (n) => n.PublicIp,
    ),
    securityGroups: objectList(
      t,
      SecurityGroupRef,
      "Security groups controlling the interface's traffic.",
      (n) => n.SecurityGroups,
    ),
    subnetId: optionalString(t, "Subnet ID.", (n) => n.SubnetId),
    vpcId: optionalString(t, "VPC ID.", (n) => n.VpcId),
  }),
});

const ProductCodeRef = builder.objectRef<ProductCode>("InstanceProductCode");

ProductCodeRef.implement({
  description: "An AWS Marketplace product code of the instance's AMI.",
  fields: (t) => ({
    // The SDK renames the wire's productCodeId/productCodeType to Code/ProductType.
    code: optionalString(t, "Product code.", (p) => p.Code),
    productType: optionalString(t, "Product code type, e.g. marketplace.", (p) => p.ProductType),
  }),
});

const InstanceDetailsRef = builder.objectRef<InstanceDetails>("InstanceDetails");

InstanceDetailsRef.implement({
  description: "The EC2 instance involved in the activity.",
  fields: (t) => ({
    availabilityZone: optionalString(t, "Availability Zone.", (i) => i.AvailabilityZone),
    iamInstanceProfile: optionalObject(
      t,
      IamInstanceProfileRef,
      "Instance profile: the role an attacker on this instance could use.",
      (i) => i.IamInstanceProfile,
    ),
    imageDescription: optionalString(t, "AMI description.", (i) => i.ImageDescription),
    imageId: optionalString(t, "AMI ID the instance was launched from.", (i) => i.ImageId),
    instanceId: optionalString(t, "Instance ID (i-...).", (i) => i.InstanceId),
    instanceState: optionalString(t, "State, e.g. running or stopped.", (i) => i.InstanceState),
    instanceType: optionalString(t, "Instance type, e.g. m5.large.", (i) => i.InstanceType),
    outpostArn: optionalString(
      t,
      "Outpost ARN, for instances on AWS Outposts.",
      (i) => i.OutpostArn,
    ),
    launchTime: optionalDateTime(t, "When the instance was launched.", (i) => i.LaunchTime),
    networkInterfaces: objectList(
      t,
      NetworkInterfaceRef,
      "Network interfaces of the instance.",
      (i) => i.NetworkInterfaces,
    ),
    platform: optionalString(t, "Operating system platform, e.g. windows.", (i) => i.Platform),
    productCodes: objectList(
      t,
      ProductCodeRef,
      "Marketplace product codes.",
      (i) => i.ProductCodes,
    ),
    tags: tags(t, "instance"),
  }),
});

// --- S3 -------------------------------------------------------------------------------------

const S3OwnerRef = builder.objectRef<Owner>("S3BucketOwner");

S3OwnerRef.implement({
  description: "The bucket owner.",
  fields: (t) => ({
    id: optionalString(t, "Canonical user ID of the bucket owner.", (o) => o.Id),
  }),
});

const S3EncryptionRef = builder.objectRef<DefaultServerSideEncryption>(
  "S3DefaultServerSideEncryption",
);

S3EncryptionRef.implement({
  description: "The bucket's default server-side encryption.",
  fields: (t) => ({
    encryptionType: optionalString(
      t,
      "Encryption type, e.g. AES256 or aws:kms.",
      (e) => e.EncryptionType,
    ),
    kmsMasterKeyArn: optionalString(t, "KMS key ARN for aws:kms.", (e) => e.KmsMasterKeyArn),
  }),
});

/** ACLs and bucket policies report the same two flags, so they share one GraphQL type. */
const S3PublicReadWriteRef = builder.objectRef<AccessControlList>("S3PublicReadWriteAccess");

S3PublicReadWriteRef.implement({
  description: "Whether a bucket ACL or bucket policy grants the public read or write access.",
  fields: (t) => ({
    allowsPublicReadAccess: optionalBoolean(
      t,
      "Anyone on the internet can read.",
      (a) => a.AllowsPublicReadAccess,
    ),
    allowsPublicWriteAccess: optionalBoolean(
      t,
      "Anyone on the internet can write.",
      (a) => a.AllowsPublicWriteAccess,
    ),
  }),
});

const S3BlockPublicAccessRef = builder.objectRef<BlockPublicAccess>("S3BlockPublicAccess");

S3BlockPublicAccessRef.implement({
  description: "S3 Block Public Access settings; all four true means public access is blocked.",
  fields: (t) => ({
    ignorePublicAcls: optionalBoolean(t, "Public ACLs are ignored.", (b) => b.IgnorePublicAcls),
    restrictPublicBuckets: optionalBoolean(
      t,
      "Public bucket policies only allow AWS service principals and the owner account.",
      (b) => b.RestrictPublicBuckets,
    ),
    blockPublicAcls: optionalBoolean(t, "New public ACLs are rejected.", (b) => b.BlockPublicAcls),
    blockPublicPolicy: optionalBoolean(
      t,
      "New public bucket policies are rejected.",
      (b) => b.BlockPublicPolicy,
    ),
  }),
});

const S3BucketLevelPermissionsRef = builder.objectRef<BucketLevelPermissions>(
  "S3BucketLevelPermissions",
);

S3BucketLevelPermissionsRef.implement({
  description: "Public-access settings made on the bucket itself.",
  fields: (t) => ({
    accessControlList: optionalObject(
      t,
      S3PublicReadWriteRef,
      "What the bucket ACL allows.",
      (p) => p.AccessControlList,
    ),
    bucketPolicy: optionalObject(
      t,
      S3PublicReadWriteRef,
      "What the bucket policy allows.",
      (p) => p.BucketPolicy,
    ),
    blockPublicAccess: optionalObject(
      t,
      S3BlockPublicAccessRef,
      "Block Public Access settings on the bucket.",
      (p) => p.BlockPublicAccess,
    ),
  }),
});

const S3AccountLevelPermissionsRef = builder.objectRef<AccountLevelPermissions>(
  "S3AccountLevelPermissions",
);

S3AccountLevelPermissionsRef.implement({
  description: "Public-access settings made for the whole account.",
  fields: (t) => ({
    blockPublicAccess: optionalObject(
      t,
      S3BlockPublicAccessRef,
      "Account-wide Block Public Access settings.",
      (p) => p.BlockPublicAccess,
    ),
  }),
});

const S3PermissionConfigurationRef = builder.objectRef<PermissionConfiguration>(
  "S3PermissionConfiguration",
);

S3PermissionConfigurationRef.implement({
  description: "Bucket- and account-level settings that together decide public access.",
  fields: (t) => ({
    bucketLevelPermissions: optionalObject(
      t,
      S3BucketLevelPermissionsRef,
      "Settings on the bucket.",
      (p) => p.BucketLevelPermissions,
    ),
    accountLevelPermissions: optionalObject(
      t,
      S3AccountLevelPermissionsRef,
      "Settings on the account.",
      (p) => p.AccountLevelPermissions,
    ),
  }),
});

const S3PublicAccessRef = builder.objectRef<PublicAccess>("S3PublicAccess");

S3PublicAccessRef.implement({
  description: "How exposed the bucket is to the public.",
  fields: (t) => ({
    permissionConfiguration: optionalObject(
      t,
      S3PermissionConfigurationRef,
      "The settings that produce the effective permission.",
      (p) => p.PermissionConfiguration,
    ),
    effectivePermission: optionalString(
      t,
      "The net result, PUBLIC or NOT_PUBLIC.",
      (p) => p.EffectivePermission,
    ),
  }),
});

const S3ObjectDetailRef = builder.objectRef<S3ObjectDetail>("S3ObjectDetail");

S3ObjectDetailRef.implement({
  description: "An S3 object involved in the finding, e.g. one found to contain malware.",
  fields: (t) => ({
    objectArn: optionalString(t, "Object ARN.", (o) => o.ObjectArn),
    key: optionalString(t, "Object key.", (o) => o.Key),
    eTag: optionalString(t, "Object ETag.", (o) => o.ETag),
    hash: optionalString(t, "Hash of the object's content.", (o) => o.Hash),
    versionId: optionalString(t, "Object version ID.", (o) => o.VersionId),
  }),
});

const S3BucketDetailRef = builder.objectRef<S3BucketDetail>("S3BucketDetail");

S3BucketDetailRef.implement({
  description: "An S3 bucket involved in the activity.",
  fields: (t) => ({
    arn: optionalString(t, "Bucket ARN.", (b) => b.Arn),
    name: optionalString(t, "Bucket name.", (b) => b.Name),
    type: optionalString(
      t,
      "The bucket's role in the activity, e.g. Destination or Source.",
      (b) => b.Type,
    ),
    createdAt: optionalDateTime(t, "When the bucket was created.", (b) => b.CreatedAt),
    owner: optionalObject(t, S3OwnerRef, "Bucket owner.", (b) => b.Owner),
    tags: tags(t, "bucket"),
    defaultServerSideEncryption: optionalObject(
      t,
      S3EncryptionRef,
      "Default encryption of new objects.",
      (b) => b.DefaultServerSideEncryption,
    ),
    publicAccess: optionalObject(
      t,
      S3PublicAccessRef,
      "Public-access posture of the bucket.",
      (b) => b.PublicAccess,
    ),
    s3ObjectDetails: objectList(
      t,
      S3ObjectDetailRef,
      "Objects in the bucket involved in the finding.",
      (b) => b.S3ObjectDetails,
    ),
  }),
});

// --- Containers (shared by Kubernetes workloads, ECS tasks and runtime findings) ------------

const HostPathRef = builder.objectRef<HostPath>("VolumeHostPath");

HostPathRef.implement({
  description: "A directory of the host node mounted into the workload.",
  fields: (t) => ({
    path: optionalString(
      t,
      "Host path; mounting / or /var/run/docker.sock gives host-level access.",
      (h) => h.Path,
    ),
  }),
});

const VolumeRef = builder.objectRef<Volume>("WorkloadVolume");

VolumeRef.implement({
  description: "A volume of a Kubernetes workload or ECS task.",
  fields: (t) => ({
    name: optionalString(t, "Volume name.", (v) => v.Name),
    hostPath: optionalObject(
      t,
      HostPathRef,
      "The host directory, for hostPath volumes.",
      (v) => v.HostPath,
    ),
  }),
});

const VolumeMountRef = builder.objectRef<VolumeMount>("ContainerVolumeMount");

VolumeMountRef.implement({
  description: "Where a volume is mounted inside a container.",
  fields: (t) => ({
    name: optionalString(t, "Volume name.", (m) => m.Name),
    mountPath: optionalString(t, "Mount path inside the container.", (m) => m.MountPath),
  }),
});

const SecurityContextRef = builder.objectRef<SecurityContext>("ContainerSecurityContext");

SecurityContextRef.implement({
  description: "Privilege settings of a container.",
  fields: (t) => ({
    privileged: optionalBoolean(
      t,
      "The container runs privileged (root on the host, all devices).",
      (s) => s.Privileged,
    ),
    allowPrivilegeEscalation: optionalBoolean(
      t,
      "A process may gain more privileges than its parent.",
      (s) => s.AllowPrivilegeEscalation,
    ),
  }),
});

const ContainerRef = builder.objectRef<Container>("ContainerDetails");

ContainerRef.implement({
  description: "A container involved in the activity.",
  fields: (t) => ({
    containerRuntime: optionalString(
      t,
      "Container runtime, e.g. docker or containerd.",
      (c) => c.ContainerRuntime,
    ),
    id: optionalString(t, "Container ID.", (c) => c.Id),
    name: optionalString(t, "Container name.", (c) => c.Name),
    image: optionalString(t, "Container image.", (c) => c.Image),
    imagePrefix: optionalString(t, "Image prefix, e.g. the registry.", (c) => c.ImagePrefix),
    volumeMounts: objectList(
      t,
      VolumeMountRef,
      "Volumes mounted into the container.",
      (c) => c.VolumeMounts,
    ),
    securityContext: optionalObject(
      t,
      SecurityContextRef,
      "Privilege settings.",
      (c) => c.SecurityContext,
    ),
  }),
});

// --- EKS / Kubernetes -----------------------------------------------------------------------

const EksClusterDetailsRef = builder.objectRef<EksClusterDetails>("EksClusterDetails");

EksClusterDetailsRef.implement({
  description: "The EKS cluster involved in a Kubernetes finding.",
  fields: (t) => ({
    name: optionalString(t, "Cluster name.", (c) => c.Name),
    arn: optionalString(t, "Cluster ARN.", (c) => c.Arn),
    vpcId: optionalString(t, "VPC of the cluster.", (c) => c.VpcId),
    status: optionalString(t, "Cluster status, e.g. ACTIVE.", (c) => c.Status),
    tags: tags(t, "cluster"),
    createdAt: optionalDateTime(t, "When the cluster was created.", (c) => c.CreatedAt),
  }),
});

const ImpersonatedUserRef = builder.objectRef<ImpersonatedUser>("KubernetesImpersonatedUser");

ImpersonatedUserRef.implement({
  description: "The identity the caller impersonated (kubectl --as).",
  fields: (t) => ({
    username: optionalString(t, "Impersonated user name.", (u) => u.Username),
    groups: stringList(t, "Impersonated groups.", (u) => u.Groups),
  }),
});

const KubernetesUserDetailsRef = builder.objectRef<KubernetesUserDetails>("KubernetesUserDetails");

KubernetesUserDetailsRef.implement({
  description: "The Kubernetes identity that performed the activity.",
  fields: (t) => ({
    username: optionalString(t, "User name.", (u) => u.Username),
    uid: optionalString(t, "User ID.", (u) => u.Uid),
    groups: stringList(
      t,
      "Groups of the user; system:masters means cluster-admin.",
      (u) => u.Groups,
    ),
    sessionName: stringList(
      t,
      "IAM role session names, when the user is an assumed IAM role.",
      (u) => u.SessionName,
    ),
    impersonatedUser: optionalObject(
      t,
      ImpersonatedUserRef,
      "The impersonated identity, if the call used impersonation.",
      (u) => u.ImpersonatedUser,
    ),
  }),
});

const KubernetesWorkloadDetailsRef = builder.objectRef<KubernetesWorkloadDetails>(
  "KubernetesWorkloadDetails",
);

KubernetesWorkloadDetailsRef.implement({
  description: "The Kubernetes workload (pod, deployment, ...) involved in the activity.",
  fields: (t) => ({
    name: optionalString(t, "Workload name.", (w) => w.Name),
    type: optionalString(t, "Workload kind, e.g. pods or deployments.", (w) => w.Type),
    uid: optionalString(t, "Workload UID.", (w) => w.Uid),
    namespace: optionalString(t, "Namespace.", (w) => w.Namespace),
    hostNetwork: optionalBoolean(
      t,
      "Pods share the node's network namespace.",
      (w) => w.HostNetwork,
    ),
    containers: objectList(t, ContainerRef, "Containers of the workload.", (w) => w.Containers),
    volumes: objectList(t, VolumeRef, "Volumes of the workload.", (w) => w.Volumes),
    serviceAccountName: optionalString(
      t,
      "Service account the pods run as.",
      (w) => w.ServiceAccountName,
    ),
    hostIPC: optionalBoolean(t, "Pods share the node's IPC namespace.", (w) => w.HostIPC),
    hostPID: optionalBoolean(t, "Pods share the node's process namespace.", (w) => w.HostPID),
  }),
});

const KubernetesDetailsRef = builder.objectRef<KubernetesDetails>("KubernetesDetails");

KubernetesDetailsRef.implement({
  description: "Who did what to which workload in a Kubernetes finding.",
  fields: (t) => ({
    kubernetesUserDetails: optionalObject(
      t,
      KubernetesUserDetailsRef,
      "The acting Kubernetes identity.",
      (k) => k.KubernetesUserDetails,
    ),
    kubernetesWorkloadDetails: optionalObject(
      t,
      KubernetesWorkloadDetailsRef,
      "The workload involved.",
      (k) => k.KubernetesWorkloadDetails,
    ),
  }),
});

// --- ECS ------------------------------------------------------------------------------------

const EcsTaskDetailsRef = builder.objectRef<EcsTaskDetails>("EcsTaskDetails");

EcsTaskDetailsRef.implement({
  description: "The ECS task involved in the activity.",
  fields: (t) => ({
    arn: optionalString(t, "Task ARN.", (d) => d.Arn),
    definitionArn: optionalString(t, "Task definition ARN.", (d) => d.DefinitionArn),
    version: optionalString(t, "Task version.", (d) => d.Version),
    // The SDK calls this TaskCreatedAt; the wire (and this field) call it createdAt.
    createdAt: optionalDateTime(t, "When the task was created.", (d) => d.TaskCreatedAt),
    startedAt: optionalDateTime(t, "When the task started.", (d) => d.StartedAt),
    startedBy: optionalString(t, "Who or what started the task.", (d) => d.StartedBy),
    tags: tags(t, "task"),
    volumes: objectList(t, VolumeRef, "Volumes of the task.", (d) => d.Volumes),
    containers: objectList(t, ContainerRef, "Containers of the task.", (d) => d.Containers),
    group: optionalString(t, "Task group, e.g. service:web.", (d) => d.Group),
    launchType: optionalString(t, "Launch type, EC2 or FARGATE.", (d) => d.LaunchType),
  }),
});

const EcsClusterDetailsRef = builder.objectRef<EcsClusterDetails>("EcsClusterDetails");

EcsClusterDetailsRef.implement({
  description: "The ECS cluster involved in the activity.",
  fields: (t) => ({
    name: optionalString(t, "Cluster name.", (c) => c.Name),
    arn: optionalString(t, "Cluster ARN.", (c) => c.Arn),
    status: optionalString(t, "Cluster status, e.g. ACTIVE.", (c) => c.Status),
    activeServicesCount: optionalInt(
      t,
      "Services running in the cluster.",
      (c) => c.ActiveServicesCount,
    ),
    registeredContainerInstancesCount: optionalInt(
      t,
      "Container instances registered with the cluster.",
      (c) => c.RegisteredContainerInstancesCount,
    ),
    runningTasksCount: optionalInt(t, "Tasks running in the cluster.", (c) => c.RunningTasksCount),
    tags: tags(t, "cluster"),
    taskDetails: optionalObject(
      t,
      EcsTaskDetailsRef,
      "The task involved in the activity.",
      (c) => c.TaskDetails,
    ),
  }),
});

// --- Lambda ---------------------------------------------------------------------------------

const LambdaVpcConfigRef = builder.objectRef<VpcConfig>("LambdaVpcConfig");

LambdaVpcConfigRef.implement({
  description: "The VPC a Lambda function is attached to.",
  fields: (t) => ({
    subnetIds: stringList(t, "Subnet IDs.", (v) => v.SubnetIds),
    vpcId: optionalString(t, "VPC ID.", (v) => v.VpcId),
    securityGroups: objectList(
      t,
      SecurityGroupRef,
      "Security groups of the function's interfaces.",
      (v) => v.SecurityGroups,
    ),
  }),
});

const LambdaDetailsRef = builder.objectRef<LambdaDetails>("LambdaDetails");

LambdaDetailsRef.implement({
  description: "The Lambda function involved in the activity.",
  fields: (t) => ({
    functionArn: optionalString(t, "Function ARN.", (l) => l.FunctionArn),
    functionName: optionalString(t, "Function name.", (l) => l.FunctionName),
    description: optionalString(t, "Function description.", (l) => l.Description),
    lastModifiedAt: optionalDateTime(
      t,
      "When the function was last changed.",
      (l) => l.LastModifiedAt,
    ),
    revisionId: optionalString(t, "Revision ID.", (l) => l.RevisionId),
    functionVersion: optionalString(t, "Function version.", (l) => l.FunctionVersion),
    role: optionalString(t, "Execution role ARN: what the code can do in AWS.", (l) => l.Role),
    vpcConfig: optionalObject(t, LambdaVpcConfigRef, "VPC attachment.", (l) => l.VpcConfig),
    tags: tags(t, "function"),
  }),
});

// --- RDS ------------------------------------------------------------------------------------

const RdsDbInstanceDetailsRef = builder.objectRef<RdsDbInstanceDetails>("RdsDbInstanceDetails");

RdsDbInstanceDetailsRef.implement({
  description: "The database instance an anomalous login targeted.",
  fields: (t) => ({
    dbInstanceIdentifier: optionalString(
      t,
      "DB instance identifier.",
      (d) => d.DbInstanceIdentifier,
    ),
    engine: optionalString(t, "Engine, e.g. aurora-postgresql.", (d) => d.Engine),
    engineVersion: optionalString(t, "Engine version.", (d) => d.EngineVersion),
    dbClusterIdentifier: optionalString(t, "DB cluster identifier.", (d) => d.DbClusterIdentifier),
    dbInstanceArn: optionalString(t, "DB instance ARN.", (d) => d.DbInstanceArn),
    dbiResourceId: optionalString(t, "Region-unique resource ID.", (d) => d.DbiResourceId),
    tags: tags(t, "DB instance"),
  }),
});

const RdsDbUserDetailsRef = builder.objectRef<RdsDbUserDetails>("RdsDbUserDetails");

RdsDbUserDetailsRef.implement({
  description: "The database user behind an anomalous login attempt.",
  fields: (t) => ({
    user: optionalString(t, "Database user name.", (u) => u.User),
    application: optionalString(t, "Client application name.", (u) => u.Application),
    database: optionalString(t, "Database name.", (u) => u.Database),
    ssl: optionalString(t, "TLS version used, if any.", (u) => u.Ssl),
    authMethod: optionalString(t, "Authentication method.", (u) => u.AuthMethod),
  }),
});

// --- EBS malware scans ----------------------------------------------------------------------

const EbsVolumeDetailRef = builder.objectRef<VolumeDetail>("EbsVolumeDetail");

EbsVolumeDetailRef.implement({
  description: "An EBS volume considered by a GuardDuty malware scan.",
  fields: (t) => ({
    volumeArn: optionalString(t, "Volume ARN.", (v) => v.VolumeArn),
    volumeType: optionalString(t, "Volume type, e.g. gp3.", (v) => v.VolumeType),
    deviceName: optionalString(t, "Device name, e.g. /dev/xvda.", (v) => v.DeviceName),
    volumeSizeInGB: optionalInt(t, "Size in GiB.", (v) => v.VolumeSizeInGB),
    encryptionType: optionalString(t, "Encryption type.", (v) => v.EncryptionType),
    snapshotArn: optionalString(t, "Snapshot GuardDuty scanned.", (v) => v.SnapshotArn),
    kmsKeyArn: optionalString(t, "KMS key of the volume.", (v) => v.KmsKeyArn),
  }),
});

const EbsVolumeDetailsRef = builder.objectRef<EbsVolumeDetails>("EbsVolumeDetails");

EbsVolumeDetailsRef.implement({
  description: "The volumes a malware scan covered and the ones it skipped.",
  fields: (t) => ({
    scannedVolumeDetails: objectList(
      t,
      EbsVolumeDetailRef,
      "Volumes that were scanned.",
      (e) => e.ScannedVolumeDetails,
    ),
    skippedVolumeDetails: objectList(
      t,
      EbsVolumeDetailRef,
      "Volumes that were not scanned (e.g. unsupported encryption): blind spots.",
      (e) => e.SkippedVolumeDetails,
    ),
  }),
});

// --- The resource itself --------------------------------------------------------------------

FindingResource.implement({
  description:
    "The AWS resource involved in a finding. Only the detail block matching resourceType is set.",
  fields: (t) => ({
    resourceType: optionalString(
      t,
      "Kind of resource: Instance, AccessKey, S3Bucket, EKSCluster, ECSCluster, Container, RDSDBInstance, Lambda, ...",
      (r) => r.ResourceType,
    ),
    accessKeyDetails: optionalObject(
      t,
      AccessKeyDetailsRef,
      "The IAM identity and access key used.",
      (r) => r.AccessKeyDetails,
    ),
    instanceDetails: optionalObject(
      t,
      InstanceDetailsRef,
      "The EC2 instance involved.",
      (r) => r.InstanceDetails,
    ),
    s3BucketDetails: objectList(
      t,
      S3BucketDetailRef,
      "The S3 buckets involved.",
      (r) => r.S3BucketDetails,
    ),
    eksClusterDetails: optionalObject(
      t,
      EksClusterDetailsRef,
      "The EKS cluster involved.",
      (r) => r.EksClusterDetails,
    ),
    kubernetesDetails: optionalObject(
      t,
      KubernetesDetailsRef,
      "Kubernetes user and workload involved.",
      (r) => r.KubernetesDetails,
    ),
    containerDetails: optionalObject(
      t,
      ContainerRef,
      "The container involved (runtime and malware findings).",
      (r) => r.ContainerDetails,
    ),
    ecsClusterDetails: optionalObject(
      t,
      EcsClusterDetailsRef,
      "The ECS cluster and task involved.",
      (r) => r.EcsClusterDetails,
    ),
    lambdaDetails: optionalObject(
      t,
      LambdaDetailsRef,
      "The Lambda function involved.",
      (r) => r.LambdaDetails,
    ),
    rdsDbInstanceDetails: optionalObject(
      t,
      RdsDbInstanceDetailsRef,
      "The RDS database instance targeted.",
      (r) => r.RdsDbInstanceDetails,
    ),
    rdsDbUserDetails: optionalObject(
      t,
      RdsDbUserDetailsRef,
      "The database user of the login attempt.",
      (r) => r.RdsDbUserDetails,
    ),
    ebsVolumeDetails: optionalObject(
      t,
      EbsVolumeDetailsRef,
      "EBS volumes scanned for malware.",
      (r) => r.EbsVolumeDetails,
    ),
  }),
});
