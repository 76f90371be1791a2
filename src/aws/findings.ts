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
import { notFound, quote } from "../graphql/errors.js";
import { loadInChunks, type Scoped } from "./batch.js";
import type { Upstream } from "./client.js";
import { call } from "./errors.js";

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
      const output = await call({ operation: "GetFindings", ...scope }, () =>
        upstream
          .client(scope.region)
          .send(new GetFindingsCommand({ DetectorId: scope.detectorId, FindingIds: ids })),
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
  const output = await call({ operation: "ListFindings", ...scope }, () =>
    upstream.client(scope.region).send(
      new ListFindingsCommand({
        DetectorId: scope.detectorId,
        FindingCriteria: request.criteria,
        SortCriteria: request.sort,
        MaxResults: request.maxResults,
        NextToken: request.nextToken,
      }),
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
  return call({ operation: "GetFindingsStatistics", ...scope }, () =>
    upstream
      .client(scope.region)
      .send(new GetFindingsStatisticsCommand({ DetectorId: scope.detectorId, ...request })),
  );
}

export async function setFindingsArchived(
  upstream: Upstream,
  scope: Scoped,
  findingIds: string[],
  archived: boolean,
): Promise<void> {
  const Command = archived ? ArchiveFindingsCommand : UnarchiveFindingsCommand;
  await call({ operation: archived ? "ArchiveFindings" : "UnarchiveFindings", ...scope }, () =>
    upstream
      .client(scope.region)
      .send(new Command({ DetectorId: scope.detectorId, FindingIds: findingIds })),
  );
}

export async function updateFindingsFeedback(
  upstream: Upstream,
  scope: Scoped,
  request: { findingIds: string[]; feedback: "USEFUL" | "NOT_USEFUL"; comments?: string },
): Promise<void> {
  await call({ operation: "UpdateFindingsFeedback", ...scope }, () =>
    upstream.client(scope.region).send(
      new UpdateFindingsFeedbackCommand({
        DetectorId: scope.detectorId,
        FindingIds: request.findingIds,
        Feedback: request.feedback,
        Comments: request.comments,
      }),
    ),
  );
}
