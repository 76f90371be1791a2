import {
  GetDetectorCommand,
  type GetDetectorResponse,
  ListDetectorsCommand,
} from "@aws-sdk/client-guardduty";
import type { Scoped } from "./batch.js";
import type { Upstream } from "./client.js";

/** GuardDuty model: ListDetectors MaxResults 1-50. */
const LIST_DETECTORS_MAX_RESULTS = 50;
/** One detector per account per region exists (quota); more pages than this means a loop. */
const MAX_DETECTOR_PAGES = 20;

export interface DetectorRecord extends Scoped {
  data: GetDetectorResponse;
}

export async function listDetectorIds(upstream: Upstream, region: string): Promise<string[]> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_DETECTOR_PAGES; page += 1) {
    const input = { MaxResults: LIST_DETECTORS_MAX_RESULTS, NextToken: nextToken };
    const output = await upstream.read(
      { operation: "ListDetectors", region },
      input,
      (client, options) => client.send(new ListDetectorsCommand(input), options),
    );
    ids.push(...(output.DetectorIds ?? []));
    nextToken = output.NextToken;
    if (!nextToken) break;
  }
  return ids;
}

/** GetDetector has no batch form: one call per key, all concurrently. */
export function getDetectorsBatch(upstream: Upstream, keys: readonly Scoped[]) {
  return Promise.all(
    keys.map((key) =>
      upstream
        .read(
          { operation: "GetDetector", ...key },
          { DetectorId: key.detectorId },
          (client, options) =>
            client.send(new GetDetectorCommand({ DetectorId: key.detectorId }), options),
        )
        .then(
          (data): DetectorRecord => ({ ...key, data }),
          (error: unknown) => error as Error,
        ),
    ),
  );
}

/** The account owning a detector, read from its service role ARN (arn:aws:iam::ACCOUNT:role/...). */
export function detectorAccountId(detector: GetDetectorResponse): string | undefined {
  return /^arn:[^:]+:iam::(\d{12}):/.exec(detector.ServiceRole ?? "")?.[1];
}
