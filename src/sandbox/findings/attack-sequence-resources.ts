/**
 * The resources of an attack sequence in their ResourceV2 form (`sequence.resources[]`): built
 * from a finding's `resource`, and for the resources a compromise spans beyond it (an instance
 * group's profile, Auto Scaling group, launch template, VPC, image and stack; a cluster's
 * workloads, tasks and containers; the Bedrock guardrail that saw stolen credentials' prompts).
 */

import type { WireFinding } from "../store.js";
import type { BedrockSpec, InstanceGroupSpec, InstanceSpec } from "./inventory.js";
import { copyTags, instanceProfileArn } from "./resources.js";
import type { Parts, Scene } from "./scene.js";
import { hexId, type Json, type Tag } from "./values.js";

export interface Place {
  accountId: string;
  region: string;
}

/** A ResourceV2: what every entry of `sequence.resources` carries besides its `data`. */
function resourceV2(
  place: Place,
  resourceType: string,
  identity: { uid: string; name: string; service: string; tags?: readonly Tag[] | undefined },
  data: Json,
): Json {
  return {
    uid: identity.uid,
    name: identity.name,
    accountId: place.accountId,
    resourceType,
    region: place.region,
    service: identity.service,
    cloudPartition: "aws",
    tags: identity.tags ? copyTags(identity.tags) : [],
    data,
  };
}

// ---------------------------------------------------------------------------------------------
// ResourceV2 from a finding's `resource`

function instanceResource(place: Place, details: Json): Json {
  const profile = details.iamInstanceProfile as Json;
  const networkInterfaces = details.networkInterfaces as Json[];
  const ec2Instance: Json = {
    availabilityZone: details.availabilityZone,
    imageDescription: details.imageDescription,
    instanceState: details.instanceState,
    // The SDK's Ec2Instance$ schema gives IamInstanceProfile no jsonName: PascalCase on the wire.
    IamInstanceProfile: { arn: profile.arn, id: profile.id },
    instanceType: details.instanceType,
    ec2NetworkInterfaceUids: networkInterfaces.map((eni) => eni.networkInterfaceId),
  };
  if (details.outpostArn) ec2Instance.outpostArn = details.outpostArn;
  // ResourceV2 reports EC2's platform details, which every instance has.
  ec2Instance.platform = details.platform === "windows" ? "Windows" : "Linux/UNIX";
  const productCodes = details.productCodes as Json[];
  if (productCodes.length > 0) ec2Instance.productCodes = productCodes.map((code) => ({ ...code }));
  return resourceV2(
    place,
    "EC2_INSTANCE",
    {
      uid: details.instanceId as string,
      name: details.instanceId as string,
      service: "EC2",
      tags: details.tags as Tag[],
    },
    { ec2Instance },
  );
}

function networkInterfaceResources(place: Place, details: Json): Json[] {
  return (details.networkInterfaces as Json[]).map((eni) => {
    const data: Json = {
      ipv6Addresses: [...(eni.ipv6Addresses as string[])],
      privateIpAddresses: (eni.privateIpAddresses as Json[]).map((address) => ({ ...address })),
      securityGroups: (eni.securityGroups as Json[]).map((group) => ({ ...group })),
      // Ec2NetworkInterface$ binds SubNetId to the wire key `subNetId`.
      subNetId: eni.subnetId,
      vpcId: eni.vpcId,
    };
    if (eni.publicIp) data.publicIp = eni.publicIp;
    const uid = eni.networkInterfaceId as string;
    return resourceV2(
      place,
      "EC2_NETWORK_INTERFACE",
      { uid, name: uid, service: "EC2" },
      { ec2NetworkInterface: data },
    );
  });
}

function publicAccess(blocked: Json): Json {
  return {
    publicAclAccess: blocked.blockPublicAcls ? "BLOCKED" : "ALLOWED",
    publicPolicyAccess: blocked.blockPublicPolicy ? "BLOCKED" : "ALLOWED",
    publicAclIgnoreBehavior: blocked.ignorePublicAcls ? "IGNORED" : "NOT_IGNORED",
    publicBucketRestrictBehavior: blocked.restrictPublicBuckets ? "RESTRICTED" : "NOT_RESTRICTED",
  };
}

function bucketResources(place: Place, bucket: Json): Json[] {
  const access = bucket.publicAccess as Json;
  const permissions = access.permissionConfiguration as Json;
  const bucketLevel = permissions.bucketLevelPermissions as Json;
  const policy = bucketLevel.bucketPolicy as Json;
  const encryption = bucket.defaultServerSideEncryption as Json;
  const objects = (bucket.s3ObjectDetails as Json[] | undefined) ?? [];
  const s3Bucket: Json = {
    ownerId: (bucket.owner as Json).id,
    createdAt: bucket.createdAt,
    encryptionType: encryption.encryptionType === "aws:kms" ? "SSE-KMS" : "SSE-S3",
    effectivePermission: access.effectivePermission,
    publicReadAccess: policy.allowsPublicReadAccess ? "ALLOWED" : "BLOCKED",
    publicWriteAccess: policy.allowsPublicWriteAccess ? "ALLOWED" : "BLOCKED",
    accountPublicAccess: publicAccess(
      (permissions.accountLevelPermissions as Json).blockPublicAccess as Json,
    ),
    bucketPublicAccess: publicAccess(bucketLevel.blockPublicAccess as Json),
    s3ObjectUids: objects.map((object) => object.objectArn),
  };
  if (encryption.kmsMasterKeyArn) s3Bucket.encryptionKeyArn = encryption.kmsMasterKeyArn;
  const bucketResource = resourceV2(
    place,
    "S3_BUCKET",
    {
      uid: bucket.arn as string,
      name: bucket.name as string,
      service: "S3",
      tags: bucket.tags as Tag[],
    },
    { s3Bucket },
  );
  const objectResources = objects.map((object) =>
    resourceV2(
      place,
      "S3_OBJECT",
      { uid: object.objectArn as string, name: object.key as string, service: "S3" },
      { s3Object: { eTag: object.eTag, key: object.key, versionId: object.versionId } },
    ),
  );
  return [bucketResource, ...objectResources];
}

function accessKeyResource(place: Place, key: Json): Json {
  return resourceV2(
    place,
    "ACCESS_KEY",
    { uid: key.accessKeyId as string, name: key.userName as string, service: "IAM" },
    { accessKey: { principalId: key.principalId, userName: key.userName, userType: key.userType } },
  );
}

/** A container's image digest: how ContainerFindingResource identifies the image. */
function containerResource(place: Place, details: Json, imageUid: string): Json {
  return resourceV2(
    place,
    "CONTAINER",
    { uid: details.id as string, name: details.name as string, service: "EKS" },
    { container: { image: details.image, imageUid } },
  );
}

/** The ResourceV2 entries of a finding's `resource`, primary first. */
export function resourcesOf(place: Place, resource: WireFinding["resource"]): Json[] {
  if (resource.instanceDetails) {
    const details = resource.instanceDetails as Json;
    return [instanceResource(place, details), ...networkInterfaceResources(place, details)];
  }
  if (resource.s3BucketDetails) {
    const buckets = resource.s3BucketDetails as Json[];
    const accessKey = resource.accessKeyDetails as Json | undefined;
    return [
      ...buckets.flatMap((bucket) => bucketResources(place, bucket)),
      ...(accessKey ? [accessKeyResource(place, accessKey)] : []),
    ];
  }
  if (resource.eksClusterDetails) {
    const cluster = resource.eksClusterDetails as Json;
    return [
      resourceV2(
        place,
        "EKS_CLUSTER",
        {
          uid: cluster.arn as string,
          name: cluster.name as string,
          service: "EKS",
          tags: cluster.tags as Tag[],
        },
        {
          eksCluster: {
            arn: cluster.arn,
            createdAt: cluster.createdAt,
            status: cluster.status,
            vpcId: cluster.vpcId,
            ec2InstanceUids: [],
          },
        },
      ),
    ];
  }
  if (resource.ecsClusterDetails) {
    const cluster = resource.ecsClusterDetails as Json;
    return [
      resourceV2(
        place,
        "ECS_CLUSTER",
        {
          uid: cluster.arn as string,
          name: cluster.name as string,
          service: "ECS",
          tags: cluster.tags as Tag[],
        },
        { ecsCluster: { status: cluster.status, ec2InstanceUids: [] } },
      ),
    ];
  }
  if (resource.accessKeyDetails)
    return [accessKeyResource(place, resource.accessKeyDetails as Json)];
  return [];
}

// ---------------------------------------------------------------------------------------------
// The resources each kind of sequence spans

export function instanceGroupResources(
  place: Place,
  group: InstanceGroupSpec,
  instances: readonly InstanceSpec[],
  detailsOf: (spec: InstanceSpec) => Json,
): Json[] {
  const uids = instances.map((spec) => spec.instanceId);
  const first = group.instances[0] as InstanceSpec;
  const sameImage = instances.filter((spec) => spec.imageId === first.imageId);
  const grouping = (
    resourceType: string,
    identity: { uid: string; name: string; service: string },
    member: string,
    extra: Json = {},
    members: readonly string[] = uids,
  ) =>
    resourceV2(place, resourceType, identity, {
      [member]: { ec2InstanceUids: [...members], ...extra },
    });
  return [
    ...instances.flatMap((spec) => {
      const details = detailsOf(spec);
      return [instanceResource(place, details), ...networkInterfaceResources(place, details)];
    }),
    grouping(
      "IAM_INSTANCE_PROFILE",
      { uid: instanceProfileArn(first, place.accountId), name: first.profileName, service: "IAM" },
      "iamInstanceProfile",
    ),
    grouping(
      "AUTOSCALING_AUTO_SCALING_GROUP",
      { uid: group.name, name: group.name, service: "AutoScaling" },
      "autoscalingAutoScalingGroup",
    ),
    grouping(
      "EC2_LAUNCH_TEMPLATE",
      { uid: group.launchTemplateId, name: group.launchTemplateId, service: "EC2" },
      "ec2LaunchTemplate",
      { version: group.launchTemplateVersion },
    ),
    grouping("EC2_VPC", { uid: first.vpcId, name: first.vpcId, service: "EC2" }, "ec2Vpc"),
    grouping(
      "EC2_IMAGE",
      { uid: first.imageId, name: first.imageId, service: "EC2" },
      "ec2Image",
      {},
      sameImage.map((spec) => spec.instanceId),
    ),
    grouping(
      "CLOUDFORMATION_STACK",
      { uid: group.stackArn, name: group.stackName, service: "CloudFormation" },
      "cloudformationStack",
    ),
  ];
}

export function kubernetesResources(scene: Scene, place: Place, parts: Parts): Json[] {
  const { rng, inventory } = scene;
  const [clusterResource] = resourcesOf(place, parts.resource);
  const kubernetes = parts.resource.kubernetesDetails as Json;
  const workload = kubernetes.kubernetesWorkloadDetails as Json | undefined;
  const nodes = inventory.instances.slice(8, 10);
  if (clusterResource) {
    ((clusterResource.data as Json).eksCluster as Json).ec2InstanceUids = nodes.map(
      (node) => node.instanceId,
    );
  }
  const resources = clusterResource ? [clusterResource] : [];
  if (workload) {
    const containers = workload.containers as Json[];
    resources.push(
      resourceV2(
        place,
        "KUBERNETES_WORKLOAD",
        { uid: workload.uid as string, name: workload.name as string, service: "EKS" },
        {
          kubernetesWorkload: {
            containerUids: containers.map((entry) => entry.id),
            namespace: workload.namespace,
            // KubernetesWorkload$ binds KubernetesResourcesTypes to the wire key `type`.
            type: String(workload.type).toUpperCase(),
          },
        },
      ),
      ...containers.map((entry) => containerResource(place, entry, `sha256:${hexId(rng, 64)}`)),
    );
  }
  return resources;
}

export function ecsResources(scene: Scene, place: Place, cluster: Json): Json[] {
  const { rng, inventory } = scene;
  const task = cluster.taskDetails as Json;
  const containers = task.containers as Json[];
  const hosts =
    task.launchType === "EC2"
      ? inventory.instances.slice(12, 14).map((spec) => spec.instanceId)
      : [];
  return [
    resourceV2(
      place,
      "ECS_CLUSTER",
      {
        uid: cluster.arn as string,
        name: cluster.name as string,
        service: "ECS",
        tags: cluster.tags as Tag[],
      },
      { ecsCluster: { status: cluster.status, ec2InstanceUids: hosts } },
    ),
    resourceV2(
      place,
      "ECS_TASK",
      {
        uid: task.arn as string,
        name: task.arn as string,
        service: "ECS",
        tags: task.tags as Tag[],
      },
      {
        ecsTask: {
          createdAt: task.createdAt,
          taskDefinitionArn: task.definitionArn,
          launchType: task.launchType,
          containerUids: containers.map((entry) => entry.id),
        },
      },
    ),
    ...containers.map((entry) => containerResource(place, entry, `sha256:${hexId(rng, 64)}`)),
  ];
}

export function guardrailResource(scene: Scene, place: Place, bedrock: BedrockSpec): Json {
  const { rng } = scene;
  return resourceV2(
    place,
    "BEDROCK_GUARDRAIL",
    { uid: bedrock.guardrailArn, name: bedrock.guardrailArn, service: "Bedrock" },
    {
      bedrockGuardrail: {
        version: bedrock.guardrailVersion,
        guardrailAction: rng.pick(["GUARDRAIL_INTERVENED", "NONE"]),
        guardrailSource: rng.pick(["INPUT", "OUTPUT"]),
      },
    },
  );
}
