/**
 * The sandbox's state: accounts (identities), detectors keyed by id (each owned by one account in
 * one region), the administrator/member relationships shared by both sides, and free-trial days.
 * Findings are kept in their wire shape (lower-camel JSON, exactly what GetFindings returns), so
 * criteria and sort paths are the wire's dotted attribute names and nothing is translated twice.
 */

export type Role = "administrator" | "member" | "standalone";

export interface Identity {
  accountId: string;
  role: Role;
  accessKeyId: string;
  secretAccessKey: string;
  email: string;
  /** Regions where this account has a detector. */
  regions: string[];
}

/** A finding as it appears on the wire (GetFindings `findings[]`). */
export interface WireFinding {
  accountId: string;
  arn: string;
  confidence?: number;
  createdAt: string;
  description?: string;
  id: string;
  partition: string;
  region: string;
  resource: { resourceType: string; [key: string]: unknown };
  schemaVersion: string;
  service: WireService;
  severity: number;
  title?: string;
  type: string;
  updatedAt: string;
  [key: string]: unknown;
}

export interface WireService {
  archived: boolean;
  count: number;
  detectorId: string;
  eventFirstSeen: string;
  eventLastSeen: string;
  resourceRole: string;
  serviceName: string;
  userFeedback?: string;
  additionalInfo?: { value: string; type: string };
  [key: string]: unknown;
}

export type FeatureStatus = "ENABLED" | "DISABLED";

export interface DetectorFeature {
  name: string;
  status: FeatureStatus;
  /** Epoch seconds: a Timestamp member on the wire. */
  updatedAt: number;
  additionalConfiguration?: { name: string; status: FeatureStatus; updatedAt: number }[];
}

export interface Detector {
  detectorId: string;
  accountId: string;
  region: string;
  createdAt: string;
  updatedAt: string;
  status: FeatureStatus;
  findingPublishingFrequency: "FIFTEEN_MINUTES" | "ONE_HOUR" | "SIX_HOURS";
  serviceRole: string;
  tags: Record<string, string>;
  features: DetectorFeature[];
  /** Insertion order is the stable order paging falls back on. */
  findings: Map<string, WireFinding>;
}

/**
 * One administrator/member pair in one region. Both sides read the same record: the
 * administrator's ListMembers/GetMembers, the member's GetAdministratorAccount/ListInvitations.
 */
export interface Relationship {
  administratorAccountId: string;
  memberAccountId: string;
  region: string;
  email: string;
  relationshipStatus: string;
  /** Present once an invitation was sent. */
  invitationId?: string;
  invitedAt?: string;
  updatedAt: string;
}

export interface FreeTrialDays {
  accountId: string;
  region: string;
  /** Wire-shaped `dataSources` of AccountFreeTrialInfo. */
  dataSources: Record<string, unknown>;
  features: { name: string; freeTrialDaysRemaining: number }[];
}

export interface SeedOptions {
  seed: number;
  findingsPerDetector: number;
  members: number;
}

export interface World {
  options: SeedOptions;
  identities: Identity[];
  /** All detectors of all accounts, keyed by detector id. */
  detectors: Map<string, Detector>;
  relationships: Relationship[];
  /** Keyed by `${region}/${accountId}`. */
  freeTrial: Map<string, FreeTrialDays>;
}

export function freeTrialKey(region: string, accountId: string): string {
  return `${region}/${accountId}`;
}

export function identityByAccessKey(world: World, accessKeyId: string): Identity | undefined {
  return world.identities.find((identity) => identity.accessKeyId === accessKeyId);
}

export function detectorsOf(world: World, accountId: string, region: string): Detector[] {
  return [...world.detectors.values()].filter(
    (detector) => detector.accountId === accountId && detector.region === region,
  );
}
