import {
  GetDetectorCommand,
  ListDetectorsCommand,
  ListFindingsCommand,
} from "@aws-sdk/client-guardduty";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RingLog } from "../../src/sandbox/call-log.js";
import { Memo } from "../../src/sandbox/memo.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";
import { expectBadRequest } from "../kit/sdk.js";

/** What keeps a long-running sandbox flat: a ring of calls, stateless paging tokens, a bounded memo. */

const US = "us-east-1";
let kit: SandboxKit;

beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 60, members: 8, callLogSize: 3 });
});
afterAll(() => kit.close());

const detectorId = () => kit.administrator.detectorIds[US] as string;
const admin = () => kit.client(kit.administrator, US);

describe("call log", () => {
  it("keeps the newest calls, oldest dropped first, in the same shape", async () => {
    await kit.clearCalls();
    await admin().send(new ListDetectorsCommand({}));
    await admin().send(new GetDetectorCommand({ DetectorId: detectorId() }));
    await admin().send(new ListFindingsCommand({ DetectorId: detectorId() }));
    await admin().send(new GetDetectorCommand({ DetectorId: detectorId() }));
    await admin().send(new ListDetectorsCommand({}));
    const calls = await kit.calls();
    expect(calls.map((call) => call.operation)).toEqual([
      "ListFindings",
      "GetDetector",
      "ListDetectors",
    ]);
    expect(calls[0]).toEqual({
      operation: "ListFindings",
      accountId: kit.administrator.accountId,
      region: US,
      itemCount: 0,
    });
  });

  it("RingLog wraps around and clears", () => {
    const log = new RingLog<number>(4);
    for (let i = 1; i <= 10; i += 1) log.push(i);
    expect(log.toArray()).toEqual([7, 8, 9, 10]);
    log.clear();
    expect(log.toArray()).toEqual([]);
    log.push(11);
    expect(log.toArray()).toEqual([11]);
    expect(() => new RingLog(0)).toThrow(RangeError);
  });
});

describe("paging tokens", () => {
  it("are bound to the criteria they were issued for", async () => {
    const criteria = { Criterion: { severity: { GreaterThanOrEqual: 1 } } };
    const page = await admin().send(
      new ListFindingsCommand({
        DetectorId: detectorId(),
        MaxResults: 5,
        FindingCriteria: criteria,
      }),
    );
    expect(page.NextToken).toBeTruthy();
    await expectBadRequest(
      admin().send(
        new ListFindingsCommand({
          DetectorId: detectorId(),
          MaxResults: 5,
          NextToken: page.NextToken,
          FindingCriteria: { Criterion: { severity: { GreaterThanOrEqual: 7 } } },
        }),
      ),
      "nextToken",
    );
  });

  it("are fresh for every page, even the same page asked twice", async () => {
    const first = await admin().send(
      new ListFindingsCommand({ DetectorId: detectorId(), MaxResults: 5 }),
    );
    const again = await admin().send(
      new ListFindingsCommand({ DetectorId: detectorId(), MaxResults: 5 }),
    );
    expect(first.FindingIds).toEqual(again.FindingIds);
    expect(first.NextToken).not.toEqual(again.NextToken);
  });

  it("refuse a tampered token", async () => {
    const page = await admin().send(
      new ListFindingsCommand({ DetectorId: detectorId(), MaxResults: 5 }),
    );
    const token = page.NextToken as string;
    const flipped = `${token.slice(0, 20)}${token[20] === "A" ? "B" : "A"}${token.slice(21)}`;
    await expectBadRequest(
      admin().send(
        new ListFindingsCommand({ DetectorId: detectorId(), MaxResults: 5, NextToken: flipped }),
      ),
      "nextToken",
    );
  });

  it("stop working after a reset", async () => {
    const page = await admin().send(
      new ListFindingsCommand({ DetectorId: detectorId(), MaxResults: 5 }),
    );
    expect((await kit.control("POST", "/_sandbox/reset")).status).toBe(200);
    await expectBadRequest(
      admin().send(
        new ListFindingsCommand({
          DetectorId: detectorId(),
          MaxResults: 5,
          NextToken: page.NextToken,
        }),
      ),
      "nextToken",
    );
  });
});

describe("memo", () => {
  it("is bounded in entries and in the total length of the lists it holds", () => {
    const memo = new Memo({ entries: 3, items: 100 });
    for (let i = 0; i < 10; i += 1) memo.get(`k${i}`, () => [i]);
    expect(memo.size).toBe(3);
    memo.get("big", () => new Array(90).fill(0));
    expect(memo.heldItems).toBeLessThanOrEqual(100);
    memo.get("bigger", () => new Array(150).fill(0));
    // The newest entry is kept even when it alone exceeds the bound.
    expect(memo.size).toBe(1);
    expect(memo.heldItems).toBe(150);
  });

  it("drops the least recently used entry first and keeps long keys short", () => {
    const memo = new Memo({ entries: 2, items: 100 });
    let computed = 0;
    const value = (v: number) => () => {
      computed += 1;
      return v;
    };
    const long = "x".repeat(10_000);
    memo.get(long, value(1));
    memo.get("b", value(2));
    expect(memo.get(long, value(9))).toBe(1);
    memo.get("c", value(3));
    expect(memo.get(long, value(9))).toBe(1);
    expect(memo.get("b", value(4))).toBe(4);
    expect(computed).toBe(4);
  });
});
