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

/** Findings of some accounts only; `vouched` ids are known to be theirs (listed with criteria). */
export interface AccountLimit {
  accounts: readonly string[];
  vouched: (key: FindingKey) => boolean;
}

/**
 * Loads findings by id, batched per detector. With `limit`, only findings of its accounts are
 * fetched: each chunk's ids not already vouched for are first narrowed by a ListFindings whose
 * criteria GuardDuty applies (`id` and `accountId`), and the others answer as not found without
 * being read.
 */
export function getFindingsBatch(
  upstream: Upstream,
  keys: readonly FindingKey[],
  limit?: AccountLimit,
) {
  return loadInChunks<FindingKey, FindingRecord>(keys, {
    chunkSize: GET_FINDINGS_MAX_IDS,
    idOf: (key) => key.findingId,
    fetchChunk: async (scope, asked) => {
      const ids = limit ? await ownedByAccounts(upstream, scope, asked, limit) : asked;
      if (ids.length === 0) return new Map();
      const input = { DetectorId: scope.detectorId, FindingIds: ids };
      const output = await upstream.read(
        { operation: "GetFindings", ...scope, items: ids.length },
        input,
        (client, options) => client.send(new GetFindingsCommand(input), options),
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

/**
 * Which of `ids` (at most 50) belong to `accounts`, asked of GuardDuty with criteria on the
 * documented `id` and `accountId` attributes, so findings of other accounts are never read.
 */
export async function findingIdsOfAccounts(
  upstream: Upstream,
  scope: Scoped,
  ids: readonly string[],
  accounts: readonly string[],
): Promise<string[]> {
  const page = await listFindingIds(upstream, scope, {
    criteria: { Criterion: { id: { Equals: [...ids] }, accountId: { Equals: [...accounts] } } },
    maxResults: Math.min(Math.max(ids.length, 1), LIST_FINDINGS_MAX_RESULTS),
  });
  const permitted = new Set(page.ids);
  return ids.filter((id) => permitted.has(id));
}

async function ownedByAccounts(
  upstream: Upstream,
  scope: Scoped,
  ids: readonly string[],
  limit: AccountLimit,
): Promise<string[]> {
  const unknown = ids.filter((findingId) => !limit.vouched({ ...scope, findingId }));
  if (unknown.length === 0) return [...ids];
  const permitted = new Set(await findingIdsOfAccounts(upstream, scope, unknown, limit.accounts));
  return ids.filter((id) => permitted.has(id) || !unknown.includes(id));
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
  const input = {
    DetectorId: scope.detectorId,
    FindingCriteria: request.criteria,
    SortCriteria: request.sort,
    MaxResults: request.maxResults,
    NextToken: request.nextToken,
  };
  const output = await upstream.read(
    { operation: "ListFindings", ...scope },
    input,
    (client, options) => client.send(new ListFindingsCommand(input), options),
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
  const input = { DetectorId: scope.detectorId, ...request };
  return upstream.read({ operation: "GetFindingsStatistics", ...scope }, input, (client, options) =>
    client.send(new GetFindingsStatisticsCommand(input), options),
  );
}

/**
 * How many findings match `criteria`, from one GetFindingsStatistics call. It asks for
 * `COUNT_BY_SEVERITY` (a map of severity to count, every severity present) and sums it: the
 * grouped form (`GroupBy: SEVERITY`) returns at most 100 groups (MaxResults100), so its sum could
 * miss findings of rarer severities. GuardDuty's model marks FindingStatisticTypes deprecated but
 * still documents and serves it.
 */
export async function countFindings(
  upstream: Upstream,
  scope: Scoped,
  criteria: FindingCriteria | undefined,
): Promise<number> {
  const output = await findingStatistics(upstream, scope, {
    FindingStatisticTypes: ["COUNT_BY_SEVERITY"],
    ...(criteria ? { FindingCriteria: criteria } : {}),
  });
  let total = 0;
  for (const count of Object.values(output.FindingStatistics?.CountBySeverity ?? {})) {
    total += count ?? 0;
  }
  return total;
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
