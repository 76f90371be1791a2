import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnGateway } from "../kit/gateway-process.js";
import { streamBody } from "../kit/stream-body.js";

/**
 * The real process (`node --import tsx src/server.ts`, embedded sandbox, PORT=0) under 64
 * concurrent oversized bodies. Its resident memory is read from /proc/<pid>/status: VmRSS now,
 * VmHWM the peak so far.
 */

/** Growth allowed over the warmed-up process, peak and after; 64 x 20 MB read whole is 1.3 GB. */
const RSS_GROWTH_BOUND_MB = 200;
const BODIES = 64;
const BODY_BYTES = 20 * 1024 * 1024;

let child: ChildProcess;
let url: string;

function memoryMb(field: "VmRSS" | "VmHWM"): number {
  const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(status);
  if (!match) throw new Error(`no ${field} in /proc/${child.pid}/status`);
  return Math.round(Number(match[1]) / 1024);
}

async function detectors(): Promise<unknown> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: "{ detectors { region } }" }),
  });
  expect(response.status).toBe(200);
  return response.json();
}

beforeAll(async () => {
  ({ child, url } = await spawnGateway({ env: { SANDBOX_FINDINGS: "50" } }));
}, 60_000);
afterAll(() => {
  child.kill("SIGKILL");
});

describe("memory stays bounded under oversized bodies", () => {
  it(`${BODIES} concurrent 20 MB bodies grow RSS by less than ${RSS_GROWTH_BOUND_MB} MB`, async () => {
    // Warm up: schema caches, SDK clients and the JIT settle before the baseline.
    for (let i = 0; i < 20; i += 1) await detectors();
    const before = memoryMb("VmRSS");

    const statuses = await Promise.all(
      Array.from({ length: BODIES }, (_, i) =>
        streamBody(url, BODY_BYTES, i % 2 === 0).then((answer) => answer.status),
      ),
    );
    expect(statuses).toEqual(Array.from({ length: BODIES }, () => 413));
    const peak = memoryMb("VmHWM");
    const after = memoryMb("VmRSS");

    expect(await detectors()).toEqual({
      data: { detectors: [{ region: "us-east-1" }, { region: "eu-west-1" }] },
    });
    console.log(
      `gateway RSS: ${before} MB before, ${peak} MB peak, ${after} MB after ${BODIES} x 20 MB bodies (bound: +${RSS_GROWTH_BOUND_MB} MB)`,
    );
    expect(peak - before).toBeLessThan(RSS_GROWTH_BOUND_MB);
    expect(after - before).toBeLessThan(RSS_GROWTH_BOUND_MB);
  }, 120_000);

  it(`${BODIES} concurrent bodies just under the limit are read, refused, and let go`, async () => {
    const before = memoryMb("VmRSS");
    const peakBefore = memoryMb("VmHWM");
    // A 1 MiB detector id: read whole, parsed, validated, refused with a short message.
    const body = JSON.stringify({
      query: "query($id: String!) { detector(detectorId: $id) { region } }",
      variables: { id: "d".repeat(1_048_576 - 120) },
    });
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(1_048_576);
    const answers = await Promise.all(
      Array.from({ length: BODIES }, async () => {
        const response = await fetch(`${url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        });
        return { status: response.status, text: await response.text() };
      }),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.text).errors[0].extensions.code).toBe("BAD_USER_INPUT");
      expect(answer.text.length).toBeLessThan(1_000);
    }
    const peak = memoryMb("VmHWM");
    const after = memoryMb("VmRSS");
    console.log(
      `gateway RSS: ${before} MB before, ${peak} MB peak (earlier peak ${peakBefore} MB), ${after} MB after ${BODIES} x 1 MiB bodies`,
    );
    expect(peak - before).toBeLessThan(RSS_GROWTH_BOUND_MB);
    expect(after - before).toBeLessThan(RSS_GROWTH_BOUND_MB);
    expect(await detectors()).toEqual({
      data: { detectors: [{ region: "us-east-1" }, { region: "eu-west-1" }] },
    });
  }, 120_000);
});
