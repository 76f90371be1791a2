import {
  ArchiveFindingsCommand,
  type Finding,
  type FindingCriteria,
  GetFindingsCommand,
  GetFindingsStatisticsCommand,
  type GetFindingsStatisticsCommandInput,
  type GetFindingsStatisticsResponse,
  ListFindingsCommand,
  type SortCriteria,
  UnarchiveFindingsCommand,
  UpdateFindingsFeedbackCommand,
} from "@aws-sdk/client-guardduty";
import { notFound, quote } from "../errors.js";
import { loadInChunks, type Scoped } from "./batch.js";
import type { Upstream } from "./client.js";

/** GuardDuty model: GetFindings FindingIds holds at most 50 ids. */
export const GET_FINDINGS_MAX_IDS = 50;
/** GuardDuty model: ListFindings MaxResults 1-50. */
export const LIST_FINDINGS_MAX_RESULTS = 50;

export interface FindingKey extends Scoped {
  findingId: string;
}

/** A finding as seen through one detector (an administrator's detector sees members' findings). */
export interface FindingRecord {
  key: FindingKey;
  data: Finding;
}

export function getFindingsBatch(upstream: Upstream, keys: readonly FindingKey[]) {
  return loadInChunks<FindingKey, FindingRecord>(keys, {
    chunkSize: GET_FINDINGS_MAX_IDS,
    idOf: (key) => key.findingId,
    fetchChunk: async (scope, ids) => {
      const output = await upstream.call(
        { operation: "GetFindings", ...scope, items: ids.length },
        (client, options) =>
          client.send(
            new GetFindingsCommand({ DetectorId: scope.detectorId, FindingIds: ids }),
            options,
          ),
      );
      const found = new Map<string, FindingRecord>();
      for (const finding of output.Findings ?? []) {
        if (finding.Id)
          found.set(finding.Id, { key: { ...scope, findingId: finding.Id }, data: finding });
      }
      return found;
    },
    missing: (key) =>
      notFound(
        `Finding ${quote(key.findingId)} was not found in detector ${key.detectorId} (${key.region})`,
        {
          findingId: key.findingId,
        },
      ),
  });
}

export interface IdPage {
  ids: string[];
  nextToken?: string;
}

export async function listFindingIds(
  upstream: Upstream,
  scope: Scoped,
  request: {
    criteria?: FindingCriteria;
    sort?: SortCriteria;
    maxResults: number;
    nextToken?: string;
  },
): Promise<IdPage> {
  const output = await upstream.call({ operation: "ListFindings", ...scope }, (client, options) =>
    client.send(
      new ListFindingsCommand({
        DetectorId: scope.detectorId,
        FindingCriteria: request.criteria,
        SortCriteria: request.sort,
        MaxResults: request.maxResults,
        NextToken: request.nextToken,
      }),
      options,
    ),
  );
  return {
    ids: output.FindingIds ?? [],
    ...(output.NextToken ? { nextToken: output.NextToken } : {}),
  };
}

export function findingStatistics(
  upstream: Upstream,
  scope: Scoped,
  request: Omit<GetFindingsStatisticsCommandInput, "DetectorId">,
): Promise<GetFindingsStatisticsResponse> {
  return upstream.call({ operation: "GetFindingsStatistics", ...scope }, (client, options) =>
    client.send(
      new GetFindingsStatisticsCommand({ DetectorId: scope.detectorId, ...request }),
      options,
    ),
  );
}

export async function setFindingsArchived(
  upstream: Upstream,
  scope: Scoped,
  findingIds: string[],
  archived: boolean,
): Promise<void> {
  const Command = archived ? ArchiveFindingsCommand : UnarchiveFindingsCommand;
  await upstream.call(
    { operation: archived ? "ArchiveFindings" : "UnarchiveFindings", ...scope },
    (client, options) =>
      client.send(new Command({ DetectorId: scope.detectorId, FindingIds: findingIds }), options),
  );
}

export async function updateFindingsFeedback(
  upstream: Upstream,
  scope: Scoped,
  request: { findingIds: string[]; feedback: "USEFUL" | "NOT_USEFUL"; comments?: string },
): Promise<void> {
  await upstream.call({ operation: "UpdateFindingsFeedback", ...scope }, (client, options) =>
    client.send(
      new UpdateFindingsFeedbackCommand({
        DetectorId: scope.detectorId,
        FindingIds: request.findingIds,
        Feedback: request.feedback,
        Comments: request.comments,
      }),
      options,
    ),
  );
}
