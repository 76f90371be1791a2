/**
 * The world ends at an instant: the sandbox's start time by default, a fixed one when given.
 * Moving the instant moves every generated time by the same amount and changes nothing else.
 */
import { describe, expect, it } from "vitest";
import { createSandbox } from "../../src/sandbox/sandbox.js";
import { createWorld, FINDING_WINDOW_DAYS, SEED_EPOCH } from "../../src/sandbox/seed.js";
import type { World } from "../../src/sandbox/store.js";

const DAY = 24 * 60 * 60 * 1000;
const OPTIONS = { seed: 3, findingsPerDetector: 60, members: 8 };

interface Times {
  findings: [string, number, number][];
  detectors: [string, number, number][];
  relationships: number[];
}

function times(world: World): Times {
  const detectors = [...world.detectors.values()];
  return {
    findings: detectors.flatMap((detector) =>
      [...detector.findings.values()].map(
        (finding) =>
          [finding.id, Date.parse(finding.createdAt), Date.parse(finding.updatedAt)] as [
            string,
            number,
            number,
          ],
      ),
    ),
    detectors: detectors.map(
      (detector) =>
        [detector.detectorId, Date.parse(detector.createdAt), Date.parse(detector.updatedAt)] as [
          string,
          number,
          number,
        ],
    ),
    relationships: world.relationships.map((link) => Date.parse(link.updatedAt)),
  };
}

function shifted(values: Times, by: number): Times {
  return {
    findings: values.findings.map(([id, created, updated]) => [id, created + by, updated + by]),
    detectors: values.detectors.map(([id, created, updated]) => [id, created + by, updated + by]),
    relationships: values.relationships.map((time) => time + by),
  };
}

describe("the world's end", () => {
  it("defaults to SEED_EPOCH for createWorld, so a seed alone gives one world", () => {
    expect(times(createWorld(OPTIONS))).toEqual(times(createWorld(OPTIONS, SEED_EPOCH)));
  });

  it("moves every finding, detector and relationship time by the same offset", () => {
    const later = SEED_EPOCH + 400 * DAY + 12_345;
    const before = createWorld(OPTIONS, SEED_EPOCH);
    const after = createWorld(OPTIONS, later);
    expect(times(after)).toEqual(shifted(times(before), later - SEED_EPOCH));
    expect(after.identities).toEqual(before.identities);
  });

  it("is the sandbox's start time by default: findings of the last minutes to the last 90 days", () => {
    const started = Date.now();
    const sandbox = createSandbox(OPTIONS);
    const { findings } = times(sandbox.world);
    const created = findings.map(([, createdAt]) => createdAt);
    const updated = findings.map(([, , updatedAt]) => updatedAt);
    expect(Math.max(...updated)).toBeLessThanOrEqual(Date.now());
    expect(Math.min(...created)).toBeGreaterThanOrEqual(started - FINDING_WINDOW_DAYS * DAY);
    // With 60 findings spread over 90 days, some are from the last week.
    expect(updated.filter((time) => time >= started - 7 * DAY).length).toBeGreaterThan(0);
  });

  it("stays put across a reset", async () => {
    const now = SEED_EPOCH + 17 * DAY;
    const sandbox = createSandbox({ ...OPTIONS, now });
    const first = times(sandbox.world);
    const response = await sandbox.handle({
      method: "POST",
      path: "/_sandbox/reset",
      query: new URLSearchParams(),
      headers: {},
      body: "",
    });
    expect(response.status).toBe(200);
    expect(times(sandbox.world)).toEqual(first);
    expect(first).toEqual(shifted(times(createWorld(OPTIONS)), 17 * DAY));
  });
});
