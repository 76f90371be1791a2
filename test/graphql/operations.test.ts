import { print } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AttackSequencesDocument,
  type AttackSequencesQuery,
  DetectorMembersDocument,
  FindingsBySeverityDocument,
  RecentFindingsDocument,
  type RecentFindingsQuery,
  RuntimeFindingsDocument,
  type RuntimeFindingsQuery,
} from "../../schema/generated/graphql.js";
import { findingTypesOf } from "../../src/sandbox/catalog.js";
import { type GatewayKit, gatewayFor } from "../kit/gateway.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

let kit: SandboxKit;
let gateway: GatewayKit;

beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 100 });
  gateway = gatewayFor(kit, kit.administrator);
});
afterAll(async () => {
  gateway.close();
  await kit.close();
});

describe("the example operations in schema/operations", () => {
  it("RecentFindings pages high-severity findings in both regions", async () => {
    const result = await gateway.execute<RecentFindingsQuery>(print(RecentFindingsDocument), {
      filter: { severityLevels: ["HIGH", "CRITICAL"] },
      first: 10,
    });
    expect(result.errors).toBeUndefined();
    for (const detector of result.data?.detectors ?? []) {
      expect(detector?.findings?.edges.length).toBe(10);
      for (const edge of detector?.findings?.edges ?? []) {
        expect(["HIGH", "CRITICAL"]).toContain(edge.node.severityLevel);
      }
    }
  });

  it("DetectorMembers and FindingsBySeverity answer for the administrator", async () => {
    const variables = {
      detectorId: kit.administrator.detectorIds["us-east-1"],
      region: "us-east-1",
    };
    const members = await gateway.execute(print(DetectorMembersDocument), variables);
    expect(members.errors).toBeUndefined();
    const stats = await gateway.execute(print(FindingsBySeverityDocument), variables);
    expect(stats.errors).toBeUndefined();
  });
});

describe("the README's finding examples", () => {
  const variables = (family: "Runtime" | "AttackSequence") => ({
    detectorId: kit.administrator.detectorIds["us-east-1"],
    region: "us-east-1",
    // GuardDuty's criteria take at most 50 values per condition.
    types: findingTypesOf(family)
      .map((info) => info.type)
      .slice(0, 50),
  });

  it("RuntimeFindings shows the process behind runtime findings", async () => {
    const result = await gateway.execute<RuntimeFindingsQuery>(
      print(RuntimeFindingsDocument),
      variables("Runtime"),
    );
    expect(result.errors).toBeUndefined();
    const nodes = result.data?.detector?.findings?.edges.map((edge) => edge.node) ?? [];
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      expect(node.typeInfo?.threatPurpose).toEqual(expect.any(String));
      expect(node.service?.runtimeDetails?.process?.executablePath).toMatch(/^\//);
    }
  });

  it("AttackSequences shows actors, endpoints and the signals of each sequence", async () => {
    const result = await gateway.execute<AttackSequencesQuery>(
      print(AttackSequencesDocument),
      variables("AttackSequence"),
    );
    expect(result.errors).toBeUndefined();
    const nodes = result.data?.detector?.findings?.edges.map((edge) => edge.node) ?? [];
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      const sequence = node.service?.detection?.sequence;
      expect(sequence?.signals.length).toBeGreaterThan(0);
      expect(sequence?.actors.length).toBeGreaterThan(0);
      for (const signal of sequence?.signals ?? [])
        expect(signal.findings).toEqual(expect.any(Array));
    }
  });
});

describe("federation and Relay entry points", () => {
  it("resolves Finding and Detector references by their global id, batched", async () => {
    const page = await gateway.execute<RecentFindingsQuery>(print(RecentFindingsDocument), {
      first: 5,
    });
    const detector = page.data?.detectors[0];
    const ids = detector?.findings?.edges.map((edge) => edge.node.id) ?? [];
    await kit.clearCalls();
    const result = await gateway.execute<{
      _entities: ({ id: string; findingId?: string; region?: string } | null)[];
    }>(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Finding { id findingId } ... on Detector { id region } } }`,
      {
        reps: [
          ...ids.map((id) => ({ __typename: "Finding", id })),
          { __typename: "Detector", id: detector?.id },
        ],
      },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities.map((e) => e?.id)).toEqual([...ids, detector?.id]);
    const calls = (await kit.calls()).map((c) => c.operation);
    expect(calls.filter((op) => op === "GetFindings")).toHaveLength(1);
  });

  it("answers node(id:) for every node type", async () => {
    const page = await gateway.execute<RecentFindingsQuery>(print(RecentFindingsDocument), {
      first: 1,
    });
    const finding = page.data?.detectors[0]?.findings?.edges[0]?.node;
    const result = await gateway.execute<{ node: { __typename: string; findingId: string } }>(
      `query($id: ID!) { node(id: $id) { __typename ... on Finding { findingId } } }`,
      { id: finding?.id },
    );
    expect(result.data?.node).toEqual({ __typename: "Finding", findingId: finding?.findingId });
  });

  it("serves GraphiQL with its own assets (no CDN), the default query and the example tabs", async () => {
    const response = await gateway.fetch("/graphql", { headers: { accept: "text/html" } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
    expect(html).not.toMatch(/<link[^>]+href="https?:/);
    const render = /<script src="(\/graphiql\/assets\/render\.[0-9a-f]+\.js)">/.exec(html)?.[1];
    const script = await (await gateway.fetch(render ?? "/missing")).text();
    expect(script).toContain("RecentHighSeverityFindings");
    for (const name of ["RecentFindings", "AttackSequences", "PendingInvitations"])
      expect(script).toContain(`query ${name}`);
  });
});
