import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  FINDING_CRITERIA_ATTRIBUTES,
  FINDING_CRITERIA_TIME_ATTRIBUTES,
  isFindingCriteriaAttribute,
  isTimeCriteriaAttribute,
} from "../../src/aws/finding-attributes.js";

/**
 * The installed SDK documents the attributes in the JSDoc of CreateFilterRequest.FindingCriteria
 * (and again for UpdateFilterRequest and ListFindingsRequest); a new SDK version that documents
 * more must fail here until the list follows.
 */
function documentedLists(): { create: string[]; time: string[]; listFindings: string[] } {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve("@aws-sdk/client-guardduty/package.json"));
  const models = ["models_0.d.ts", "models_1.d.ts"]
    .map((file) => readFileSync(join(root, "dist-types", "models", file), "utf8"))
    .join("\n");
  const docOf = (owner: string): string => {
    const start = models.indexOf(`export interface ${owner} {`);
    const member = start + models.slice(start).search(/\n\s+FindingCriteria\??:/);
    const comment = models.lastIndexOf("/**", member);
    return models.slice(comment, member);
  };
  const items = (doc: string) =>
    [...doc.matchAll(/<li>\s*<p>([a-zA-Z0-9.]+)<\/p>/g)].map((match) => match[1] as string);
  const create = docOf("CreateFilterRequest");
  return {
    create: items(create),
    time: [
      ...create.matchAll(
        /<li>\s*<p>([a-zA-Z0-9.]+)<\/p>\s*<p>Type: Timestamp in Unix Epoch millisecond format/g,
      ),
    ].map((match) => match[1] as string),
    listFindings: items(docOf("ListFindingsRequest")),
  };
}

describe("finding criteria attributes", () => {
  const documented = documentedLists();

  it("are exactly the ones the installed SDK documents for FindingCriteria", () => {
    expect(documented.create.length).toBeGreaterThan(600);
    expect(FINDING_CRITERIA_ATTRIBUTES).toEqual(documented.create);
    expect(FINDING_CRITERIA_TIME_ATTRIBUTES).toEqual(documented.time);
  });

  it("include every attribute of the shorter ListFindings list", () => {
    expect(documented.listFindings.length).toBeGreaterThan(40);
    const missing = documented.listFindings.filter((name) => !isFindingCriteriaAttribute(name));
    expect(missing).toEqual([]);
  });

  it("answer membership and time questions", () => {
    expect(isFindingCriteriaAttribute("resource.s3BucketDetails.name")).toBe(true);
    expect(isFindingCriteriaAttribute("resource.s3BucketDetails")).toBe(false);
    expect(isFindingCriteriaAttribute("constructor")).toBe(false);
    expect(isTimeCriteriaAttribute("updatedAt")).toBe(true);
    expect(isTimeCriteriaAttribute("service.runtimeDetails.process.startTime")).toBe(true);
    expect(isTimeCriteriaAttribute("severity")).toBe(false);
  });
});
