/**
 * The world's findings as signals of its attack sequences: each sequence correlates findings of
 * its account and kind that came before it, lists them as FINDING signals (with their resources),
 * and each of them points back with `associatedAttackSequenceArn`, so every signal ARN is a
 * finding GetFindings returns.
 */

import { type FindingFamily, findingTypeInfo } from "../catalog.js";
import type { WireFinding } from "../store.js";
import { resourcesOf } from "./attack-sequence-resources.js";
import { type SequenceKind, sequenceKind, threatPurpose } from "./type-name.js";
import { epochSeconds, type Json } from "./values.js";

/** The findings each kind of sequence is made of, by family and resource. */
const SIGNAL_SOURCES: Record<
  SequenceKind,
  (family: FindingFamily, resourceType: string) => boolean
> = {
  EC2: (family, resourceType) =>
    (family === "EC2" || family === "Runtime") && resourceType === "Instance",
  ECS: (family, resourceType) =>
    (family === "Runtime" || family === "Malware") && resourceType === "ECSCluster",
  EKS: (family, resourceType) =>
    family === "Kubernetes" || (family === "Runtime" && resourceType === "EKSCluster"),
  IAM: (family) => family === "IAM",
  S3: (family) => family === "S3",
};

export function isAttackSequence(finding: WireFinding): boolean {
  return findingTypeInfo(finding.type)?.family === "AttackSequence";
}

/** Whether `candidate` is the kind of finding `sequence` correlates, in its account, before it. */
export function canSignal(sequence: WireFinding, candidate: WireFinding): boolean {
  if (candidate === sequence || candidate.accountId !== sequence.accountId) return false;
  if (candidate.associatedAttackSequenceArn !== undefined) return false;
  if (candidate.createdAt > sequence.createdAt) return false;
  const family = findingTypeInfo(candidate.type)?.family;
  if (!family || family === "AttackSequence") return false;
  return SIGNAL_SOURCES[sequenceKind(sequence.type)](family, candidate.resource.resourceType);
}

function seconds(iso: string): number {
  return epochSeconds(Date.parse(iso));
}

function findingSignal(sequence: Json, finding: WireFinding, resourceUids: string[]): Json {
  const actors = sequence.actors as Json[];
  const endpoints = sequence.endpoints as Json[];
  return {
    uid: finding.arn,
    type: "FINDING",
    name: finding.type,
    description: finding.title ?? finding.type,
    createdAt: seconds(finding.createdAt),
    updatedAt: seconds(finding.updatedAt),
    firstSeenAt: seconds(finding.service.eventFirstSeen),
    lastSeenAt: seconds(finding.service.eventLastSeen),
    count: finding.service.count,
    severity: finding.severity,
    resourceUids,
    actorIds: actors.map((actor) => actor.id),
    endpointIds: endpoints.slice(0, 1).map((endpoint) => endpoint.id),
    signalIndicators: [
      { key: "ATTACK_TACTIC", values: [threatPurpose(finding.type)], title: "Attack tactic" },
    ],
  };
}

/**
 * Adds `signals` (findings of the same account, oldest first) to the sequence as FINDING signals,
 * their resources to its resources, and points each back at the sequence.
 */
export function linkSignalFindings(sequence: WireFinding, signals: readonly WireFinding[]): void {
  const detection = sequence.service.detection as Json | undefined;
  const body = detection?.sequence as Json | undefined;
  if (!body) return;
  const resources = body.resources as Json[];
  const known = new Set(resources.map((resource) => resource.uid as string));
  const added: Json[] = [];
  for (const finding of signals) {
    const place = { accountId: finding.accountId, region: finding.region };
    const own = resourcesOf(place, finding.resource);
    for (const resource of own) {
      if (!known.has(resource.uid as string)) {
        known.add(resource.uid as string);
        resources.push(resource);
      }
    }
    added.push(
      findingSignal(
        body,
        finding,
        own.slice(0, 1).map((r) => r.uid as string),
      ),
    );
    finding.associatedAttackSequenceArn = sequence.arn;
  }
  body.signals = [...added, ...(body.signals as Json[])];
}

/** GuardDuty correlates up to a handful of findings per sequence. */
const MAX_FINDING_SIGNALS = 3;

/**
 * Links every attack sequence among `findings` (creation order) to the most recent findings it
 * can correlate; each finding joins one sequence at most.
 */
export function linkAttackSequences(findings: readonly WireFinding[]): void {
  findings.forEach((sequence, index) => {
    if (!isAttackSequence(sequence)) return;
    const picked: WireFinding[] = [];
    // Creation order: the candidates are the findings before the sequence.
    for (let i = index - 1; i >= 0 && picked.length < MAX_FINDING_SIGNALS; i--) {
      const candidate = findings[i] as WireFinding;
      if (canSignal(sequence, candidate)) picked.push(candidate);
    }
    linkSignalFindings(sequence, picked.reverse());
  });
}
