/** `resource` members shared by several families, built once per inventory entry and frozen. */

import type { Rng } from "../random.js";
import type {
  BucketSpec,
  DbSpec,
  EcsSpec,
  EksSpec,
  InstanceSpec,
  LambdaSpec,
  LimitlessDbSpec,
  UserSpec,
} from "./inventory.js";
import {
  deepFreeze,
  epochSeconds,
  HOUR,
  hexId,
  isoAt,
  type Json,
  privateDnsName,
  publicDnsName,
  type Tag,
} from "./values.js";

export function instanceProfileArn(spec: InstanceSpec, accountId: string): string {
  return spec.profileArn ?? `arn:aws:iam::${accountId}:instance-profile/${spec.profileName}`;
}

function buildInstanceDetails(spec: InstanceSpec, region: string, accountId: string): Json {
  const dnsName = spec.names?.privateDnsName ?? privateDnsName(spec.privateIp, region);
  const networkInterface: Json = {
    ipv6Addresses: spec.ipv6 ? [spec.ipv6] : [],
    networkInterfaceId: spec.networkInterfaceId,
    privateDnsName: dnsName,
    privateIpAddress: spec.privateIp,
    privateIpAddresses: [
      {
        privateDnsName: spec.names?.privateAddressName ?? dnsName,
        privateIpAddress: spec.privateIp,
      },
    ],
    securityGroups: spec.securityGroups.map((group) => ({ ...group })),
    subnetId: spec.subnetId,
    vpcId: spec.vpcId,
  };
  if (spec.publicIp) {
    networkInterface.publicDnsName =
      spec.names?.publicDnsName ?? publicDnsName(spec.publicIp, region);
    networkInterface.publicIp = spec.publicIp;
  }
  const details: Json = {
    availabilityZone: spec.availabilityZone,
    iamInstanceProfile: { arn: instanceProfileArn(spec, accountId), id: spec.profileId },
    imageDescription: spec.imageDescription,
    imageId: spec.imageId,
    instanceId: spec.instanceId,
    instanceState: "running",
    instanceType: spec.instanceType,
    launchTime: isoAt(spec.launchMs),
    networkInterfaces: [networkInterface],
    productCodes: spec.productCode ? [{ ...spec.productCode }] : [],
    tags: copyTags(spec.tags),
  };
  if (spec.platform) details.platform = spec.platform;
  if (spec.outpostArn) details.outpostArn = spec.outpostArn;
  return details;
}

const sharedDetails = new WeakMap<object, Map<string, Json>>();

/** The frozen details built for `owner` (an inventory entry) in one `variant`, built once. */
function shared(owner: object, variant: string, build: () => Json): Json {
  let variants = sharedDetails.get(owner);
  if (!variants) {
    variants = new Map();
    sharedDetails.set(owner, variants);
  }
  let details = variants.get(variant);
  if (!details) {
    details = deepFreeze(build());
    variants.set(variant, details);
  }
  return details;
}

export function instanceDetails(spec: InstanceSpec, region: string, accountId: string): Json {
  return shared(spec, "", () => buildInstanceDetails(spec, region, accountId));
}

export function accessKeyDetails(user: UserSpec): Json {
  return shared(user, "", () => buildAccessKeyDetails(user));
}

export function s3BucketDetail(spec: BucketSpec, exposure: BucketExposure): Json {
  const variant = `${exposure.publicRead}/${exposure.publicWrite}/${exposure.bucketBlock}/${exposure.accountBlock}`;
  return shared(spec, variant, () => buildS3BucketDetail(spec, exposure));
}

export function eksClusterDetails(spec: EksSpec): Json {
  return shared(spec, "", () => buildEksClusterDetails(spec));
}

export function lambdaDetails(spec: LambdaSpec): Json {
  return shared(spec, "", () => buildLambdaDetails(spec));
}

export function rdsLimitlessDbDetails(spec: LimitlessDbSpec): Json {
  return shared(spec, "", () => ({
    dbShardGroupIdentifier: spec.dbShardGroupIdentifier,
    dbShardGroupResourceId: spec.dbShardGroupResourceId,
    dbShardGroupArn: spec.dbShardGroupArn,
    engine: spec.engine,
    engineVersion: spec.engineVersion,
    dbClusterIdentifier: spec.dbClusterIdentifier,
    tags: copyTags(spec.tags),
  }));
}

export function rdsDbInstanceDetails(spec: DbSpec): Json {
  return shared(spec, "", () => buildRdsDbInstanceDetails(spec));
}

export function copyTags(tags: readonly Tag[]): Tag[] {
  return tags.map((tag) => ({ key: tag.key, value: tag.value }));
}

function buildAccessKeyDetails(user: UserSpec): Json {
  return {
    accessKeyId: user.accessKeyId,
    principalId: user.principalId,
    userName: user.userName,
    userType: user.userType,
  };
}

function blockPublicAccess(blocked: boolean): Json {
  return {
    ignorePublicAcls: blocked,
    restrictPublicBuckets: blocked,
    blockPublicAcls: blocked,
    blockPublicPolicy: blocked,
  };
}

export interface BucketExposure {
  publicRead: boolean;
  publicWrite: boolean;
  bucketBlock: boolean;
  accountBlock: boolean;
}

function buildS3BucketDetail(spec: BucketSpec, exposure: BucketExposure): Json {
  const isPublic = exposure.publicRead || exposure.publicWrite;
  return {
    arn: `arn:aws:s3:::${spec.name}`,
    name: spec.name,
    type: "Destination",
    createdAt: spec.createdSec,
    owner: { id: spec.ownerId },
    tags: copyTags(spec.tags),
    defaultServerSideEncryption: spec.kmsKeyArn
      ? { encryptionType: "aws:kms", kmsMasterKeyArn: spec.kmsKeyArn }
      : { encryptionType: "AES256" },
    publicAccess: {
      permissionConfiguration: {
        bucketLevelPermissions: {
          accessControlList: {
            allowsPublicReadAccess: exposure.publicRead,
            allowsPublicWriteAccess: false,
          },
          bucketPolicy: {
            allowsPublicReadAccess: exposure.publicRead,
            allowsPublicWriteAccess: exposure.publicWrite,
          },
          blockPublicAccess: blockPublicAccess(exposure.bucketBlock),
        },
        accountLevelPermissions: { blockPublicAccess: blockPublicAccess(exposure.accountBlock) },
      },
      effectivePermission: isPublic ? "PUBLIC" : "NOT_PUBLIC",
    },
  };
}

function buildEksClusterDetails(spec: EksSpec): Json {
  return {
    name: spec.name,
    arn: spec.arn,
    vpcId: spec.vpcId,
    status: "ACTIVE",
    tags: copyTags(spec.tags),
    createdAt: spec.createdSec,
  };
}

const CONTAINER_IMAGES = [
  "public.ecr.aws/nginx/nginx:1.25",
  "docker.io/library/alpine:3.19",
  "docker.io/library/python:3.12-slim",
  "123456789012.dkr.ecr.us-east-1.amazonaws.com/app/api:2024.10.1",
  "docker.io/kalilinux/kali-rolling:latest",
  "quay.io/prometheus/node-exporter:v1.7.0",
] as const;

interface ContainerOptions {
  privileged: boolean;
  mount?: { name: string; path: string } | undefined;
}

/** The token volume Kubernetes mounts into every pod's containers by default. */
export function serviceAccountMount(rng: Rng): { name: string; path: string } {
  return {
    name: `kube-api-access-${hexId(rng, 5)}`,
    path: "/var/run/secrets/kubernetes.io/serviceaccount",
  };
}

export function container(rng: Rng, options: ContainerOptions): Json {
  const image = rng.pick(CONTAINER_IMAGES);
  const imagePrefix = image.slice(0, image.indexOf("/"));
  return {
    containerRuntime: rng.pick(["containerd", "docker"]),
    id: hexId(rng, 64),
    name: image.slice(image.lastIndexOf("/") + 1, image.indexOf(":", image.lastIndexOf("/"))),
    image,
    imagePrefix,
    volumeMounts: options.mount
      ? [{ name: options.mount.name, mountPath: options.mount.path }]
      : [],
    securityContext: {
      privileged: options.privileged,
      allowPrivilegeEscalation: options.privileged || rng.chance(0.2),
    },
  };
}

/** Host paths ECS tasks mount, and where their containers see them. */
const ECS_HOST_VOLUMES = [
  { name: "docker-socket", hostPath: "/var/run/docker.sock", mountPath: "/var/run/docker.sock" },
  { name: "host-logs", hostPath: "/var/log", mountPath: "/host/var/log" },
  { name: "scratch", hostPath: "/ecs/scratch", mountPath: "/scratch" },
] as const;

export function ecsClusterDetails(rng: Rng, spec: EcsSpec, nowMs: number): Json {
  const createdMs = nowMs - rng.int(1, 72) * HOUR;
  const volume = rng.chance(0.4) ? rng.pick(ECS_HOST_VOLUMES) : undefined;
  const task = container(rng, {
    privileged: false,
    mount: volume && { name: volume.name, path: volume.mountPath },
  });
  const launchType = volume ? "EC2" : rng.pick(["FARGATE", "EC2"]);
  const service = spec.name.replace("-cluster", "");
  return {
    name: spec.name,
    arn: spec.arn,
    status: "ACTIVE",
    activeServicesCount: spec.activeServicesCount,
    registeredContainerInstancesCount: spec.registeredContainerInstancesCount,
    runningTasksCount: spec.runningTasksCount,
    tags: copyTags(spec.tags),
    taskDetails: {
      arn: `${spec.arn.replace(":cluster/", ":task/")}/${hexId(rng, 32)}`,
      definitionArn: `${spec.arn.replace(/:cluster\/.*/, ":task-definition/")}${spec.name}-task:${rng.int(1, 40)}`,
      version: String(rng.int(1, 40)),
      // The SDK's EcsTaskDetails$ schema binds TaskCreatedAt to the wire key `createdAt`.
      createdAt: epochSeconds(createdMs),
      startedAt: epochSeconds(createdMs + rng.int(5, 90) * 1000),
      startedBy: rng.pick([`ecs-svc/${hexId(rng, 19)}`, "events-rule/nightly-batch"]),
      tags: [{ key: "Service", value: service }],
      // Fargate tasks cannot mount host paths; only EC2-backed ones carry them.
      volumes: volume ? [{ name: volume.name, hostPath: { path: volume.hostPath } }] : [],
      containers: [task],
      group: `service:${service}`,
      launchType,
    },
  };
}

function buildLambdaDetails(spec: LambdaSpec): Json {
  return {
    functionArn: spec.functionArn,
    functionName: spec.functionName,
    description: spec.description,
    lastModifiedAt: spec.lastModifiedSec,
    revisionId: spec.revisionId,
    functionVersion: "$LATEST",
    role: spec.role,
    vpcConfig: {
      subnetIds: [...spec.subnetIds],
      vpcId: spec.vpcId,
      securityGroups: [{ ...spec.securityGroup }],
    },
    tags: copyTags(spec.tags),
  };
}

function buildRdsDbInstanceDetails(spec: DbSpec): Json {
  return {
    dbInstanceIdentifier: spec.dbInstanceIdentifier,
    engine: spec.engine,
    engineVersion: spec.engineVersion,
    dbClusterIdentifier: spec.dbClusterIdentifier,
    dbInstanceArn: spec.dbInstanceArn,
    dbiResourceId: spec.dbiResourceId,
    tags: copyTags(spec.tags),
  };
}
