import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { WireFinding } from "../../src/sandbox/store.js";
import { countBy, type GatewayKit, gatewayFor, operations } from "../kit/gateway.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

/**
 * Finding.attackSequence and SequenceSignal.findings: links between findings that the API only
 * names by ARN, resolved through the request's finding loader.
 */

let kit: SandboxKit;
let gateway: GatewayKit;
let detectorId: string;
let findings: WireFinding[];
let sequences: WireFinding[];
/** Findings that name one of `sequences` as theirs. */
let linked: WireFinding[];
/** A finding naming an attack sequence that does not exist (any more). */
let dangling: WireFinding;
/** A sequence whose first signal names a finding in another region. */
let crossRegion: WireFinding;

interface WireSignal {
  uid: string;
  type?: string;
}

function signalsOf(sequence: WireFinding): WireSignal[] {
  const service = sequence.service as { detection?: { sequence?: { signals?: WireSignal[] } } };
  return service.detection?.sequence?.signals ?? [];
}

const isSequence = (finding: WireFinding) => finding.type.startsWith("AttackSequence:");

/**
 * The links the seed world has. If it has none, a few are made here: findings that name a
 * sequence as theirs, and that sequence's first signals pointing back at them, as GuardDuty's
 * attack-sequence findings do.
 */
function linksOf(all: WireFinding[], candidates: WireFinding[]): WireFinding[] {
  const arns = new Set(candidates.map((sequence) => sequence.arn));
  const existing = all.filter((finding) => arns.has(String(finding.associatedAttackSequenceArn)));
  if (existing.length > 0) return existing;
  const made: WireFinding[] = [];
  const plain = all.filter((finding) => !isSequence(finding));
  for (const [index, sequence] of candidates.slice(0, 2).entries()) {
    const members = plain.slice(index * 3, index * 3 + 3);
    for (const [position, finding] of members.entries()) {
      finding.associatedAttackSequenceArn = sequence.arn;
      const signal = signalsOf(sequence)[position];
      if (signal) signal.uid = finding.arn;
    }
    made.push(...members);
  }
  return made;
}

beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 400 });
  gateway = gatewayFor(kit, kit.administrator);
  detectorId = kit.administrator.detectorIds["us-east-1"] as string;
  findings = [...(kit.sandbox.world.detectors.get(detectorId)?.findings.values() ?? [])];
  sequences = findings.filter(isSequence);
  linked = linksOf(findings, sequences);
  // Set before anything is read: the sandbox serializes each finding once.
  dangling = findings.find(
    (finding) => !isSequence(finding) && !linked.includes(finding),
  ) as WireFinding;
  dangling.associatedAttackSequenceArn = `arn:aws:guardduty:us-east-1:${dangling.accountId}:detector/${detectorId}/finding/${"0".repeat(32)}`;
  const arns = new Set(findings.map((finding) => finding.arn));
  const withLinks = sequences.find((sequence) =>
    signalsOf(sequence).some((signal) => arns.has(signal.uid)),
  );
  crossRegion = sequences
    .filter((sequence) => sequence !== withLinks && signalsOf(sequence).length > 0)
    .at(-1) as WireFinding;
  const [first] = signalsOf(crossRegion);
  const elsewhere = kit.administrator.regions.find((region) => region !== "us-east-1") as string;
  if (first) {
    first.uid = `arn:aws:guardduty:${elsewhere}:${crossRegion.accountId}:detector/${kit.administrator.detectorIds[elsewhere]}/finding/${"1".repeat(32)}`;
  }
});
afterAll(async () => {
  gateway.close();
  await kit.close();
});
beforeEach(async () => {
  await kit.control("PUT", "/_sandbox/faults", []);
  await kit.clearCalls();
});

const byArn = () => new Map(findings.map((finding) => [finding.arn, finding]));

interface PageNode {
  findingId: string;
  associatedAttackSequenceArn: string | null;
  attackSequence: { findingId: string; arn: string; type: string } | null;
}

describe("Finding.attackSequence", () => {
  it("the seeded detector has attack sequences and findings that belong to them", () => {
    expect(sequences.length).toBeGreaterThan(0);
    expect(linked.length).toBeGreaterThan(0);
  });

  it("answers a page of 50 findings with their attack sequences with one more GetFindings", async () => {
    const others = findings.filter((finding) => !linked.includes(finding) && !isSequence(finding));
    const ids = [...linked, ...others].slice(0, 50).map((finding) => finding.id);
    const result = await gateway.execute<{
      detector: { findings: { edges: { node: PageNode }[] } };
    }>(
      `query($detectorId: String!, $ids: [String!]!) {
        detector(detectorId: $detectorId, region: "us-east-1") {
          findings(first: 50, filter: { conditions: [{ attribute: "id", equals: $ids }] }) {
            edges { node { findingId associatedAttackSequenceArn attackSequence { findingId arn type } } }
          }
        }
      }`,
      { detectorId, ids },
    );
    expect(result.errors).toBeUndefined();
    const nodes = result.data?.detector.findings.edges.map((edge) => edge.node) ?? [];
    expect(nodes).toHaveLength(50);
    const world = byArn();
    let resolved = 0;
    for (const node of nodes) {
      const named = node.associatedAttackSequenceArn;
      const expected = named ? world.get(named) : undefined;
      expect(node.attackSequence?.arn ?? null, node.findingId).toBe(expected?.arn ?? null);
      if (node.attackSequence) {
        expect(node.attackSequence.type).toMatch(/^AttackSequence:/);
        resolved += 1;
      }
    }
    expect(resolved).toBeGreaterThanOrEqual(Math.min(linked.length, 50));
    const calls = countBy(await operations(kit));
    // One GetFindings for the page and at most one for every sequence the page names (none when
    // the sequences are on the page), never one per finding.
    expect({ ...calls, GetFindings: undefined }).toEqual({ ListFindings: 1 });
    expect(calls.GetFindings).toBeGreaterThanOrEqual(1);
    expect(calls.GetFindings).toBeLessThanOrEqual(2);
  });

  it("is null, without an error, when the named sequence no longer exists", async () => {
    const result = await gateway.execute<{
      detector: { finding: { associatedAttackSequenceArn: string; attackSequence: null } };
    }>(
      `query($detectorId: String!, $id: String!) {
        detector(detectorId: $detectorId, region: "us-east-1") {
          finding(id: $id) { associatedAttackSequenceArn attackSequence { findingId } }
        }
      }`,
      { detectorId, id: dangling.id },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.detector.finding.associatedAttackSequenceArn).toMatch(/0{32}$/);
    expect(result.data?.detector.finding.attackSequence).toBeNull();
    expect(countBy(await operations(kit)).GetFindings).toBe(2);
  });
});

interface SignalNode {
  uid: string;
  type: string;
  name: string;
  findings: { findingId: string; arn: string; type: string }[] | null;
}

const SIGNALS_QUERY = `query($detectorId: String!, $id: String!) {
  detector(detectorId: $detectorId, region: "us-east-1") {
    finding(id: $id) {
      type
      service { detection { sequence { uid signals { uid type name findings { findingId arn type } } } } }
    }
  }
}`;

describe("SequenceSignal.findings", () => {
  const sequenceWithLinks = () =>
    sequences.find((sequence) =>
      signalsOf(sequence).some((signal) => byArn().has(signal.uid)),
    ) as WireFinding;

  it("leads from each signal to the finding it names, and leaves out ones that do not exist", async () => {
    const sequence = sequenceWithLinks();
    expect(sequence).toBeDefined();
    const result = await gateway.execute<{
      detector: { finding: { service: { detection: { sequence: { signals: SignalNode[] } } } } };
    }>(SIGNALS_QUERY, { detectorId, id: sequence.id });
    expect(result.errors).toBeUndefined();
    const signals = result.data?.detector.finding.service.detection.sequence.signals ?? [];
    expect(signals.map((signal) => signal.uid)).toEqual(
      signalsOf(sequence).map((signal) => signal.uid),
    );
    const world = byArn();
    for (const signal of signals) {
      const expected = world.get(signal.uid);
      expect(signal.findings, signal.uid).toEqual(
        expected ? [{ findingId: expected.id, arn: expected.arn, type: expected.type }] : [],
      );
    }
    expect(signals.some((signal) => (signal.findings ?? []).length > 0)).toBe(true);
    const calls = countBy(await operations(kit));
    // The sequence, then every signal's finding in one batch, through the sequence's detector.
    expect(calls).toEqual({ GetFindings: 2 });
  });

  it("nulls only the signal's findings, with the upstream error, when they cannot be read", async () => {
    await kit.control("PUT", "/_sandbox/faults", [
      {
        operation: "ListDetectors",
        probability: 1,
        status: 500,
        code: "InternalServerErrorException",
      },
    ]);
    // A finding in another region is read through the caller's detector there, found by
    // ListDetectors: the call that fails here.
    const sequence = crossRegion;
    expect(sequence).toBeDefined();
    const result = await gateway.execute<{
      detector: { finding: { service: { detection: { sequence: { signals: SignalNode[] } } } } };
    }>(SIGNALS_QUERY, { detectorId, id: sequence.id });
    const signals = result.data?.detector.finding.service.detection.sequence.signals ?? [];
    expect(signals.map((signal) => signal.uid)).toEqual(
      signalsOf(sequence).map((signal) => signal.uid),
    );
    expect(signals[0]?.findings).toBeNull();
    expect(result.errors?.map((error) => error.extensions?.code)).toContain("UPSTREAM_UNAVAILABLE");
    expect(result.errors?.[0]?.path?.slice(-2)).toEqual([expect.any(Number), "findings"]);
  });
});
