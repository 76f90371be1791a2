/**
 * The per-account, per-region inventory findings point at (instances, users, buckets, clusters,
 * functions, databases, remote parties). It is derived from the account and region alone, never
 * from the caller's generator, so it does not depend on call order, and the same instance or
 * access key shows up in several findings, the way a real account's findings cluster.
 */

import { createRng, type Rng } from "../random.js";
import { makeRemote, type Remote } from "./remote.js";
import {
  awsId,
  DAY,
  epochSeconds,
  hashSeed,
  hexId,
  privateIp,
  publicIp,
  type Tag,
  upperAlnum,
  uuid,
  vpcIpv6,
} from "./values.js";

export interface InstanceSpec {
  instanceId: string;
  imageId: string;
  imageDescription: string;
  instanceType: string;
  platform?: string;
  availabilityZone: string;
  profileName: string;
  profileId: string;
  networkInterfaceId: string;
  privateIp: string;
  publicIp?: string;
  ipv6?: string;
  securityGroups: { groupId: string; groupName: string }[];
  subnetId: string;
  vpcId: string;
  launchMs: number;
  tags: Tag[];
  productCode?: { productCodeId: string; productCodeType: string };
  outpostArn?: string;
  /** DNS names as reported; derived from the addresses when absent. */
  names?: { privateDnsName: string; privateAddressName: string; publicDnsName: string };
  /** An instance profile ARN as reported; derived from the profile name when absent. */
  profileArn?: string;
}

/** An Auto Scaling group and what launched its instances: the unit of a compromised instance group. */
export interface InstanceGroupSpec {
  name: string;
  launchTemplateId: string;
  launchTemplateVersion: string;
  stackName: string;
  stackArn: string;
  instances: InstanceSpec[];
}

export interface UserSpec {
  userName: string;
  userType: string;
  principalId: string;
  accessKeyId: string;
}

export interface BucketSpec {
  name: string;
  createdSec: number;
  ownerId: string;
  kmsKeyArn?: string;
  tags: Tag[];
}

export interface EksSpec {
  name: string;
  arn: string;
  vpcId: string;
  createdSec: number;
  tags: Tag[];
}

export interface EcsSpec {
  name: string;
  arn: string;
  tags: Tag[];
  activeServicesCount: number;
  registeredContainerInstancesCount: number;
  runningTasksCount: number;
}

export interface LambdaSpec {
  functionName: string;
  functionArn: string;
  description: string;
  role: string;
  vpcId: string;
  subnetIds: string[];
  securityGroup: { groupId: string; groupName: string };
  lastModifiedSec: number;
  revisionId: string;
  tags: Tag[];
}

/** An Aurora PostgreSQL Limitless Database: a DB shard group of a cluster. */
export interface LimitlessDbSpec {
  dbShardGroupIdentifier: string;
  dbShardGroupResourceId: string;
  dbShardGroupArn: string;
  dbClusterIdentifier: string;
  engine: string;
  engineVersion: string;
  tags: Tag[];
}

/** The account's Amazon Bedrock guardrail and the foundation models its applications invoke. */
export interface BedrockSpec {
  guardrailArn: string;
  guardrailVersion: string;
  modelIds: string[];
}

export interface DbSpec {
  dbInstanceIdentifier: string;
  dbClusterIdentifier: string;
  engine: string;
  engineVersion: string;
  dbInstanceArn: string;
  dbiResourceId: string;
  tags: Tag[];
}

export interface Inventory {
  accountId: string;
  region: string;
  vpcId: string;
  instances: InstanceSpec[];
  users: UserSpec[];
  buckets: BucketSpec[];
  eksClusters: EksSpec[];
  ecsClusters: EcsSpec[];
  lambdas: LambdaSpec[];
  databases: DbSpec[];
  limitlessDatabases: LimitlessDbSpec[];
  instanceGroups: InstanceGroupSpec[];
  bedrock: BedrockSpec;
  remotes: Remote[];
}

/** Inventories are pure functions of (account, region); caching them only saves time. */
const inventories = new Map<string, Inventory>();
export const INVENTORY_CACHE_LIMIT = 512;

export function inventoryFor(accountId: string, region: string): Inventory {
  const key = `${accountId}/${region}`;
  const cached = inventories.get(key);
  if (cached) return cached;
  if (inventories.size >= INVENTORY_CACHE_LIMIT) inventories.clear();
  const inventory = buildInventory(createRng(hashSeed(key)), accountId, region);
  inventories.set(key, inventory);
  return inventory;
}

// The inventory's clock: resources predate every finding of the seeded world.
const INVENTORY_EPOCH = Date.parse("2026-01-01T00:00:00.000Z");

function buildInventory(rng: Rng, accountId: string, region: string): Inventory {
  const vpcId = awsId(rng, "vpc");
  const instances = times(24, (index) => instanceSpec(rng, accountId, region, vpcId, index));
  return {
    accountId,
    region,
    vpcId,
    instances,
    users: times(12, (i) => userSpec(rng, accountId, i)),
    buckets: times(10, () => bucketSpec(rng, accountId, region)),
    // Clusters, functions and databases are named after distinct apps so that no two share an ARN.
    eksClusters: distinctApps(rng, 3).map((app) => eksSpec(rng, app, accountId, region, vpcId)),
    ecsClusters: distinctApps(rng, 2).map((app) => ecsSpec(rng, app, accountId, region)),
    lambdas: distinctApps(rng, 6).map((app) => lambdaSpec(rng, app, accountId, region, vpcId)),
    databases: distinctApps(rng, 4).map((app) => dbSpec(rng, app, accountId, region)),
    limitlessDatabases: distinctApps(rng, 2).map((app) =>
      limitlessDbSpec(rng, app, accountId, region),
    ),
    instanceGroups: [0, 1].map((index) =>
      instanceGroupSpec(rng, instances.slice(index * 4, index * 4 + 3), accountId, region),
    ),
    bedrock: bedrockSpec(rng, accountId, region),
    remotes: times(40, () => makeRemote(rng)),
  };
}

function distinctApps(rng: Rng, count: number): string[] {
  const pool = [...APPS];
  const picked: string[] = [];
  while (picked.length < count && pool.length > 0) {
    picked.push(...pool.splice(rng.int(0, pool.length - 1), 1));
  }
  return picked;
}

function times<T>(count: number, make: (index: number) => T): T[] {
  const out: T[] = [];
  for (let i = 0; i < count; i++) out.push(make(i));
  return out;
}

const IMAGES = [
  { description: "Amazon Linux 2023 AMI 2023.5.20240805.0 x86_64 HVM kernel-6.1" },
  { description: "Canonical, Ubuntu, 22.04 LTS, amd64 jammy image build on 2024-07-01" },
  { description: "Canonical, Ubuntu, 24.04 LTS, arm64 noble image build on 2024-09-12" },
  { description: "Microsoft Windows Server 2022 Full Locale English AMI", platform: "windows" },
  { description: "Red Hat Enterprise Linux 9 (HVM), SSD Volume Type" },
  { description: "Amazon EKS optimized Amazon Linux 2 node AMI v1.29" },
] as const;

const INSTANCE_TYPES = [
  "t3.micro",
  "t3.large",
  "m6i.xlarge",
  "c6g.2xlarge",
  "r5.large",
  "m7g.large",
];
export const APPS = [
  "billing",
  "checkout",
  "search",
  "ingest",
  "reporting",
  "auth",
  "web",
  "batch",
];
const ENVIRONMENTS = ["prod", "staging", "dev"];

/** Instances 1 and 5, one of each fleet, run on the account's Outpost. */
const OUTPOST_INSTANCES = new Set([1, 5]);

function instanceSpec(
  rng: Rng,
  accountId: string,
  region: string,
  vpcId: string,
  index: number,
): InstanceSpec {
  const image = rng.pick(IMAGES);
  const app = rng.pick(APPS);
  const ip = privateIp(rng);
  const spec: InstanceSpec = {
    instanceId: awsId(rng, "i"),
    imageId: awsId(rng, "ami"),
    imageDescription: image.description,
    instanceType: rng.pick(INSTANCE_TYPES),
    availabilityZone: `${region}${rng.pick(["a", "b", "c"])}`,
    profileName: `${app}-instance-profile`,
    profileId: `AIPA${upperAlnum(rng, 17)}`,
    networkInterfaceId: awsId(rng, "eni"),
    privateIp: ip,
    securityGroups: [{ groupId: awsId(rng, "sg"), groupName: `${app}-sg` }],
    subnetId: awsId(rng, "subnet"),
    vpcId,
    launchMs: INVENTORY_EPOCH - rng.int(1, 400) * DAY + rng.int(0, DAY - 1),
    tags: [
      { key: "Name", value: `${app}-${rng.int(1, 9)}` },
      { key: "Environment", value: rng.pick(ENVIRONMENTS) },
    ],
  };
  if ("platform" in image) spec.platform = image.platform;
  if (rng.chance(0.6)) spec.publicIp = publicIp(rng);
  if (rng.chance(0.2)) spec.ipv6 = vpcIpv6(rng);
  if (rng.chance(0.3)) {
    spec.productCode = {
      productCodeId: upperAlnum(rng, 25).toLowerCase(),
      productCodeType: "marketplace",
    };
  }
  if (OUTPOST_INSTANCES.has(index)) {
    spec.outpostArn = `arn:aws:outposts:${region}:${accountId}:outpost/op-${accountId.slice(-8)}a1b2c3d4e`;
  }
  return spec;
}

export const USER_NAMES = [
  "alice",
  "bob",
  "ci-deployer",
  "data-pipeline",
  "ops-admin",
  "terraform",
];
export const ROLE_NAMES = [
  "OrganizationAccountAccessRole",
  "DevOpsRole",
  "ReadOnlyAuditor",
  "LambdaExec",
];

function userSpec(rng: Rng, accountId: string, index: number): UserSpec {
  // Index 0 is the root user so root-credential findings always have one to point at.
  if (index === 0) {
    return {
      userName: "Root",
      userType: "Root",
      principalId: accountId,
      accessKeyId: `ASIA${upperAlnum(rng, 16)}`,
    };
  }
  if (rng.chance(0.35)) {
    const role = rng.pick(ROLE_NAMES);
    return {
      userName: role,
      userType: "AssumedRole",
      principalId: `AROA${upperAlnum(rng, 17)}:${rng.pick(USER_NAMES)}-session`,
      accessKeyId: `ASIA${upperAlnum(rng, 16)}`,
    };
  }
  return {
    userName: `${rng.pick(USER_NAMES)}${rng.int(1, 99)}`,
    userType: "IAMUser",
    principalId: `AIDA${upperAlnum(rng, 17)}`,
    accessKeyId: `AKIA${upperAlnum(rng, 16)}`,
  };
}

function bucketSpec(rng: Rng, accountId: string, region: string): BucketSpec {
  const spec: BucketSpec = {
    name: `${rng.pick(APPS)}-${rng.pick(["logs", "data", "backups", "artifacts", "exports"])}-${accountId.slice(-4)}-${hexId(rng, 4)}`,
    createdSec: epochSeconds(INVENTORY_EPOCH - rng.int(30, 900) * DAY),
    ownerId: hexId(rng, 64),
    tags: [{ key: "DataClassification", value: rng.pick(["internal", "confidential", "public"]) }],
  };
  if (rng.chance(0.5)) spec.kmsKeyArn = `arn:aws:kms:${region}:${accountId}:key/${uuid(rng)}`;
  return spec;
}

function eksSpec(rng: Rng, app: string, accountId: string, region: string, vpcId: string): EksSpec {
  const name = `${rng.pick(ENVIRONMENTS)}-${app}-eks`;
  return {
    name,
    arn: `arn:aws:eks:${region}:${accountId}:cluster/${name}`,
    vpcId,
    createdSec: epochSeconds(INVENTORY_EPOCH - rng.int(30, 600) * DAY),
    tags: [{ key: "Team", value: rng.pick(["platform", "payments", "data"]) }],
  };
}

function ecsSpec(rng: Rng, app: string, accountId: string, region: string): EcsSpec {
  const name = `${app}-cluster`;
  return {
    name,
    arn: `arn:aws:ecs:${region}:${accountId}:cluster/${name}`,
    tags: [{ key: "Environment", value: rng.pick(ENVIRONMENTS) }],
    activeServicesCount: rng.int(1, 12),
    registeredContainerInstancesCount: rng.int(0, 8),
    runningTasksCount: rng.int(1, 40),
  };
}

function lambdaSpec(
  rng: Rng,
  app: string,
  accountId: string,
  region: string,
  vpcId: string,
): LambdaSpec {
  const functionName = `${app}-${rng.pick(["handler", "worker", "cron", "webhook"])}`;
  return {
    functionName,
    functionArn: `arn:aws:lambda:${region}:${accountId}:function:${functionName}`,
    description: `${app} service function`,
    role: `arn:aws:iam::${accountId}:role/${functionName}-role`,
    vpcId,
    subnetIds: [awsId(rng, "subnet"), awsId(rng, "subnet")],
    securityGroup: { groupId: awsId(rng, "sg"), groupName: `${functionName}-sg` },
    lastModifiedSec: epochSeconds(INVENTORY_EPOCH - rng.int(1, 200) * DAY),
    revisionId: uuid(rng),
    tags: [{ key: "Service", value: app }],
  };
}

const DB_ENGINES = [
  { engine: "aurora-mysql", version: "8.0.mysql_aurora.3.05.2" },
  { engine: "aurora-postgresql", version: "15.4" },
  { engine: "mysql", version: "8.0.35" },
  { engine: "postgres", version: "16.1" },
] as const;

function dbSpec(rng: Rng, app: string, accountId: string, region: string): DbSpec {
  const { engine, version } = rng.pick(DB_ENGINES);
  const cluster = `${app}-db`;
  const id = `${cluster}-instance-${rng.int(1, 3)}`;
  return {
    dbInstanceIdentifier: id,
    dbClusterIdentifier: cluster,
    engine,
    engineVersion: version,
    dbInstanceArn: `arn:aws:rds:${region}:${accountId}:db:${id}`,
    dbiResourceId: `db-${upperAlnum(rng, 26)}`,
    tags: [{ key: "Owner", value: "dba" }],
  };
}

function limitlessDbSpec(
  rng: Rng,
  app: string,
  accountId: string,
  region: string,
): LimitlessDbSpec {
  const cluster = `${app}-limitless`;
  const shardGroup = `${cluster}-shard-group`;
  return {
    dbShardGroupIdentifier: shardGroup,
    dbShardGroupResourceId: `shardgroup-${hexId(rng, 32)}`,
    dbShardGroupArn: `arn:aws:rds:${region}:${accountId}:shard-group:${shardGroup}`,
    dbClusterIdentifier: cluster,
    // Limitless Database is an Aurora PostgreSQL feature with its own engine versions.
    engine: "aurora-postgresql",
    engineVersion: rng.pick(["16.4-limitless", "16.6-limitless"]),
    tags: [{ key: "Owner", value: "dba" }],
  };
}

function instanceGroupSpec(
  rng: Rng,
  instances: InstanceSpec[],
  accountId: string,
  region: string,
): InstanceGroupSpec {
  const app = rng.pick(APPS);
  const stackName = `${app}-fleet`;
  // An Auto Scaling group launches every instance from one template: one image, one product code.
  const [first] = instances;
  for (const spec of instances) {
    if (!first) break;
    spec.imageId = first.imageId;
    spec.imageDescription = first.imageDescription;
    if (first.platform) spec.platform = first.platform;
    else delete spec.platform;
    spec.productCode = first.productCode ?? {
      productCodeId: upperAlnum(rng, 25).toLowerCase(),
      productCodeType: "marketplace",
    };
    // Fleet subnets are dual-stack.
    spec.ipv6 ??= vpcIpv6(rng);
  }
  return {
    name: `${app}-asg-${hexId(rng, 6)}`,
    launchTemplateId: `lt-${hexId(rng, 17)}`,
    launchTemplateVersion: String(rng.int(1, 12)),
    stackName,
    stackArn: `arn:aws:cloudformation:${region}:${accountId}:stack/${stackName}/${uuid(rng)}`,
    instances,
  };
}

const BEDROCK_MODELS = [
  "anthropic.claude-3-5-sonnet-20240620-v1:0",
  "anthropic.claude-3-haiku-20240307-v1:0",
  "amazon.titan-text-premier-v1:0",
  "meta.llama3-70b-instruct-v1:0",
];

function bedrockSpec(rng: Rng, accountId: string, region: string): BedrockSpec {
  return {
    guardrailArn: `arn:aws:bedrock:${region}:${accountId}:guardrail/${hexId(rng, 12)}`,
    guardrailVersion: String(rng.int(1, 5)),
    modelIds: [rng.pick(BEDROCK_MODELS.slice(0, 2)), rng.pick(BEDROCK_MODELS.slice(2))],
  };
}
