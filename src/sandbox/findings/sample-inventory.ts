/** The placeholder resources sample findings point at (CreateSampleFindings). */

import {
  INVENTORY_CACHE_LIMIT,
  type InstanceSpec,
  type Inventory,
  type UserSpec,
} from "./inventory.js";
import { sampleRemote } from "./remote.js";
import { epochSeconds } from "./values.js";

const sampleInventories = new Map<string, Inventory>();

/**
 * The inventory of sample findings, also of the few samples the seed world keeps. GuardDuty's
 * sample findings name placeholder resources (`i-99999999`, `GeneratedFindingAccessKeyId`,
 * `bucketName`) rather than the account's own, so that nobody mistakes them for real activity.
 * Resource kinds whose placeholders GuardDuty does not show follow the same `GeneratedFinding…`
 * pattern.
 */
export function sampleInventoryFor(accountId: string, region: string): Inventory {
  const key = `${accountId}/${region}`;
  let inventory = sampleInventories.get(key);
  if (!inventory) {
    if (sampleInventories.size >= INVENTORY_CACHE_LIMIT) sampleInventories.clear();
    inventory = buildSampleInventory(accountId, region);
    sampleInventories.set(key, inventory);
  }
  return inventory;
}

const SAMPLE_LAUNCH_MS = Date.parse("2016-08-02T02:05:06.000Z");

function sampleInstance(accountId: string): InstanceSpec {
  return {
    instanceId: "i-99999999",
    imageId: "ami-99999999",
    // GuardDuty's own sample findings spell it "Instace".
    imageDescription: "GeneratedFindingInstaceImageDescription",
    instanceType: "m3.xlarge",
    availabilityZone: "GeneratedFindingInstaceAvailabilityZone",
    profileName: "GeneratedFindingInstanceProfileName",
    profileId: "GeneratedFindingInstanceProfileId",
    profileArn: `arn:aws:iam::${accountId}:example/instance/profile`,
    networkInterfaceId: "eni-bfcffe88",
    privateIp: "10.0.0.1",
    publicIp: "198.51.100.0",
    securityGroups: [
      { groupId: "GeneratedFindingSecurityId", groupName: "GeneratedFindingSecurityGroupName" },
    ],
    subnetId: "GeneratedFindingSubnetId",
    vpcId: "GeneratedFindingVPCId",
    launchMs: SAMPLE_LAUNCH_MS,
    tags: [
      { key: "GeneratedFindingInstaceTag1", value: "GeneratedFindingInstaceValue1" },
      { key: "GeneratedFindingInstaceTag2", value: "GeneratedFindingInstaceTagValue2" },
    ],
    productCode: {
      productCodeId: "GeneratedFindingProductCodeId",
      productCodeType: "GeneratedFindingProductCodeType",
    },
    names: {
      privateDnsName: "GeneratedFindingPrivateDnsName",
      privateAddressName: "GeneratedFindingPrivateName",
      publicDnsName: "GeneratedFindingPublicDNSName",
    },
  };
}

function buildSampleInventory(accountId: string, region: string): Inventory {
  const instance = sampleInstance(accountId);
  const user: UserSpec = {
    userName: "GeneratedFindingUserName",
    userType: "IAMUser",
    principalId: "GeneratedFindingPrincipalId",
    accessKeyId: "GeneratedFindingAccessKeyId",
  };
  const eksName = "GeneratedFindingEKSClusterName";
  const ecsName = "GeneratedFindingECSClusterName";
  const functionName = "GeneratedFindingLambdaFunctionName";
  const database = "GeneratedFindingDBInstanceIdentifier";
  const createdSec = epochSeconds(SAMPLE_LAUNCH_MS);
  return {
    accountId,
    region,
    vpcId: instance.vpcId,
    instances: [instance],
    users: [user, user],
    buckets: [
      {
        name: "bucketName",
        createdSec,
        ownerId: "CanonicalId of Owner",
        kmsKeyArn: "arn:aws:kms:region:123456789012:key/key-id",
        tags: [{ key: "foo", value: "bar" }],
      },
    ],
    eksClusters: [
      {
        name: eksName,
        arn: `arn:aws:eks:${region}:${accountId}:cluster/${eksName}`,
        vpcId: instance.vpcId,
        createdSec,
        tags: [{ key: "GeneratedFindingTagKey", value: "GeneratedFindingTagValue" }],
      },
    ],
    ecsClusters: [
      {
        name: ecsName,
        arn: `arn:aws:ecs:${region}:${accountId}:cluster/${ecsName}`,
        tags: [{ key: "GeneratedFindingTagKey", value: "GeneratedFindingTagValue" }],
        activeServicesCount: 1,
        registeredContainerInstancesCount: 1,
        runningTasksCount: 1,
      },
    ],
    lambdas: [
      {
        functionName,
        functionArn: `arn:aws:lambda:${region}:${accountId}:function:${functionName}`,
        description: "GeneratedFindingLambdaFunctionDescription",
        role: `arn:aws:iam::${accountId}:role/GeneratedFindingLambdaRole`,
        vpcId: instance.vpcId,
        subnetIds: [instance.subnetId],
        securityGroup: {
          ...(instance.securityGroups[0] as InstanceSpec["securityGroups"][number]),
        },
        lastModifiedSec: createdSec,
        revisionId: "GeneratedFindingRevisionId",
        tags: [{ key: "GeneratedFindingTagKey", value: "GeneratedFindingTagValue" }],
      },
    ],
    databases: [
      {
        dbInstanceIdentifier: database,
        dbClusterIdentifier: "GeneratedFindingDBClusterIdentifier",
        engine: "aurora-postgresql",
        engineVersion: "15.4",
        dbInstanceArn: `arn:aws:rds:${region}:${accountId}:db:${database}`,
        dbiResourceId: "db-GeneratedFindingDbiResourceId",
        tags: [{ key: "GeneratedFindingTagKey", value: "GeneratedFindingTagValue" }],
      },
    ],
    limitlessDatabases: [
      {
        dbShardGroupIdentifier: "GeneratedFindingDBShardGroupIdentifier",
        dbShardGroupResourceId: "shardgroup-GeneratedFindingResourceId",
        dbShardGroupArn: `arn:aws:rds:${region}:${accountId}:shard-group:GeneratedFindingDBShardGroupIdentifier`,
        dbClusterIdentifier: "GeneratedFindingDBClusterIdentifier",
        engine: "aurora-postgresql",
        engineVersion: "16.6-limitless",
        tags: [{ key: "GeneratedFindingTagKey", value: "GeneratedFindingTagValue" }],
      },
    ],
    instanceGroups: [
      {
        name: "GeneratedFindingAutoScalingGroupName",
        launchTemplateId: "lt-99999999999999999",
        launchTemplateVersion: "1",
        stackName: "GeneratedFindingStackName",
        stackArn: `arn:aws:cloudformation:${region}:${accountId}:stack/GeneratedFindingStackName/00000000-0000-0000-0000-000000000000`,
        instances: [instance],
      },
    ],
    bedrock: {
      guardrailArn: `arn:aws:bedrock:${region}:${accountId}:guardrail/GeneratedFindingGuardrailId`,
      guardrailVersion: "1",
      modelIds: ["GeneratedFindingModelId"],
    },
    remotes: [sampleRemote()],
  };
}
