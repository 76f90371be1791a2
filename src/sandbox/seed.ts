/**
 * The deterministic seed world: an administrator with members in every relationship state, a
 * standalone account, a detector per account and region, findings of many real types, and
 * free-trial days. Everything is a function of `SeedOptions` and the instant the world ends at
 * (`nowMs`): no clock, no Math.random. Every time is an offset back from `nowMs`, so a sandbox
 * started today has findings from the last hours and days, and "the last 7 days" is never empty.
 *
 * Each part of the world draws from its own generator (derived from the seed and a label), so
 * asking for more findings does not change the accounts, and more members do not reshuffle the
 * administrator's own findings' types.
 */
import { FINDING_FAMILIES, FINDING_TYPES, type FindingFamily, findingTypesOf } from "./catalog.js";
import { linkAttackSequences } from "./findings/attack-sequence-links.js";
import { makeFinding } from "./findings/finding.js";
import { hashSeed, hexId, isoAt } from "./findings/values.js";
import { createRng, type Rng } from "./random.js";
import {
  type Detector,
  type DetectorFeature,
  type FeatureStatus,
  type FreeTrialDays,
  freeTrialKey,
  type Identity,
  type Relationship,
  type SeedOptions,
  type WireFinding,
  type World,
} from "./store.js";

export const DEFAULT_SEED_OPTIONS: SeedOptions = { seed: 1, findingsPerDetector: 500, members: 32 };

/**
 * The fixed instant the world ends at unless told otherwise (tests pin it for reproducible
 * worlds; the sandbox passes its start time). Every timestamp lies before the world's end,
 * findings within FINDING_WINDOW_DAYS of it.
 */
export const SEED_EPOCH = Date.parse("2026-11-01T00:00:00.000Z");
/** GuardDuty keeps findings for 90 days (the user guide's "Quotas for GuardDuty"). */
export const FINDING_WINDOW_DAYS = 90;

export const ADMINISTRATOR_REGIONS: readonly string[] = ["us-east-1", "eu-west-1"];
export const STANDALONE_REGIONS: readonly string[] = ["us-east-1", "us-west-2"];
export const STANDALONE_FINDINGS_CAP = 120;

/**
 * Values of Member.relationshipStatus GuardDuty reports (the model types it as a plain string; the
 * user guide's account management pages and the SDK examples name these), including a member
 * whose Region is not enabled and one whose account is suspended.
 */
export const RELATIONSHIP_STATUSES = [
  "Enabled",
  "Invited",
  "Created",
  "Disabled",
  "Removed",
  "Resigned",
  "EmailVerificationFailed",
  "EmailVerificationInProgress",
  "RegionDisabled",
  "AccountSuspended",
] as const;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export function createWorld(options: SeedOptions, nowMs: number = SEED_EPOCH): World {
  const part = (label: string): Rng => createRng(hashSeed(`${options.seed}:${label}`));
  const identities = createIdentities(part("identities"), options.members);
  const [administrator, standalone, ...members] = identities;
  if (!administrator || !standalone)
    throw new Error("the world needs an administrator and a standalone account");
  const relationships = createRelationships(part("relationships"), administrator, members, nowMs);
  const detectors = createDetectors(part("detectors"), identities, relationships, nowMs);
  const ids = new Set<string>();
  for (const region of administrator.regions) {
    seedAdministratorFindings(part(`findings:${region}`), {
      detectors,
      administrator,
      relationships,
      region,
      count: options.findingsPerDetector,
      ids,
      nowMs,
    });
  }
  for (const region of standalone.regions) {
    const detector = detectorOf(detectors, standalone.accountId, region);
    const count = Math.min(options.findingsPerDetector, STANDALONE_FINDINGS_CAP);
    seedOwnFindings(part(`findings:standalone:${region}`), { detector, count, ids, nowMs });
  }
  return {
    options: { ...options },
    identities,
    detectors: indexDetectors(detectors),
    relationships,
    freeTrial: createFreeTrial(part("free-trial"), identities),
  };
}

// ---------------------------------------------------------------------------------------------
// Identities
// ---------------------------------------------------------------------------------------------

/** Base32, the alphabet real access key ids are drawn from. */
const ACCESS_KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function randomString(rng: Rng, alphabet: string, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rng.next() * alphabet.length)];
  return out;
}

/** Draws until `make` yields a value not in `taken`, then records it. */
function distinct(taken: Set<string>, make: () => string): string {
  let value = make();
  while (taken.has(value)) value = make();
  taken.add(value);
  return value;
}

function accountIdFrom(rng: Rng): string {
  return String(rng.int(1, 9)) + randomString(rng, "0123456789", 11);
}

function createIdentities(rng: Rng, members: number): Identity[] {
  const accounts = new Set<string>();
  const keys = new Set<string>();
  const identity = (role: Identity["role"], regions: readonly string[]): Identity => {
    const accountId = distinct(accounts, () => accountIdFrom(rng));
    return {
      accountId,
      role,
      accessKeyId: distinct(keys, () => `AKIA${randomString(rng, ACCESS_KEY_ALPHABET, 16)}`),
      secretAccessKey: randomString(rng, SECRET_ALPHABET, 40),
      email: `security+${accountId}@example.com`,
      regions: [...regions],
    };
  };
  const identities = [
    identity("administrator", ADMINISTRATOR_REGIONS),
    identity("standalone", STANDALONE_REGIONS),
  ];
  for (let i = 0; i < members; i++) identities.push(identity("member", ADMINISTRATOR_REGIONS));
  return identities;
}

// ---------------------------------------------------------------------------------------------
// Relationships
// ---------------------------------------------------------------------------------------------

/**
 * Statuses every world with enough members shows at least once; Invited twice so that two
 * members each have a pending invitation to accept.
 */
const REQUIRED_STATUSES: readonly string[] = [
  "Enabled",
  "Invited",
  "Invited",
  "Created",
  "Disabled",
  "Removed",
  "Resigned",
  "EmailVerificationFailed",
  "EmailVerificationInProgress",
  "RegionDisabled",
  "AccountSuspended",
];
const ENABLED_SHARE = 0.4;
const OTHER_STATUS_WEIGHTS: readonly (readonly [string, number])[] = [
  ["Invited", 3],
  ["Created", 2],
  ["Disabled", 1],
  ["Removed", 1],
  ["Resigned", 1],
  ["EmailVerificationFailed", 1],
  ["EmailVerificationInProgress", 1],
];

function weightedPick<T>(rng: Rng, weighted: readonly (readonly [T, number])[]): T {
  const total = weighted.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = rng.next() * total;
  for (const [value, weight] of weighted) {
    roll -= weight;
    if (roll < 0) return value;
  }
  const last = weighted[weighted.length - 1];
  if (!last) throw new RangeError("weightedPick from an empty list");
  return last[0];
}

function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const held = items[i] as T;
    items[i] = items[j] as T;
    items[j] = held;
  }
  return items;
}

/** One status per member for the administrator's first region: every required one, ~40% Enabled. */
function primaryStatuses(rng: Rng, members: number): string[] {
  const statuses = REQUIRED_STATUSES.slice(0, members);
  const enabledTarget = Math.max(1, Math.round(members * ENABLED_SHARE));
  let enabled = statuses.filter((status) => status === "Enabled").length;
  while (statuses.length < members) {
    if (enabled < enabledTarget) {
      statuses.push("Enabled");
      enabled++;
    } else {
      statuses.push(weightedPick(rng, OTHER_STATUS_WEIGHTS));
    }
  }
  return shuffle(rng, statuses);
}

/**
 * A member's status in a further region: usually the same as in the first (organizations roll
 * out region by region), sometimes not yet invited there. Required statuses that did not fit
 * into a small first region are placed here so that they still occur.
 */
function laterRegionStatuses(rng: Rng, primary: readonly string[]): string[] {
  const statuses = primary.map((status) =>
    status === "Enabled" && rng.chance(0.1) ? "Created" : status,
  );
  REQUIRED_STATUSES.slice(primary.length).forEach((status, index) => {
    if (index < statuses.length) statuses[index] = status;
  });
  return statuses;
}

function createRelationships(
  rng: Rng,
  administrator: Identity,
  members: Identity[],
  nowMs: number,
): Relationship[] {
  const primary = primaryStatuses(rng, members.length);
  const later = laterRegionStatuses(rng, primary);
  const relationships: Relationship[] = [];
  administrator.regions.forEach((region, regionIndex) => {
    members.forEach((member, memberIndex) => {
      const status = (regionIndex === 0 ? primary : later)[memberIndex] ?? "Created";
      relationships.push(relationship(rng, { administrator, member, region, status, nowMs }));
    });
  });
  return relationships;
}

interface RelationshipSpec {
  administrator: Identity;
  member: Identity;
  region: string;
  status: string;
  nowMs: number;
}

function relationship(rng: Rng, spec: RelationshipSpec): Relationship {
  const { administrator, member, region, status, nowMs } = spec;
  const createdMs = nowMs - rng.int(60, 400) * DAY - rng.int(0, DAY - 1);
  const record: Relationship = {
    administratorAccountId: administrator.accountId,
    memberAccountId: member.accountId,
    region,
    email: member.email,
    relationshipStatus: status,
    updatedAt: isoAt(createdMs),
  };
  // A member that was only created (not invited) has no invitation yet.
  if (status !== "Created") {
    const invitedMs = createdMs + rng.int(1, 30) * MINUTE;
    record.invitationId = hexId(rng, 32);
    record.invitedAt = isoAt(invitedMs);
    const settled = status === "Invited" ? invitedMs : invitedMs + rng.int(1, 30) * DAY;
    record.updatedAt = isoAt(Math.min(settled, nowMs - MINUTE));
  }
  return record;
}

// ---------------------------------------------------------------------------------------------
// Detectors
// ---------------------------------------------------------------------------------------------

/** The features GetDetector reports (DetectorFeatureConfigurationResult); RUNTIME_MONITORING carries agents. */
const DETECTOR_FEATURES = [
  "FLOW_LOGS",
  "CLOUD_TRAIL",
  "DNS_LOGS",
  "S3_DATA_EVENTS",
  "EKS_AUDIT_LOGS",
  "EBS_MALWARE_PROTECTION",
  "RDS_LOGIN_EVENTS",
  "LAMBDA_NETWORK_LOGS",
  "RUNTIME_MONITORING",
] as const;
/** GuardDuty's foundational sources cannot be turned off. */
const ALWAYS_ON = new Set<string>(["FLOW_LOGS", "CLOUD_TRAIL", "DNS_LOGS"]);
const RUNTIME_AGENTS = [
  "EKS_ADDON_MANAGEMENT",
  "ECS_FARGATE_AGENT_MANAGEMENT",
  "EC2_AGENT_MANAGEMENT",
] as const;
const PUBLISHING_FREQUENCIES: readonly (readonly [
  Detector["findingPublishingFrequency"],
  number,
])[] = [
  ["SIX_HOURS", 3],
  ["FIFTEEN_MINUTES", 2],
  ["ONE_HOUR", 1],
];

function featureStatus(rng: Rng, name: string): FeatureStatus {
  return ALWAYS_ON.has(name) || rng.chance(0.85) ? "ENABLED" : "DISABLED";
}

function detectorFeatures(rng: Rng, fromMs: number, toMs: number): DetectorFeature[] {
  const updatedAt = (): number => Math.floor(rng.int(fromMs, toMs) / 1000);
  return DETECTOR_FEATURES.map((name) => {
    const feature: DetectorFeature = {
      name,
      status: featureStatus(rng, name),
      updatedAt: updatedAt(),
    };
    if (name === "RUNTIME_MONITORING") {
      feature.additionalConfiguration = RUNTIME_AGENTS.map((agent) => ({
        name: agent,
        status: feature.status === "ENABLED" && rng.chance(0.8) ? "ENABLED" : "DISABLED",
        updatedAt: updatedAt(),
      }));
    }
    return feature;
  });
}

function detectorTags(rng: Rng, identity: Identity): Record<string, string> {
  if (identity.role === "administrator") return { team: "secops", environment: "production" };
  if (identity.role === "standalone") return { team: "research" };
  const roll = rng.next();
  if (roll < 0.4) return { team: "secops" };
  if (roll < 0.6) return { team: "secops", costCenter: `cc-${rng.int(100, 999)}` };
  return {};
}

function createDetectors(
  rng: Rng,
  identities: Identity[],
  relationships: Relationship[],
  nowMs: number,
): Detector[] {
  // A member whose relationship is Disabled has suspended GuardDuty in that region.
  const suspended = new Set(
    relationships
      .filter((link) => link.relationshipStatus === "Disabled")
      .map((link) => `${link.memberAccountId}/${link.region}`),
  );
  const ids = new Set<string>();
  const detectors: Detector[] = [];
  for (const identity of identities) {
    for (const region of identity.regions) {
      const createdMs = nowMs - rng.int(FINDING_WINDOW_DAYS + 30, 1000) * DAY - rng.int(0, DAY - 1);
      const updatedMs = rng.int(createdMs, nowMs - DAY);
      detectors.push({
        detectorId: distinct(ids, () => hexId(rng, 32)),
        accountId: identity.accountId,
        region,
        createdAt: isoAt(createdMs),
        updatedAt: isoAt(updatedMs),
        status: suspended.has(`${identity.accountId}/${region}`) ? "DISABLED" : "ENABLED",
        findingPublishingFrequency: weightedPick(rng, PUBLISHING_FREQUENCIES),
        serviceRole: `arn:aws:iam::${identity.accountId}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
        tags: detectorTags(rng, identity),
        features: detectorFeatures(rng, createdMs, updatedMs),
        findings: new Map(),
      });
    }
  }
  return detectors;
}

function detectorOf(detectors: readonly Detector[], accountId: string, region: string): Detector {
  const detector = detectors.find(
    (candidate) => candidate.accountId === accountId && candidate.region === region,
  );
  if (!detector) throw new Error(`no detector for ${accountId} in ${region}`);
  return detector;
}

function indexDetectors(detectors: readonly Detector[]): Map<string, Detector> {
  return new Map(detectors.map((detector) => [detector.detectorId, detector]));
}

// ---------------------------------------------------------------------------------------------
// Findings
// ---------------------------------------------------------------------------------------------

/** How often each family shows up: network and API findings dominate real accounts. */
const FAMILY_WEIGHTS: Record<FindingFamily, number> = {
  EC2: 28,
  IAM: 20,
  S3: 14,
  Kubernetes: 12,
  Runtime: 12,
  RDS: 4,
  Lambda: 3,
  Malware: 5,
  AttackSequence: 2,
};
const WEIGHTED_FAMILIES = FINDING_FAMILIES.map(
  (family) => [findingTypesOf(family).map((info) => info.type), FAMILY_WEIGHTS[family]] as const,
);

/** The catalog takes at most half of a detector's findings: smaller worlds keep the weighted mix. */
const SHOWCASE_MIN_FINDINGS = 2 * FINDING_TYPES.length;
const MEMBER_SHARE = 0.4;
const ARCHIVED_SHARE = 0.2;
const FEEDBACK_SHARE = 0.03;
/** Left over from someone trying CreateSampleFindings, as in many real accounts. */
const SAMPLE_SHARE = 0.01;

/**
 * The types of `count` findings, by family weight. With `showcase` and room for it, every type of
 * the catalog is among them once, at a random position, so the world shows every finding type
 * (and every member its builder fills) rather than only the common ones.
 */
function typePlan(rng: Rng, count: number, showcase: boolean): string[] {
  const plan = Array.from({ length: count }, () => pickType(rng));
  if (!showcase || count < SHOWCASE_MIN_FINDINGS) return plan;
  const slots = shuffle(
    rng,
    plan.map((_, index) => index),
  );
  FINDING_TYPES.forEach((info, index) => {
    plan[slots[index] as number] = info.type;
  });
  return plan;
}

function pickType(rng: Rng): string {
  return rng.pick(weightedPick(rng, WEIGHTED_FAMILIES));
}

/** `count` creation times inside the retention window, oldest first. */
function creationTimes(rng: Rng, count: number, nowMs: number): Float64Array {
  const windowStart = nowMs - FINDING_WINDOW_DAYS * DAY;
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) times[i] = rng.int(windowStart, nowMs - MINUTE);
  return times.sort();
}

/** Most findings are never updated; the rest were seen again within up to three weeks. */
function updateTime(rng: Rng, createdMs: number, nowMs: number): number {
  if (rng.chance(0.4)) return createdMs;
  return Math.min(createdMs + rng.int(1, 21 * 24 * 60) * MINUTE, nowMs - rng.int(0, 59) * 1000);
}

interface FindingOwner {
  accountId: string;
  detector: Detector;
}

/** Where a run of findings goes: ids unique across the world, times before `nowMs`. */
interface FindingBatch {
  ids: Set<string>;
  nowMs: number;
}

function seedFinding(
  rng: Rng,
  owner: FindingOwner,
  createdMs: number,
  type: string,
  batch: FindingBatch,
  sample: boolean,
): WireFinding {
  const finding = makeFinding(rng, {
    accountId: owner.accountId,
    region: owner.detector.region,
    detectorId: owner.detector.detectorId,
    type,
    id: distinct(batch.ids, () => hexId(rng, 32)),
    createdAt: isoAt(createdMs),
    updatedAt: isoAt(updateTime(rng, createdMs, batch.nowMs)),
    sample,
  });
  if (!sample && rng.chance(ARCHIVED_SHARE)) finding.service.archived = true;
  if (rng.chance(FEEDBACK_SHARE))
    finding.service.userFeedback = rng.chance(0.6) ? "USEFUL" : "NOT_USEFUL";
  return finding;
}

interface AdministratorFindings extends FindingBatch {
  detectors: readonly Detector[];
  administrator: Identity;
  relationships: readonly Relationship[];
  region: string;
  count: number;
}

/**
 * The administrator's detector sees its own findings and those of its Enabled members. A member
 * finding is one object stored in both detectors' maps, so an archive through either is seen by
 * both, as GuardDuty shows members' findings in the administrator account.
 */
function seedAdministratorFindings(rng: Rng, world: AdministratorFindings): void {
  const { detectors, administrator, region } = world;
  const own: FindingOwner = {
    accountId: administrator.accountId,
    detector: detectorOf(detectors, administrator.accountId, region),
  };
  const enabledMembers: FindingOwner[] = world.relationships
    .filter((link) => link.region === region && link.relationshipStatus === "Enabled")
    .map((link) => ({
      accountId: link.memberAccountId,
      detector: detectorOf(detectors, link.memberAccountId, region),
    }));
  // The administrator's first Region shows every finding type of the catalog.
  const types = typePlan(rng, world.count, region === administrator.regions[0]);
  creationTimes(rng, world.count, world.nowMs).forEach((createdMs, index) => {
    const owner =
      enabledMembers.length > 0 && rng.chance(MEMBER_SHARE) ? rng.pick(enabledMembers) : own;
    const sample = owner === own && rng.chance(SAMPLE_SHARE);
    const type = types[index] as string;
    const finding = seedFinding(rng, owner, createdMs, type, world, sample);
    own.detector.findings.set(finding.id, finding);
    if (owner !== own) owner.detector.findings.set(finding.id, finding);
  });
  linkAttackSequences([...own.detector.findings.values()]);
}

interface OwnFindings extends FindingBatch {
  detector: Detector;
  count: number;
}

function seedOwnFindings(rng: Rng, batch: OwnFindings): void {
  const { detector, count } = batch;
  const owner: FindingOwner = { accountId: detector.accountId, detector };
  const types = typePlan(rng, count, false);
  creationTimes(rng, count, batch.nowMs).forEach((createdMs, index) => {
    const finding = seedFinding(rng, owner, createdMs, types[index] as string, batch, false);
    detector.findings.set(finding.id, finding);
  });
  linkAttackSequences([...detector.findings.values()]);
}

// ---------------------------------------------------------------------------------------------
// Free trial
// ---------------------------------------------------------------------------------------------

/** AccountFreeTrialInfo.features[].name values (the model's FreeTrialFeatureResult enum). */
const FREE_TRIAL_FEATURES = [
  "FLOW_LOGS",
  "CLOUD_TRAIL",
  "DNS_LOGS",
  "S3_DATA_EVENTS",
  "EKS_AUDIT_LOGS",
  "EBS_MALWARE_PROTECTION",
  "RDS_LOGIN_EVENTS",
  "LAMBDA_NETWORK_LOGS",
  "EKS_RUNTIME_MONITORING",
  "EC2_RUNTIME_MONITORING",
  "FARGATE_RUNTIME_MONITORING",
  "AI_PROTECTION",
] as const;
const FREE_TRIAL_DAYS = 30;

function freeTrialDays(rng: Rng, accountId: string, region: string): FreeTrialDays {
  const features = FREE_TRIAL_FEATURES.map((name) => ({
    name,
    freeTrialDaysRemaining: rng.int(0, FREE_TRIAL_DAYS),
  }));
  const days = (name: string): { freeTrialDaysRemaining: number } => ({
    freeTrialDaysRemaining:
      features.find((feature) => feature.name === name)?.freeTrialDaysRemaining ?? 0,
  });
  // The deprecated dataSources view repeats the per-feature numbers under their older names.
  return {
    accountId,
    region,
    dataSources: {
      cloudTrail: days("CLOUD_TRAIL"),
      dnsLogs: days("DNS_LOGS"),
      flowLogs: days("FLOW_LOGS"),
      s3Logs: days("S3_DATA_EVENTS"),
      kubernetes: { auditLogs: days("EKS_AUDIT_LOGS") },
      malwareProtection: { scanEc2InstanceWithFindings: days("EBS_MALWARE_PROTECTION") },
    },
    features,
  };
}

function createFreeTrial(rng: Rng, identities: readonly Identity[]): Map<string, FreeTrialDays> {
  const freeTrial = new Map<string, FreeTrialDays>();
  for (const identity of identities) {
    for (const region of identity.regions) {
      freeTrial.set(
        freeTrialKey(region, identity.accountId),
        freeTrialDays(rng, identity.accountId, region),
      );
    }
  }
  return freeTrial;
}
