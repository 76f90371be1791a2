import { readFile } from "node:fs/promises";
import { buildSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { schema } from "../../src/graphql/index.js";
import { GRAPHQL_ROOTS } from "../../src/graphql/model/overlay.js";
import { graphqlPathOf } from "../../src/graphql/model/paths.js";
import { leafPaths } from "../../src/graphql/model/shapes.js";

/**
 * Nothing GuardDuty returns is dropped: every leaf member path of the SDK's model, from each
 * output shape the gateway reads, is reachable in the schema (named by the one naming rule, or
 * by the overlay where it says otherwise).
 */

/**
 * Model paths the schema leaves out on purpose, with the reason. Expected empty for Finding.
 */
const EXCLUDED: Readonly<Record<string, string>> = {
  // Deprecated in the model ("set GroupBy to 'SEVERITY'"): GuardDuty fills it only for the
  // deprecated FindingStatisticTypes request, which the gateway never sends; the SEVERITY
  // grouping answers the same counts in `groups`.
  "FindingStatistics.CountBySeverity": "deprecated, never requested",
};

function modelPathText(root: string, steps: { member: { name: string } }[]): string {
  return [root, ...steps.map((step) => step.member.name)].join(".");
}

describe("model coverage", () => {
  it("leaves nothing of Finding out", () => {
    expect(Object.keys(EXCLUDED).filter((path) => path.startsWith("Finding."))).toEqual([]);
  });

  for (const [root, graphqlType] of Object.entries(GRAPHQL_ROOTS)) {
    it(`every member path of ${root} is reachable from ${graphqlType}`, () => {
      const unreachable: string[] = [];
      let reachable = 0;
      for (const leaf of leafPaths(root)) {
        const text = modelPathText(root, leaf.steps);
        if (Object.keys(EXCLUDED).some((excluded) => text.startsWith(excluded))) continue;
        if (graphqlPathOf(schema, graphqlType, leaf)) reachable += 1;
        else unreachable.push(text);
      }
      expect(unreachable).toEqual([]);
      expect(reachable).toBeGreaterThan(0);
    });
  }

  it("reaches the members the released schema left out, by their wire names", () => {
    const paths = new Map(
      leafPaths("Finding").map((leaf) => [
        modelPathText("Finding", leaf.steps),
        graphqlPathOf(schema, "Finding", leaf),
      ]),
    );
    expect(paths.get("Finding.Service.RuntimeDetails.Process.ExecutableSha256")).toBe(
      "service.runtimeDetails.process.executableSha256",
    );
    expect(paths.get("Finding.Service.Detection.Sequence.Signals.Uid")).toBe(
      "service.detection.sequence.signals.uid",
    );
    expect(paths.get("Finding.Service.Action.KubernetesRoleBindingDetails.RoleRefName")).toBe(
      "service.actionDetails.kubernetesRoleBindingDetails.roleRefName",
    );
    expect(paths.get("Finding.Resource.InstanceDetails.ProductCodes.Code")).toBe(
      "resource.instanceDetails.productCodes.productCodeId",
    );
    expect(paths.get("Finding.Service.Action.KubernetesApiCallAction.SourceIps")).toBe(
      "service.actionDetails.kubernetesApiCallAction.sourceIPs",
    );
    expect(paths.get("Finding.Service.Action.AwsApiCallAction.AffectedResources")).toBe(
      "service.actionDetails.awsApiCallAction.affectedResources.{type id}",
    );
    expect(paths.get("Finding.Service.Detection.Anomaly.Profiles.ProfileType")).toBe(
      "service.detection.anomaly.profiles.{key value}.{key value}.profileType",
    );
    expect(paths.get("Finding.CustomDetectionRuleName")).toBe("customDetectionRuleName");
  });

  it("reports what a schema does not reach: the released one missed runtime and attack-sequence members", async () => {
    const released = buildSchema(await readFile("schema/baseline.graphql", "utf8"), {
      assumeValidSDL: true,
    });
    const missed = leafPaths("Finding")
      .filter((leaf) => !graphqlPathOf(released, "Finding", leaf))
      .map((leaf) => modelPathText("Finding", leaf.steps));
    expect(missed).toContain("Finding.Service.RuntimeDetails.Process.ExecutableSha256");
    expect(missed).toContain("Finding.Service.Detection.Sequence.Signals.Uid");
    expect(missed).toContain("Finding.CustomDetectionRuleName");
    expect(missed).not.toContain("Finding.Resource.InstanceDetails.InstanceId");
  });
});
