import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  attributeReader,
  type Criterion,
  compileCriteria,
  parseFindingCriteria,
  type SortCriteria,
  sortedPositions,
  sortFindings,
} from "../../src/sandbox/criteria.js";
import {
  type AttributeColumn,
  buildColumn,
  inOrder,
  matchPositions,
} from "../../src/sandbox/indexes.js";
import { createRng, type Rng } from "../../src/sandbox/random.js";
import { createWorld } from "../../src/sandbox/seed.js";
import {
  buildGroupColumn,
  buildUpdatedColumn,
  computeStatistics,
  GROUP_BY_VALUES,
  groupColumnFor,
  type StatisticsRequest,
  statisticsFromIndexes,
} from "../../src/sandbox/statistics.js";
import type { WireFinding } from "../../src/sandbox/store.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

// The linear scan (compileCriteria, sortFindings, computeStatistics) is the reference: the
// indexed path must give exactly its answers, for criteria drawn at random from the values the
// findings hold.

const LIST_ATTRIBUTES = [
  "type",
  "accountId",
  "region",
  "resource.resourceType",
  "service.archived",
  "service.userFeedback",
  "service.action.actionType",
  "service.additionalInfo.threatListName",
  "resource.instanceDetails.networkInterfaces.privateIpAddress",
  "resource.instanceDetails.networkInterfaces.subnetId",
  "resource.instanceDetails.networkInterfaces.securityGroups.groupId",
  "resource.instanceDetails.networkInterfaces.ipv6Addresses",
  "resource.instanceDetails.tags.value",
  "resource.s3BucketDetails.name",
];
const NUMBER_ATTRIBUTES = ["severity", "confidence", "service.count"];
const TIME_ATTRIBUTES = ["updatedAt", "createdAt", "service.eventLastSeen"];
const SORT_ATTRIBUTES = [
  "updatedAt",
  "severity",
  "type",
  "resource.instanceDetails.networkInterfaces.subnetId",
  "service.count",
];

type Scalar = string | number | boolean;

/** Every distinct value an attribute holds in `findings`, as matching reads them. */
function valuesOf(findings: readonly WireFinding[], attribute: string): Scalar[] {
  const read = attributeReader(attribute);
  const values = new Set<Scalar>();
  for (const finding of findings) {
    const value = read(finding);
    if (Array.isArray(value)) for (const item of value) values.add(item);
    else if (value !== undefined) values.add(value);
  }
  return [...values];
}

function listCondition(rng: Rng, values: readonly Scalar[]): Record<string, unknown> {
  const picked = Array.from({ length: rng.int(1, 3) }, () =>
    values.length > 0 && rng.chance(0.85) ? String(rng.pick(values)) : `absent-${rng.hex(4)}`,
  );
  if (rng.chance(0.1)) picked.push(picked[0]?.toUpperCase() ?? "TRUE");
  const operator = rng.pick(["equals", "notEquals", "eq", "neq"]);
  const condition: Record<string, unknown> = { [operator]: picked };
  if (rng.chance(0.15)) condition[operator === "equals" ? "notEquals" : "equals"] = [picked[0]];
  return condition;
}

function rangeCondition(rng: Rng, bounds: readonly number[]): Record<string, unknown> {
  const bound = () => (bounds.length > 0 ? rng.pick(bounds) : 0) + rng.pick([-1, 0, 0, 1, 0.5]);
  const lower = rng.pick(["greaterThan", "greaterThanOrEqual"]);
  const upper = rng.pick(["lessThan", "lessThanOrEqual"]);
  if (rng.chance(0.3)) return { [lower]: bound(), [upper]: bound() };
  return { [rng.chance(0.5) ? lower : upper]: bound() };
}

function timeBounds(values: readonly Scalar[]): number[] {
  return values
    .map((value) => (typeof value === "number" ? value * 1000 : Date.parse(String(value))))
    .filter((value) => !Number.isNaN(value));
}

/** A findingCriteria wire value of 1 to 4 conditions on attributes drawn from the lists above. */
function randomCriteria(rng: Rng, findings: readonly WireFinding[]): Record<string, unknown> {
  const criterion: Record<string, unknown> = {};
  const count = rng.int(1, 4);
  for (let i = 0; i < count; i++) {
    const kind = rng.int(0, 2);
    if (kind === 0) {
      const attribute = rng.pick(LIST_ATTRIBUTES);
      criterion[attribute] = listCondition(rng, valuesOf(findings, attribute));
    } else if (kind === 1) {
      const attribute = rng.pick(NUMBER_ATTRIBUTES);
      const values = valuesOf(findings, attribute).filter(
        (v): v is number => typeof v === "number",
      );
      criterion[attribute] = rng.chance(0.25)
        ? listCondition(rng, values)
        : rangeCondition(rng, values);
    } else {
      const attribute = rng.pick(TIME_ATTRIBUTES);
      const values = valuesOf(findings, attribute);
      criterion[attribute] = rng.chance(0.2)
        ? { equals: [rng.pick(values.map(String)), String(rng.pick(timeBounds(values)))] }
        : rangeCondition(rng, timeBounds(values));
    }
  }
  return { criterion };
}

function randomSort(rng: Rng): SortCriteria {
  return { attributeName: rng.pick(SORT_ATTRIBUTES), orderBy: rng.pick(["ASC", "DESC"] as const) };
}

function scan(findings: readonly WireFinding[], criteria: Criterion[]): WireFinding[] {
  return findings.filter(compileCriteria(criteria));
}

/** Findings of the seeded world plus hand-made edge cases the seed may not produce. */
function testFindings(): WireFinding[] {
  const world = createWorld({ seed: 7, findingsPerDetector: 1500, members: 8 });
  const detector = [...world.detectors.values()].sort(
    (a, b) => b.findings.size - a.findings.size,
  )[0];
  const findings = [...(detector?.findings.values() ?? [])];
  const base = findings[0] as WireFinding;
  const edge = (change: (finding: WireFinding) => void): WireFinding => {
    const finding = structuredClone(base);
    change(finding);
    return finding;
  };
  findings.push(
    edge((f) => {
      f.updatedAt = "2026-08-10T00:00:00Z";
      f.severity = 5;
    }),
    // Shaped like a canonical timestamp but no real day: compared as text, never searched.
    edge((f) => {
      f.service.eventLastSeen = "2026-02-30T00:00:00.000Z";
    }),
    edge((f) => {
      f.service.archived = true;
      f.resource = { resourceType: "Instance", instanceDetails: { networkInterfaces: [] } };
    }),
    edge((f) => {
      f.resource = {
        resourceType: "Instance",
        instanceDetails: {
          networkInterfaces: [
            { subnetId: "subnet-a", privateIpAddress: "10.0.0.1", ipv6Addresses: ["::1", "::2"] },
            { subnetId: "subnet-b", securityGroups: [{ groupId: "sg-1" }, { groupId: "sg-2" }] },
          ],
          tags: [
            { key: "a", value: "1" },
            { key: "b", value: "true" },
          ],
        },
      };
    }),
    edge((f) => {
      f.resource = {
        resourceType: "Instance",
        instanceDetails: { networkInterfaces: [{ subnetId: "subnet-a" }] },
      };
      f.service.count = 0;
      delete f.confidence;
    }),
  );
  return findings;
}

describe("indexes answer exactly what the scan answers", () => {
  const findings = testFindings();
  const columns = new Map<string, AttributeColumn>();
  const columnOf = (attribute: string) => {
    let column = columns.get(attribute);
    if (!column) {
      column = buildColumn(findings, attribute);
      columns.set(attribute, column);
    }
    return column;
  };
  const updated = buildUpdatedColumn(findings);
  const rng = createRng(20261129);
  const trials = Array.from({ length: 300 }, () => ({
    wire: randomCriteria(rng, findings),
    sort: randomSort(rng),
  }));

  it("matches, for 300 random criteria", () => {
    let nonEmpty = 0;
    for (const { wire } of trials) {
      const criteria = parseFindingCriteria(wire);
      const expected = scan(findings, criteria).map((finding) => finding.id);
      // Every dictionary tested in full, or none (values tested as met, ranges searched).
      for (const fullTableLimit of [Number.POSITIVE_INFINITY, 0]) {
        const positions = matchPositions(criteria, findings.length, columnOf, fullTableLimit);
        const actual = Array.from(positions ?? findings.keys(), (p) => findings[p]?.id);
        expect(actual, `${JSON.stringify(wire)} ${fullTableLimit}`).toEqual(expected);
      }
      if (expected.length > 0 && expected.length < findings.length) nonEmpty++;
    }
    // The draw must exercise real selections, not only all-or-nothing answers.
    expect(nonEmpty).toBeGreaterThan(100);
  });

  it("orders the matches as sortFindings does", () => {
    const orders = new Map<string, Int32Array>();
    for (const { wire, sort } of trials) {
      const criteria = parseFindingCriteria(wire);
      const key = JSON.stringify(sort);
      const order = orders.get(key) ?? sortedPositions(findings, sort);
      orders.set(key, order);
      const expected = sortFindings(scan(findings, criteria), sort).map((finding) => finding.id);
      const positions = inOrder(matchPositions(criteria, findings.length, columnOf), order);
      expect(
        Array.from(positions, (p) => findings[p]?.id),
        JSON.stringify({ wire, sort }),
      ).toEqual(expected);
    }
  });

  it("computes every statistic as computeStatistics does", () => {
    const groupColumns = new Map(
      GROUP_BY_VALUES.map((groupBy) => [groupBy, buildGroupColumn(findings, groupBy, updated)]),
    );
    for (const [index, { wire }] of trials.slice(0, 120).entries()) {
      const criteria = index % 10 === 0 ? [] : parseFindingCriteria(wire);
      const requests: StatisticsRequest[] = [
        { mode: "countBySeverity", criteria },
        ...GROUP_BY_VALUES.map((groupBy) => ({
          mode: "groupBy" as const,
          groupBy,
          orderBy: index % 2 === 0 ? ("ASC" as const) : ("DESC" as const),
          maxResults: index % 3 === 0 ? 3 : 100,
          criteria,
        })),
      ];
      const positions =
        criteria.length === 0 ? undefined : matchPositions(criteria, findings.length, columnOf);
      const matched = scan(findings, criteria);
      for (const request of requests) {
        const column = groupColumns.get(groupColumnFor(request));
        if (!column) throw new Error("no group column");
        expect(
          statisticsFromIndexes(request, positions, findings.length, column, updated),
          JSON.stringify(request),
        ).toEqual(computeStatistics(matched, request));
      }
    }
  });
});

describe("ListFindings and GetFindingsStatistics over HTTP follow the scan, before and after changes", () => {
  let kit: SandboxKit;
  let post: (path: string, body: unknown) => Promise<Record<string, unknown>>;
  let detectorId: string;

  beforeAll(async () => {
    kit = await startSandbox({ findingsPerDetector: 800 });
    detectorId = kit.administrator.detectorIds["us-east-1"] as string;
    // The sandbox reads the caller from the credential scope alone.
    const authorization = `AWS4-HMAC-SHA256 Credential=${kit.administrator.accessKeyId}/20261129/us-east-1/guardduty/aws4_request, SignedHeaders=host, Signature=0`;
    post = async (path, body) => {
      const response = await fetch(`${kit.url}${path}`, {
        method: "POST",
        headers: { authorization, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      expect(response.status, text).toBe(200);
      return JSON.parse(text) as Record<string, unknown>;
    };
  });
  afterAll(() => kit?.close());

  const currentFindings = () => [
    ...(kit.sandbox.world.detectors.get(detectorId)?.findings.values() ?? []),
  ];

  async function listAll(findingCriteria: unknown, sortCriteria: SortCriteria): Promise<string[]> {
    const ids: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = (await post(`/detector/${detectorId}/findings`, {
        findingCriteria,
        sortCriteria,
        maxResults: 37,
        nextToken,
      })) as { findingIds: string[]; nextToken?: string };
      ids.push(...page.findingIds);
      nextToken = page.nextToken;
    } while (nextToken);
    return ids;
  }

  async function compareRandomQueries(seed: number): Promise<void> {
    const rng = createRng(seed);
    const findings = currentFindings();
    for (let i = 0; i < 25; i++) {
      const wire = randomCriteria(rng, findings);
      const sort = randomSort(rng);
      const matched = scan(findings, parseFindingCriteria(wire));
      expect(await listAll(wire, sort), JSON.stringify({ wire, sort })).toEqual(
        sortFindings(matched, sort).map((finding) => finding.id),
      );
      const groupBy = rng.pick(GROUP_BY_VALUES);
      const statistics = await post(`/detector/${detectorId}/findings/statistics`, {
        findingCriteria: wire,
        groupBy,
        maxResults: 50,
      });
      expect(statistics.findingStatistics).toEqual(
        computeStatistics(matched, {
          mode: "groupBy",
          groupBy,
          orderBy: "DESC",
          maxResults: 50,
          criteria: [],
        }),
      );
      const bySeverity = await post(`/detector/${detectorId}/findings/statistics`, {
        findingCriteria: wire,
        findingStatisticTypes: ["COUNT_BY_SEVERITY"],
      });
      expect(bySeverity.findingStatistics).toEqual(
        computeStatistics(matched, { mode: "countBySeverity", criteria: [] }),
      );
    }
  }

  it("answers random queries as the scan does", async () => {
    await compareRandomQueries(1);
  });

  it("drops its indexes when findings are archived, given feedback or created", async () => {
    const archivedCriteria = { criterion: { "service.archived": { equals: ["true"] } } };
    const sort: SortCriteria = { attributeName: "updatedAt", orderBy: "DESC" };
    const byArchived: SortCriteria = { attributeName: "service.archived", orderBy: "DESC" };
    const byFeedback: SortCriteria = { attributeName: "service.userFeedback", orderBy: "ASC" };
    const scanOrder = (order: SortCriteria) =>
      sortFindings(currentFindings(), order).map((finding) => finding.id);
    // Built before the changes, so a stale index would show after them.
    expect(await listAll(undefined, byArchived)).toEqual(scanOrder(byArchived));
    expect(await listAll(undefined, byFeedback)).toEqual(scanOrder(byFeedback));
    const before = await listAll(archivedCriteria, sort);
    const toArchive = currentFindings()
      .filter((finding) => !finding.service.archived)
      .slice(0, 5)
      .map((finding) => finding.id);
    await post(`/detector/${detectorId}/findings/archive`, { findingIds: toArchive });
    const after = await listAll(archivedCriteria, sort);
    expect(after).toHaveLength(before.length + 5);
    expect(after).toEqual(expect.arrayContaining(toArchive));
    await post(`/detector/${detectorId}/findings/feedback`, {
      findingIds: toArchive.slice(0, 2),
      feedback: "USEFUL",
    });
    expect(
      await listAll({ criterion: { "service.userFeedback": { equals: ["USEFUL"] } } }, sort),
    ).toEqual(expect.arrayContaining(toArchive.slice(0, 2)));
    expect(await listAll(undefined, byArchived)).toEqual(scanOrder(byArchived));
    expect(await listAll(undefined, byFeedback)).toEqual(scanOrder(byFeedback));
    const sizeBefore = currentFindings().length;
    await post(`/detector/${detectorId}/findings/create`, { findingTypes: [] });
    expect(currentFindings().length).toBeGreaterThan(sizeBefore);
    expect(await listAll(undefined, sort)).toHaveLength(currentFindings().length);
    await compareRandomQueries(2);
  });
});
